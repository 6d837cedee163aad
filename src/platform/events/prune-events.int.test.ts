/**
 * Outbox retention (issue 9): events older than the retention period are deleted in batches, newer
 * ones stay, and the highest pruned position is remembered so a resume from before it is told to
 * reload (the SSE `reset`, checked here through the stream).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SYSTEM_ACTOR } from '../auth/actor.ts';
import { dbKinds } from '../db/testing.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { defineEvent } from './define-event.ts';
import { pruneEvents } from './prune-events.ts';
import { recordChange } from './record-change.ts';
import { openEventStream, type SseMessage } from './sse-client.ts';

const kept = defineEvent({
  type: 'test.retention.kept',
  scope: () => ({ kind: 'national', id: null }),
  payload: z.object({ n: z.number().int() }),
});

describe.each(dbKinds())('outbox retention on %s (issue 9)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ kind });
  });
  afterAll(async () => {
    await t.close();
  });

  const write = (n: number) =>
    t.db.transaction((tx) =>
      recordChange(tx, SYSTEM_ACTOR, {
        audit: { action: 'test.keep', entityType: 'x', entityId: String(n) },
        event: kept.of({ n }),
      }),
    );

  it('deletes events older than the retention period in batches, keeps newer ones and remembers how far it pruned', async () => {
    const old: number[] = [];
    for (let n = 0; n < 5; n++) old.push(await write(n));
    await t.db.query(`UPDATE events SET at = now() - interval '8 days' WHERE position <= $1`, [old.at(-1)]);
    const recent = [await write(5), await write(6)];
    const r = await pruneEvents(t.db, { now: new Date(), retentionDays: 7, batch: 2 });
    expect(r).toEqual({ deleted: 5, prunedThrough: old.at(-1) });
    const left = await t.db.query<{ p: number }>('SELECT position::int AS p FROM events ORDER BY 1');
    expect(left.rows.map((x) => x.p)).toEqual(recent);
    // Idempotent: nothing more to do.
    expect(await pruneEvents(t.db, { now: new Date(), retentionDays: 7 })).toEqual({
      deleted: 0,
      prunedThrough: old.at(-1),
    });
    // The audit trail is the permanent record: untouched.
    const audits = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'test.keep'`,
    );
    expect(audits.rows[0]!.n).toBe(7);
  });

  it('tells a client resuming from before the pruned position to reload (event: reset), then streams on', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const frames: SseMessage[] = [];
    const conn = openEventStream({
      url: `http://127.0.0.1:${port}/api/v1/events`,
      token: t.adminToken,
      lastEventId: '1',
      onMessage: (m) => frames.push(m),
    });
    expect(await conn.opened).toBe(200);
    const started = Date.now();
    while (frames.filter((f) => f.event === 'message').length < 2 && Date.now() - started < 20_000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    conn.close();
    expect(frames[0]!.event).toBe('reset');
    expect(frames.slice(1).map((f) => (JSON.parse(f.data) as { payload: { n: number } }).payload.n)).toEqual([
      5, 6,
    ]);
  });

  it('runs as the platform job events.prune (once per cluster, through fenced transactions)', async () => {
    const old = await write(7);
    await t.db.query(`UPDATE events SET at = now() - interval '30 days' WHERE position = $1`, [old]);
    await t.system.jobs.start({ poll: false });
    expect(await t.system.jobs.requestRun('events.prune')).toMatchObject({ name: 'events.prune' });
    await t.system.jobs.tick();
    await t.system.jobs.idle();
    const left = await t.db.query('SELECT 1 FROM events WHERE position = $1', [old]);
    expect(left.rows).toHaveLength(0);
    const r = await t.db.query<{ p: string }>('SELECT pruned_through::text AS p FROM events_retention');
    expect(Number(r.rows[0]!.p)).toBe(old);
  });
});
