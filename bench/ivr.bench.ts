/**
 * `npm run bench:ivr` — concurrent voice-menu calls (issue 13 part 1) on 127.0.0.1.
 *
 * The server runs in its own process (`--serve`): the SIP server in mode "voice-menu" with the
 * real routing engine and menu state machine on the default data set, and test-tone prompts long
 * enough (3 s a sentence) that every call hears a prompt for the whole step. This process places
 * N calls (nodmeld's SIP user agent, one socket for all, and an RTP endpoint per call:
 * `placeAudioCall`), each sending 50 RTP packets/s of audio
 * and receiving the server's 50/s; once all are up, each caller presses "0" (RFC 4733) and must
 * hear the fallback menu's prompt begin — a key that is not heard counts as lost DTMF. Over the
 * steady part of each step it reports:
 *
 * - server CPU per call (utime+stime of the server process from /proc, % of one core per call);
 * - the send-time jitter of our RTP: how late the server's 20 ms media clock ran (p50/p99/max ms,
 *   from the clock's own record in the server process);
 * - next to it, the same figure of an idle control process that only keeps a 20 ms timer: the
 *   machine's scheduling floor at that moment (on a shared 2-core VM it dominates);
 * - the interarrival jitter the callers measured (RFC 3550, ms, p99 over calls) — this includes
 *   the scheduling of this process, which carries the callers' 100 packets/s per call;
 * - lost DTMF, failed calls.
 *
 * Environment: BENCH_IVR_CALLS (comma list, default 100,300,500), BENCH_IVR_SECONDS (steady part
 * per step, default 10). The machine is shared and small: read the figures with the load average.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { loadDefaultDataSet } from '../src/routing/data/load.ts';
import { createCallDecider } from '../src/routing/decide-call.ts';
import { compileRoutingData } from '../src/routing/domain/compile.ts';
import { menuInput, startMenu } from '../src/routing/domain/menu.ts';
import { DEFAULT_POLICY, type OperationalState } from '../src/routing/domain/types.ts';
import { MediaClock } from '../src/telephony/media/rtp-session.ts';
import { ReceiveStats } from '../src/telephony/media/rtp.ts';
import { startSipServer } from '../src/telephony/sip/server.ts';
import { createFakeCallRouter, buildConnectDecision } from '../src/telephony/sip/testing.ts';
import { placeAudioCall, type AudioCall } from '../src/telephony/sip-client/audio-call.ts';
import { SipUserAgent } from '../src/telephony/sip-client/user-agent.ts';
import { fakePrompts, sleep } from '../src/telephony/voice/testing.ts';

const STATE: OperationalState = { reroutes: [], unavailableCentreIds: [] };
const PROMPT_MS = 3000;

async function serve(): Promise<void> {
  const data = compileRoutingData(await loadDefaultDataSet(), 1);
  const decider = createCallDecider({
    getData: () => data,
    getState: () => STATE,
    policy: DEFAULT_POLICY,
    deadlineMs: 2500,
  });
  const clock = new MediaClock();
  const server = await startSipServer({
    config: {
      host: '127.0.0.1',
      port: 0,
      mode: 'voice-menu',
      voice: { rtpPortMin: 40000, rtpPortMax: 49999, inputTimeoutMs: 60_000, maxCalls: 5000 },
    },
    router: createFakeCallRouter(() => ({ decision: buildConnectDecision() })),
    voice: {
      port: {
        decide: (call, signal) => decider.decide(call, 'sip', { signal }),
        menuContext: (n) => ({
          data,
          state: STATE,
          at: Date.now(),
          policy: DEFAULT_POLICY,
          callingNumber: n,
        }),
        handedOver: () => {},
      },
      prompts: fakePrompts(PROMPT_MS),
      clock,
    },
  });
  process.send!({ port: server.udpPort });
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'reset') {
      clock.resetLateness();
      process.send!({ ok: true });
    }
    if (m.cmd === 'stats') {
      const n = Math.min(clock.latenessCount, clock.lateness.length);
      const l = Array.from(clock.lateness.subarray(0, n)).sort((a, b) => a - b);
      process.send!({
        lateness: { n, p50: pct(l, 0.5), p99: pct(l, 0.99), max: l[l.length - 1] ?? 0 },
        calls: server.voice!.calls,
      });
    }
    if (m.cmd === 'stop') void server.close().then(() => process.exit(0));
  });
}

/**
 * The control: a process that does nothing but keep a drift-corrected 20 ms timer and record how
 * late it ran — the machine's own scheduling floor at that moment, next to the server's figure.
 */
function control(): void {
  const lateness: number[] = [];
  const start = performance.now();
  let n = 0;
  const schedule = (): void => {
    n++;
    setTimeout(tick, Math.max(0, start + n * 20 - performance.now()));
  };
  const tick = (): void => {
    const now = performance.now();
    lateness.push(now - (start + n * 20));
    while (start + (n + 1) * 20 <= now) n++;
    schedule();
  };
  schedule();
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'reset') {
      lateness.length = 0;
      process.send!({ ok: true });
    }
    if (m.cmd === 'stats') {
      const l = [...lateness].sort((a, b) => a - b);
      process.send!({
        lateness: { n: l.length, p50: pct(l, 0.5), p99: pct(l, 0.99), max: l[l.length - 1] ?? 0 },
      });
    }
    if (m.cmd === 'stop') process.exit(0);
  });
  process.send!({ ready: true });
}

function pct(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

const TICK_US = 1e6 / Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

function cpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]);
}

function ask<T>(child: ChildProcess, cmd: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send({ cmd });
  });
}

type Lateness = { n: number; p50: number; p99: number; max: number };
const fmt = (l: Lateness): string => `${l.p50.toFixed(2)} / ${l.p99.toFixed(2)} / ${l.max.toFixed(1)}`;

async function step(
  child: ChildProcess,
  ctl: ChildProcess,
  port: number,
  n: number,
  seconds: number,
): Promise<void> {
  const ua = await SipUserAgent.open({ userAgent: 'nodmeld-bench-ivr' });
  const placing: Promise<AudioCall>[] = [];
  const fails: string[] = [];
  // Ramp up at ~100 calls/s.
  for (let i = 0; i < n; i++) {
    placing.push(
      placeAudioCall(ua, {
        target: { host: '127.0.0.1', port },
        uri: `sip:116117@127.0.0.1:${port}`,
        callingNumber: `2${String(1000000 + i).slice(-7)}`,
        timeoutMs: 20_000,
        sendAudio: true,
      }),
    );
    if (i % 10 === 9) await sleep(100);
  }
  const callers = await Promise.all(placing);
  for (const c of callers) if (c.outcome.status !== 200) fails.push(`status ${c.outcome.status ?? 'none'}`);
  await sleep(1000);
  const stats = callers.map(() => new ReceiveStats());
  const from = callers.map((c) => c.heard.length);
  await ask(child, 'reset');
  await ask(ctl, 'reset');
  const cpu0 = cpuTicks(child.pid!);
  const t0 = performance.now();
  // Half-way, every caller presses "0": the fallback menu's prompt must begin.
  await sleep((seconds * 1000) / 2);
  const fallbackHead = Buffer.from(
    fakePrompts(PROMPT_MS)
      .g711(menuInput(startMenu({ entry: 'top' }).state, '0', ctxFor()).prompt.parts[0]!.id, 'alaw')
      .subarray(0, 160),
  );
  await Promise.all(callers.filter((c) => c.outcome.dialog).map((c) => c.key('0')));
  await sleep((seconds * 1000) / 2);
  const wall = performance.now() - t0;
  const cpu = (cpuTicks(child.pid!) - cpu0) * TICK_US;
  const srv = await ask<{ lateness: Lateness; calls: number }>(child, 'stats');
  const idle = await ask<{ lateness: Lateness }>(ctl, 'stats');
  let lost = 0;
  const jitters: number[] = [];
  callers.forEach((c, i) => {
    const got = c.heard.slice(from[i]);
    for (const p of got) stats[i]!.take(p.ssrc, p.sequence, p.timestamp, Math.round(p.at * 8));
    jitters.push(stats[i]!.jitter / 8);
    if (!got.some((p) => p.marker && p.payload.equals(fallbackHead))) lost++;
  });
  jitters.sort((a, b) => a - b);
  const load = os.loadavg()[0]!.toFixed(2);
  const perCall = ((cpu / wall / 1000) * 100) / n; // % of one core per call
  console.log(
    `| ${n} | ${n - fails.length} | ${fails.length} | ${((cpu / wall / 1000) * 100).toFixed(1)} % | ${perCall.toFixed(3)} % | ` +
      `${fmt(srv.lateness)} | ${fmt(idle.lateness)} | ` +
      `${pct(jitters, 0.5).toFixed(2)} / ${pct(jitters, 0.99).toFixed(2)} | ${lost} | ${load} |`,
  );
  await Promise.all(callers.map((c) => c.hangUp()));
  await ua.close();
  await sleep(500);
}

let ctxData: ReturnType<typeof compileRoutingData> | undefined;
function ctxFor() {
  return { data: ctxData!, state: STATE, at: Date.now(), policy: DEFAULT_POLICY, callingNumber: '22222222' };
}

async function main(): Promise<void> {
  if (process.argv.includes('--serve')) return serve();
  if (process.argv.includes('--control')) return control();
  ctxData = compileRoutingData(await loadDefaultDataSet(), 1);
  const counts = (process.env.BENCH_IVR_CALLS ?? '100,300,500').split(',').map(Number);
  const seconds = Number(process.env.BENCH_IVR_SECONDS ?? 10);
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await new Promise<{ port: number }>((resolve) =>
    child.once('message', (m) => resolve(m as { port: number })),
  );
  const ctl = fork(fileURLToPath(import.meta.url), ['--control'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => ctl.once('message', resolve));
  console.log(
    `bench:ivr ${new Date().toISOString()} ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}, ${seconds} s steady per step`,
  );
  console.log(
    '| calls | up | failed | server CPU | per call (% of a core) | send lateness p50 / p99 / max ms | idle control timer p50 / p99 / max ms | caller-side jitter p50 / p99 ms | lost DTMF | load avg |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of counts) await step(child, ctl, port, n, seconds);
  child.send({ cmd: 'stop' });
  ctl.send({ cmd: 'stop' });
}

void main();
