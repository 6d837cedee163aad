/**
 * Retention of call metadata (issue 10 part 5, docs/calls.md; the RT-13 figures stay whole) on
 * PGlite and PostgreSQL: the daily
 * job `calls.prune` deletes the events and record of calls that ended before the retention period,
 * keeps every rollup cell (so the figures of the period do not change), audits the run, and a run
 * with nothing to do changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds, type DbKind } from '../../platform/db/testing.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../../routing/testing-app.ts';
import { callsModule } from '../module.ts';
import { scriptCallEvents } from '../testing/call-events.ts';

const DAY = 86_400_000;

/** An app with the calls module and these calls recorded (answered after 30 s); jobs run by hand. */
async function appWith(
  kind: DbKind,
  env: Record<string, string>,
  calls: { callId: string; offeredAt: number; talkMs?: number }[],
): Promise<RoutingTestApp> {
  const t = await createRoutingTestApp({ kind, more: [callsModule], env });
  const events = calls.flatMap((c) =>
    scriptCallEvents({
      callId: c.callId,
      centreId: 'lv-oslo',
      municipality: '0301',
      offeredAt: c.offeredAt,
      answerMs: 30_000,
      talkMs: c.talkMs ?? 60_000,
    }),
  );
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/calls/events',
    headers: { authorization: `Bearer ${t.adminToken}` },
    payload: { events },
  });
  expect(r.statusCode).toBe(200);
  await t.system.jobs.start({ poll: false });
  return t;
}

async function runPrune(t: RoutingTestApp): Promise<void> {
  expect(await t.system.jobs.requestRun('calls.prune')).toMatchObject({ name: 'calls.prune' });
  await t.system.jobs.tick();
  await t.system.jobs.idle();
}

const detailOf = (t: RoutingTestApp, callId: string) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/calls/${encodeURIComponent(callId)}`,
    headers: { authorization: `Bearer ${t.adminToken}` },
  });

describe.each(dbKinds())('calls.prune on %s', (kind) => {
  let t: RoutingTestApp;
  const now = Date.now();
  const oldCall = `old-${now.toString(36)}`;
  const edgeCall = `edge-${now.toString(36)}`;
  const recentCall = `recent-${now.toString(36)}`;
  const rows = (sql: string, params?: unknown[]) => t.db.query<Record<string, unknown>>(sql, params);

  beforeAll(async () => {
    t = await appWith(kind, { NODMELD_CALLS_RETENTION_DAYS: '365' }, [
      // Ended 400 days ago: past the retention.
      { callId: oldCall, offeredAt: now - 400 * DAY },
      // Started 365 days and 10 minutes ago, ended inside the retention: kept.
      { callId: edgeCall, offeredAt: now - 365 * DAY - 600_000, talkMs: 1_200_000 },
      { callId: recentCall, offeredAt: now - DAY },
    ]);
  });
  afterAll(async () => t?.close());

  it('deletes the events and record of calls that ended before the retention, keeps the rest and every rollup cell', async () => {
    const cellsBefore = (await rows('SELECT * FROM call_rollups ORDER BY 1, 2, 3, 4, 5')).rows;
    expect(cellsBefore.length).toBeGreaterThan(0);
    await runPrune(t);
    const calls = (await rows('SELECT id FROM calls ORDER BY id')).rows.map((r) => r.id);
    expect(calls).toEqual([edgeCall, recentCall].sort());
    expect((await rows('SELECT 1 FROM call_events WHERE call_id = $1', [oldCall])).rows).toEqual([]);
    expect(
      (await rows('SELECT 1 FROM call_events WHERE call_id = $1', [edgeCall])).rows.length,
    ).toBeGreaterThan(0);
    expect((await rows('SELECT * FROM call_rollups ORDER BY 1, 2, 3, 4, 5')).rows).toEqual(cellsBefore);
    const detail = await detailOf(t, oldCall);
    expect(detail.statusCode).toBe(404);
    const audit = await rows(
      `SELECT action, entity_type, details FROM audit_events WHERE action = 'calls.pruned'`,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ entity_type: 'calls', details: { calls: 1, retentionDays: 365 } });
  });

  it('a second run finds nothing, deletes nothing and writes no audit row', async () => {
    await runPrune(t);
    expect((await rows('SELECT count(*)::int AS n FROM calls')).rows[0]!.n).toBe(2);
    expect(
      (await rows(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'calls.pruned'`)).rows[0]!.n,
    ).toBe(1);
    const status = (await t.system.jobs.list()).find((j) => j.name === 'calls.prune');
    expect(status).toMatchObject({ lastOutcome: 'succeeded' });
  });
});

describe.each(dbKinds())('calls.prune with a shorter number retention on %s', (kind) => {
  let t: RoutingTestApp;
  const now = Date.now();
  const older = `numbered-old-${now.toString(36)}`;
  const recent = `numbered-new-${now.toString(36)}`;

  beforeAll(async () => {
    t = await appWith(
      kind,
      { NODMELD_CALLS_RETENTION_DAYS: '365', NODMELD_CALLS_NUMBER_RETENTION_DAYS: '30' },
      [
        { callId: older, offeredAt: now - 60 * DAY },
        { callId: recent, offeredAt: now - DAY },
      ],
    );
  });
  afterAll(async () => t?.close());

  it('blanks the calling number of calls past it, in the record and every event; keeps the calls and the rest', async () => {
    const numberOf = async (id: string) =>
      (await t.db.query<{ n: string | null }>('SELECT calling_number AS n FROM calls WHERE id = $1', [id]))
        .rows[0]?.n;
    expect(await numberOf(older)).toMatch(/^\d+$/);
    await runPrune(t);
    expect(await numberOf(older)).toBeNull();
    expect(await numberOf(recent)).toMatch(/^\d+$/);
    const carrying = await t.db.query(
      `SELECT event_id FROM call_events WHERE call_id = $1 AND payload ? 'callingNumber'`,
      [older],
    );
    expect(carrying.rows).toEqual([]);
    expect(
      (await t.db.query('SELECT 1 FROM call_events WHERE call_id = $1', [older])).rows.length,
    ).toBeGreaterThan(0);
    const detail = await detailOf(t, older);
    expect(detail.statusCode).toBe(200);
    expect(JSON.stringify(detail.json())).not.toMatch(/callingNumber":"\d/);
    const kept = await detailOf(t, recent);
    expect(JSON.stringify(kept.json())).toMatch(/callingNumber":"\d/); // the same read shows a kept number
    const audit = await t.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_events WHERE action = 'calls.pruned'`,
    );
    expect(audit.rows).toEqual([
      { details: { calls: 0, retentionDays: 365, numbersBlanked: 1, numberRetentionDays: 30 } },
    ]);
  });

  it('refuses a number retention longer than the call retention at start-up', async () => {
    await expect(
      createRoutingTestApp({
        kind: 'pglite',
        more: [callsModule],
        env: { NODMELD_CALLS_RETENTION_DAYS: '100', NODMELD_CALLS_NUMBER_RETENTION_DAYS: '200' },
      }),
    ).rejects.toThrow(/NODMELD_CALLS_NUMBER_RETENTION_DAYS/);
  });
});
