/**
 * `nodmeld simulate --what-if`: a whole year of national traffic in process, on the simulated
 * clock, each call's events folded through the pure fold (call-state.ts) and counted into rollup
 * cells (rollup-cells.ts) exactly as the store will count them — then the official figures,
 * nationally and per centre (LV-4: share answered within 2 minutes, centres at 80 % or better).
 *
 * With `workers` > 1 the centres are split over worker threads (what-if-worker.ts): each plays the
 * same demand and routing and only its centres' calls, and the rollups are merged — the same
 * figures as one thread (simulation.ts, `owns`).
 */
import { availableParallelism } from 'node:os';
import { startTsWorker } from '../../platform/threads/ts-worker.ts';
import {
  applyCallEvent,
  foldOrderedEvents,
  type CallEventRefusal,
  type CallHistory,
  type CallRecord,
} from '../domain/call-state.ts';
import { classifyCall, type OfficialFigures } from '../statistics/official-figures.ts';
import {
  NATIONAL_GROUP,
  addCallToRollup,
  emptyCell,
  figuresOfCell,
  mergeRollupInto,
  type Rollup,
  type RollupOptions,
} from '../statistics/rollup-cells.ts';
import { osloInstant } from '../../platform/time/calendar.ts';
import { mulberry32 } from '../../platform/seeded-random.ts';
import type { RoutingDataSet } from '../../routing/domain/types.ts';
import { DEFAULT_PARAMETERS, type SimulationParameters } from './core/parameters.ts';
import { simulate } from './core/simulation.ts';
import type { StaffingSpec } from './core/staffing.ts';
import type { SimulatedCall } from './core/traffic-model.ts';
import { localRouting } from './local-routing.ts';

export interface WhatIfOptions {
  data: RoutingDataSet;
  staffing: StaffingSpec;
  /** The year to simulate (Europe/Oslo), or an explicit span. */
  year?: number;
  span?: { fromMs: number; toMs: number };
  scale?: number;
  seed?: number;
  params?: Partial<SimulationParameters>;
  /** Also called with every simulated call (tests; one thread only). */
  onCall?: (call: SimulatedCall) => void;
}

export interface CentreFigures {
  centreId: string;
  name: string;
  figures: OfficialFigures;
}

export interface WhatIfReport extends Pick<
  WhatIfTally,
  'calls' | 'events' | 'refused' | 'refusals' | 'notOffered' | 'incomplete' | 'amkTransfers' | 'amkCalls'
> {
  fromMs: number;
  toMs: number;
  scale: number;
  seed: number;
  workers: number;
  national: OfficialFigures;
  centres: CentreFigures[];
  centresAtTarget: number;
  /** 113 calls at the AMK centres (AMK-1: 90 % answered within 10 seconds). */
  amk: { national: OfficialFigures; centres: CentreFigures[]; centresAtTarget: number };
  /** Shares the model promises (of the 116117 mobile calls / of the calls offered to a centre). */
  unpositionedShareOfMobile: number;
  misroutedShare: number;
  voiceMenuHangupShare: number;
  wallMs: number;
}

const ROLLUP: RollupOptions = { dimensions: ['centre', 'national'], granularities: ['year'] };

/** The span of a year in Europe/Oslo. */
export function yearSpan(year: number): { fromMs: number; toMs: number } {
  return { fromMs: osloInstant(`${year}-01-01`), toMs: osloInstant(`${year + 1}-01-01`) };
}

/** What a run (or a worker's share of it) has counted; plain data, so a worker can send it. */
export interface WhatIfTally {
  calls: number;
  events: number;
  /** Events the fold refused (a simulator bug if not 0). */
  refused: number;
  refusals: CallEventRefusal[];
  /** Calls the figures leave out: never offered (gave up in the fallback menu), incomplete. */
  notOffered: number;
  incomplete: number;
  mobile116117: number;
  unpositioned: number;
  offered: number;
  misrouted: number;
  voiceMenuHangups: number;
  amkTransfers: number;
  /** 113 calls (the rest are the legevakt's: 116117 and the centres' numbers). */
  amkCalls: number;
  rollup: Rollup;
}

export function emptyTally(): WhatIfTally {
  return {
    calls: 0,
    events: 0,
    refused: 0,
    refusals: [],
    notOffered: 0,
    incomplete: 0,
    mobile116117: 0,
    unpositioned: 0,
    offered: 0,
    misrouted: 0,
    voiceMenuHangups: 0,
    amkTransfers: 0,
    amkCalls: 0,
    rollup: new Map(),
  };
}

/**
 * The record of a simulated call: its events come in time order, so the fold's fast path folds
 * them once; should it decline (never for a sound simulator), the general fold places and refuses
 * them one by one and the refusals are counted (mutates `t`).
 */
function recordOf(t: WhatIfTally, call: SimulatedCall): CallRecord | undefined {
  const fast = foldOrderedEvents(call.callId, call.timed);
  if (fast !== undefined || call.timed.length === 0) return fast;
  let history: CallHistory | undefined;
  for (const event of call.events) {
    const outcome = applyCallEvent(history, event);
    if (outcome.kind === 'applied') history = outcome.history;
    else if (outcome.kind === 'refused') {
      t.refused++;
      if (t.refusals.length < 20) t.refusals.push(outcome.refusal);
    }
  }
  return history?.record;
}

/** Folds one call's events and counts it (mutates `t`). */
export function tallyCall(t: WhatIfTally, call: SimulatedCall): void {
  t.calls++;
  t.events += call.timed.length;
  const record = recordOf(t, call);
  if (call.emergency) t.amkCalls++;
  else {
    if (!call.direct && call.network === 'mobile') {
      t.mobile116117++;
      if (call.unpositioned) t.unpositioned++;
    }
    if (call.centreId !== undefined) t.offered++;
  }
  if (call.misrouted) t.misrouted++;
  if (call.outcome === 'voice-menu-hangup') t.voiceMenuHangups++;
  if (record === undefined) return;
  if (record.transfers.some((x) => x.target.kind === 'amk')) t.amkTransfers++;
  const c = classifyCall(record);
  if (c.kind === 'counted') addCallToRollup(t.rollup, c.call, ROLLUP);
  else if (c.kind === 'not-offered') t.notOffered++;
  else t.incomplete++;
}

/** Adds `b` into `a` (mutates `a`). */
export function mergeTally(a: WhatIfTally, b: WhatIfTally): void {
  for (const k of [
    'calls',
    'events',
    'refused',
    'notOffered',
    'incomplete',
    'mobile116117',
    'unpositioned',
    'offered',
    'misrouted',
    'voiceMenuHangups',
    'amkTransfers',
    'amkCalls',
  ] as const) {
    a[k] += b[k];
  }
  a.refusals.push(...b.refusals.slice(0, Math.max(0, 20 - a.refusals.length)));
  mergeRollupInto(a.rollup, b.rollup);
}

/** The inputs of one thread's share of a run. */
export interface WhatIfPart {
  data: RoutingDataSet;
  staffing: StaffingSpec;
  span: { fromMs: number; toMs: number };
  scale: number;
  seed: number;
  params?: Partial<SimulationParameters>;
  /** This part's index and the number of parts: it plays the centres whose index ≡ part (mod parts). */
  part: number;
  parts: number;
}

/** Runs one part of a what-if run on this thread. */
export function runWhatIfPart(p: WhatIfPart, onCall?: (call: SimulatedCall) => void): WhatIfTally {
  const routing = localRouting(p.data, p.seed);
  const tally = emptyTally();
  const owner = new Map(
    [...p.data.centres, ...p.data.amkCentres].map((c, i) => [c.id, i % p.parts] as const),
  );
  simulate(
    {
      data: p.data,
      router: routing.router,
      decide: routing.decide,
      params: { ...DEFAULT_PARAMETERS, ...p.params, scale: p.scale },
      staffing: p.staffing,
      ...p.span,
      seed: p.seed,
      makeRandom: mulberry32,
      callIdPrefix: `sim-${p.seed}-`,
      // Calls never offered to a centre belong to part 0.
      owns: (centreId) => (centreId === undefined ? 0 : (owner.get(centreId) ?? 0)) === p.part,
    },
    (call) => {
      onCall?.(call);
      tallyCall(tally, call);
    },
  );
  return tally;
}

function report(
  opts: { data: RoutingDataSet; scale: number; seed: number; span: { fromMs: number; toMs: number } },
  t: WhatIfTally,
  workers: number,
  wallMs: number,
): WhatIfReport {
  const national = { legevakt: emptyCell(), amk: emptyCell() };
  const byCentre = new Map<string, OfficialFigures>();
  for (const entry of t.rollup.values()) {
    const service = entry.key.service;
    if (entry.key.dimension === 'centre') byCentre.set(entry.key.group, figuresOfCell(service, entry.cell));
    else if (entry.key.dimension === 'national' && entry.key.group === NATIONAL_GROUP)
      national[service] = entry.cell;
  }
  const figuresOf = (list: readonly { id: string; name: string }[]): CentreFigures[] =>
    list
      .filter((c) => byCentre.has(c.id))
      .map((c) => ({ centreId: c.id, name: c.name, figures: byCentre.get(c.id)! }));
  const centres = figuresOf(opts.data.centres);
  const amkCentres = figuresOf(opts.data.amkCentres);
  return {
    ...opts.span,
    scale: opts.scale,
    seed: opts.seed,
    workers,
    calls: t.calls,
    events: t.events,
    refused: t.refused,
    refusals: t.refusals,
    notOffered: t.notOffered,
    incomplete: t.incomplete,
    national: figuresOfCell('legevakt', national.legevakt),
    centres,
    centresAtTarget: centres.filter((c) => c.figures.target.met === true).length,
    amkCalls: t.amkCalls,
    amk: {
      national: figuresOfCell('amk', national.amk),
      centres: amkCentres,
      centresAtTarget: amkCentres.filter((c) => c.figures.target.met === true).length,
    },
    unpositionedShareOfMobile: t.mobile116117 === 0 ? 0 : t.unpositioned / t.mobile116117,
    misroutedShare: t.offered === 0 ? 0 : t.misrouted / t.offered,
    voiceMenuHangupShare: t.offered === 0 ? 0 : t.voiceMenuHangups / t.offered,
    amkTransfers: t.amkTransfers,
    wallMs,
  };
}

function resolved(opts: WhatIfOptions) {
  return {
    data: opts.data,
    seed: opts.seed ?? 2023,
    scale: opts.scale ?? 1,
    span: opts.span ?? yearSpan(opts.year ?? 2023),
  };
}

/** One what-if run on this thread. */
export function runWhatIf(opts: WhatIfOptions): WhatIfReport {
  const started = performance.now();
  const o = resolved(opts);
  const tally = runWhatIfPart(
    { ...o, staffing: opts.staffing, ...(opts.params && { params: opts.params }), part: 0, parts: 1 },
    opts.onCall,
  );
  return report(o, tally, 1, performance.now() - started);
}

/** Worker threads a what-if run uses by default: the cores, at most 4. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/** One what-if run over `workers` threads (the same figures as one thread). */
export async function runWhatIfParallel(opts: WhatIfOptions, workers: number): Promise<WhatIfReport> {
  if (workers <= 1) return runWhatIf(opts);
  const started = performance.now();
  const o = resolved(opts);
  const entry = new URL('./what-if-worker.ts', import.meta.url);
  const parts = await Promise.all(
    Array.from({ length: workers }, (_, part) => {
      const workerData: WhatIfPart = {
        ...o,
        staffing: opts.staffing,
        ...(opts.params && { params: opts.params }),
        part,
        parts: workers,
      };
      return new Promise<WhatIfTally>((resolve, reject) => {
        const worker = startTsWorker(entry, { workerData });
        worker.once('message', (t: WhatIfTally) => resolve(t));
        worker.once('error', reject);
        worker.once('exit', (code) => {
          if (code !== 0) reject(new Error(`what-if worker ${part} exited with code ${code}`));
        });
      });
    }),
  );
  const total = emptyTally();
  for (const t of parts) mergeTally(total, t);
  return report(o, total, workers, performance.now() - started);
}
