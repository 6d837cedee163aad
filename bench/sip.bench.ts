/**
 * `npm run bench:sip` — the SIP redirect server under sipp at rising call rates on 127.0.0.1.
 *
 * The server runs in its own process (`--serve`) with the real engine on the default data set.
 * sipp (one process, UDP, one socket) plays `redirect.xml`: INVITE → 100 → 302 → ACK, with the
 * callers from a CSV file and, per row, the expected Contact number and routing method computed
 * by the engine in this process: a call whose 302 names another number or method fails. Each
 * call logs its INVITE-to-302 time in microseconds from gettimeofday (sipp 3.6's own response-time
 * clock moves in 4 ms steps here). Each step is bounded in calls and time; the run stops after the
 * first step with failures or when sipp cannot reach the rate.
 *
 * Environment: BENCH_SIP_RATES (comma list, default 2000,5000,10000,15000,20000,25000,30000,35000),
 * BENCH_SIP_SECONDS (per step, default 5), BENCH_SIP_PROFILE=1 (server writes a --cpu-prof profile
 * into bench/profiles/), BENCH_SIP_SERVER_FLAGS (extra node flags for the server process),
 * BENCH_SIP_TRYING=when-needed (no 100 Trying before an immediate 302; default: always),
 * BENCH_SIP_UDP_IO=native|dgram (UDP I/O of the server; default auto: native when built),
 * BENCH_SIP_REFERENCE=1 (after each step, the same step against bench/reference/sip-responder.c,
 * a C responder that does next to nothing: the floor of sipp, kernel and hypervisor on this machine;
 * needs a C compiler),
 * BENCH_SIP_WARMUP (calls/s of an unreported 3 s warm-up step, so the first measured step does
 * not pay for JIT compilation; 0 skips it; default 2000).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDefaultDataSet } from '../src/routing/data/load.ts';
import { compileRoutingData } from '../src/routing/domain/compile.ts';
import { createEngineCallRouter } from '../src/telephony/sip/engine-call-router.ts';
import { startSipServer } from '../src/telephony/sip/server.ts';
import type { UdpIo } from '../src/telephony/sip/udp-endpoint.ts';
import { buildRows, STATE } from './sip-callers.ts';

const SCENARIO = fileURLToPath(new URL('../src/telephony/sip/scenarios/redirect.xml', import.meta.url));

async function serve(): Promise<void> {
  const data = compileRoutingData(await loadDefaultDataSet(), 1);
  const router = createEngineCallRouter({
    getData: () => data,
    getState: () => STATE,
    positioning: { locate: async () => ({ status: 'failed', reason: 'no-answer', elapsedMs: 0 }) },
    deadlineMs: 2500,
  });
  const trying = process.env.BENCH_SIP_TRYING === 'when-needed' ? 'when-needed' : 'always';
  const udpIo = (process.env.BENCH_SIP_UDP_IO ?? 'auto') as UdpIo; // validated by startSipServer
  const server = await startSipServer({ config: { host: '127.0.0.1', port: 0, trying, udpIo }, router });
  process.stdout.write(`${JSON.stringify({ port: server.udpPort, udpIo: server.udpIo })}\n`);
  process.stdin.resume();
  // Each line on stdin asks for the server's own INVITE duration histogram (arrival → 302).
  process.stdin.on('data', () => {
    const buckets: [number, number][] = [];
    for (const m of server
      .metrics()
      .matchAll(/^nodmeld_sip_invite_duration_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)) {
      buckets.push([m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2])]);
    }
    process.stdout.write(
      `${JSON.stringify({ buckets: buckets.map(([le, n]) => [Number.isFinite(le) ? le : null, n]) })}\n`,
    );
  });
  const stop = async (): Promise<void> => {
    process.stderr.write(
      server
        .metrics()
        .split('\n')
        .filter(
          (l) => /calls_total|dropped|retransmission|parse_errors|ack_timeouts/.test(l) && !l.startsWith('#'),
        )
        .join('\n') + '\n',
    );
    await server.close();
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.on('SIGTERM', () => void stop());
}

interface StepResult {
  rate: number;
  calls: number;
  successful: number;
  failed: number;
  achievedRate: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  serverCpuUsPerCall: number;
  /** The kernel's part of the server's CPU (system time: socket calls). */
  serverSysUsPerCall: number;
  sippCpuUsPerCall: number;
  /** Share of the machine's CPU time the hypervisor gave to others during the step (steal). */
  stealPercent: number;
  /** The server's own INVITE arrival → 302 times (its histogram; native I/O dates arrival in the kernel). */
  serverP50: number;
  serverP99: number;
  serverWithin5ms: number;
  exitCode: number | null;
}

/** utime + stime of a process in clock ticks; `kernel` only stime (fields 14, 15 of /proc/PID/stat). */
function cpuTicks(pid: number, kernel = false): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (kernel ? 0 : Number(fields[11])) + Number(fields[12]);
}

/** Machine-wide CPU ticks: all, and stolen by the hypervisor (first line of /proc/stat). */
function machineTicks(): { total: number; steal: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { total: f.reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
}

const TICK_US = 1e6 / Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Cumulative histogram: [upper bound in seconds, count ≤ bound], the last bound Infinity. */
type Histogram = [number, number][];

/** Quantile q (0–1) from the difference of two cumulative histograms, linear within a bucket (µs). */
function histogramQuantile(before: Histogram, after: Histogram, q: number): number {
  const total = after[after.length - 1]![1] - before[before.length - 1]![1];
  if (total <= 0) return NaN;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (let i = 0; i < after.length; i++) {
    const [le, n] = after[i]!;
    const count = n - before[i]![1];
    if (count >= rank) {
      if (!Number.isFinite(le)) return prevLe * 1e6;
      return (prevLe + ((le - prevLe) * (rank - prevCount)) / Math.max(1, count - prevCount)) * 1e6;
    }
    prevLe = le;
    prevCount = count;
  }
  return NaN;
}

/** Share of INVITEs answered within `seconds` (a bucket bound) between two histograms. */
function histogramShareWithin(before: Histogram, after: Histogram, seconds: number): number {
  const i = after.findIndex(([le]) => le === seconds);
  const total = after[after.length - 1]![1] - before[before.length - 1]![1];
  return i < 0 || total <= 0 ? NaN : (after[i]![1] - before[i]![1]) / total;
}

async function runStep(
  port: number,
  serverPid: number,
  csv: string,
  rate: number,
  seconds: number,
  dir: string,
  histogram?: () => Promise<Histogram>,
): Promise<StepResult> {
  const calls = rate * seconds;
  const histogramBefore = histogram ? await histogram() : undefined;
  const log = join(dir, `rate-${rate}.log`);
  const args = [
    `127.0.0.1:${port}`,
    '-sf',
    SCENARIO,
    '-inf',
    csv,
    '-i',
    '127.0.0.1',
    '-p',
    String(20000 + (rate % 20000)),
    '-t',
    'u1',
    '-r',
    String(rate),
    '-m',
    String(calls),
    '-l',
    String(Math.max(1000, rate)),
    '-nostdin',
    '-timeout',
    `${seconds + 20}s`,
    '-timeout_error',
    '-buff_size',
    String(8 * 1024 * 1024),
    '-max_recv_loops',
    '100000',
    '-max_sched_loops',
    '100000',
    '-trace_logs',
    '-log_file',
    log,
    '-trace_err',
    '-error_file',
    join(dir, `rate-${rate}.err`),
  ];
  const serverBefore = cpuTicks(serverPid);
  const serverSysBefore = cpuTicks(serverPid, true);
  const machineBefore = machineTicks();
  const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let sippTicks = 0;
  const sampler = setInterval(() => {
    try {
      sippTicks = cpuTicks(child.pid!);
    } catch {
      // exited
    }
  }, 100);
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const serverTicks = cpuTicks(serverPid) - serverBefore;
  const serverSysTicks = cpuTicks(serverPid, true) - serverSysBefore;
  const machineAfter = machineTicks();
  const histogramAfter = histogram ? await histogram() : undefined;
  const own = (f: (b: Histogram, a: Histogram) => number): number =>
    histogramBefore && histogramAfter ? f(histogramBefore, histogramAfter) : NaN;
  const stealPercent =
    (100 * (machineAfter.steal - machineBefore.steal)) /
    Math.max(1, machineAfter.total - machineBefore.total);
  const counter = (name: string): number => {
    const m = new RegExp(`${name}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`).exec(out);
    return m ? Number(m[1]) : NaN;
  };
  const rtts: number[] = [];
  const sends: number[] = [];
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    // no log: no call completed
  }
  for (const line of text.split('\n')) {
    const m = /^rtt-us ([0-9.]+) sent ([0-9.]+) ([0-9.]+)/.exec(line);
    if (m) {
      rtts.push(Number(m[1]));
      sends.push(Number(m[2]) + Number(m[3]) / 1e6);
    }
  }
  rtts.sort((a, b) => a - b);
  sends.sort((a, b) => a - b);
  const span = sends.length > 1 ? sends[sends.length - 1]! - sends[0]! : 0;
  const successful = counter('Successful call');
  return {
    rate,
    calls,
    successful,
    failed: counter('Failed call'),
    achievedRate: span > 0 ? (sends.length - 1) / span : 0,
    p50: percentile(rtts, 50),
    p90: percentile(rtts, 90),
    p99: percentile(rtts, 99),
    p999: percentile(rtts, 99.9),
    max: rtts[rtts.length - 1] ?? NaN,
    serverCpuUsPerCall: (serverTicks * TICK_US) / Math.max(1, successful),
    serverSysUsPerCall: (serverSysTicks * TICK_US) / Math.max(1, successful),
    sippCpuUsPerCall: (sippTicks * TICK_US) / Math.max(1, successful),
    stealPercent,
    serverP50: own((b, a) => histogramQuantile(b, a, 0.5)),
    serverP99: own((b, a) => histogramQuantile(b, a, 0.99)),
    serverWithin5ms: own((b, a) => histogramShareWithin(b, a, 0.005)),
    exitCode,
  };
}

/** Compiles and starts the reference responder on a free port (see BENCH_SIP_REFERENCE). */
async function startReference(csv: string): Promise<{ port: number; child: ChildProcess }> {
  const source = fileURLToPath(new URL('./reference/sip-responder.c', import.meta.url));
  const binary = fileURLToPath(new URL('./reference/build/sip-responder', import.meta.url));
  mkdirSync(fileURLToPath(new URL('./reference/build/', import.meta.url)), { recursive: true });
  const cc = spawnSync(process.env.CC || 'cc', ['-O2', '-o', binary, source], { stdio: 'inherit' });
  if (cc.status !== 0)
    throw new Error('BENCH_SIP_REFERENCE=1: the reference responder does not compile (cc)');
  for (let attempt = 0; ; attempt++) {
    const port = 30000 + Math.floor(Math.random() * 20000);
    const child = spawn(binary, [csv, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ok = await new Promise<boolean>((resolve) => {
      child.stdout.once('data', () => resolve(true));
      child.once('exit', () => resolve(false));
    });
    if (ok) return { port, child };
    if (attempt > 10) throw new Error('the reference responder did not start');
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--serve')) return serve();
  if (spawnSync('sipp', ['-v']).error) throw new Error('sipp is not installed (Debian package sip-tester)');
  const rates = (process.env.BENCH_SIP_RATES ?? '2000,5000,10000,15000,20000,25000,30000,35000')
    .split(',')
    .map(Number);
  const seconds = Number(process.env.BENCH_SIP_SECONDS ?? 5);
  const dir = mkdtempSync(join(os.tmpdir(), 'nodmeld-sip-bench-'));
  const data = compileRoutingData(await loadDefaultDataSet(), 1);
  const rows = buildRows(data, 20_000);
  const csv = join(dir, 'callers.csv');
  writeFileSync(csv, `SEQUENTIAL\n${rows.map((r) => r.join(';')).join('\n')}\n`);
  const methods = new Map<string, number>();
  for (const r of rows) methods.set(r[3]!, (methods.get(r[3]!) ?? 0) + 1);

  const nodeFlags = [
    '--import',
    'tsx',
    ...(process.env.BENCH_SIP_SERVER_FLAGS?.split(' ').filter(Boolean) ?? []),
  ];
  if (process.env.BENCH_SIP_PROFILE === '1') {
    const profDir = fileURLToPath(new URL('./profiles/', import.meta.url));
    mkdirSync(profDir, { recursive: true });
    nodeFlags.unshift('--cpu-prof', '--cpu-prof-dir', profDir);
  }
  const server: ChildProcess = spawn(
    process.execPath,
    [...nodeFlags, fileURLToPath(import.meta.url), '--serve'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines: string[] = [];
  const lineWaiters: ((line: string) => void)[] = [];
  let pending = '';
  server.stdout!.on('data', (d: Buffer) => {
    pending += d.toString();
    let i: number;
    while ((i = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, i);
      pending = pending.slice(i + 1);
      if (!line.startsWith('{')) continue;
      const w = lineWaiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const l = lines.shift();
      if (l !== undefined) return resolve(l);
      lineWaiters.push(resolve);
      server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
  const { port, udpIo } = JSON.parse(await nextLine()) as { port: number; udpIo: string };
  const serverHistogram = async (): Promise<Histogram> => {
    server.stdin!.write('histogram\n');
    return (JSON.parse(await nextLine()) as { buckets: [number | null, number][] }).buckets.map(([le, n]) => [
      le ?? Infinity,
      n,
    ]);
  };

  const reference = process.env.BENCH_SIP_REFERENCE === '1' ? await startReference(csv) : undefined;

  const cpu = os.cpus();
  process.stdout.write(
    `# SIP redirect benchmark — ${new Date().toISOString()}\n` +
      `machine: ${cpu.length} × ${cpu[0]?.model ?? '?'}, Node ${process.version}, ${spawnSync('sipp', ['-v'], { encoding: 'utf8' }).stdout.match(/SIPp v[^\s-]+/)?.[0] ?? 'sipp'}\n` +
      `callers: ${rows.length} (${[...methods].map(([m, n]) => `${m} ${n}`).join(', ')}); ${seconds} s per step; server ${nodeFlags.join(' ')}; 100 Trying: ${process.env.BENCH_SIP_TRYING ?? 'always'}; UDP I/O: ${udpIo}\n\n` +
      '| server | target calls/s | achieved calls/s | calls | failed | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | server CPU µs/call (sys) | sipp CPU µs/call | steal % | load avg | server-side p50 / p99 µs (≤ 5 ms) |\n' +
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n',
  );
  const warmup = Number(process.env.BENCH_SIP_WARMUP ?? 2000);
  if (warmup > 0) {
    await runStep(port, server.pid!, csv, warmup, 3, dir);
    await new Promise((res) => setTimeout(res, 1000));
  }
  const results: StepResult[] = [];
  const f = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '–');
  const print = (who: string, rate: number, r: StepResult): void => {
    process.stdout.write(
      `| ${who} | ${f(rate)} | ${f(r.achievedRate)} | ${f(r.successful + r.failed)} | ${f(r.failed)} | ${f(r.p50)} | ${f(r.p90)} | ${f(r.p99)} | ${f(r.p999)} | ${f(r.max)} | ${r.serverCpuUsPerCall.toFixed(1)} (${r.serverSysUsPerCall.toFixed(1)}) | ${r.sippCpuUsPerCall.toFixed(1)} | ${r.stealPercent.toFixed(1)} | ${os.loadavg()[0]!.toFixed(1)} | ${Number.isFinite(r.serverP99) ? `${f(r.serverP50)} / ${f(r.serverP99)} (${(100 * r.serverWithin5ms).toFixed(2)} %)` : '–'} |\n`,
    );
  };
  for (const rate of rates) {
    const r = await runStep(port, server.pid!, csv, rate, seconds, dir, serverHistogram);
    results.push(r);
    print('nodmeld', rate, r);
    if (reference) {
      await new Promise((res) => setTimeout(res, 1000));
      print(
        'reference (C)',
        rate,
        await runStep(reference.port, reference.child.pid!, csv, rate, seconds, dir),
      );
    }
    if (r.failed > 0 || r.exitCode !== 0) break;
    // sipp could not generate the rate: higher targets would measure sipp, not the server.
    if (r.achievedRate < rate * 0.9) break;
    await new Promise((res) => setTimeout(res, 1000));
  }
  // A step counts only when every call succeeded and sipp actually reached the target rate.
  const clean = results.filter(
    (r) => r.failed === 0 && r.exitCode === 0 && r.successful === r.calls && r.achievedRate >= r.rate * 0.9,
  );
  const fastest = (steps: StepResult[]): StepResult | undefined =>
    steps.reduce<StepResult | undefined>(
      (b, r) => (!b || r.achievedRate > b.achievedRate ? r : b),
      undefined,
    );
  const line = (what: string, r: StepResult | undefined): string =>
    r
      ? `${what}: ${Math.round(r.achievedRate).toLocaleString('en')} calls/s (target ${r.rate.toLocaleString('en')}), p99 ${Math.round(r.p99).toLocaleString('en')} µs\n`
      : `${what}: none\n`;
  // Zero failures alone is a weak bar for UDP: sipp retransmits and waits, so a saturated server
  // still completes every call, seconds late. The second line asks for the latency target too.
  process.stdout.write(
    `\n${line('highest rate with zero failed calls', fastest(clean))}` +
      line('highest rate with zero failed calls and p99 < 5 ms', fastest(clean.filter((r) => r.p99 < 5000))),
  );
  server.stdin!.end();
  await new Promise((res) => server.on('exit', res));
  reference?.child.kill();
  process.stdout.write(`sipp logs: ${dir}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
