/**
 * The traffic model's inputs other than the routing data and the staffing (issue 10 part 4).
 * Every default is documented with its reasoning in docs/simulator.md; they are our model of the
 * service, not measured data, except the annual volume and the published 2023 picture. PURE.
 */

/** A duration distribution: log-normal by mean and coefficient of variation, in ms. */
export interface DurationSpec {
  meanMs: number;
  cv: number;
}

export interface SimulationParameters {
  /** Calls to the legevakt numbers (116117 and the centres' 8-digit numbers) per year at scale 1. */
  callsPerYear: number;
  /** Multiplies the volume (0.01 = light demo traffic, 1 = the nation). */
  scale: number;
  /** Share of calls dialled to a centre's own 8-digit number instead of 116117 (no routing). */
  directShare: number;
  /** Networks of the 116117 calls (shares sum to 1). */
  networkShares: { mobile: number; fixed: number; ip: number };
  /** Mobile calls the operators' positioning cannot place (RT-3): the fallback menu. */
  unpositionedShare: number;
  /** Positioned mobile calls placed by a base station in another municipality of the county. */
  borderShare: number;
  /** Fixed-line calls from another operator's series (county only, RT-2). */
  otherFixedShare: number;
  /** Fixed-line callers who are not where their line is (a cabin line, a relative's phone). */
  elsewhereShare: number;
  /** Callers who give up in nodmeld's fallback menu before choosing (never offered to a centre). */
  fallbackMenuHangupShare: number;
  /** Time in nodmeld's fallback menu (postcode entry). */
  fallbackMenu: DurationSpec;
  /** The centre's voice menu / announcement before the call rings at the operators. */
  voiceMenu: DurationSpec;
  /** Callers who hang up in the centre's voice menu, before it rings. */
  voiceMenuHangupShare: number;
  /** How long a caller waits for an answer before hanging up. */
  patience: DurationSpec;
  /** From a free operator seeing the call ring to the answer. */
  pickUp: DurationSpec;
  /** Conversation length of an answered call. */
  talk: DurationSpec;
  /** Operator wrap-up after the call (documentation) before taking the next. */
  wrapUp: DurationSpec;
  /** Answered calls transferred to AMK (hastegrad akutt). */
  amkTransferShare: number;
  /** Urgency of the answered calls not transferred to AMK. */
  hasterShare: number;
  /** Network set-up between the routing decision and the offer at the centre (ms). */
  setupMs: number;
  /** Calls to 113, answered by the AMK centres (AMK-1: 90 % within 10 seconds). */
  amk: AmkParameters;
}

/**
 * The 113 calls (AMK-1). Our model, not measured: the sources give no annual 113 volume, so
 * `callsPerYear` is an assumption of the right order (a quarter of the legevakt volume); the rest
 * is what an AMK does — answer at once (no voice menu), short calls, most of them urgent.
 */
export interface AmkParameters {
  /** 113 calls per year at scale 1. */
  callsPerYear: number;
  /** How long a 113 caller waits for an answer before hanging up. */
  patience: DurationSpec;
  /** From a free operator seeing the call ring to the answer. */
  pickUp: DurationSpec;
  talk: DurationSpec;
  wrapUp: DurationSpec;
  /** Answered 113 calls handed to the caller's legevaktsentral (general practice, AMK-6). */
  legevaktHandoverShare: number;
  /** Urgency of the other answered 113 calls: akutt, then haster, the rest vanlig. */
  akuttShare: number;
  hasterShare: number;
  /** The AMK centres' staffing rule (the staffing file may override it per AMK centre). */
  staffing: { beta: number; minOperators: number };
}

export const DEFAULT_PARAMETERS: SimulationParameters = {
  callsPerYear: 3_200_000,
  scale: 1,
  directShare: 0.1,
  networkShares: { mobile: 0.78, fixed: 0.17, ip: 0.05 },
  unpositionedShare: 0.015,
  borderShare: 0.02,
  otherFixedShare: 0.05,
  elsewhereShare: 0.03,
  fallbackMenuHangupShare: 0.08,
  fallbackMenu: { meanMs: 35_000, cv: 0.3 },
  voiceMenu: { meanMs: 15_000, cv: 0.15 },
  voiceMenuHangupShare: 0.01,
  patience: { meanMs: 300_000, cv: 1.0 },
  pickUp: { meanMs: 8_000, cv: 0.5 },
  talk: { meanMs: 330_000, cv: 0.6 },
  wrapUp: { meanMs: 60_000, cv: 0.5 },
  amkTransferShare: 0.04,
  hasterShare: 0.2,
  setupMs: 1_000,
  amk: {
    callsPerYear: 800_000,
    patience: { meanMs: 90_000, cv: 1.0 },
    pickUp: { meanMs: 3_000, cv: 0.5 },
    talk: { meanMs: 150_000, cv: 0.7 },
    wrapUp: { meanMs: 90_000, cv: 0.5 },
    legevaktHandoverShare: 0.12,
    akuttShare: 0.4,
    hasterShare: 0.3,
    staffing: { beta: 1.5, minOperators: 2 },
  },
};

/** Mean operator time per answered call (talk + wrap-up), for staffing. */
export function meanHandleMs(p: SimulationParameters): number {
  return p.talk.meanMs + p.wrapUp.meanMs;
}

/** Mean AMK operator time per answered 113 call (talk + wrap-up), for staffing. */
export function meanAmkHandleMs(p: SimulationParameters): number {
  return p.amk.talk.meanMs + p.amk.wrapUp.meanMs;
}
