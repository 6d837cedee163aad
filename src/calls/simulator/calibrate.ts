/**
 * Calibration of the default staffing (docs/simulator.md): per-centre staffing margins (`beta`)
 * such that the simulated year reproduces the published picture — about 63 % of calls nationally
 * answered within 2 minutes and about four in ten centres at 80 % or better (37 of 96 in 2023).
 *
 * Method. A centre's queue depends only on its own staffing and its own random stream (the demand
 * and routing draws do not depend on staffing), so every centre can be tuned at once:
 * 1. run the year with every centre at a low and a high margin: each centre's reachable range;
 * 2. give each centre a target share: a seeded draw picks the centres that meet 80 % (as many as the
 *    published share of centres) with targets in 82–95 %; the others get targets spread around a
 *    common level, solved so that the volume-weighted national share is the published one;
 * 3. bisect every centre's margin at once against its target, one simulated year per step.
 * The result is reproduced exactly by `nodmeld simulate --what-if --year <year> --seed <seed>`
 * with the written staffing, and approximately with other seeds.
 */
import { mulberry32 } from '../../platform/seeded-random.ts';
import type { RoutingDataSet } from '../../routing/domain/types.ts';
import { DEFAULT_PARAMETERS } from './core/parameters.ts';
import { deriveSeed } from './core/sampling.ts';
import { simulate } from './core/simulation.ts';
import type { StaffingSpec } from './core/staffing.ts';
import { localRouting } from './local-routing.ts';
import { yearSpan } from './what-if.ts';
import { WITHIN_2_MINUTES_MS } from '../statistics/official-figures.ts';

/**
 * Every centre has someone at the phone at least a fifth of the time (two of every ten minutes);
 * a small centre's nurse answers between patients. Below 1 so that a small centre can miss 80 %.
 */
export const CALIBRATED_MIN_OPERATORS = 0.2;

export interface CentreMeasure {
  calls: number;
  within2min: number;
}

/** Calls offered per centre and those answered within 2 minutes, for one simulated year (no fold: fast). */
export function measureCentres(
  data: RoutingDataSet,
  staffing: StaffingSpec,
  year: number,
  seed: number,
  scale = 1,
): Map<string, CentreMeasure> {
  const routing = localRouting(data, seed);
  const out = new Map<string, CentreMeasure>(data.centres.map((c) => [c.id, { calls: 0, within2min: 0 }]));
  simulate(
    {
      data,
      router: routing.router,
      decide: routing.decide,
      params: { ...DEFAULT_PARAMETERS, scale },
      staffing,
      ...yearSpan(year),
      seed,
      makeRandom: mulberry32,
      callIdPrefix: 'cal-',
    },
    (call) => {
      if (call.centreId === undefined) return;
      const m = out.get(call.centreId)!;
      m.calls++;
      if (call.answerMs !== undefined && call.answerMs <= WITHIN_2_MINUTES_MS) m.within2min++;
    },
  );
  return out;
}

export interface CalibrationTargets {
  nationalShare: number;
  centresAtTargetShare: number;
}

export interface CalibrationResult {
  staffing: StaffingSpec;
  targets: Map<string, number>;
  measured: Map<string, CentreMeasure>;
  national: number;
  centresAtTarget: number;
  log: string[];
}

const share = (m: CentreMeasure) => (m.calls === 0 ? 1 : m.within2min / m.calls);

export function calibrateStaffing(
  data: RoutingDataSet,
  opts: { year: number; seed: number; targets: CalibrationTargets; steps?: number; scale?: number },
  progress: (line: string) => void = () => {},
): CalibrationResult {
  const log: string[] = [];
  const say = (s: string) => {
    log.push(s);
    progress(s);
  };
  const ids = data.centres.map((c) => c.id);
  const spec = (betas: Map<string, number>): StaffingSpec => ({
    default: { beta: 1, minOperators: CALIBRATED_MIN_OPERATORS },
    centres: Object.fromEntries(ids.map((id) => [id, { beta: betas.get(id)! }])),
  });
  const measure = (betas: Map<string, number>) =>
    measureCentres(data, spec(betas), opts.year, opts.seed, opts.scale ?? 1);
  const lo = new Map(ids.map((id) => [id, -2]));
  const hi = new Map(ids.map((id) => [id, 4]));
  const floor = measure(lo);
  const ceiling = measure(hi);
  say(`reachable: floor and ceiling measured for ${ids.length} centres`);

  // Targets: which centres meet 80 % (a seeded draw among those that can), and the levels.
  const random = mulberry32(deriveSeed(opts.seed, 'calibration-targets'));
  const wanted = Math.round(opts.targets.centresAtTargetShare * ids.length);
  const order = ids
    .map((id) => ({ id, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.id);
  const good = new Set(order.filter((id) => share(ceiling.get(id)!) >= 0.84).slice(0, wanted));
  const targets = new Map<string, number>();
  for (const id of ids) {
    if (good.has(id)) targets.set(id, Math.min(0.82 + random() * 0.13, share(ceiling.get(id)!) - 0.005));
  }
  const spread = new Map(ids.map((id) => [id, (random() - 0.5) * 0.3]));
  const volume = (id: string) => ceiling.get(id)!.calls;
  const totalVolume = ids.reduce((s, id) => s + volume(id), 0);
  const badTarget = (id: string, base: number) =>
    Math.min(0.76, Math.max(share(floor.get(id)!) + 0.02, base + spread.get(id)!));
  const nationalAt = (base: number) =>
    ids.reduce((s, id) => s + volume(id) * (good.has(id) ? targets.get(id)! : badTarget(id, base)), 0) /
    totalVolume;
  let bLo = -1;
  let bHi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (bLo + bHi) / 2;
    if (nationalAt(mid) < opts.targets.nationalShare) bLo = mid;
    else bHi = mid;
  }
  const base = (bLo + bHi) / 2;
  for (const id of ids) if (!good.has(id)) targets.set(id, badTarget(id, base));
  say(
    `targets: ${good.size} centres at 82–95 %, the rest around ${(base * 100).toFixed(1)} % (national ${(nationalAt(base) * 100).toFixed(1)} %)`,
  );

  // Bisection on every centre's margin at once.
  let measured = ceiling;
  const steps = opts.steps ?? 9;
  for (let step = 0; step < steps; step++) {
    const mid = new Map(ids.map((id) => [id, (lo.get(id)! + hi.get(id)!) / 2]));
    measured = measure(mid);
    for (const id of ids) {
      if (share(measured.get(id)!) < targets.get(id)!) lo.set(id, mid.get(id)!);
      else hi.set(id, mid.get(id)!);
    }
    const { national, atTarget } = summarise(measured);
    say(
      `step ${step + 1}/${steps}: national ${(national * 100).toFixed(1)} %, ${atTarget} centres at ≥ 80 %`,
    );
  }
  // The final margins: the upper ends (each meets or just exceeds its target), rounded.
  const final = new Map(ids.map((id) => [id, Math.round(hi.get(id)! * 1000) / 1000]));
  measured = measure(final);
  const { national, atTarget } = summarise(measured);
  say(`final: national ${(national * 100).toFixed(1)} %, ${atTarget} of ${ids.length} centres at ≥ 80 %`);
  return { staffing: spec(final), targets, measured, national, centresAtTarget: atTarget, log };
}

function summarise(measured: Map<string, CentreMeasure>): { national: number; atTarget: number } {
  let calls = 0;
  let within = 0;
  let atTarget = 0;
  for (const m of measured.values()) {
    calls += m.calls;
    within += m.within2min;
    if (m.calls > 0 && m.within2min / m.calls >= 0.8) atTarget++;
  }
  return { national: calls === 0 ? 0 : within / calls, atTarget };
}
