/**
 * `nodmeld simulate --what-if`: a whole year of national traffic in process, on the simulated
 * clock, each call's events folded through the pure fold (call-state.ts) and counted into rollup
 * cells (rollup-cells.ts) exactly as the store will count them — then the official figures,
 * nationally and per centre (LV-4: share answered within 2 minutes, centres at 80 % or better).
 */
import { applyCallEvent, type CallEventRefusal, type CallHistory } from '../domain/call-state.ts';
import { classifyCall, type OfficialFigures } from '../statistics/official-figures.ts';
import {
  NATIONAL_GROUP,
  addCallToRollup,
  emptyCell,
  figuresOfCell,
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
  /** Also called with every simulated call (tests). */
  onCall?: (call: SimulatedCall) => void;
}

export interface CentreFigures {
  centreId: string;
  name: string;
  figures: OfficialFigures;
}

export interface WhatIfReport {
  fromMs: number;
  toMs: number;
  scale: number;
  seed: number;
  calls: number;
  events: number;
  /** Events the fold refused (a simulator bug if not 0). */
  refused: number;
  refusals: CallEventRefusal[];
  /** Calls the figures leave out: never offered (gave up in the fallback menu), incomplete. */
  notOffered: number;
  incomplete: number;
  national: OfficialFigures;
  centres: CentreFigures[];
  centresAtTarget: number;
  /** Shares the model promises (of the 116117 mobile calls / of the calls offered to a centre). */
  unpositionedShareOfMobile: number;
  misroutedShare: number;
  voiceMenuHangupShare: number;
  amkTransfers: number;
  wallMs: number;
}

const ROLLUP: RollupOptions = { dimensions: ['centre', 'national'], granularities: ['year'] };

/** The span of a year in Europe/Oslo. */
export function yearSpan(year: number): { fromMs: number; toMs: number } {
  return { fromMs: osloInstant(`${year}-01-01`), toMs: osloInstant(`${year + 1}-01-01`) };
}

export function runWhatIf(opts: WhatIfOptions): WhatIfReport {
  const started = performance.now();
  const seed = opts.seed ?? 2023;
  const scale = opts.scale ?? 1;
  const span = opts.span ?? yearSpan(opts.year ?? 2023);
  const routing = localRouting(opts.data, seed);
  const params: SimulationParameters = { ...DEFAULT_PARAMETERS, ...opts.params, scale };
  const rollup: Rollup = new Map();
  const refusals: CallEventRefusal[] = [];
  let refused = 0;
  let notOffered = 0;
  let incomplete = 0;
  let mobile116117 = 0;
  let unpositioned = 0;
  let offered = 0;
  let misrouted = 0;
  let voiceMenuHangups = 0;
  let amkTransfers = 0;
  const summary = simulate(
    {
      data: opts.data,
      router: routing.router,
      decide: routing.decide,
      params,
      staffing: opts.staffing,
      ...span,
      seed,
      makeRandom: mulberry32,
      callIdPrefix: `sim-${seed}-`,
    },
    (call) => {
      opts.onCall?.(call);
      let history: CallHistory | undefined;
      for (const event of call.events) {
        const outcome = applyCallEvent(history, event);
        if (outcome.kind === 'applied') history = outcome.history;
        else if (outcome.kind === 'refused') {
          refused++;
          if (refusals.length < 20) refusals.push(outcome.refusal);
        }
      }
      if (!call.direct && call.network === 'mobile') {
        mobile116117++;
        if (call.unpositioned) unpositioned++;
      }
      if (call.centreId !== undefined) offered++;
      if (call.misrouted) misrouted++;
      if (call.outcome === 'voice-menu-hangup') voiceMenuHangups++;
      if (history === undefined) return;
      const record = history.record;
      if (record.transfers.some((t) => t.target.kind === 'amk')) amkTransfers++;
      const c = classifyCall(record);
      if (c.kind === 'counted') addCallToRollup(rollup, c.call, ROLLUP);
      else if (c.kind === 'not-offered') notOffered++;
      else incomplete++;
    },
  );
  const nationalEntry = [...rollup.values()].find(
    (e) => e.key.dimension === 'national' && e.key.group === NATIONAL_GROUP,
  );
  const byCentre = new Map<string, OfficialFigures>();
  for (const entry of rollup.values()) {
    if (entry.key.dimension === 'centre')
      byCentre.set(entry.key.group, figuresOfCell('legevakt', entry.cell));
  }
  const centres: CentreFigures[] = opts.data.centres
    .filter((c) => byCentre.has(c.id))
    .map((c) => ({ centreId: c.id, name: c.name, figures: byCentre.get(c.id)! }));
  const national = figuresOfCell('legevakt', nationalEntry?.cell ?? emptyCell());
  return {
    ...span,
    scale,
    seed,
    calls: summary.calls,
    events: summary.events,
    refused,
    refusals,
    notOffered,
    incomplete,
    national,
    centres,
    centresAtTarget: centres.filter((c) => c.figures.target.met === true).length,
    unpositionedShareOfMobile: mobile116117 === 0 ? 0 : unpositioned / mobile116117,
    misroutedShare: offered === 0 ? 0 : misrouted / offered,
    voiceMenuHangupShare: offered === 0 ? 0 : voiceMenuHangups / offered,
    amkTransfers,
    wallMs: performance.now() - started,
  };
}
