/**
 * The child process of the test-call runner's real-kill test (process-kill.int.test.ts): it opens
 * the test's database, starts a run over every centre against its own 116117 redirect server and
 * simulated centres (answering slowly), and once the first results are stored tells the parent
 * and waits — to be killed with SIGKILL mid-run: no `stop()`, no `finally`, the heartbeat stops.
 *
 * Environment: CRASH_DATABASE_URL or CRASH_PGLITE_DIR.
 */
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { openDatabase } from '../../platform/db/index.ts';
import { createRoutingTestApp } from '../../routing/testing-app.ts';
import { callRouterFor } from '../../telephony/sip/engine-call-router.ts';
import { startSipServer } from '../../telephony/sip/server.ts';
import { createTestCallsModule } from '../module.ts';
import { TEST_CALLS_ENV, testCallsData } from '../testing.ts';

const env = process.env;
const db = await openDatabase(
  env.CRASH_DATABASE_URL ? { databaseUrl: env.CRASH_DATABASE_URL } : { dataDir: env.CRASH_PGLITE_DIR! },
);
let redirect = { host: '127.0.0.1', port: 0 };
const t = await createRoutingTestApp({
  db,
  data: testCallsData(),
  more: [createTestCallsModule({ redirect: () => redirect, owner: 'process-killed' })],
  env: TEST_CALLS_ENV,
});
const sip = await startSipServer({
  config: { host: '127.0.0.1', port: 0 },
  router: callRouterFor(t.routing.decider),
});
redirect = { host: '127.0.0.1', port: sip.udpPort };
const tc = t.use(createTestCallsModule());
(await tc.simulated())!.setAnswerDelay(300);
const runId = await tc.runs.request({
  trigger: 'manual',
  triggerKey: null,
  centreIds: null,
  actor: SYSTEM_ACTOR,
});
for (;;) {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM test_call_results WHERE run_id = $1`,
    [runId],
  );
  if (Number(rows[0]!.n) >= 2) break;
  await new Promise((r) => setTimeout(r, 20));
}
process.send!({ reached: 'mid-run', runId });
await new Promise<void>(() => undefined);
