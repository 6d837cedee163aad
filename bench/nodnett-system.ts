/**
 * `bench:nodnett`, the system run (issue 14, NN-4): BENCH_TERMINALS (10,000) simulated terminals
 * reporting every 10 s (1,000 LIP reports/s) into a real server (nodnett-server.ts, its own
 * process), every terminal a registered unit, BENCH_CONSOLES (20) AMK consoles connected over the
 * event stream (amk-consoles.ts, a third process), and one safety alarm a second from a random
 * terminal. Measured over BENCH_SECONDS (60) after a warm-up of one report interval:
 * - safety alarm to every responsible console (the consoles of the unit's AMK): from the button
 *   press in the simulator to each console's parsing of the `raised` frame — target p99 < 1 s,
 *   aim 200 ms; an alarm a responsible console never heard counts as lost;
 * - position to map: from the report's arrival at nodmeld to the console's parsing of the
 *   `amk.positions.recorded` frame that carries it — target p99 < 2 s; a report not at its
 *   consoles 2 s after the window counts as lost (unless a newer one of the unit superseded it);
 * - the server process's CPU (% of one core), peak RSS and event-loop delay over the window.
 * All three processes share this machine's cores: the figures are an upper bound for a server of
 * its own. BENCH_DB=postgres runs on TEST_DATABASE_URL instead of PGlite.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../src/platform/seeded-random.ts';
import type { ConsoleResults } from './amk-consoles.ts';
import type { ServerStats } from './nodnett-server.ts';

const SECONDS = Number(process.env.BENCH_SYSTEM_SECONDS ?? 60);
const WARMUP_S = Number(process.env.BENCH_WARMUP_SECONDS ?? 12);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function child(file: string): ChildProcess {
  return fork(path.join(import.meta.dirname, file), [], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: process.env,
  });
}

function reply<T>(c: ChildProcess, key: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (m: Record<string, unknown>) => {
      if (!(key in m)) return;
      c.off('message', onMessage);
      c.off('exit', onExit);
      resolve(m[key] as T);
    };
    const onExit = (code: number | null) => reject(new Error(`a bench process ended (${code})`));
    c.on('message', onMessage);
    c.once('exit', onExit);
  });
}

const fmt = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(0)} ms` : '—');

export async function runSystem(): Promise<void> {
  const started = Date.now();
  const server = child('nodnett-server.ts');
  const ready = await reply<{
    base: string;
    consoles: { amkId: string; token: string }[];
    areaOf: Record<string, string>;
    registerSeconds: number;
  }>(server, 'ready');
  const terminals = Object.keys(ready.areaOf).length;
  console.log(
    `system run (${process.env.BENCH_DB ?? 'pglite'}): ${terminals} terminals registered as units in ` +
      `${ready.registerSeconds.toFixed(1)} s; ${ready.consoles.length} consoles over ` +
      `${new Set(ready.consoles.map((c) => c.amkId)).size} AMK areas`,
  );
  const consoles = child('amk-consoles.ts');
  const consolesReady = reply<boolean>(consoles, 'ready');
  consoles.send({ start: { base: ready.base, consoles: ready.consoles } });
  await consolesReady;

  server.send({ start: true });
  await sleep(WARMUP_S * 1000);
  const load0 = os.loadavg()[0]!;
  consoles.send({ measure: true });
  server.send({ measure: true });

  // One safety alarm a second from a random terminal.
  const rnd = mulberry32(14);
  const issis = Object.keys(ready.areaOf);
  const raised: { issi: string; at: number; ok: boolean }[] = [];
  server.on('message', (m: { raised?: { issi: number; at: number; ok: boolean } }) => {
    if (m.raised) raised.push({ ...m.raised, issi: String(m.raised.issi) });
  });
  const t0 = Date.now();
  for (let s = 0; s < SECONDS; s++) {
    server.send({ alarm: Number(issis[Math.floor(rnd() * issis.length)]) });
    await sleep(Math.max(0, t0 + (s + 1) * 1000 - Date.now()));
  }
  const load1 = os.loadavg()[0]!;
  const stats = await reply<ServerStats>((server.send({ finish: true }), server), 'stats');
  const results = await reply<ConsoleResults>((consoles.send({ finish: true }), consoles), 'results');
  server.send({ exit: true });
  await new Promise((r) => server.once('exit', r));

  // Alarms: every (raised alarm, console of its AMK).
  const alarmLatency: number[] = [];
  let alarmLost = 0;
  for (const a of raised.filter((x) => x.ok)) {
    const amkId = ready.areaOf[a.issi]!;
    ready.consoles.forEach((c, index) => {
      if (c.amkId !== amkId) return;
      const heard = results.alarms.find((h) => h.console === index && h.issi === a.issi && h.at >= a.at);
      if (heard) alarmLatency.push(heard.at - a.at);
      else alarmLost++;
    });
  }
  alarmLatency.sort((x, y) => x - y);

  // Positions: every report that reached nodmeld in the window, at each console of its AMK. A
  // report not pushed because the unit's newer report was already its latest (out of order: a long
  // report's time of position has whole seconds) is superseded, not lost.
  const positionLatency: number[] = [];
  let positionLost = 0;
  let positionSuperseded = 0;
  for (const { amkId, arrivals } of results.positions) {
    const at = new Map(arrivals);
    const newest = new Map<string, string>();
    for (const [key] of arrivals) {
      const [issi, observedAt] = key.split('|') as [string, string];
      if ((newest.get(issi) ?? '') < observedAt) newest.set(issi, observedAt);
    }
    for (const [key, receivedAt] of Object.entries(stats.received)) {
      const [issi, observedAt] = key.split('|') as [string, string];
      if (ready.areaOf[issi] !== amkId) continue;
      const arrived = at.get(key);
      if (arrived !== undefined) positionLatency.push(arrived - receivedAt);
      else if ((newest.get(issi) ?? '') > observedAt) positionSuperseded++;
      else positionLost++;
    }
  }
  positionLatency.sort((x, y) => x - y);

  console.log(
    `  window ${stats.seconds.toFixed(1)} s, load ${load0.toFixed(2)} → ${load1.toFixed(2)} ` +
      `(${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'cpu'})`,
  );
  console.log(
    `  reports into nodmeld: ${Math.round(stats.feed.positions / stats.seconds).toLocaleString('en-US')}/s ` +
      `(${stats.feed.positions} positions, ${stats.feed.alarms} alarms, ${stats.feed.undecodable} undecodable, ` +
      `${stats.feed.listenerErrors} listener errors)`,
  );
  console.log(
    `  safety alarm → every responsible console: ${alarmLatency.length} deliveries of ${raised.length} alarms, ` +
      `${alarmLost} lost; p50 ${fmt(percentile(alarmLatency, 50))}, p99 ${fmt(percentile(alarmLatency, 99))}, ` +
      `max ${fmt(alarmLatency.at(-1) ?? NaN)} (target p99 < 1 s, aim 200 ms)`,
  );
  console.log(
    `  position → map: ${positionLatency.length.toLocaleString('en-US')} deliveries, ${positionLost} lost, ` +
      `${positionSuperseded} superseded by a newer report; ` +
      `p50 ${fmt(percentile(positionLatency, 50))}, p99 ${fmt(percentile(positionLatency, 99))}, ` +
      `max ${fmt(positionLatency.at(-1) ?? NaN)} (target p99 < 2 s)`,
  );
  console.log(
    `  server: CPU ${stats.cpuPercent.toFixed(0)} % of one core, RSS peak ${stats.rssPeakMb.toFixed(0)} MB ` +
      `(end ${stats.rssEndMb.toFixed(0)} MB, heap ${stats.heapUsedMb.toFixed(0)} MB), event-loop delay p99 ` +
      `${stats.eventLoopP99Ms.toFixed(0)} ms; consoles got ${results.frames.toLocaleString('en-US')} frames, ` +
      `${(results.bytes / 2 ** 20).toFixed(1)} MB`,
  );
  console.log(`  (whole system run ${((Date.now() - started) / 1000).toFixed(0)} s)`);
}
