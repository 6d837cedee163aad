/**
 * Readiness changes travel as events (issue 9): creating and changing a unit, a person and a
 * training completion each write one outbox event in the change's transaction, scoped to the
 * unit concerned and carrying ids only; the bus delivers them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../platform/db/testing.ts';
import type { StoredEvent } from '../platform/events/define-event.ts';
import { createTestApp, type TestApp } from '../platform/testing/app.ts';
import { readinessModule } from './module.ts';
import { api, buildPerson, buildTrainingSetup, buildUnit, complete, type Api } from './testing/factories.ts';

describe.each(dbKinds())('readiness events on %s (issue 9)', (kind) => {
  let t: TestApp;
  let a: Api;
  beforeAll(async () => {
    t = await createTestApp({ kind, modules: [readinessModule] });
    a = api(t);
  });
  afterAll(async () => t.close());

  const eventsAfter = async (position: number) =>
    (
      await t.db.query<{
        type: string;
        scope_kind: string;
        scope_id: string;
        payload: Record<string, unknown>;
      }>('SELECT type, scope_kind, scope_id, payload FROM events WHERE position > $1 ORDER BY position', [
        position,
      ])
    ).rows;

  it('a unit, a person and a completion each write their event, scoped to the unit, ids only', async () => {
    const start = t.system.events.position;
    await t.system.events.readNow();
    const from = Math.max(start, t.system.events.position);
    const lv = await buildUnit(a);
    const patched = await a.patch(`/api/v1/readiness/organisations/${lv.id}`, { notes: 'new note' });
    expect(patched.status).toBe(200);
    const setup = await buildTrainingSetup(a, lv.id);
    const person = await buildPerson(a, lv.id, { name: 'Ola Nordmann' });
    const done = await complete(a, {
      personId: person.id,
      courseId: setup.eLearning.id,
      completedAt: '2025-01-10',
    });
    const events = await eventsAfter(from);
    const mine = events.filter((e) => e.scope_id === lv.id);
    expect(mine.map((e) => [e.type, e.payload.change ?? null])).toEqual(
      expect.arrayContaining([
        ['readiness.unit.changed', 'created'],
        ['readiness.unit.changed', 'updated'],
        ['readiness.person.changed', 'created'],
        ['readiness.completion.recorded', null],
      ]),
    );
    expect(mine.every((e) => e.scope_kind === 'unit')).toBe(true);
    const completion = mine.find(
      (e) => e.type === 'readiness.completion.recorded' && e.payload.completionId === done.id,
    )!;
    expect(completion.payload).toEqual({ completionId: done.id, personId: person.id, unitId: lv.id });
    // No personal data in the payloads (names stay in the registers and the audit log).
    expect(JSON.stringify(mine)).not.toContain('Ola Nordmann');
  });

  it('the bus hands a readiness event to subscribers with its unit scope', async () => {
    const seen: StoredEvent[] = [];
    const sub = t.system.events.subscribe({
      types: ['readiness.person.changed'],
      handler: (e) => void seen.push(e),
    });
    const lv = await buildUnit(a);
    const person = await buildPerson(a, lv.id);
    const started = Date.now();
    while (
      !seen.some((e) => (e.payload as { personId: string }).personId === person.id) &&
      Date.now() - started < 20_000
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    sub.close();
    const e = seen.find((x) => (x.payload as { personId: string }).personId === person.id)!;
    expect(e.scope).toEqual({ kind: 'unit', id: lv.id });
  });
});
