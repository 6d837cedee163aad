/**
 * The official figures (issue 10 part 2) read from the rollup cells, never by scanning calls: per
 * group and period of the asked granularity, and per group over the whole range. Weeks are added
 * up from day cells, years from month cells (rollup-store.ts). The range is widened to whole
 * periods: from the start of the period holding `from` to the end of the one holding the last
 * instant before `to`.
 */
import type { Queryable } from '../../platform/db/types.ts';
import type { CallService } from '../domain/call-event.ts';
import type { OfficialFigures } from '../statistics/official-figures.ts';
import type { Granularity } from '../statistics/periods.ts';
import { periodEndOf, periodOf } from '../statistics/periods.ts';
import type { Dimension, RollupCell } from '../statistics/rollup-cells.ts';
import { figuresOfCell } from '../statistics/rollup-cells.ts';
import { cellOfRaw, readRawCells, storedGranularityFor, type RawCell } from '../store/rollup-store.ts';

export interface FiguresQuery {
  service: CallService;
  dimension: Dimension;
  granularity: Granularity;
  fromMs: number;
  toMs: number;
  /** One group (a centre id, municipality or county number, AMK id, `NO`); all groups without it. */
  group?: string;
}

export interface FiguresRow {
  group: string;
  period: string;
  periodStartMs: number;
  periodEndMs: number;
  figures: OfficialFigures;
}

export interface FiguresResult {
  query: FiguresQuery;
  rows: FiguresRow[];
  /** Per group, over the whole range. */
  totals: Array<{ group: string; figures: OfficialFigures }>;
}

/** The range widened to whole periods of `g`. */
export function wholePeriods(g: Granularity, fromMs: number, toMs: number): { fromMs: number; toMs: number } {
  const first = periodOf(fromMs, g);
  const last = periodOf(Math.max(fromMs, toMs - 1), g);
  return { fromMs: first.startMs, toMs: periodEndOf(last) };
}

/**
 * Adds up raw cells (a week's days, a group's periods) into plain counts and a bucket array: far
 * cheaper than merging `Map` histograms cell by cell when thousands of cells are read.
 */
class CellSum {
  calls = 0;
  answered = 0;
  unanswered = 0;
  abandonedBeforeRinging = 0;
  wholeSeconds = 0;
  longestAnswerMs = -1;
  private readonly buckets: number[] = [];

  add(r: RawCell): void {
    this.calls += r.calls;
    this.answered += r.answered;
    this.unanswered += r.unanswered;
    this.abandonedBeforeRinging += r.abandonedBeforeRinging;
    this.wholeSeconds += r.wholeSeconds;
    if (r.longestAnswerMs > this.longestAnswerMs) this.longestAnswerMs = r.longestAnswerMs;
    const h = r.histogram;
    for (const b in h) {
      const n = h[b]!;
      if (n !== 0) {
        const i = Number(b);
        this.buckets[i] = (this.buckets[i] ?? 0) + n;
      }
    }
  }

  cell(): RollupCell {
    const histogram = new Map<number, number>();
    this.buckets.forEach((n, b) => {
      if (n !== 0) histogram.set(b, n);
    });
    return {
      calls: this.calls,
      answered: this.answered,
      unanswered: this.unanswered,
      abandonedBeforeRinging: this.abandonedBeforeRinging,
      wholeSeconds: this.wholeSeconds,
      histogram,
      longestAnswerMs: this.longestAnswerMs,
    };
  }
}

/**
 * The official figures of the query from the rollup cells; `too-many-cells` when more than
 * `maxCells` stored cells would have to be added up.
 */
export async function queryFigures(
  q: Queryable,
  query: FiguresQuery,
  maxCells = Number.MAX_SAFE_INTEGER,
): Promise<FiguresResult | 'too-many-cells'> {
  const range = wholePeriods(query.granularity, query.fromMs, query.toMs);
  const stored = storedGranularityFor(query.granularity);
  const cells = await readRawCells(q, {
    service: query.service,
    dimension: query.dimension,
    granularity: stored,
    fromMs: range.fromMs,
    toMs: range.toMs,
    ...(query.group !== undefined && { group: query.group }),
    limit: Math.min(maxCells, Number.MAX_SAFE_INTEGER - 1) + 1,
  });
  if (cells.length > maxCells) return 'too-many-cells';
  const byPeriod = new Map<
    string,
    { group: string; period: string; startMs: number; endMs: number; sum: CellSum | RawCell }
  >();
  const byGroup = new Map<string, CellSum>();
  for (const c of cells) {
    let period = c.key.period;
    let startMs = c.key.periodStartMs;
    let endMs = c.periodEndMs;
    if (stored !== query.granularity) {
      const p = periodOf(c.key.periodStartMs, query.granularity);
      period = p.key;
      startMs = p.startMs;
      endMs = periodEndOf(p);
    }
    const id = `${c.key.group}|${period}`;
    const entry = byPeriod.get(id);
    // A period of one stored cell is that cell; a week (its days) or a year (its months) is a sum.
    if (!entry) byPeriod.set(id, { group: c.key.group, period, startMs, endMs, sum: c });
    else {
      if (!(entry.sum instanceof CellSum)) {
        const sum = new CellSum();
        sum.add(entry.sum);
        entry.sum = sum;
      }
      entry.sum.add(c);
    }
    let total = byGroup.get(c.key.group);
    if (!total) byGroup.set(c.key.group, (total = new CellSum()));
    total.add(c);
  }
  const rows = [...byPeriod.values()]
    .sort((a, b) => a.startMs - b.startMs || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0))
    .map((e) => ({
      group: e.group,
      period: e.period,
      periodStartMs: e.startMs,
      periodEndMs: e.endMs,
      figures: figuresOfCell(query.service, e.sum instanceof CellSum ? e.sum.cell() : cellOfRaw(e.sum)),
    }));
  const totals = [...byGroup]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, sum]) => ({ group, figures: figuresOfCell(query.service, sum.cell()) }));
  return { query: { ...query, ...range }, rows, totals };
}
