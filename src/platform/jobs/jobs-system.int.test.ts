/**
 * Jobs and blobs through the kernel: a module registers a job with `ctx.jobs` and writes with
 * `ctx.blobs`; the admin API lists and runs jobs; `/readyz` and `/metrics` show them; two System
 * instances on one database never run a job twice in one slot.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.ts';
import { createTestDb, createTestSchema, dbKinds } from '../db/testing.ts';
import { openPostgres } from '../db/postgres.ts';
import { migrate } from '../db/migrate.ts';
import type { Db } from '../db/types.ts';
import { createLogger } from '../logger.ts';
import { defineModule } from '../module.ts';
import { readAll, type BlobStore } from '../storage/blob-store.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { SimClock } from '../time/clock.ts';
import { System } from '../system.ts';
import { every, manualOnly } from './schedule.ts';

/** A module that exports the number of audit rows to a blob, on request (`demo.export`). */
const demoModule = defineModule<undefined, { blobs: BlobStore; runs: () => number }>({
  name: 'jobdemo',
  init(ctx) {
    let runs = 0;
    ctx.jobs.register({
      name: 'demo.export',
      schedule: manualOnly,
      async run(job) {
        runs++;
        const { rows } = await job.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
        await ctx.blobs.put(
          `exports/${job.slot.replace(/[^A-Za-z0-9.-]/g, '-')}.json`,
          Buffer.from(JSON.stringify(rows[0])),
          {
            contentType: 'application/json',
          },
        );
      },
    });
    ctx.jobs.register({
      name: 'demo.failing',
      schedule: manualOnly,
      run: () => Promise.reject(new Error('the export target refused')),
    });
    return { api: { blobs: ctx.blobs, runs: () => runs } };
  },
});

describe('jobs and blobs in the kernel (issue 9)', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-jobs-'));
    t = await createTestApp({ modules: [demoModule], env: { NODMELD_STORAGE_DIR: dir } });
    await t.system.jobs.start({ poll: false });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('GET /api/v1/admin/jobs lists the registered jobs, for administrators only', async () => {
    const r = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/jobs',
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(r.statusCode).toBe(200);
    const names = r
      .json<{ items: { name: string; schedule: string; registered: boolean }[] }>()
      .items.map((j) => j.name);
    expect(names).toEqual(['demo.export', 'demo.failing', 'events.prune']);
    const operator = await t.tokenFor('operator', 'c1');
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/admin/jobs',
          headers: { authorization: `Bearer ${operator}` },
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/jobs' })).statusCode).toBe(401);
  });

  it('POST …/run runs the job once on the next tick; it writes its blob through ctx.blobs; unknown jobs are a 404 problem', async () => {
    const auth = { authorization: `Bearer ${t.adminToken}` };
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/jobs/demo.export/run',
      headers: auth,
    });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toMatchObject({ name: 'demo.export', runRequestedAt: expect.any(String) });
    await t.system.jobs.tick();
    await t.system.jobs.idle();
    expect(t.use(demoModule).runs()).toBe(1);
    const blobs = t.use(demoModule).blobs;
    const listed = [];
    for await (const i of blobs.list('exports/')) listed.push(i);
    const [info] = listed;
    expect(listed).toHaveLength(1);
    expect(info).toMatchObject({ contentType: 'application/json' });
    expect(JSON.parse((await readAll((await blobs.get(info!.key))!.stream)).toString())).toMatchObject({
      n: expect.any(Number),
    });
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/jobs/demo.nope/run',
      headers: auth,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const audit = await t.db.query(
      `SELECT 1 FROM audit_events WHERE action = 'job.run-requested' AND entity_id = 'demo.export'`,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('/readyz shows each job’s last outcome (a failed one degrades) and /metrics counts runs, failures and durations', async () => {
    await t.system.jobs.requestRun('demo.failing');
    await t.system.jobs.tick();
    await t.system.jobs.idle();
    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'degraded',
      jobs: {
        status: 'degraded',
        detail: {
          jobs: { 'demo.export': { lastOutcome: 'succeeded' }, 'demo.failing': { lastOutcome: 'failed' } },
        },
      },
    });
    const metrics = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain('nodmeld_job_runs_total{job="demo.export",outcome="succeeded"} 1');
    expect(metrics).toContain('nodmeld_job_failures_total{job="demo.failing"} 1');
    expect(metrics).toContain('nodmeld_job_duration_seconds_count{job="demo.export"} 1');
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/jobs',
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    expect(
      list
        .json<{ items: { name: string; lastError: string | null }[] }>()
        .items.find((j) => j.name === 'demo.failing')!.lastError,
    ).toContain('the export target refused');
  });
});

describe.each(dbKinds())('two System instances on one %s database (issue 9)', (kind) => {
  let dbs: Db[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    if (kind === 'pglite') {
      const db = await createTestDb('pglite');
      dbs = [db, db];
      closers.push(() => db.close());
    } else {
      const schema = await createTestSchema(process.env.TEST_DATABASE_URL!);
      const a = await openPostgres(schema.url, { max: 4 });
      await migrate(a);
      const b = await openPostgres(schema.url, { max: 4 });
      dbs = [a, b];
      closers.push(
        () => a.close(),
        () => b.close(),
        () => schema.drop(),
      );
    }
    await dbs[0]!.exec('CREATE TABLE jt_system_runs (slot text NOT NULL, instance text NOT NULL)');
  });
  afterAll(async () => {
    for (const c of closers) await c();
  });

  it('each slot of an every(1 min) job runs on exactly one of the two instances', async () => {
    const clock = new SimClock({ start: Date.parse('2026-06-01T00:00:00Z') });
    const systems: System[] = [];
    for (const [i, db] of dbs.entries()) {
      const instance = `instance-${i}`;
      const module = defineModule({
        name: 'slotrecorder',
        init(ctx) {
          ctx.jobs.register({
            name: 'demo.every-minute',
            schedule: every(60_000),
            run: (job) =>
              job
                .transaction((tx) =>
                  tx.query('INSERT INTO jt_system_runs (slot, instance) VALUES ($1, $2)', [
                    job.slot,
                    instance,
                  ]),
                )
                .then(() => undefined),
          });
          return { api: undefined };
        },
      });
      const config = parseConfig(
        { NODMELD_LOG_LEVEL: 'silent', NODMELD_STORAGE_DIR: path.join(tmpdir(), 'nodmeld-unused') },
        [module],
      );
      systems.push(
        await System.create({ ...config, db, logger: createLogger('silent'), clock, instanceId: instance }),
      );
    }
    for (const s of systems) await s.jobs.start({ poll: false });
    for (let step = 0; step < 60; step++) {
      clock.advance(30_000);
      await Promise.all(systems.map((s) => s.jobs.tick()));
      await Promise.all(systems.map((s) => s.jobs.idle()));
    }
    const { rows } = await dbs[0]!.query<{ slot: string; n: number }>(
      'SELECT slot, count(*)::int AS n FROM jt_system_runs GROUP BY slot',
    );
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    for (const s of systems) await s.stop();
  });
});
