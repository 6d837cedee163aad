/**
 * The job scheduler on real databases: PGlite always, PostgreSQL when TEST_DATABASE_URL is set
 * (there with two connection pools, as two instances have). Time is a SimClock: days in
 * milliseconds. Faults: a holder that dies mid-job, a stale holder that wakes up, the database
 * going away during a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, createTestSchema, dbKinds, withFaultSwitch } from '../db/testing.ts';
import { openPostgres } from '../db/postgres.ts';
import { migrate } from '../db/migrate.ts';
import type { Db } from '../db/types.ts';
import { createLogger } from '../logger.ts';
import { MetricsRegistry } from '../metrics.ts';
import { formatOsloDateTime } from '../time/calendar.ts';
import { SimClock } from '../time/clock.ts';
import { dailyAt, every, manualOnly } from './schedule.ts';
import { JobScheduler, StaleFenceError, type JobContext, type JobDefinition } from './scheduler.ts';

const LEASE = 60_000;
const logger = createLogger('silent');

function scheduler(db: Db, clock: SimClock, instanceId: string, metrics = new MetricsRegistry()) {
  return new JobScheduler({ db, clock, logger, metrics, leaseMs: LEASE, pollMs: 5_000, instanceId });
}

/** Advances the clock in steps, letting every scheduler look for due jobs and finish at each step. */
async function runFor(clock: SimClock, totalMs: number, stepMs: number, schedulers: JobScheduler[]) {
  for (let t = 0; t < totalMs; t += stepMs) {
    clock.advance(stepMs);
    await Promise.all(schedulers.map((s) => s.tick()));
    await Promise.all(schedulers.map((s) => s.idle()));
  }
}

describe.each(dbKinds())('job scheduler on %s (issue 9)', (kind) => {
  let dbA: Db;
  let dbB: Db;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    if (kind === 'pglite') {
      dbA = dbB = await createTestDb('pglite');
      closers.push(() => dbA.close());
    } else {
      // Two instances: two pools on one schema.
      const schema = await createTestSchema(process.env.TEST_DATABASE_URL!);
      dbA = await openPostgres(schema.url, { max: 4 });
      await migrate(dbA);
      dbB = await openPostgres(schema.url, { max: 4 });
      closers.push(
        () => dbA.close(),
        () => dbB.close(),
        () => schema.drop(),
      );
    }
    await dbA.exec(`
      CREATE TABLE jt_runs (job text NOT NULL, slot text NOT NULL, instance text NOT NULL, at timestamptz NOT NULL);
      CREATE TABLE jt_items (id int PRIMARY KEY, handled int NOT NULL DEFAULT 0, done boolean NOT NULL DEFAULT false);
      CREATE TABLE jt_effects (job text NOT NULL, step text NOT NULL);`);
  });

  afterAll(async () => {
    for (const close of closers) await close();
  });

  const recordRun = (job: string, instance: string) => async (ctx: JobContext) => {
    await ctx.transaction((tx) =>
      tx.query('INSERT INTO jt_runs (job, slot, instance, at) VALUES ($1, $2, $3, $4::timestamptz)', [
        job,
        ctx.slot,
        instance,
        ctx.clock.now().toISOString(),
      ]),
    );
  };
  const runsOf = async (job: string) =>
    (
      await dbA.query<{ slot: string; instance: string; at_ms: number }>(
        `SELECT slot, instance, (extract(epoch from at) * 1000)::float8 AS at_ms FROM jt_runs WHERE job = $1 ORDER BY at`,
        [job],
      )
    ).rows;

  it('dailyAt 03:15 runs once a day at 03:15 Oslo time, across the spring DST change, ten days in simulated time', async () => {
    const clock = new SimClock({ start: Date.parse('2026-03-24T12:00:00Z') });
    const s = scheduler(dbA, clock, 'a');
    s.register({ name: 'test.daily', schedule: dailyAt('03:15'), run: recordRun('test.daily', 'a') });
    await s.start({ poll: false });
    await runFor(clock, 10 * 86_400_000, 10 * 60_000, [s]);
    const runs = await runsOf('test.daily');
    expect(runs.map((r) => formatOsloDateTime(r.at_ms).slice(0, 10))).toEqual([
      '2026-03-25',
      '2026-03-26',
      '2026-03-27',
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
      '2026-03-31',
      '2026-04-01',
      '2026-04-02',
      '2026-04-03',
    ]);
    // Each ran in its 03:15 slot (first tick after the due instant).
    for (const r of runs) {
      expect(formatOsloDateTime(Date.parse(r.slot)).slice(11, 16)).toBe('03:15');
      expect(r.at_ms - Date.parse(r.slot)).toBeGreaterThanOrEqual(0);
      expect(r.at_ms - Date.parse(r.slot)).toBeLessThan(10 * 60_000);
    }
    const [status] = (await s.list()).filter((j) => j.name === 'test.daily');
    expect(status).toMatchObject({ lastOutcome: 'succeeded', runs: 10, failures: 0, leaseHolder: null });
    expect(s.health()).toMatchObject({
      status: 'ok',
      detail: { jobs: { 'test.daily': { lastOutcome: 'succeeded' } } },
    });
    await s.stop();
  });

  it('two instances never run the same job twice in one slot', async () => {
    const clock = new SimClock({ start: Date.parse('2026-05-01T00:00:00Z') });
    const a = scheduler(dbA, clock, 'a');
    const b = scheduler(dbB, clock, 'b');
    for (const [s, id] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      s.register({ name: 'test.every', schedule: every(60_000), run: recordRun('test.every', id) });
      await s.start({ poll: false });
    }
    // Both look at the same moments: every slot is contested.
    await runFor(clock, 30 * 60_000, 20_000, [a, b]);
    const runs = await runsOf('test.every');
    expect(runs.length).toBe(30);
    expect(new Set(runs.map((r) => r.slot)).size).toBe(30);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('manualOnly runs only when asked, once per request', async () => {
    const clock = new SimClock({ start: Date.parse('2026-05-02T00:00:00Z') });
    const s = scheduler(dbA, clock, 'a');
    s.register({ name: 'test.manual', schedule: manualOnly, run: recordRun('test.manual', 'a') });
    await s.start({ poll: false });
    await runFor(clock, 3 * 86_400_000, 3_600_000, [s]);
    expect(await runsOf('test.manual')).toHaveLength(0);
    expect(await s.requestRun('test.manual')).toMatchObject({
      name: 'test.manual',
      runRequestedAt: expect.any(String),
    });
    expect(await s.requestRun('test.unknown')).toBeNull();
    await runFor(clock, 3_600_000, 60_000, [s]);
    const runs = await runsOf('test.manual');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.slot).toMatch(/^manual:/);
    expect(await s.get('test.manual')).toMatchObject({
      runRequestedAt: null,
      lastOutcome: 'succeeded',
      nextDueAt: null,
    });
    await s.stop();
  });

  it('a holder that dies mid-job: the lease expires, another instance finishes the slot, batches neither lost nor doubled, and the stale holder cannot commit', async () => {
    await dbA.exec(`INSERT INTO jt_items (id) SELECT g FROM generate_series(1, 10) AS g`);
    const clock = new SimClock({ start: Date.parse('2026-05-03T00:00:00Z') });
    const faultA = withFaultSwitch(dbA);
    const job = (instance: string): JobDefinition => ({
      name: 'test.batches',
      schedule: manualOnly,
      async run(ctx) {
        let batch = 0;
        await ctx.batches({
          size: 2,
          next: async (tx, size) =>
            (
              await tx.query<{ id: number }>('SELECT id FROM jt_items WHERE NOT done ORDER BY id LIMIT $1', [
                size,
              ])
            ).rows,
          apply: async (tx, items) => {
            for (const { id } of items)
              await tx.query('UPDATE jt_items SET handled = handled + 1, done = true WHERE id = $1', [id]);
            // Instance A "dies" after its second batch commits: from then on none of its calls
            // (the next batch, the lease renewals) reaches the database.
            if (instance === 'a' && ++batch === 2) faultA.set('hang');
          },
        });
      },
    });
    const metricsA = new MetricsRegistry();
    const a = scheduler(faultA.db, clock, 'a', metricsA);
    const b = scheduler(dbB, clock, 'b');
    a.register(job('a'));
    b.register(job('b'));
    await a.start({ poll: false });
    await b.start({ poll: false });
    await a.requestRun('test.batches');
    await a.tick();
    await expect.poll(() => faultA.hung()).toBeGreaterThan(0);
    // Within the lease, B does not take over.
    await b.tick();
    expect((await b.get('test.batches'))!.leaseHolder).toBe('a');
    // The lease expires (A's renewals never arrive): B claims the same slot with a new fence and does the rest.
    clock.advance(LEASE + 1);
    await b.tick();
    await b.idle();
    const afterB = (await b.get('test.batches'))!;
    expect(afterB).toMatchObject({ lastOutcome: 'succeeded', leaseHolder: null, fence: 2 });
    expect((await dbA.query('SELECT 1 FROM jt_items WHERE done')).rows).toHaveLength(10);
    // A wakes up: its open transaction holds fence 1, B's claim made it 2. Nothing it writes commits.
    faultA.set('up');
    faultA.release();
    await a.idle();
    const items = (
      await dbA.query<{ handled: number; done: boolean }>('SELECT handled, done FROM jt_items ORDER BY id')
    ).rows;
    expect(items.every((i) => i.done)).toBe(true);
    // Two batches by A that committed, the rest by B: each item handled exactly once.
    expect(items.map((i) => i.handled)).toEqual(new Array(10).fill(1));
    // A's outcome was not recorded over B's.
    expect((await b.get('test.batches'))!).toMatchObject({ lastOutcome: 'succeeded', fence: afterB.fence });
    expect(metricsA.render()).toContain('nodmeld_job_leases_lost_total{job="test.batches"} 1');
    await a.stop();
    await b.stop();
  });

  it('a stale holder whose fence is outdated cannot commit (StaleFenceError, nothing written)', async () => {
    const clock = new SimClock({ start: Date.parse('2026-05-04T00:00:00Z') });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let result: unknown = null;
    const a = scheduler(dbA, clock, 'a');
    const b = scheduler(dbB, clock, 'b');
    a.register({
      name: 'test.stale',
      schedule: manualOnly,
      async run(ctx) {
        await gate; // a long pause (GC, a frozen VM): the lease runs out meanwhile
        result = await ctx
          .transaction((tx) => tx.query(`INSERT INTO jt_effects (job, step) VALUES ('test.stale', 'a')`))
          .catch((e: unknown) => e);
      },
    });
    b.register({
      name: 'test.stale',
      schedule: manualOnly,
      run: async (ctx) =>
        void (await ctx.step('b', (tx) =>
          tx.query(`INSERT INTO jt_effects (job, step) VALUES ('test.stale', 'b')`).then(() => undefined),
        )),
    });
    await a.start({ poll: false });
    await b.start({ poll: false });
    await a.requestRun('test.stale');
    await a.tick();
    expect((await a.get('test.stale'))!.leaseHolder).toBe('a');
    // The lease runs out during the pause (its renewals did not get through).
    await dbA.query(`UPDATE jobs SET lease_until = $2::timestamptz WHERE name = $1`, [
      'test.stale',
      new Date(clock.nowMs() - 1).toISOString(),
    ]);
    await b.requestRun('test.stale');
    await b.tick();
    await b.idle();
    release();
    await a.idle();
    expect(result).toBeInstanceOf(StaleFenceError);
    const effects = (
      await dbA.query<{ step: string }>(`SELECT step FROM jt_effects WHERE job = 'test.stale'`)
    ).rows;
    expect(effects.map((e) => e.step)).toEqual(['b']);
    await a.stop();
    await b.stop();
  });

  it('the database unavailable during a run: the run fails and is recorded, the scheduler keeps ticking, the next tick retries', async () => {
    const clock = new SimClock({ start: Date.parse('2026-05-05T00:00:00Z') });
    const fault = withFaultSwitch(dbA);
    const metrics = new MetricsRegistry();
    let attempts = 0;
    const s = scheduler(fault.db, clock, 'a', metrics);
    s.register({
      name: 'test.db-down',
      schedule: every(3_600_000),
      async run(ctx) {
        if (++attempts === 1) fault.set('down');
        await ctx.step('write', (tx) =>
          tx
            .query(`INSERT INTO jt_effects (job, step) VALUES ('test.db-down', 'write')`)
            .then(() => undefined),
        );
      },
    });
    await s.start({ poll: false });
    clock.advance(3_600_000);
    await s.tick();
    await s.idle();
    // Failed, and the failure could not be written yet: kept in memory, reported by health and metrics.
    expect(s.health()).toMatchObject({
      status: 'degraded',
      detail: { jobs: { 'test.db-down': { lastOutcome: 'failed' } } },
    });
    expect(metrics.render()).toContain('nodmeld_job_failures_total{job="test.db-down"} 1');
    // Ticks while the database is down fail quietly; the scheduler goes on.
    clock.advance(5_000);
    await s.tick();
    expect(s.health()).toMatchObject({ status: 'degraded', detail: { code: 'jobs-table-unreadable' } });
    fault.set('up');
    clock.advance(5_000);
    await s.tick(); // writes the failure, releases the lease, claims again: the slot is still due
    await s.idle();
    expect(attempts).toBe(2);
    expect(await s.get('test.db-down')).toMatchObject({
      lastOutcome: 'succeeded',
      runs: 2,
      failures: 1,
      leaseHolder: null,
    });
    expect((await dbA.query(`SELECT 1 FROM jt_effects WHERE job = 'test.db-down'`)).rows).toHaveLength(1);
    expect(s.health().status).toBe('ok');
    const text = metrics.render();
    expect(text).toContain('nodmeld_job_runs_total{job="test.db-down",outcome="failed"} 1');
    expect(text).toContain('nodmeld_job_runs_total{job="test.db-down",outcome="succeeded"} 1');
    expect(text).toContain('nodmeld_job_duration_seconds_count{job="test.db-down"} 2');
    await s.stop();
  });

  it('a job that keeps failing is retried with a back-off that doubles (from the poll interval), a request runs it at once, a success resets it', async () => {
    const clock = new SimClock({ start: Date.parse('2026-05-07T00:00:00Z') });
    let attempts = 0;
    let healthy = false;
    const s = scheduler(dbA, clock, 'a');
    s.register({
      name: 'test.backoff',
      schedule: every(3_600_000),
      async run() {
        attempts++;
        if (!healthy) throw new Error('the target is down');
      },
    });
    await s.start({ poll: false });
    clock.advance(3_600_000);
    // Ten minutes of ticks every 5 s: attempts at 0, 5, 15, 35, 75, 155 and 315 s; the next waits 320 s.
    await runFor(clock, 600_000, 5_000, [s]);
    expect(attempts).toBe(7);
    const failing = (await s.get('test.backoff'))!;
    expect(failing).toMatchObject({ lastOutcome: 'failed', consecutiveFailures: 7, failures: 7 });
    expect(Date.parse(failing.retryAfter!) - Date.parse(failing.lastFinishedAt!)).toBe(320_000);
    healthy = true;
    await s.requestRun('test.backoff');
    await s.tick();
    await s.idle();
    expect(attempts).toBe(8);
    expect(await s.get('test.backoff')).toMatchObject({
      lastOutcome: 'succeeded',
      consecutiveFailures: 0,
      retryAfter: null,
    });
    await s.stop();
  });

  it('steps of a slot that committed are skipped when the slot is re-run after a failure', async () => {
    const clock = new SimClock({ start: Date.parse('2026-05-06T00:00:00Z') });
    let attempts = 0;
    const s = scheduler(dbA, clock, 'a');
    s.register({
      name: 'test.steps',
      schedule: dailyAt('03:15'),
      async run(ctx) {
        attempts++;
        await ctx.step('one', (tx) =>
          tx.query(`INSERT INTO jt_effects (job, step) VALUES ('test.steps', 'one')`).then(() => undefined),
        );
        if (attempts === 1) throw new Error('crash between the steps');
        await ctx.step('two', (tx) =>
          tx.query(`INSERT INTO jt_effects (job, step) VALUES ('test.steps', 'two')`).then(() => undefined),
        );
      },
    });
    await s.start({ poll: false });
    await runFor(clock, 86_400_000, 5 * 60_000, [s]);
    expect(attempts).toBe(2);
    const effects = (
      await dbA.query<{ step: string }>(`SELECT step FROM jt_effects WHERE job = 'test.steps' ORDER BY step`)
    ).rows;
    expect(effects.map((e) => e.step)).toEqual(['one', 'two']);
    expect(await s.get('test.steps')).toMatchObject({ lastOutcome: 'succeeded', failures: 1, runs: 2 });
    await s.stop();
  });
});
