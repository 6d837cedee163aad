/**
 * Answer-time figures exactly as the official national statistics count them (issue 10, part 2;
 * LV-4, AMK-1, RT-13). PURE: call records in, figures out; no I/O, no clock.
 *
 * ## The definitions
 * The health directorate's statistics for 116117 and the centres' 8-digit numbers ("Anrop og
 * svartid – legevakt", from the operations centre's telephony data) count:
 * - **number of calls = answered + unanswered** calls to the centre;
 * - **share of all calls answered within 2 minutes** and **within 10 minutes**: answered within the
 *   limit divided by *all* calls, unanswered ones included;
 * - **unanswered calls**;
 * - **median answer time** of the answered calls;
 * - **answer time** runs from the moment the call rings at the operators in the centre until an
 *   operator answers; time in the voice menu does not count.
 * For 113 the AMK figure is the share of all calls answered within 10 seconds (AMK-1: 90 %).
 *
 * ## How a call record maps onto them (decisions, docs/calls.md)
 * - A call counts for the centre it was **offered** to (the first centre; a later transfer is a
 *   leg of the same call, not a new call). A call that never reached a centre (routed, then the
 *   caller hung up in the fallback menu) is `not-offered` and counts nowhere.
 * - **Answered**: it has an answer. Answer time = `answeredAt − ringingAt` (the *first* ringing at
 *   the centre's operators; `queued` — voice menu, announcements — before it is not counted).
 *   An answered call whose ringing time is missing cannot be placed and is `incomplete`, listed
 *   with its id, never guessed.
 * - **Unanswered**: ended or abandoned without an answer — also when the caller hung up in the
 *   voice menu before it rang (counted separately as `abandonedBeforeRinging`, a subset): the
 *   official count is answered + unanswered of all calls to the centre, and leaving a call out
 *   because it never reached an operator would flatter the figure.
 * - A call still waiting is `in-progress` and not counted yet (its outcome is unknown).
 * - **Boundaries are inclusive**: "within 2 minutes" is answer time ≤ 120 000 ms, "within 10
 *   minutes" ≤ 600 000 ms, "within 10 seconds" ≤ 10 000 ms. The regulation's text
 *   (akuttmedisinforskriften §13: "80 prosent av alle henvendelser normalt kan besvares *innen to
 *   minutter*"; §15: "besvare 90 prosent av henvendelser fra publikum *innen 10 sekunder*",
 *   ../shared/seeds/004_f065adceb6750ebf.txt) says "innen" — by the end of — which includes an
 *   answer at exactly two minutes. Answer times are compared in milliseconds, so 120.001 s is
 *   outside.
 * - **Median** of an even count is the mean of the two middle answer times (exact, in ms).
 * - The call's period is the instant it was offered to the centre (or, when that event is
 *   missing, when it first queued or rang), in Europe/Oslo local time.
 * - The caller's municipality and county are the routing decision's (as it was made); calls to
 *   a centre's 8-digit number and to 113 carry no routing decision and group under `unknown`
 *   unless a decision was recorded.
 */
import type { CallService } from '../domain/call-event.ts';
import type { CallRecord } from '../domain/call-state.ts';

/** Thresholds in milliseconds, inclusive. */
export const WITHIN_10_SECONDS_MS = 10_000;
export const WITHIN_2_MINUTES_MS = 120_000;
export const WITHIN_10_MINUTES_MS = 600_000;
/** LV-4: 80 % of calls answered within 2 minutes. AMK-1: 90 % within 10 seconds. */
export const LV4_REQUIRED_SHARE = 0.8;
export const AMK1_REQUIRED_SHARE = 0.9;

/** A call as the official figures see it. */
export interface CountedCall {
  callId: string;
  service: CallService;
  centreId: string;
  /** The caller's municipality (routing decision), when known. */
  municipality?: string;
  county?: string;
  /** The instant that places the call in a period. */
  startAt: number;
  /** Answer time in ms for an answered call; undefined for an unanswered one. */
  answerMs?: number;
  /** Unanswered and never rang at an operator (hung up in the voice menu or queue announcement). */
  abandonedBeforeRinging: boolean;
}

export type Classification =
  | { kind: 'counted'; call: CountedCall }
  | { kind: 'in-progress' | 'not-offered'; callId: string }
  | { kind: 'incomplete'; callId: string; reason: 'no-called-number' | 'no-ringing-time' | 'no-answer-time' };

/** How a call record counts in the official figures (see the module comment). */
export function classifyCall(record: CallRecord): Classification {
  const callId = record.callId;
  if (record.centreId === undefined) return { kind: 'not-offered', callId };
  const startAt = record.offeredAt ?? record.queuedAt ?? record.ringingAt ?? record.answeredAt;
  if (record.service === undefined || startAt === undefined) {
    return { kind: 'incomplete', callId, reason: 'no-called-number' };
  }
  let answerMs: number | undefined;
  if (record.answeredAt !== undefined) {
    if (record.ringingAt === undefined) return { kind: 'incomplete', callId, reason: 'no-ringing-time' };
    answerMs = record.answeredAt - record.ringingAt;
  } else if (record.state === 'answered' || record.transfers.length > 0 || record.conferences.length > 0) {
    // Answered is implied (a transfer or conference was reported, also of a call that has since
    // ended) but the answer itself is not known yet: not an unanswered call.
    return { kind: 'incomplete', callId, reason: 'no-answer-time' };
  } else if (record.state !== 'ended' && record.state !== 'abandoned') {
    return { kind: 'in-progress', callId };
  }
  const municipality = record.routing?.municipality;
  const county = record.routing?.county ?? municipality?.slice(0, 2);
  return {
    kind: 'counted',
    call: {
      callId,
      service: record.service,
      centreId: record.centreId,
      ...(municipality !== undefined && { municipality }),
      ...(county !== undefined && { county }),
      startAt,
      ...(answerMs !== undefined && { answerMs }),
      abandonedBeforeRinging: answerMs === undefined && record.ringingAt === undefined,
    },
  };
}

/** Bounds of the median answer time; `exact` when they are the median itself. */
export interface MedianAnswer {
  minMs: number;
  maxMs: number;
  exact: boolean;
}

/** The official figures of a set of calls of one service. Shares are of all calls; null when there are none. */
export interface OfficialFigures {
  calls: number;
  answered: number;
  unanswered: number;
  abandonedBeforeRinging: number;
  answeredWithin10Seconds: number;
  answeredWithin2Minutes: number;
  answeredWithin10Minutes: number;
  shareWithin10Seconds: number | null;
  shareWithin2Minutes: number | null;
  shareWithin10Minutes: number | null;
  shareUnanswered: number | null;
  /** Median answer time of the answered calls; null when none was answered. */
  medianAnswer: MedianAnswer | null;
  longestAnswerMs: number | null;
  /** LV-4 for the legevakt service (share within 2 minutes ≥ 80 %), AMK-1 for 113 (within 10 s ≥ 90 %). */
  target: { requirement: 'LV-4' | 'AMK-1'; share: number | null; required: number; met: boolean | null };
}

/** Which calls a figure counted (drill-down): call ids in input order. */
export interface FiguresTrace {
  counted: string[];
  answered: string[];
  unanswered: string[];
  abandonedBeforeRinging: string[];
  answeredWithin10Seconds: string[];
  answeredWithin2Minutes: string[];
  answeredWithin10Minutes: string[];
  /** Not counted, and why. */
  inProgress: string[];
  notOffered: string[];
  incomplete: string[];
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** Figures from raw counts; shared by the direct computation and the rollup cells. */
export function figuresFromCounts(
  service: CallService,
  c: {
    answered: number;
    unanswered: number;
    abandonedBeforeRinging: number;
    within10s: number;
    within2min: number;
    within10min: number;
    medianAnswer: MedianAnswer | null;
    longestAnswerMs: number | null;
  },
): OfficialFigures {
  const calls = c.answered + c.unanswered;
  const shareWithin10Seconds = share(c.within10s, calls);
  const shareWithin2Minutes = share(c.within2min, calls);
  const lv = service === 'legevakt';
  const targetShare = lv ? shareWithin2Minutes : shareWithin10Seconds;
  const required = lv ? LV4_REQUIRED_SHARE : AMK1_REQUIRED_SHARE;
  return {
    calls,
    answered: c.answered,
    unanswered: c.unanswered,
    abandonedBeforeRinging: c.abandonedBeforeRinging,
    answeredWithin10Seconds: c.within10s,
    answeredWithin2Minutes: c.within2min,
    answeredWithin10Minutes: c.within10min,
    shareWithin10Seconds,
    shareWithin2Minutes,
    shareWithin10Minutes: share(c.within10min, calls),
    shareUnanswered: share(c.unanswered, calls),
    medianAnswer: c.medianAnswer,
    longestAnswerMs: c.longestAnswerMs,
    target: {
      requirement: lv ? 'LV-4' : 'AMK-1',
      share: targetShare,
      required,
      met: targetShare === null ? null : targetShare >= required,
    },
  };
}

/** Exact median of numbers (mean of the two middle ones for an even count); null for none. */
export function exactMedian(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >>> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The official figures of the counted calls of one service (calls of the other service are left
 * out), with the trace of which calls each figure counted.
 */
export function figuresOfCalls(
  calls: Iterable<CountedCall>,
  service: CallService,
): {
  figures: OfficialFigures;
  trace: Pick<FiguresTrace, Exclude<keyof FiguresTrace, 'inProgress' | 'notOffered' | 'incomplete'>>;
} {
  const trace = {
    counted: [] as string[],
    answered: [] as string[],
    unanswered: [] as string[],
    abandonedBeforeRinging: [] as string[],
    answeredWithin10Seconds: [] as string[],
    answeredWithin2Minutes: [] as string[],
    answeredWithin10Minutes: [] as string[],
  };
  const answerTimes: number[] = [];
  let longest: number | null = null;
  for (const call of calls) {
    if (call.service !== service) continue;
    trace.counted.push(call.callId);
    if (call.answerMs === undefined) {
      trace.unanswered.push(call.callId);
      if (call.abandonedBeforeRinging) trace.abandonedBeforeRinging.push(call.callId);
      continue;
    }
    const ms = call.answerMs;
    trace.answered.push(call.callId);
    answerTimes.push(ms);
    if (longest === null || ms > longest) longest = ms;
    if (ms <= WITHIN_10_SECONDS_MS) trace.answeredWithin10Seconds.push(call.callId);
    if (ms <= WITHIN_2_MINUTES_MS) trace.answeredWithin2Minutes.push(call.callId);
    if (ms <= WITHIN_10_MINUTES_MS) trace.answeredWithin10Minutes.push(call.callId);
  }
  const median = exactMedian(answerTimes);
  const figures = figuresFromCounts(service, {
    answered: trace.answered.length,
    unanswered: trace.unanswered.length,
    abandonedBeforeRinging: trace.abandonedBeforeRinging.length,
    within10s: trace.answeredWithin10Seconds.length,
    within2min: trace.answeredWithin2Minutes.length,
    within10min: trace.answeredWithin10Minutes.length,
    medianAnswer: median === null ? null : { minMs: median, maxMs: median, exact: true },
    longestAnswerMs: longest,
  });
  return { figures, trace };
}

/**
 * The official figures of call records of one service, with the full trace: which calls were
 * counted in each figure and which were not counted (in progress, never offered to a centre,
 * incomplete).
 */
export function computeOfficialFigures(
  records: Iterable<CallRecord>,
  service: CallService,
): { figures: OfficialFigures; trace: FiguresTrace } {
  const counted: CountedCall[] = [];
  const inProgress: string[] = [];
  const notOffered: string[] = [];
  const incomplete: string[] = [];
  for (const record of records) {
    if (record.service !== undefined && record.service !== service) continue;
    const c = classifyCall(record);
    if (c.kind === 'counted') counted.push(c.call);
    else if (c.kind === 'in-progress') inProgress.push(c.callId);
    else if (c.kind === 'not-offered') notOffered.push(c.callId);
    else incomplete.push(c.callId);
  }
  const { figures, trace } = figuresOfCalls(counted, service);
  return { figures, trace: { ...trace, inProgress, notOffered, incomplete } };
}
