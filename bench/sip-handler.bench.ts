/**
 * `npm run bench:sip-handler` — the SIP server's JavaScript per call, without sockets or sipp:
 * the redirect handler, transaction layer and routing engine of `startSipServer`, fed INVITE+ACK
 * pairs for 20,000 callers of the default data set (the same callers and expected answers as
 * `bench:sip`). Every 302's Contact is checked against the engine's expected number.
 *
 * It isolates what the server's own code costs from the kernel, the hypervisor and the load
 * generator, so an optimisation of the parser, transactions or responses shows here first (the
 * end-to-end figure on this VM moves ±5 µs between runs). Rounds of 20,000 calls after 3 warm-up
 * rounds; prints the median and best µs per call and the calls/s one core would sustain, and the
 * process's CPU time per call (less disturbed than wall time when the machine is shared).
 * Side by side in the same run, the same rounds with the calls record listening (issue 10: every
 * decision becomes a `routed` event, batched off the call's path by RoutedRecorder; the store is a
 * no-op here, and each round ends by flushing, so the mapping of the events is counted too): the
 * rounds alternate, and the ratio of the medians is printed. Target: at most 5 % more per call.
 * Environment: BENCH_SIP_HANDLER_ROUNDS (default 8 of each), BENCH_SIP_HANDLER_WARMUP (pairs,
 * default 3), BENCH_SIP_HANDLER_RECORD_BATCH (the recorder's batch size, default 1,000; the
 * server's recorder takes its own default, 100), BENCH_SIP_HANDLER_ONLY (below).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { loadDefaultDataSet } from '../src/routing/data/load.ts';
import { compileRoutingData } from '../src/routing/domain/compile.ts';
import { parseSipConfig } from '../src/telephony/sip/config.ts';
import { callRouterFor } from '../src/telephony/sip/engine-call-router.ts';
import { createCallDecider } from '../src/routing/decide-call.ts';
import { DEFAULT_POLICY } from '../src/routing/domain/types.ts';
import { RoutedRecorder } from '../src/calls/recording/routed-recorder.ts';
import { systemClock } from '../src/platform/time/clock.ts';
import { createLogger } from '../src/platform/logger.ts';
import { SipMetrics } from '../src/telephony/sip/metrics.ts';
import { RedirectHandler, type Inbound } from '../src/telephony/sip/redirect.ts';
import { TimerQueue } from '../src/telephony/sip/timer-queue.ts';
import { TransactionLayer, type ResponseRoute } from '../src/telephony/sip/transactions.ts';
import { buildRows, STATE } from './sip-callers.ts';

const data = compileRoutingData(await loadDefaultDataSet(), 1);
const rows = buildRows(data, 20_000);
const decider = createCallDecider({
  getData: () => data,
  getState: () => STATE,
  policy: DEFAULT_POLICY,
  positioning: { locate: async () => ({ status: 'failed', reason: 'no-answer', elapsedMs: 0 }) },
  deadlineMs: 2500,
});
const router = callRouterFor(decider);
let recordedEvents = 0;
const recorder = new RoutedRecorder({
  record: async (events) => {
    recordedEvents += events.length;
    return events.map((e) => ({ eventId: e.eventId, outcome: 'accepted' as const }));
  },
  timers: systemClock,
  logger: createLogger('silent'),
  maxBatch: Number(process.env.BENCH_SIP_HANDLER_RECORD_BATCH ?? 1000),
});
const config = parseSipConfig({ host: '127.0.0.1', port: 0 });
const timers = new TimerQueue({ tickMs: 10 });
const metrics = new SipMetrics({ transactions: () => layer.size, tcpConnections: () => 0 });
// The limits of `startSipServer`: admission is part of every call's path.
const layer = new TransactionLayer(
  timers,
  config.timers,
  { retransmissionAbsorbed() {}, responseRetransmitted() {}, ackTimeout() {} },
  undefined,
  { maxTransactions: config.maxTransactions, maxBytes: config.maxTransactionBytes },
);
const handler = new RedirectHandler({
  config,
  router,
  layer,
  metrics,
  logger: { info() {}, warn() {}, error() {} },
});

let responses = 0;
let expected = '';
let wrong = 0;
const route: ResponseRoute = {
  reliable: false,
  send(msg: string) {
    responses++;
    if (msg.charCodeAt(8) === 51 && !msg.includes(`<sip:${expected}@`)) wrong++; // "SIP/2.0 3xx"
  },
};
const inbound: Inbound = {
  transport: 'udp',
  peer: { address: '127.0.0.1', port: 5061 },
  routeFor: () => route,
  replyToSource: route,
};

const head = (n: number, method: string): string =>
  `${method} sip:116117@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;rport;branch=z9hG4bK-${n}\r\n`;
const invites = rows.map((r, n) =>
  Buffer.from(
    `${head(n, 'INVITE')}From: <sip:${r[0]}@127.0.0.1:5061>;tag=${n}\r\nTo: <sip:116117@127.0.0.1:5060>\r\nCall-ID: ${n}-1@127.0.0.1\r\n` +
      `CSeq: 1 INVITE\r\nContact: <sip:${r[0]}@127.0.0.1:5061>\r\nMax-Forwards: 70\r\nP-Asserted-Identity: <tel:+47${r[0]}>\r\n` +
      `X-Nodmeld-Network: ${r[2]}\r\nContent-Length: 0\r\n\r\n`,
    'latin1',
  ),
);
// ACK for a non-2xx final response matches its transaction by the branch (RFC 3261 §17.2.3).
const acks = rows.map((r, n) =>
  Buffer.from(
    `${head(n, 'ACK')}From: <sip:${r[0]}@127.0.0.1:5061>;tag=${n}\r\nTo: <sip:116117@127.0.0.1:5060>\r\nCall-ID: ${n}-1@127.0.0.1\r\n` +
      'CSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n',
    'latin1',
  ),
);

/**
 * BENCH_SIP_HANDLER_ONLY=with|without: after the warm-up pairs, only rounds of one kind, for
 * counting instructions (`bench/sip-handler-callgrind.sh`): with BENCH_SIP_HANDLER_CALLGRIND=1,
 * callgrind's instrumentation is on for those rounds alone.
 */
async function onlyOneKind(recording: boolean): Promise<never> {
  const rounds = Number(process.env.BENCH_SIP_HANDLER_ROUNDS ?? 4);
  const callgrind = (onOff: string): Promise<unknown> =>
    process.env.BENCH_SIP_HANDLER_CALLGRIND === '1'
      ? new Promise((done) =>
          spawn('callgrind_control', ['-i', onOff, String(process.pid)], { stdio: 'ignore' }).on(
            'exit',
            done,
          ),
        )
      : Promise.resolve();
  responses = 0;
  recordedEvents = 0;
  await callgrind('on');
  for (let r = 0; r < rounds; r++) await round(recording);
  await callgrind('off');
  const calls = rounds * invites.length;
  process.stdout.write(
    `${recording ? 'with' : 'without'} the calls record: ${calls} calls; CPU per call ` +
      `${(recording ? cpuRecording : cpuResults)
        .slice(-rounds)
        .map((x) => x.toFixed(1))
        .join(' ')} µs\n`,
  );
  timers.stop();
  layer.clear();
  process.exit(wrong > 0 || responses !== 2 * calls || recordedEvents !== (recording ? calls : 0) ? 1 : 0);
}

/** CPU time of this process per call in the last round (µs): on a shared machine, less disturbed than wall time. */
const cpuResults: number[] = [];

async function round(recording: boolean): Promise<number> {
  const stopListening = recording ? decider.onDecided(recorder.take) : null;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let n = 0; n < invites.length; n++) {
    expected = rows[n]![1]!;
    handler.handle(invites[n]!, inbound, true);
    handler.handle(acks[n]!, inbound, true);
    // Let promise continuations run now and then, and timers every 1,024 calls, as the event loop
    // would between batches of datagrams.
    if ((n & 1023) === 1023) await new Promise((r) => setImmediate(r));
    else if ((n & 63) === 63) await Promise.resolve();
  }
  if (recording) await recorder.flush();
  await new Promise((r) => setImmediate(r));
  const c = process.cpuUsage(c0);
  stopListening?.();
  (recording ? cpuRecording : cpuResults).push((c.user + c.system) / invites.length);
  return Number(process.hrtime.bigint() - t0) / 1e3 / invites.length;
}
const cpuRecording: number[] = [];

const only = process.env.BENCH_SIP_HANDLER_ONLY;
for (let r = 0; r < Number(process.env.BENCH_SIP_HANDLER_WARMUP ?? 3); r++) {
  await round(false);
  await round(true);
}
if (only !== undefined) await onlyOneKind(only === 'with');
const results: number[] = [];
const recordingResults: number[] = [];
const rounds = Number(process.env.BENCH_SIP_HANDLER_ROUNDS ?? 8);
responses = 0;
wrong = 0;
recordedEvents = 0;
cpuResults.length = 0;
cpuRecording.length = 0;
for (let r = 0; r < rounds; r++) {
  results.push(await round(false));
  recordingResults.push(await round(true));
}
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
results.sort((a, b) => a - b);
cpuResults.sort((a, b) => a - b);
const median = results[Math.floor(results.length / 2)]!;
const cpuMedian = cpuResults[Math.floor(cpuResults.length / 2)]!;
const recMedian = med(recordingResults);
const recCpuMedian = med(cpuRecording);
const cpu = os.cpus();
process.stdout.write(
  `# SIP handler benchmark — ${new Date().toISOString()}\n` +
    `machine: ${cpu.length} × ${cpu[0]?.model ?? '?'}, Node ${process.version}; ${rounds} rounds of ${invites.length} calls (INVITE + ACK)\n` +
    `JavaScript per call: median ${median.toFixed(1)} µs, best ${results[0]!.toFixed(1)} µs (≈ ${Math.round(1e6 / median).toLocaleString('en')} calls/s on one core without I/O)\n` +
    `CPU time per call (process, incl. GC): median ${cpuMedian.toFixed(1)} µs, best ${cpuResults[0]!.toFixed(1)} µs\n` +
    `with the calls record listening: JavaScript per call median ${recMedian.toFixed(1)} µs (×${(recMedian / median).toFixed(3)}), CPU per call median ${recCpuMedian.toFixed(1)} µs (×${(recCpuMedian / cpuMedian).toFixed(3)}; target ≤ ×1.05); routed events ${recordedEvents.toLocaleString('en')}\n` +
    `responses ${responses.toLocaleString('en')} (100 + 302 per call), wrong Contacts ${wrong}, transactions left ${layer.size}\n`,
);
timers.stop();
layer.clear();
if (
  wrong > 0 ||
  layer.size > 0 ||
  responses !== 2 * 2 * rounds * invites.length ||
  recordedEvents !== rounds * invites.length
)
  process.exit(1);
