/**
 * The test-call runner survives a real process kill (RT-8; docs/test-calls.md, "Faults"): a child
 * process (testing/crash-child.ts) runs a test-call run over every centre and is killed with
 * SIGKILL after its first results are stored. Another process on the same database (for the
 * embedded database: the same folder, after the dead process's lock) finds the run 'running' with
 * a heartbeat that has stopped; its sweep marks it interrupted and takes it up at once, placing
 * only the calls without a result: the run completes with every planned result exactly once.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../platform/db/index.ts';
import { createTestSchema, dbKinds } from '../platform/db/testing.ts';
import { createRoutingTestApp } from '../routing/testing-app.ts';
import { callRouterFor } from '../telephony/sip/engine-call-router.ts';
import { startSipServer } from '../telephony/sip/server.ts';
import { createTestCallsModule } from './module.ts';
import { readResults, readRun, type Visibility } from './store.ts';
import { TEST_CALLS_ENV, testCallsData } from './testing.ts';

const ALL: Visibility = { all: true, centres: [], municipalities: [], directCentres: [] };
const CHILD = fileURLToPath(new URL('./testing/crash-child.ts', import.meta.url));

describe.each(dbKinds())('a test-call run survives a killed process on %s (RT-8)', (kind) => {
  let pgliteDir: string | undefined;
  let schema: Awaited<ReturnType<typeof createTestSchema>> | undefined;
  let db: Db | undefined;

  beforeAll(async () => {
    if (kind === 'postgres') schema = await createTestSchema(process.env.TEST_DATABASE_URL!);
    else pgliteDir = await mkdtemp(path.join(tmpdir(), 'nodmeld-kill-testcalls-'));
    const first = await openDatabase(schema ? { databaseUrl: schema.url } : { dataDir: pgliteDir! });
    await migrate(first);
    await first.close(); // the embedded database is one process's at a time
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await schema?.drop();
    if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
  });

  it('SIGKILL mid-run: the run is resumed automatically and completes, no result twice', async () => {
    const child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        ...(schema ? { CRASH_DATABASE_URL: schema.url } : { CRASH_PGLITE_DIR: pgliteDir! }),
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((r) =>
      child.once('exit', (code, signal) => r(signal ?? code)),
    );
    const reached = await new Promise<{ reached: string; runId?: string }>((resolve) => {
      child.on('message', (m: { reached: string; runId: string }) => resolve(m));
      void exited.then((how) => resolve({ reached: `exited (${String(how)}): ${stderr.slice(-2000)}` }));
    });
    expect(reached.reached).toBe('mid-run');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const runId = reached.runId!;

    db = await openDatabase(schema ? { databaseUrl: schema.url } : { dataDir: pgliteDir! });
    const left = (await readRun(db, runId))!;
    expect(left.status).toBe('running'); // the dead process said nothing
    const before = (await readResults(db, runId, ALL)).length;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(left.planned);

    // Process B: the same database, its own 116117 redirect server and simulated centres.
    let redirect = { host: '127.0.0.1', port: 0 };
    const b = await createRoutingTestApp({
      db,
      data: testCallsData(),
      more: [createTestCallsModule({ redirect: () => redirect, owner: 'process-b' })],
      env: TEST_CALLS_ENV,
    });
    const sip = await startSipServer({
      config: { host: '127.0.0.1', port: 0 },
      router: callRouterFor(b.routing.decider),
    });
    redirect = { host: '127.0.0.1', port: sip.udpPort };
    try {
      const tc = b.use(createTestCallsModule());
      // The sweep (the job, once per cluster) once the heartbeat is stale: interrupted, and taken up here.
      expect(
        await tc.runs.sweep(Date.now() + Number(TEST_CALLS_ENV.NODMELD_TEST_CALLS_STALE_MS) + 1000),
      ).toEqual([runId]);
      await tc.runs.idle();
      const done = (await readRun(db, runId))!;
      expect(done).toMatchObject({ status: 'completed', owner: 'process-b' });
      const results = await readResults(db, runId, ALL);
      expect(results).toHaveLength(done.planned);
      expect(new Set(results.map((r) => r.key)).size).toBe(done.planned);
      expect(results.every((r) => r.verdict === 'ok')).toBe(true);
    } finally {
      await sip.close();
      await b.close();
    }
  }, 120_000);
});
