/**
 * Safety alarms under faults (NN-4), on PGlite and PostgreSQL:
 * - the process stops with an alarm unacknowledged; a new one started on the same database
 *   escalates it through the kernel's job when it falls due, once (the state is in the row);
 * - the database does not answer when the alarm arrives: the inbox keeps it, the module reports
 *   itself degraded (pendingAlarms), and the alarm is raised as soon as the database answers — not lost, not twice;
 * - the process dies while the alarm waits: the blob store kept it, and the next process raises it
 *   at start, once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import { createTestDb, dbKinds } from '../platform/db/testing.ts';
import type { Db } from '../platform/db/types.ts';
import { SimClock } from '../platform/time/clock.ts';
import type { BlobStore } from '../platform/storage/blob-store.ts';
import { FsBlobStore } from '../platform/storage/fs-blob-store.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { ALARM_INBOX_PREFIX, AlarmInbox } from './alarms/alarm-inbox.ts';
import { amkModule } from './module.ts';
import { amkApi, resourceBody } from './testing.ts';

const ENV = {
  NODMELD_AMK_ALARM_TO_ALL_OPERATORS_S: '30',
  NODMELD_AMK_ALARM_TO_NEIGHBOURS_S: '60',
  NODMELD_AMK_POSITION_RETENTION_HOURS: '1',
};

describe.each(dbKinds())('safety alarms under faults on %s (NN-4)', (kind) => {
  const open: RoutingTestApp[] = [];
  const dirs: string[] = [];
  let db: Db | null = null;
  afterAll(async () => {
    for (const t of open) await t.close().catch(() => undefined);
    await db?.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  const boot = async (clock: SimClock, blobs?: BlobStore) => {
    db ??= await createTestDb(kind);
    const t = await createRoutingTestApp({ kind, db: db, clock, more: [amkModule], env: ENV, blobs });
    open.push(t);
    await t.system.jobs.start({ poll: false });
    return t;
  };
  const runJobs = async (t: RoutingTestApp) => {
    await t.system.jobs.tick();
    await t.system.jobs.idle();
  };
  const levelOf = async (id: string) =>
    (await db!.query<{ level: number }>('SELECT level FROM amk_safety_alarms WHERE id = $1', [id])).rows[0]!
      .level;

  it('escalation survives a restart: the job of the next process escalates what fell due, once', async () => {
    const clock = new SimClock({ start: Date.parse('2026-03-02T10:00:00Z') });
    const first = await boot(clock);
    const api = amkApi(first);
    const car = (await api.post('/resources', first.adminToken, resourceBody())).json<{ issi: string }>();
    const raised = await api.post('/alarms', first.apiToken, {
      issi: car.issi,
      observedAt: clock.now().toISOString(),
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const id = raised.json<{ id: string }>().id;
    clock.advance(10_000);
    await runJobs(first);
    expect(await levelOf(id)).toBe(0);
    // The process stops (its timers and jobs with it) before the alarm falls due.
    await first.close();
    open.splice(open.indexOf(first), 1);
    clock.advance(25_000);
    const second = await boot(clock);
    await runJobs(second);
    expect(await levelOf(id)).toBe(1);
    await runJobs(second);
    expect(await levelOf(id)).toBe(1);
    clock.advance(61_000);
    await runJobs(second);
    expect(await levelOf(id)).toBe(2);
    const steps = await db!.query<{ kind: string; level: number }>(
      'SELECT kind, level FROM amk_safety_alarm_steps WHERE alarm_id = $1 ORDER BY id',
      [id],
    );
    expect(steps.rows).toEqual([
      { kind: 'raised', level: 0 },
      { kind: 'escalated', level: 1 },
      { kind: 'escalated', level: 2 },
    ]);
    const job = await second.app.inject({
      method: 'GET',
      url: '/api/v1/admin/jobs',
      headers: { authorization: `Bearer ${second.adminToken}` },
    });
    expect(job.json().items.map((j: { name: string }) => j.name)).toEqual(
      expect.arrayContaining(['amk.escalate-alarms', 'amk.prune-positions']),
    );
    clock.dispose();
  });

  it('the database is down when an alarm arrives: kept, raised once it answers, once', async () => {
    const clock = new SimClock({ start: Date.parse('2026-03-02T12:00:00Z') });
    const t = await boot(clock);
    const deps = t.use(amkModule).deps;
    let down = true;
    const refuse = () =>
      Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const flaky: Db = {
      ...t.db,
      query: (sql, params) => (down ? refuse() : t.db.query(sql, params)),
      transaction: (fn) => (down ? refuse() : t.db.transaction(fn)),
    };
    const inbox = new AlarmInbox({ ...deps, db: flaky, clock }, 1000);
    const input = { issi: '4242', observedAt: clock.now().toISOString(), source: 'lip' as const };
    expect(await inbox.submit(SYSTEM_ACTOR, input)).toEqual({ state: 'queued' });
    expect(await inbox.submit(SYSTEM_ACTOR, input)).toEqual({ state: 'queued' });
    expect(inbox.size()).toBe(1);
    await clock.advanceAsync(3000);
    expect(inbox.size()).toBe(1);
    down = false;
    await clock.advanceAsync(1000);
    await inbox.retryNow();
    expect(inbox.size()).toBe(0);
    const rows = await t.db.query<{ amk_id: string | null }>(
      'SELECT amk_id FROM amk_safety_alarms WHERE issi = $1',
      ['4242'],
    );
    expect(rows.rows).toEqual([{ amk_id: null }]);
    inbox.stop();
    clock.dispose();
  });

  it('the process dies while an alarm waits for the database: the next process raises it from the blob store, once', async () => {
    const clock = new SimClock({ start: Date.parse('2026-03-02T13:00:00Z') });
    const dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-alarm-inbox-'));
    dirs.push(dir);
    const store = new FsBlobStore({ dir });
    const kept = async () => {
      const keys: string[] = [];
      for await (const b of store.list(ALARM_INBOX_PREFIX)) keys.push(b.key);
      return keys;
    };
    const first = await boot(clock, store);
    const deps = first.use(amkModule).deps;
    const refuse = () =>
      Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const down: Db = { ...first.db, query: refuse, transaction: refuse };
    const dying = new AlarmInbox({ ...deps, db: down, clock }, 1000, store);
    const input = { issi: '4343', observedAt: clock.now().toISOString(), source: 'lip' as const };
    expect(await dying.submit(SYSTEM_ACTOR, input)).toEqual({ state: 'queued' });
    expect(await dying.submit(SYSTEM_ACTOR, input)).toEqual({ state: 'queued' });
    expect(await kept()).toHaveLength(1);
    // The process dies: its memory and timers are gone; the database answers again.
    dying.stop();
    await first.close();
    open.splice(open.indexOf(first), 1);

    // The next process finds the alarm at start and raises it.
    const second = await boot(clock, store);
    const stored = async () =>
      (
        await db!.query<{ n: number }>('SELECT count(*)::int AS n FROM amk_safety_alarms WHERE issi = $1', [
          '4343',
        ])
      ).rows[0]!.n;
    for (let i = 0; i < 200 && ((await stored()) === 0 || (await kept()).length > 0); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await stored()).toBe(1);
    expect(await kept()).toEqual([]);
    // Recovering again (another instance, a second start) finds nothing and raises nothing twice.
    const again = new AlarmInbox(second.use(amkModule).deps, 1000, store);
    expect(await again.recover()).toBe(0);
    expect(await again.submit(SYSTEM_ACTOR, input)).toMatchObject({ state: 'raised' });
    expect(await stored()).toBe(1);
    again.stop();
    clock.dispose();
  });

  it('the retention job deletes old positions in batches and keeps each terminal’s latest (NN-4)', async () => {
    const clock = new SimClock({ start: Date.parse('2026-03-03T01:00:00Z') });
    const t = await boot(clock);
    const amk = t.use(amkModule);
    const at = (min: number) => new Date(clock.nowMs() + min * 60_000).toISOString();
    const point = (issi: string, observedAt: string) => ({
      issi,
      observedAt,
      lat: 60.39,
      lon: 5.32,
      errorMetres: null,
      speedKmh: null,
      headingDeg: null,
      source: 'simulator' as const,
    });
    await amk.recordPositions(SYSTEM_ACTOR, [
      point('5151', at(-180)),
      point('5151', at(-120)),
      point('5151', at(-10)),
    ]);
    await amk.recordPositions(SYSTEM_ACTOR, [point('5252', at(-90))]);
    const run = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/jobs/amk.prune-positions/run',
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(run.statusCode, run.body).toBeLessThan(300);
    await runJobs(t);
    const kept = await t.db.query<{ issi: string; n: number }>(
      `SELECT issi, count(*)::int AS n FROM amk_positions WHERE issi IN ('5151', '5252') GROUP BY issi ORDER BY issi`,
    );
    expect(kept.rows).toEqual([{ issi: '5151', n: 1 }]);
    const latest = await t.db.query<{ issi: string }>(
      `SELECT issi FROM amk_latest_positions WHERE issi IN ('5151', '5252') ORDER BY issi`,
    );
    expect(latest.rows.map((r) => r.issi)).toEqual(['5151', '5252']);
    clock.dispose();
  });
});
