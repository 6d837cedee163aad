/**
 * Incremental rollups of the official figures (official-figures.ts): one cell per (service,
 * grouping, group, period), holding mergeable counts and an answer-time histogram, so that a store
 * can keep them up to date call by call and add them up over any period, centre or area without
 * reading the calls again. PURE.
 *
 * ## Exactness
 * The histogram counts answered calls by answer time in whole seconds rounded **up**: bucket `s`
 * holds answer times in ((s − 1) s, s s], bucket 0 exactly 0 ms. The thresholds 10 s, 120 s and
 * 600 s are bucket edges, so "answered within" counts — and all the shares — are **exact** (the
 * same as computing on the calls: ceil(ms / 1000) ≤ 120 ⇔ ms ≤ 120 000). The **median is
 * bounded**: from the bucket(s) of the middle answer(s) it lies in [minMs, maxMs], at most one
 * second wide; it is **exact** whenever every answer time in the cell is a whole number of
 * seconds (what telephony call records usually give), which the cell tracks (`wholeSeconds`).
 *
 * Merging adds counts and histograms and takes the larger longest wait: it is associative and
 * commutative with the empty cell as identity, and merging the cells of two disjoint sets of
 * calls gives the cell of their union (the property tests check all of this).
 */
import type { CallService } from '../domain/call-event.ts';
import type { CountedCall, MedianAnswer, OfficialFigures } from './official-figures.ts';
import {
  WITHIN_10_MINUTES_MS,
  WITHIN_10_SECONDS_MS,
  WITHIN_2_MINUTES_MS,
  figuresFromCounts,
} from './official-figures.ts';
import type { Granularity } from './periods.ts';
import { periodOf } from './periods.ts';

/** How calls are grouped: the centre, the caller's municipality, county, AMK area, or the nation. */
export const dimensions = ['centre', 'municipality', 'county', 'amk-area', 'national'] as const;
export type Dimension = (typeof dimensions)[number];

/** Group name for calls whose municipality, county or AMK area is not known. */
export const UNKNOWN_GROUP = 'unknown';
/** The one group of the national dimension. */
export const NATIONAL_GROUP = 'NO';

export interface RollupCell {
  calls: number;
  answered: number;
  unanswered: number;
  abandonedBeforeRinging: number;
  /** Answered calls whose answer time is a whole number of seconds (the median is exact when all are). */
  wholeSeconds: number;
  /** Answered calls by answer time in seconds rounded up. */
  histogram: Map<number, number>;
  /** Longest answer time, ms; -1 while nothing is answered. */
  longestAnswerMs: number;
}

export interface RollupKey {
  service: CallService;
  dimension: Dimension;
  group: string;
  granularity: Granularity;
  period: string;
  periodStartMs: number;
}

export interface RollupEntry {
  key: RollupKey;
  cell: RollupCell;
}

/** Rollup cells by their key's text (`cellId`). */
export type Rollup = Map<string, RollupEntry>;

export interface RollupOptions {
  dimensions: readonly Dimension[];
  granularities: readonly Granularity[];
  /** The AMK area of a call (e.g. by the caller's municipality or the centre); `unknown` when undefined. */
  amkAreaOf?: (call: CountedCall) => string | undefined;
}

export function emptyCell(): RollupCell {
  return {
    calls: 0,
    answered: 0,
    unanswered: 0,
    abandonedBeforeRinging: 0,
    wholeSeconds: 0,
    histogram: new Map(),
    longestAnswerMs: -1,
  };
}

/** The bucket of an answer time: seconds rounded up. */
export function bucketOf(answerMs: number): number {
  return Math.ceil(answerMs / 1000);
}

/** Adds one counted call to a cell (mutates `cell`). */
export function addCallToCell(cell: RollupCell, call: CountedCall): void {
  cell.calls++;
  if (call.answerMs === undefined) {
    cell.unanswered++;
    if (call.abandonedBeforeRinging) cell.abandonedBeforeRinging++;
    return;
  }
  cell.answered++;
  if (call.answerMs % 1000 === 0) cell.wholeSeconds++;
  const b = bucketOf(call.answerMs);
  cell.histogram.set(b, (cell.histogram.get(b) ?? 0) + 1);
  if (call.answerMs > cell.longestAnswerMs) cell.longestAnswerMs = call.answerMs;
}

/**
 * Takes one counted call out of a cell (mutates `cell`): the inverse of {@link addCallToCell} for
 * every count and the histogram. The longest wait cannot be undone from the cell alone; a store
 * that removes the call holding it reads the new longest from its calls.
 */
export function removeCallFromCell(cell: RollupCell, call: CountedCall): void {
  cell.calls--;
  if (call.answerMs === undefined) {
    cell.unanswered--;
    if (call.abandonedBeforeRinging) cell.abandonedBeforeRinging--;
    return;
  }
  cell.answered--;
  if (call.answerMs % 1000 === 0) cell.wholeSeconds--;
  const b = bucketOf(call.answerMs);
  const n = (cell.histogram.get(b) ?? 0) - 1;
  if (n === 0) cell.histogram.delete(b);
  else cell.histogram.set(b, n);
}

/** Adds `source` into `target` (mutates `target`). */
export function mergeCellInto(target: RollupCell, source: RollupCell): void {
  target.calls += source.calls;
  target.answered += source.answered;
  target.unanswered += source.unanswered;
  target.abandonedBeforeRinging += source.abandonedBeforeRinging;
  target.wholeSeconds += source.wholeSeconds;
  for (const [b, n] of source.histogram) target.histogram.set(b, (target.histogram.get(b) ?? 0) + n);
  if (source.longestAnswerMs > target.longestAnswerMs) target.longestAnswerMs = source.longestAnswerMs;
}

/** A new cell holding both. */
export function mergeCells(a: RollupCell, b: RollupCell): RollupCell {
  const out = emptyCell();
  mergeCellInto(out, a);
  mergeCellInto(out, b);
  return out;
}

/** Answered calls with answer time ≤ `limitMs` (exact at bucket edges: whole seconds). */
/** Answered calls of a cell within a limit: its buckets up to the limit (answer time rounded up). */
export function answeredWithin(cell: RollupCell, limitMs: number): number {
  const lastBucket = limitMs / 1000;
  let n = 0;
  for (const [b, count] of cell.histogram) if (b <= lastBucket) n += count;
  return n;
}

/** The answer-time range of a bucket, in whole ms: 0 → [0, 0], s → [(s−1)·1000 + 1, s·1000]. */
function bucketRange(b: number, wholeSeconds: boolean): [number, number] {
  if (b === 0 || wholeSeconds) return [b * 1000, b * 1000];
  return [(b - 1) * 1000 + 1, b * 1000];
}

/** Median answer time of a cell: bounded by its middle buckets, exact when all answers are whole seconds. */
export function cellMedian(cell: RollupCell): MedianAnswer | null {
  if (cell.answered === 0) return null;
  const buckets = [...cell.histogram.keys()].sort((x, y) => x - y);
  const lowRank = (cell.answered - 1) >>> 1; // 0-based ranks of the middle answer(s)
  const highRank = cell.answered >>> 1;
  let seen = 0;
  let lowBucket = -1;
  let highBucket = -1;
  for (const b of buckets) {
    seen += cell.histogram.get(b)!;
    if (lowBucket < 0 && seen > lowRank) lowBucket = b;
    if (seen > highRank) {
      highBucket = b;
      break;
    }
  }
  const whole = cell.wholeSeconds === cell.answered;
  const [lo1, hi1] = bucketRange(lowBucket, whole);
  const [lo2, hi2] = bucketRange(highBucket, whole);
  const minMs = (lo1 + lo2) / 2;
  const maxMs = (hi1 + hi2) / 2;
  return { minMs, maxMs, exact: minMs === maxMs };
}

/** The official figures of a cell. */
export function figuresOfCell(service: CallService, cell: RollupCell): OfficialFigures {
  return figuresFromCounts(service, {
    answered: cell.answered,
    unanswered: cell.unanswered,
    abandonedBeforeRinging: cell.abandonedBeforeRinging,
    within10s: answeredWithin(cell, WITHIN_10_SECONDS_MS),
    within2min: answeredWithin(cell, WITHIN_2_MINUTES_MS),
    within10min: answeredWithin(cell, WITHIN_10_MINUTES_MS),
    medianAnswer: cellMedian(cell),
    longestAnswerMs: cell.longestAnswerMs < 0 ? null : cell.longestAnswerMs,
  });
}

/** The group of a call in a dimension. */
export function groupOf(
  call: CountedCall,
  dimension: Dimension,
  options: Pick<RollupOptions, 'amkAreaOf'>,
): string {
  switch (dimension) {
    case 'centre':
      return call.centreId;
    case 'municipality':
      return call.municipality ?? UNKNOWN_GROUP;
    case 'county':
      return call.county ?? UNKNOWN_GROUP;
    case 'amk-area':
      return options.amkAreaOf?.(call) ?? UNKNOWN_GROUP;
    case 'national':
      return NATIONAL_GROUP;
  }
}

/** The text id of a cell key (stable: a store may use it as a primary key). */
export function cellId(k: Omit<RollupKey, 'periodStartMs'>): string {
  return `${k.service}|${k.dimension}|${k.group}|${k.granularity}|${k.period}`;
}

/** The keys of every cell a call belongs to under the options. */
export function cellKeysOf(call: CountedCall, options: RollupOptions): RollupKey[] {
  const keys: RollupKey[] = [];
  for (const granularity of options.granularities) {
    const p = periodOf(call.startAt, granularity);
    for (const dimension of options.dimensions) {
      keys.push({
        service: call.service,
        dimension,
        group: groupOf(call, dimension, options),
        granularity,
        period: p.key,
        periodStartMs: p.startMs,
      });
    }
  }
  return keys;
}

/** Adds a counted call to every cell it belongs to (mutates `rollup`). Allocates only for new cells. */
export function addCallToRollup(rollup: Rollup, call: CountedCall, options: RollupOptions): void {
  for (const granularity of options.granularities) {
    const p = periodOf(call.startAt, granularity);
    for (const dimension of options.dimensions) {
      const group = groupOf(call, dimension, options);
      const id = `${call.service}|${dimension}|${group}|${granularity}|${p.key}`;
      let entry = rollup.get(id);
      if (!entry) {
        const key: RollupKey = {
          service: call.service,
          dimension,
          group,
          granularity,
          period: p.key,
          periodStartMs: p.startMs,
        };
        entry = { key, cell: emptyCell() };
        rollup.set(id, entry);
      }
      addCallToCell(entry.cell, call);
    }
  }
}

/** The rollup of a set of counted calls. */
export function rollupCalls(calls: Iterable<CountedCall>, options: RollupOptions): Rollup {
  const rollup: Rollup = new Map();
  for (const call of calls) addCallToRollup(rollup, call, options);
  return rollup;
}

/** Adds every cell of `source` into `target` (mutates `target`; never shares a cell with `source`). */
export function mergeRollupInto(target: Rollup, source: Rollup): void {
  for (const [id, entry] of source) {
    const existing = target.get(id);
    if (existing) mergeCellInto(existing.cell, entry.cell);
    else {
      const cell = emptyCell();
      mergeCellInto(cell, entry.cell);
      target.set(id, { key: entry.key, cell });
    }
  }
}

/** A new rollup holding both (cells with the same key merged). */
export function mergeRollups(a: Rollup, b: Rollup): Rollup {
  const out: Rollup = new Map();
  mergeRollupInto(out, a);
  mergeRollupInto(out, b);
  return out;
}

/** A cell as plain, canonically ordered data (for storage and comparison). */
export function cellToJson(cell: RollupCell): {
  calls: number;
  answered: number;
  unanswered: number;
  abandonedBeforeRinging: number;
  wholeSeconds: number;
  histogram: Array<[number, number]>;
  longestAnswerMs: number;
} {
  return {
    calls: cell.calls,
    answered: cell.answered,
    unanswered: cell.unanswered,
    abandonedBeforeRinging: cell.abandonedBeforeRinging,
    wholeSeconds: cell.wholeSeconds,
    histogram: [...cell.histogram].sort((x, y) => x[0] - y[0]),
    longestAnswerMs: cell.longestAnswerMs,
  };
}

/** The calls of one hour cell and those answered within each limit (the hour-of-week profile). */
export interface HourCount {
  /** The hour's period key (`2026-03-02T14+01:00`). */
  period: string;
  calls: number;
  within10s: number;
  within2min: number;
  within10min: number;
}

/** The counts of hour cells (what a store keeps beside each histogram, migration 0025). */
export function hourCountsOf(entries: readonly RollupEntry[]): HourCount[] {
  return entries.map(({ key, cell }) => ({
    period: key.period,
    calls: cell.calls,
    within10s: answeredWithin(cell, WITHIN_10_SECONDS_MS),
    within2min: answeredWithin(cell, WITHIN_2_MINUTES_MS),
    within10min: answeredWithin(cell, WITHIN_10_MINUTES_MS),
  }));
}
