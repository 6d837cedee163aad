/**
 * `nodmeld simulate nodnett` (issue 14, NN-4; docs/simulator.md): the simulated Nødnett in this
 * process — up to 20,000 terminals moving, reporting LIP location reports through the real encoder
 * and decoder, now and then a safety alarm — played against a running nodmeld: the decoded
 * positions go to `POST /api/v1/amk/positions` once a second (≤ 10,000 a request), a safety alarm
 * at once to `POST /api/v1/amk/alarms`, with the configured integration token (the AMK's `report`
 * door). `--dry-run` runs it in process only (generate and decode, nothing sent). Prints what it
 * sent each second and a summary.
 *
 *   nodmeld simulate nodnett [--terminals 200] [--interval 10] [--alarms-per-hour 1] [--seed 1]
 *                            [--duration S] [--first-issi 7000001] [--server URL | --dry-run]
 *
 * Faults: a request the server refuses (401/403: the token) stops the run with a clear error; one
 * that fails (server gone, 5xx) is counted as `failed` and its positions dropped (telemetry: the
 * next report of each terminal replaces them); a failed alarm is sent again the next second.
 */
import { parseArgs } from 'node:util';
import { findRunningServer, type ServerClient } from '../platform/cli/server-client.ts';
import type { CliCommand } from '../platform/module.ts';
import { systemClock, type Clock, type Timer, type Timers } from '../platform/time/clock.ts';
import { withLocalToken } from '../platform/auth/local-token.ts';
import { createSimulatedNodnett, FIRST_ISSI, type SimulatedNodnett } from './simulator/simulated-nodnett.ts';
import { positionReportOf } from './amk-feed.ts';
import {
  createTerminalFeed,
  type NodnettEmergencyAlarm,
  type NodnettPosition,
  type TerminalFeed,
} from './terminal-feed.ts';

/** A command-line mistake: printed with the usage hint by the CLI, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const SIMULATE_NODNETT_USAGE = `simulate nodnett [--terminals 200] [--interval 10] [--alarms-per-hour 1] [--seed 1]
                   [--duration S] [--first-issi 7000001] [--server URL | --dry-run]
                                         simulated Nødnett terminals reporting positions and safety
                                         alarms to the running server (or --dry-run: in process only)`;

export interface SimulateNodnettArgs {
  terminals: number;
  /** Each terminal reports this often (seconds). */
  intervalS: number;
  /** Safety alarms per hour across the fleet (on average). */
  alarmsPerHour: number;
  seed: number;
  /** Seconds to run; null: until interrupted. */
  durationS: number | null;
  firstIssi: number;
  server: string | null;
  dryRun: boolean;
}

const MAX_ISSI = 2 ** 24 - 1;

function numberOption(name: string, text: string | undefined, ok: (n: number) => boolean, rule: string) {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !ok(n))
    throw new UsageError(`simulate nodnett: --${name} must be ${rule} (got "${text}")`);
  return n;
}
const whole = (lo: number, hi: number) => (n: number) => Number.isInteger(n) && n >= lo && n <= hi;

/** Parses and checks the arguments (after `simulate nodnett`); throws a UsageError naming the wrong one. */
export function parseSimulateNodnettArgs(argv: string[]): SimulateNodnettArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        terminals: { type: 'string' },
        interval: { type: 'string' },
        'alarms-per-hour': { type: 'string' },
        seed: { type: 'string' },
        duration: { type: 'string' },
        'first-issi': { type: 'string' },
        server: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(`simulate nodnett: ${(err as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0)
    throw new UsageError(`simulate nodnett: unexpected argument "${positionals[0]}"`);
  if (values.server !== undefined && values['dry-run'])
    throw new UsageError('simulate nodnett: give either --server URL or --dry-run, not both');
  if (values.server !== undefined && !/^https?:\/\/[^\s/]+/.test(values.server))
    throw new UsageError(`simulate nodnett: --server must be an http(s) URL (got "${values.server}")`);
  const terminals =
    numberOption('terminals', values.terminals, whole(1, 20_000), 'a whole number 1–20000') ?? 200;
  const intervalS = numberOption('interval', values.interval, whole(1, 3600), 'whole seconds 1–3600') ?? 10;
  const alarmsPerHour =
    numberOption(
      'alarms-per-hour',
      values['alarms-per-hour'],
      (n) => n >= 0 && n <= 36_000,
      'a number 0–36000',
    ) ?? 1;
  const reportsPerHour = (terminals * 3600) / intervalS;
  if (alarmsPerHour > reportsPerHour)
    throw new UsageError(
      `simulate nodnett: --alarms-per-hour ${alarmsPerHour} is more than the ${reportsPerHour} reports an hour of ${terminals} terminals every ${intervalS} s`,
    );
  const seed = numberOption('seed', values.seed, whole(0, 2 ** 31), 'a whole number 0–2147483648') ?? 1;
  const durationS =
    numberOption('duration', values.duration, whole(1, 7 * 86_400), 'whole seconds 1–604800') ?? null;
  const firstIssi =
    numberOption(
      'first-issi',
      values['first-issi'],
      whole(1, MAX_ISSI - terminals + 1),
      `a whole number 1–${MAX_ISSI - terminals + 1} (ISSIs are 24-bit)`,
    ) ?? FIRST_ISSI;
  return {
    terminals,
    intervalS,
    alarmsPerHour,
    seed,
    durationS,
    firstIssi,
    server: values.server ?? null,
    dryRun: values['dry-run'],
  };
}

/** One second's counts. */
export interface SecondCounts {
  second: number;
  positions: number;
  alarms: number;
  statuses: number;
  undecodable: number;
  /** Positions the server recorded (new) / said were duplicates / refused as not a position. */
  recorded: number;
  duplicates: number;
  rejected: number;
  alarmsSent: number;
  /** Requests that failed (server gone, 5xx); their positions are dropped, alarms retried. */
  failed: number;
}

/** The server refused the run's credentials: nothing more is sent. */
export class RefusedError extends Error {}

const BATCH = 10_000;

/**
 * The simulation on a clock: terminals report on the clock's timers; `flush()` (every second on
 * the clock once `start()`ed) sends what was decoded since the last one and returns its counts.
 */
export class NodnettSimulation {
  readonly network: SimulatedNodnett;
  private readonly feed: TerminalFeed;
  private positions: NodnettPosition[] = [];
  private alarms: NodnettEmergencyAlarm[] = [];
  private current = NodnettSimulation.zero(0);
  private second = 0;
  private timer: Timer | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private failures = 0;
  readonly total = NodnettSimulation.zero(0);

  private static zero(second: number): SecondCounts {
    return {
      second,
      positions: 0,
      alarms: 0,
      statuses: 0,
      undecodable: 0,
      recorded: 0,
      duplicates: 0,
      rejected: 0,
      alarmsSent: 0,
      failed: 0,
    };
  }

  constructor(
    private readonly o: {
      args: SimulateNodnettArgs;
      clock: Clock & Timers;
      /** The server, or null for a dry run. */
      client: Pick<ServerClient, 'request'> | null;
      /** Each second's counts (and a refusal) as they come. */
      onSecond?: (c: SecondCounts) => void;
      onError?: (err: Error) => void;
    },
  ) {
    const { args } = o;
    this.network = createSimulatedNodnett({
      seed: args.seed,
      terminals: args.terminals,
      firstIssi: args.firstIssi,
      clock: o.clock,
      reportIntervalMs: args.intervalS * 1000,
      emergencyPerReport: args.alarmsPerHour / ((args.terminals * 3600) / args.intervalS),
      statusPerReport: 0.01,
    });
    this.feed = createTerminalFeed(this.network);
    this.feed.subscribe((e) => {
      if (e.kind === 'position') {
        this.current.positions += 1;
        this.positions.push(e.position);
      } else if (e.kind === 'emergency-alarm') {
        this.current.alarms += 1;
        this.alarms.push(e.alarm);
      } else if (e.kind === 'status') this.current.statuses += 1;
      else this.current.undecodable += 1;
    });
  }

  /** Starts the terminals and the once-a-second send on the clock. */
  start(): void {
    this.network.control.start();
    this.timer = this.o.clock.setInterval(() => {
      this.chain = this.chain.then(() => this.flush()).catch((err: Error) => this.o.onError?.(err));
    }, 1000);
  }

  /** Waits for the sends started so far. */
  async idle(): Promise<void> {
    await this.chain;
  }

  /** Sends what was decoded since the last flush; resolves with that second's counts. */
  async flush(): Promise<SecondCounts> {
    this.second += 1;
    const c = this.current;
    c.second = this.second;
    this.current = NodnettSimulation.zero(this.second + 1);
    const positions = this.positions;
    const alarms = this.alarms;
    this.positions = [];
    this.alarms = [];
    const client = this.o.client;
    const failedBefore = this.failures;
    if (client) {
      // The alarms first, with the positions they came with: an operator must see them at once.
      const retry: typeof alarms = [];
      for (const a of alarms) {
        const r = await this.send(client, '/api/v1/amk/alarms', {
          issi: String(a.issi),
          observedAt: a.observedAt,
          source: 'simulator',
        });
        if (r === null) retry.push(a);
        else c.alarmsSent += 1;
      }
      this.alarms.unshift(...retry);
      for (let i = 0; i < positions.length; i += BATCH) {
        const batch = positions.slice(i, i + BATCH).map((p) => positionReportOf(p, 'simulator'));
        const r = await this.send<{ recorded: number; duplicates: number; rejected: number }>(
          client,
          '/api/v1/amk/positions',
          { positions: batch },
        );
        if (r) {
          c.recorded += r.recorded;
          c.duplicates += r.duplicates;
          c.rejected += r.rejected;
        }
      }
    }
    c.failed = this.failures - failedBefore;
    for (const k of Object.keys(this.total) as (keyof SecondCounts)[])
      if (k !== 'second') this.total[k] += c[k];
    this.total.second = this.second;
    this.o.onSecond?.(c);
    return c;
  }

  private async send<T>(
    client: Pick<ServerClient, 'request'>,
    path: string,
    body: unknown,
  ): Promise<T | null> {
    let r;
    try {
      r = await client.request<T>('POST', path, body);
    } catch {
      return this.failed();
    }
    if (r.status === 401 || r.status === 403)
      throw new RefusedError(
        `the server refused ${path} (${r.status}): set NODMELD_API_TOKEN to an integration token (or the operations centre's) that may report positions and alarms`,
      );
    if (r.status >= 200 && r.status < 300) return r.body;
    return this.failed();
  }

  private failed(): null {
    this.failures += 1;
    return null;
  }

  /** Failed requests so far. */
  failedRequests(): number {
    return this.failures;
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    await this.chain.catch(() => undefined);
    this.feed.stop();
    await this.network.close();
  }
}

const pad = (n: number, w: number) => String(n).padStart(w);

/** One line a second: what the terminals sent and what the server did with it. */
export function formatSecond(c: SecondCounts, dryRun: boolean): string {
  const base = `${pad(c.second, 5)} s  positions ${pad(c.positions, 6)}  alarms ${pad(c.alarms, 3)}  statuses ${pad(c.statuses, 4)}`;
  if (dryRun) return `${base}  undecodable ${c.undecodable}`;
  return `${base}  → recorded ${pad(c.recorded, 6)}  duplicates ${c.duplicates}  rejected ${c.rejected}  alarms sent ${c.alarmsSent}${c.failed ? `  failed requests ${c.failed}` : ''}`;
}

export const simulateNodnettCommand = async (
  argv: string[],
  ctx: Parameters<CliCommand['run']>[1],
  clock: Clock & Timers = systemClock,
): Promise<number> => {
  const args = parseSimulateNodnettArgs(argv);
  let client: ServerClient | null = null;
  if (!args.dryRun) {
    client = args.server
      ? await findRunningServer(args.server, withLocalToken(ctx.platform, false).NODMELD_API_TOKEN)
      : await ctx.server();
    if (!client) {
      ctx.err(
        `simulate nodnett: no nodmeld answers at ${args.server ?? 'the configured HOST:PORT'}: start it with \`nodmeld start\`, give --server URL, or run --dry-run\n`,
      );
      return 1;
    }
  }
  ctx.out(
    `${args.terminals} simulated Nødnett terminals (ISSI ${args.firstIssi}–${args.firstIssi + args.terminals - 1}), a report every ${args.intervalS} s, ` +
      `about ${args.alarmsPerHour} safety alarm(s) an hour, seed ${args.seed}` +
      (client ? ` → ${client.url}` : ' (dry run: nothing sent)') +
      `${args.durationS ? `, for ${args.durationS} s` : ', until interrupted (Ctrl-C)'}\n`,
  );
  let refused: Error | null = null;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const sim = new NodnettSimulation({
    args,
    clock,
    client,
    onSecond: (c) => {
      ctx.out(`${formatSecond(c, args.dryRun)}\n`);
      if (args.durationS !== null && c.second >= args.durationS) done();
    },
    onError: (err) => {
      refused = err;
      done();
    },
  });
  const stopOnSignal = () => done();
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  sim.start();
  try {
    await finished;
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await sim.stop();
  }
  if (refused) {
    ctx.err(`simulate nodnett: ${(refused as Error).message}\n`);
    return 1;
  }
  const t = sim.total;
  ctx.out(
    `In ${t.second} s: ${t.positions} positions, ${t.alarms} safety alarms, ${t.statuses} statuses` +
      (client
        ? `; the server recorded ${t.recorded} positions (${t.duplicates} duplicates, ${t.rejected} rejected) and ${t.alarmsSent} alarms; ${sim.failedRequests()} requests failed`
        : '') +
      '\n',
  );
  return 0;
};

export const simulateNodnettCli: CliCommand = {
  usage: SIMULATE_NODNETT_USAGE,
  run: (argv, ctx) => simulateNodnettCommand(argv, ctx),
};
