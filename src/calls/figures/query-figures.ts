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
import { emptyCell, figuresOfCell, mergeCellInto } from '../statistics/rollup-cells.ts';
import { readCells, storedGranularityFor } from '../store/rollup-store.ts';

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
  const cells = await readCells(q, {
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
    { group: string; period: string; startMs: number; endMs: number; cell: RollupCell }
  >();
  const byGroup = new Map<string, RollupCell>();
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
    let entry = byPeriod.get(id);
    if (!entry) byPeriod.set(id, (entry = { group: c.key.group, period, startMs, endMs, cell: emptyCell() }));
    mergeCellInto(entry.cell, c.cell);
    let total = byGroup.get(c.key.group);
    if (!total) byGroup.set(c.key.group, (total = emptyCell()));
    mergeCellInto(total, c.cell);
  }
  const rows = [...byPeriod.values()]
    .sort((a, b) => a.startMs - b.startMs || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0))
    .map((e) => ({
      group: e.group,
      period: e.period,
      periodStartMs: e.startMs,
      periodEndMs: e.endMs,
      figures: figuresOfCell(query.service, e.cell),
    }));
  const totals = [...byGroup]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, cell]) => ({ group, figures: figuresOfCell(query.service, cell) }));
  return { query: { ...query, ...range }, rows, totals };
}
