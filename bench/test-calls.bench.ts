/**
 * `npm run bench:test-calls` — a full national test-call run (RT-8; issue 13: "95 centres × both
 * numbers in under 60 s"): the national default data set (95 legevaktsentraler, 357
 * municipalities), nodmeld's 116117 redirect server on routing's live decider and the simulated
 * centres on 127.0.0.1, and the runner placing every call over real SIP/UDP — each centre's
 * 8-digit number and 116117 as a caller from each municipality, following the 302 — with results
 * stored in PGlite as they end. Prints the wall time per concurrency (BENCH_CONCURRENCY, default
 * "1,8,32"), the answer time per call (simulated answer delay BENCH_ANSWER_MS, default 300 ms) and
 * the run's verdicts.
 */
import { createRoutingTestApp } from '../src/routing/testing-app.ts';
import { loadDataSetOrThrow } from '../src/routing/config.ts';
import { DEFAULT_DATA_DIR } from '../src/routing/data/load.ts';
import { callRouterFor } from '../src/telephony/sip/engine-call-router.ts';
import { startSipServer } from '../src/telephony/sip/server.ts';
import { createTestCallsModule } from '../src/test-calls/module.ts';
import { readResults } from '../src/test-calls/store.ts';

const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const ANSWER_MS = process.env.BENCH_ANSWER_MS ?? '300';

async function main(): Promise<void> {
  const data = await loadDataSetOrThrow(DEFAULT_DATA_DIR);
  let redirect = { host: '127.0.0.1', port: 0 };
  for (const n of CONCURRENCY) {
    const module = createTestCallsModule({ redirect: () => redirect, owner: `bench-${n}` });
    const t = await createRoutingTestApp({
      data,
      more: [module],
      env: {
        NODMELD_TEST_CALLS: 'on',
        NODMELD_TEST_CALLS_SIMULATED_ANSWER_MS: ANSWER_MS,
        NODMELD_TEST_CALLS_CONCURRENCY: String(n),
        NODMELD_TEST_CALLS_CALL_TIMEOUT_MS: '10000',
        NODMELD_TEST_CALLS_SCHEDULE: 'off',
      },
    });
    const sip = await startSipServer({
      config: { host: '127.0.0.1', port: 0 },
      router: callRouterFor(t.routing.decider),
    });
    redirect = { host: '127.0.0.1', port: sip.udpPort };
    try {
      const runs = t.use(module).runs;
      const started = performance.now();
      const id = await runs.request({
        trigger: 'manual',
        triggerKey: null,
        centreIds: null,
        actor: { type: 'system', id: null, name: 'bench', role: 'admin', centreId: null },
      });
      await runs.idle();
      const seconds = (performance.now() - started) / 1000;
      const results = await readResults(t.db, id!, {
        all: true,
        centres: [],
        municipalities: [],
        directCentres: [],
      });
      const verdicts: Record<string, number> = {};
      for (const r of results) verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
      const answer = results.flatMap((r) => (r.answerMs === null ? [] : [r.answerMs])).sort((a, b) => a - b);
      const pct = (p: number) => answer[Math.min(answer.length - 1, Math.floor(p * answer.length))] ?? 0;
      console.log(
        `concurrency ${String(n).padStart(3)}: ${results.length} calls (${data.centres.length} centres × 8-digit + ${results.length - data.centres.length} × 116117) in ${seconds.toFixed(1)} s` +
          ` — answer time p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms — ${JSON.stringify(verdicts)}`,
      );
    } finally {
      await sip.close();
      await t.close();
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
