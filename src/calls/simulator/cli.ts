/**
 * `nodmeld simulate`: the national traffic simulator (issue 10 part 4, docs/simulator.md).
 *
 *   nodmeld simulate --what-if [--year 2023] [--scale 1] [--seed N] [--staffing FILE] [--workers N] [--json]
 *   nodmeld simulate --server URL [--speed 60] [--scale 1] [--seed N] [--staffing FILE] [--hours N]
 */
import { parseArgs } from 'node:util';
import { findRunningServer } from '../../platform/cli/server-client.ts';
import type { CliCommand } from '../../platform/module.ts';
import { systemClock } from '../../platform/time/clock.ts';
import { mulberry32 } from '../../platform/seeded-random.ts';
import { withLocalToken } from '../../platform/auth/local-token.ts';
import { loadDefaultDataSet } from '../../routing/data/load.ts';
import type { RoutingDecision } from '../../routing/domain/types.ts';
import { DEFAULT_PARAMETERS } from './core/parameters.ts';
import { MS_PER_HOUR } from './core/profile.ts';
import type { StaffingSpec } from './core/staffing.ts';
import { TrafficModel } from './core/traffic-model.ts';
import type { SimulatorConfig } from './config.ts';
import { localRouting } from './local-routing.ts';
import { RealtimeSimulator, type RoutingPort } from './realtime.ts';
import { HttpCallEventSink } from './sink.ts';
import { DEFAULT_STAFFING_FILE, StaffingFileError, loadStaffingFile } from './staffing-file.ts';
import { defaultWorkers, runWhatIfParallel, type WhatIfReport } from './what-if.ts';

/** A command-line mistake: printed with the usage hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const SIMULATE_USAGE = `simulate --what-if [--year 2023] [--scale 1] [--seed N] [--staffing FILE] [--workers N] [--json]
                                         a year of national traffic in process: official figures
  nodmeld simulate --server URL [--speed 60] [--scale 1] [--seed N] [--staffing FILE] [--hours N]
                                         play traffic against a running server, speed × real time`;

export interface SimulateArgs {
  mode: 'what-if' | 'server';
  year: number;
  scale: number;
  seed: number;
  staffing?: string;
  json: boolean;
  server?: string;
  speed: number;
  hours?: number;
  /** Worker threads of a what-if run (the centres are split between them; same figures). */
  workers: number;
}

function numberOption(
  name: string,
  text: string | undefined,
  ok: (n: number) => boolean,
  rule: string,
): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !ok(n)) {
    throw new UsageError(`simulate: --${name} must be ${rule} (got "${text}")`);
  }
  return n;
}

/** Parses and checks the arguments; throws a UsageError naming the wrong one. */
export function parseSimulateArgs(argv: string[]): SimulateArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      'what-if': { type: 'boolean', default: false },
      server: { type: 'string' },
      year: { type: 'string' },
      scale: { type: 'string' },
      seed: { type: 'string' },
      staffing: { type: 'string' },
      speed: { type: 'string' },
      hours: { type: 'string' },
      workers: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(`simulate: unexpected argument "${positionals[0]}"`);
  const whatIf = values['what-if'];
  if (whatIf === (values.server !== undefined)) {
    throw new UsageError('simulate: give either --what-if (a year in process) or --server URL (real time)');
  }
  if (values.server !== undefined && !/^https?:\/\/[^\s/]+/.test(values.server)) {
    throw new UsageError(`simulate: --server must be an http(s) URL (got "${values.server}")`);
  }
  if (whatIf && (values.speed !== undefined || values.hours !== undefined)) {
    throw new UsageError('simulate: --speed and --hours belong to --server (real time)');
  }
  if (!whatIf && (values.year !== undefined || values.json || values.workers !== undefined)) {
    throw new UsageError('simulate: --year, --workers and --json belong to --what-if');
  }
  const year =
    numberOption(
      'year',
      values.year,
      (n) => Number.isInteger(n) && n >= 2000 && n <= 2099,
      'a year 2000–2099',
    ) ?? 2023;
  const scale =
    numberOption('scale', values.scale, (n) => n > 0 && n <= 10, 'a number above 0 and at most 10') ?? 1;
  const seed =
    numberOption(
      'seed',
      values.seed,
      (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32,
      'a whole number 0–4294967295',
    ) ?? year;
  const speed =
    numberOption(
      'speed',
      values.speed,
      (n) => n > 0 && n <= 100_000,
      'a number above 0 and at most 100000',
    ) ?? 60;
  const hours = numberOption(
    'hours',
    values.hours,
    (n) => n > 0 && n <= 24 * 366,
    'a number of simulated hours above 0 (at most a year)',
  );
  const workers =
    numberOption(
      'workers',
      values.workers,
      (n) => Number.isInteger(n) && n >= 1 && n <= 16,
      'a whole number 1–16',
    ) ?? defaultWorkers();
  return {
    mode: whatIf ? 'what-if' : 'server',
    workers,
    year,
    scale,
    seed,
    ...(values.staffing !== undefined && { staffing: values.staffing }),
    json: values.json,
    ...(values.server !== undefined && { server: values.server.replace(/\/+$/, '') }),
    speed,
    ...(hours !== undefined && { hours }),
  };
}

async function staffingOf(file: string | undefined): Promise<StaffingSpec> {
  try {
    return await loadStaffingFile(file ?? DEFAULT_STAFFING_FILE);
  } catch (err) {
    if (err instanceof StaffingFileError) throw new UsageError(`simulate: --staffing ${err.message}`);
    throw err;
  }
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);
const int = (n: number) => n.toLocaleString('en-GB');

/** The what-if report as text. */
export function formatWhatIf(r: WhatIfReport, year: number, staffing: string): string[] {
  const n = r.national;
  const median = n.medianAnswer
    ? `${Math.round((n.medianAnswer.minMs + n.medianAnswer.maxMs) / 2000)} s`
    : '–';
  const lines = [
    `What-if ${year} (Europe/Oslo), scale ${r.scale}, seed ${r.seed}, staffing ${staffing}`,
    `Simulated ${int(r.calls)} calls and ${int(r.events)} events in ${(r.wallMs / 1000).toFixed(1)} s on ${r.workers} thread(s) ` +
      `(${int(Math.round(r.events / (r.wallMs / 1000)))} events/s); the fold refused ${r.refused}`,
    '',
    `National (LV-4): ${pct(n.shareWithin2Minutes)} answered within 2 minutes, ${pct(n.shareWithin10Minutes)} within 10 minutes,`,
    `  ${int(n.calls)} calls, ${int(n.unanswered)} unanswered (${pct(n.shareUnanswered)}), median answer time ${median}`,
    `Centres at 80 % or better: ${r.centresAtTarget} of ${r.centres.length}`,
    `Unpositioned mobile calls ${pct(r.unpositionedShareOfMobile)} of mobile 116117 calls; misrouted ${pct(r.misroutedShare)}; ` +
      `lost in the voice menu ${pct(r.voiceMenuHangupShare)}; transferred to AMK ${int(r.amkTransfers)}; ` +
      `gave up in the fallback menu ${int(r.notOffered)}`,
    `113 (AMK-1): ${int(r.amk.national.calls)} calls, ${pct(r.amk.national.shareWithin10Seconds)} answered within 10 seconds, ` +
      `${int(r.amk.national.unanswered)} unanswered; AMK centres at 90 % or better: ${r.amk.centresAtTarget} of ${r.amk.centres.length}`,
    '',
    `${'centre'.padEnd(34)} ${'calls'.padStart(9)} ${'≤ 2 min'.padStart(8)} ${'unansw.'.padStart(8)} ${'median'.padStart(7)}`,
  ];
  const sorted = [...r.centres].sort(
    (a, b) => (b.figures.shareWithin2Minutes ?? 0) - (a.figures.shareWithin2Minutes ?? 0),
  );
  for (const c of sorted) {
    const f = c.figures;
    const m = f.medianAnswer ? `${Math.round((f.medianAnswer.minMs + f.medianAnswer.maxMs) / 2000)} s` : '–';
    lines.push(
      `${c.name.slice(0, 34).padEnd(34)} ${int(f.calls).padStart(9)} ${pct(f.shareWithin2Minutes).padStart(8)} ${pct(f.shareUnanswered).padStart(8)} ${m.padStart(7)}`,
    );
  }
  return lines;
}

/** The decision API of a running server as the network's routing port. */
function httpRoutingPort(server: NonNullable<Awaited<ReturnType<typeof findRunningServer>>>): RoutingPort {
  return {
    // The decision API records the routed event under the call id it is given.
    recordsRouted: true,
    async decide(call, atMs, callId) {
      const position =
        call.position && 'municipality' in call.position && call.position.municipality
          ? { municipality: call.position.municipality }
          : undefined;
      const r = await server.request<RoutingDecision & { dataVersion: number }>(
        'POST',
        '/api/v1/routing/decisions',
        {
          calledNumber: call.calledNumber,
          callingNumber: call.callingNumber,
          network: call.network,
          ...(position && { position }),
          at: new Date(atMs).toISOString(),
          callId,
        },
      );
      if (r.status !== 200)
        throw new Error(
          `${server.url}/api/v1/routing/decisions answered ${r.status}: ${r.text.slice(0, 200)}`,
        );
      return r.body;
    },
  };
}

export const simulateCommand: CliCommand<SimulatorConfig> = {
  usage: SIMULATE_USAGE,
  async run(argv, ctx) {
    const args = parseSimulateArgs(argv);
    const staffing = await staffingOf(args.staffing);
    const data = await loadDefaultDataSet();
    if (args.mode === 'what-if') {
      const report = await runWhatIfParallel(
        { data, staffing, year: args.year, scale: args.scale, seed: args.seed },
        args.workers,
      );
      if (args.json) ctx.out(JSON.stringify(report, null, 2));
      else
        for (const line of formatWhatIf(report, args.year, args.staffing ?? 'default (calibrated 2023)'))
          ctx.out(line);
      return report.refused === 0 ? 0 : 1;
    }
    const token = withLocalToken(ctx.platform, false).NODMELD_API_TOKEN;
    const server = await findRunningServer(args.server!, token);
    if (!server) {
      ctx.err(`nodmeld: no nodmeld server answers at ${args.server} (GET /healthz)`);
      return 1;
    }
    const fromMs = Math.floor(systemClock.nowMs() / MS_PER_HOUR) * MS_PER_HOUR;
    const hours = Math.ceil(args.hours ?? 24 * 7);
    const routing = localRouting(data, args.seed);
    const model = new TrafficModel({
      data,
      router: routing.router,
      params: { ...DEFAULT_PARAMETERS, scale: args.scale },
      staffing,
      fromMs,
      toMs: fromMs + hours * MS_PER_HOUR,
      seed: args.seed,
      makeRandom: mulberry32,
      callIdPrefix: `sim-${fromMs.toString(36)}-${args.seed}-`,
    });
    let reported = 0;
    const sim = new RealtimeSimulator({
      model,
      routing: httpRoutingPort(server),
      sink: new HttpCallEventSink(server),
      clock: systemClock,
      speed: args.speed,
      startAtMs: systemClock.nowMs(),
      onError: (err) => {
        if (reported++ < 5) ctx.err(`simulate: ${(err as Error).message}`);
      },
    }).start();
    ctx.out(
      `Simulating ${hours} h of traffic at ${args.speed}× against ${server.url} (scale ${args.scale}); Ctrl-C stops`,
    );
    await new Promise<void>((resolve) => {
      const progress = setInterval(() => {
        const s = sim.stats;
        ctx.out(
          `${new Date(s.simulatedNowMs).toISOString()}  calls ${s.calls}  events sent ${s.eventsSent}  errors ${s.errors}`,
        );
        if (sim.done()) finish();
      }, 5000);
      const finish = () => {
        clearInterval(progress);
        process.off('SIGINT', finish);
        resolve();
      };
      process.once('SIGINT', finish);
    });
    await sim.stop();
    return sim.stats.errors === 0 ? 0 : 1;
  },
};
