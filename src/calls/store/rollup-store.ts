/**
 * The rollup cells in the database (`call_rollups`, migration 0024): the pure cells of
 * statistics/rollup-cells.ts, kept up to date by the ingest in the transaction that changes a
 * call. When a call's contribution changes (in progress → answered, a late ringing that moves its
 * answer time) the old contribution is taken out and the new one added, as one signed delta per
 * cell, applied with one upsert per batch in key order (so concurrent batches lock cells in the
 * same order). The longest wait is a maximum and cannot be subtracted: when an answered call
 * leaves a cell, the cell's longest wait is read again from its calls (rare).
 */
import type { Queryable } from '../../platform/db/types.ts';
import type { CountedCall } from '../statistics/official-figures.ts';
import {
  WITHIN_10_MINUTES_MS,
  WITHIN_10_SECONDS_MS,
  WITHIN_2_MINUTES_MS,
} from '../statistics/official-figures.ts';
import type { Granularity } from '../statistics/periods.ts';
import { periodEndOf } from '../statistics/periods.ts';
import type {
  Dimension,
  HourCount,
  RollupCell,
  RollupKey,
  RollupOptions,
} from '../statistics/rollup-cells.ts';
import {
  addCallToCell,
  answeredWithin,
  cellId,
  cellKeysOf,
  dimensions,
  emptyCell,
  removeCallFromCell,
  UNKNOWN_GROUP,
} from '../statistics/rollup-cells.ts';
import { countedCallOfRow, type CountedCallRow } from './call-rows.ts';

/** Granularities kept as cells; weeks are added up from days and years from months. */
export const STORED_GRANULARITIES: readonly Granularity[] = ['hour', 'day', 'month'];

/** The stored granularity a figure of `g` is added up from (both nest in Europe/Oslo local time). */
export function storedGranularityFor(g: Granularity): Granularity {
  return g === 'week' ? 'day' : g === 'year' ? 'month' : g;
}

/** Rollup options of the store: every dimension, the stored granularities, the AMK area per call. */
export function storeRollupOptions(amkAreaOf: (call: CountedCall) => string | undefined): RollupOptions {
  return { dimensions, granularities: STORED_GRANULARITIES, amkAreaOf };
}

interface Delta {
  key: RollupKey;
  cell: RollupCell;
  /** A call left the cell: it may now be empty. */
  removed: boolean;
  /** An answered call left the cell: its longest wait must be read again from the calls. */
  recheckLongest: boolean;
}

/** Signed changes to cells, by cell id. */
export class RollupDeltas {
  readonly byId = new Map<string, Delta>();
  constructor(private readonly options: RollupOptions) {}

  private delta(key: RollupKey): Delta {
    const id = cellId(key);
    let d = this.byId.get(id);
    if (!d) this.byId.set(id, (d = { key, cell: emptyCell(), removed: false, recheckLongest: false }));
    return d;
  }

  add(call: CountedCall): void {
    for (const key of cellKeysOf(call, this.options)) addCallToCell(this.delta(key).cell, call);
  }

  remove(call: CountedCall): void {
    for (const key of cellKeysOf(call, this.options)) {
      const d = this.delta(key);
      removeCallFromCell(d.cell, call);
      d.removed = true;
      if (call.answerMs !== undefined) d.recheckLongest = true;
    }
  }

  get size(): number {
    return this.byId.size;
  }
}

const histogramJson = (h: Map<number, number>) => Object.fromEntries([...h].filter(([, n]) => n !== 0));

/** A cell as a `call_rollups` row (JSON for `jsonb_to_recordset`/`jsonb_populate_recordset`). */
export function cellRowOf(key: RollupKey, cell: RollupCell) {
  return {
    service: key.service,
    dimension: key.dimension,
    granularity: key.granularity,
    period_start: new Date(key.periodStartMs).toISOString(),
    group_id: key.group,
    period: key.period,
    period_end: new Date(
      periodEndOf({ granularity: key.granularity, key: key.period, startMs: key.periodStartMs }),
    ).toISOString(),
    calls: cell.calls,
    answered: cell.answered,
    unanswered: cell.unanswered,
    abandoned_before_ringing: cell.abandonedBeforeRinging,
    whole_seconds: cell.wholeSeconds,
    histogram: histogramJson(cell.histogram),
    longest_answer_ms: cell.longestAnswerMs,
    answered_within_10s: answeredWithin(cell, WITHIN_10_SECONDS_MS),
    answered_within_2min: answeredWithin(cell, WITHIN_2_MINUTES_MS),
    answered_within_10min: answeredWithin(cell, WITHIN_10_MINUTES_MS),
  };
}

const isZero = (c: RollupCell) =>
  c.calls === 0 &&
  c.answered === 0 &&
  c.unanswered === 0 &&
  c.abandonedBeforeRinging === 0 &&
  c.wholeSeconds === 0 &&
  [...c.histogram.values()].every((n) => n === 0);

const KEY_COLUMNS = 'service, dimension, granularity, period_start, group_id';

const UPSERT_CELLS_SQL = `INSERT INTO call_rollups AS c (${KEY_COLUMNS}, period, period_end, calls, answered, unanswered,
   abandoned_before_ringing, whole_seconds, histogram, longest_answer_ms,
   answered_within_10s, answered_within_2min, answered_within_10min)
 SELECT ${KEY_COLUMNS}, period, period_end, calls, answered, unanswered,
        abandoned_before_ringing, whole_seconds, histogram::jsonb, longest_answer_ms,
        answered_within_10s, answered_within_2min, answered_within_10min
   FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[],
        $7::timestamptz[], $8::integer[], $9::integer[], $10::integer[], $11::integer[],
        $12::integer[], $13::text[], $14::integer[], $15::integer[], $16::integer[], $17::integer[])
     WITH ORDINALITY AS r(service, dimension, granularity, period_start, group_id, period,
        period_end, calls, answered, unanswered, abandoned_before_ringing, whole_seconds,
        histogram, longest_answer_ms, answered_within_10s, answered_within_2min,
        answered_within_10min, n)
  ORDER BY n
 ON CONFLICT (${KEY_COLUMNS}) DO UPDATE SET
   calls = c.calls + EXCLUDED.calls,
   answered_within_10s = c.answered_within_10s + EXCLUDED.answered_within_10s,
   answered_within_2min = c.answered_within_2min + EXCLUDED.answered_within_2min,
   answered_within_10min = c.answered_within_10min + EXCLUDED.answered_within_10min,
   answered = c.answered + EXCLUDED.answered,
   unanswered = c.unanswered + EXCLUDED.unanswered,
   abandoned_before_ringing = c.abandoned_before_ringing + EXCLUDED.abandoned_before_ringing,
   whole_seconds = c.whole_seconds + EXCLUDED.whole_seconds,
   histogram = CASE WHEN EXCLUDED.histogram = '{}'::jsonb THEN c.histogram
                    ELSE c.histogram || (SELECT jsonb_object_agg(d.key, COALESCE((c.histogram->>d.key)::int, 0) + d.value::int)
                                           FROM jsonb_each_text(EXCLUDED.histogram) AS d) END,
   longest_answer_ms = GREATEST(c.longest_answer_ms, EXCLUDED.longest_answer_ms)`;

type CellParams = ReturnType<typeof cellRowOf> & { period_start_ms: number };

/**
 * The statements' parameters for a batch's deltas, worked out before its transaction writes
 * (the ingest plans a group while the previous one is written: ingest-queue.ts); null when the
 * deltas change nothing.
 */
export interface PreparedRollups {
  /** One array per column of the upsert, in key order; null when only removals are left. */
  upsert: unknown[][] | null;
  recheck: CellParams[];
  removed: CellParams[];
}

/** The parameters of `applyPreparedRollups`' statements (pure). */
export function prepareRollupDeltas(deltas: RollupDeltas): PreparedRollups | null {
  type Row = CellParams;
  const rows: Row[] = [];
  const recheck: Row[] = [];
  const removed: Row[] = [];
  for (const { key, cell, removed: wasRemoved, recheckLongest } of deltas.byId.values()) {
    const row = { ...cellRowOf(key, cell), period_start_ms: key.periodStartMs };
    if (recheckLongest) recheck.push(row);
    if (wasRemoved) removed.push(row);
    if (!isZero(cell) || cell.longestAnswerMs >= 0) rows.push(row);
  }
  if (rows.length === 0 && removed.length === 0) return null;
  rows.sort((a, b) =>
    a.service !== b.service
      ? a.service < b.service
        ? -1
        : 1
      : a.dimension !== b.dimension
        ? a.dimension < b.dimension
          ? -1
          : 1
        : a.granularity !== b.granularity
          ? a.granularity < b.granularity
            ? -1
            : 1
          : a.period_start_ms !== b.period_start_ms
            ? a.period_start_ms - b.period_start_ms
            : a.group_id < b.group_id
              ? -1
              : a.group_id > b.group_id
                ? 1
                : 0,
  );
  const col = <T>(f: (r: Row) => T) => rows.map(f);
  const upsert =
    rows.length === 0
      ? null
      : [
          col((r) => r.service),
          col((r) => r.dimension),
          col((r) => r.granularity),
          col((r) => r.period_start),
          col((r) => r.group_id),
          col((r) => r.period),
          col((r) => r.period_end),
          col((r) => r.calls),
          col((r) => r.answered),
          col((r) => r.unanswered),
          col((r) => r.abandoned_before_ringing),
          col((r) => r.whole_seconds),
          col((r) => JSON.stringify(r.histogram)),
          col((r) => r.longest_answer_ms),
          col((r) => r.answered_within_10s),
          col((r) => r.answered_within_2min),
          col((r) => r.answered_within_10min),
        ];
  return { upsert, recheck, removed };
}

/**
 * Applies the deltas (their parameters from prepareRollupDeltas) in one upsert in key order, then
 * repairs the longest waits and drops empty cells.
 */
export async function applyPreparedRollups(tx: Queryable, prepared: PreparedRollups): Promise<void> {
  const { upsert, recheck, removed } = prepared;
  if (upsert !== null) {
    // One typed array per column (`unnest`, in key order), the histogram deltas as JSON text; the
    // histogram is added to in the statement itself — a SQL function called per row cost about
    // twice as much (it is not inlined: its body holds a subquery).
    await tx.query(UPSERT_CELLS_SQL, upsert);
  }
  if (removed.length === 0) return;
  // Rare: an answered call left these cells (its answer time changed, or it no longer counts).
  for (const row of recheck) {
    const where = groupCondition(row.dimension, '$5');
    await tx.query(
      `UPDATE call_rollups SET longest_answer_ms = COALESCE((
          SELECT max(answer_ms) FROM calls
           WHERE counted = 'counted' AND service = $1 AND answer_ms IS NOT NULL
             AND started_at >= $4::timestamptz AND started_at < $6::timestamptz AND ${where}), -1)
        WHERE service = $1 AND dimension = $2 AND granularity = $3 AND period_start = $4::timestamptz
          AND group_id = $5`,
      [row.service, row.dimension, row.granularity, row.period_start, row.group_id, row.period_end],
    );
  }
  await tx.query(
    `DELETE FROM call_rollups WHERE calls = 0 AND answered = 0 AND unanswered = 0
        AND (${KEY_COLUMNS}) IN (SELECT ${KEY_COLUMNS}
              FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[])
                AS r(service, dimension, granularity, period_start, group_id))`,
    [
      removed.map((r) => r.service),
      removed.map((r) => r.dimension),
      removed.map((r) => r.granularity),
      removed.map((r) => r.period_start),
      removed.map((r) => r.group_id),
    ],
  );
}

/**
 * The SQL condition on `calls` for a group of a dimension (`param` holds the group): the columns
 * the cells were keyed by. Shared by the longest-wait repair and the drill-down list.
 */
export function groupCondition(dimension: Dimension, param: string): string {
  switch (dimension) {
    case 'centre':
      return `centre_id = ${param}`;
    case 'municipality':
      return `COALESCE(municipality, '${UNKNOWN_GROUP}') = ${param}`;
    case 'county':
      return `COALESCE(county, '${UNKNOWN_GROUP}') = ${param}`;
    case 'amk-area':
      return `COALESCE(amk_area, '${UNKNOWN_GROUP}') = ${param}`;
    case 'national':
      return `${param}::text IS NOT NULL`;
  }
}

export interface StoredCell {
  key: RollupKey;
  periodEndMs: number;
  cell: RollupCell;
}

interface CellRow {
  service: string;
  dimension: string;
  granularity: string;
  start_ms: number | string;
  end_ms: number | string;
  group_id: string;
  period: string;
  calls: number;
  answered: number;
  unanswered: number;
  abandoned_before_ringing: number;
  whole_seconds: number;
  histogram: string;
  longest_answer_ms: number;
}

/**
 * The columns of a cell as read: instants as epoch ms and the histogram as JSON text (parsed once
 * here — a 3-year report reads thousands of cells with hundreds of buckets each, and date and
 * jsonb parsing in the driver dominated it).
 */
const CELL_COLUMNS = `service, dimension, granularity, group_id, period,
  (extract(epoch FROM period_start) * 1000)::float8 AS start_ms,
  (extract(epoch FROM period_end) * 1000)::float8 AS end_ms,
  calls, answered, unanswered, abandoned_before_ringing, whole_seconds, histogram::text AS histogram,
  longest_answer_ms`;

/** A stored cell as read, its histogram still the parsed JSON object (`{"<s>": n}`, zeros possible). */
export interface RawCell {
  key: RollupKey;
  periodEndMs: number;
  calls: number;
  answered: number;
  unanswered: number;
  abandonedBeforeRinging: number;
  wholeSeconds: number;
  histogram: Record<string, number>;
  longestAnswerMs: number;
}

function rawOfRow(r: CellRow): RawCell {
  return {
    key: {
      service: r.service as RollupKey['service'],
      dimension: r.dimension as Dimension,
      group: r.group_id,
      granularity: r.granularity as Granularity,
      period: r.period,
      periodStartMs: Number(r.start_ms),
    },
    periodEndMs: Number(r.end_ms),
    calls: r.calls,
    answered: r.answered,
    unanswered: r.unanswered,
    abandonedBeforeRinging: r.abandoned_before_ringing,
    wholeSeconds: r.whole_seconds,
    histogram: JSON.parse(r.histogram) as Record<string, number>,
    longestAnswerMs: r.longest_answer_ms,
  };
}

/** The pure cell of a raw one. */
export function cellOfRaw(r: RawCell): RollupCell {
  const histogram = new Map<number, number>();
  // A bucket a call left stays in the stored histogram as 0 (calls_histogram_add).
  for (const b in r.histogram) if (r.histogram[b] !== 0) histogram.set(Number(b), r.histogram[b]!);
  return {
    calls: r.calls,
    answered: r.answered,
    unanswered: r.unanswered,
    abandonedBeforeRinging: r.abandonedBeforeRinging,
    wholeSeconds: r.wholeSeconds,
    histogram,
    longestAnswerMs: r.longestAnswerMs,
  };
}

const cellOfRow = (r: CellRow): StoredCell => {
  const raw = rawOfRow(r);
  return { key: raw.key, periodEndMs: raw.periodEndMs, cell: cellOfRaw(raw) };
};

/**
 * Stored cells of one service, dimension and stored granularity whose period starts in [fromMs,
 * toMs), as read (histograms not yet converted: a report adds most of them up).
 */
export async function readRawCells(
  q: Queryable,
  f: {
    service: string;
    dimension: Dimension;
    granularity: Granularity;
    fromMs: number;
    toMs: number;
    group?: string;
    /** At most this many cells. */
    limit?: number;
  },
): Promise<RawCell[]> {
  const params: unknown[] = [
    f.service,
    f.dimension,
    f.granularity,
    new Date(f.fromMs).toISOString(),
    new Date(f.toMs).toISOString(),
  ];
  if (f.group !== undefined) params.push(f.group);
  const r = await q.query<CellRow>(
    `SELECT ${CELL_COLUMNS}
       FROM call_rollups
      WHERE service = $1 AND dimension = $2 AND granularity = $3
        AND period_start >= $4::timestamptz AND period_start < $5::timestamptz
        ${f.group !== undefined ? 'AND group_id = $6' : ''}
      ORDER BY period_start, group_id${f.limit !== undefined ? ` LIMIT ${Math.floor(f.limit)}` : ''}`,
    params,
  );
  return r.rows.map(rawOfRow);
}

/** The same as pure cells. */
export async function readCells(q: Queryable, f: Parameters<typeof readRawCells>[1]): Promise<StoredCell[]> {
  return (await readRawCells(q, f)).map((r) => ({
    key: r.key,
    periodEndMs: r.periodEndMs,
    cell: cellOfRaw(r),
  }));
}

/**
 * The counts of a group's hour cells whose hour starts in [fromMs, toMs): no histograms (the
 * columns of migration 0025), so three years of hours are ~26,000 small rows.
 */
export async function readHourCounts(
  q: Queryable,
  f: { service: string; dimension: Dimension; group: string; fromMs: number; toMs: number },
): Promise<HourCount[]> {
  const r = await q.query<HourCount>(
    `SELECT period, calls, answered_within_10s AS "within10s", answered_within_2min AS "within2min",
            answered_within_10min AS "within10min"
       FROM call_rollups
      WHERE service = $1 AND dimension = $2 AND granularity = 'hour' AND group_id = $3
        AND period_start >= $4::timestamptz AND period_start < $5::timestamptz`,
    [f.service, f.dimension, f.group, new Date(f.fromMs).toISOString(), new Date(f.toMs).toISOString()],
  );
  return r.rows;
}

/** Every stored cell (tests and the rebuild check). */
export async function readAllCells(q: Queryable): Promise<StoredCell[]> {
  const r = await q.query<CellRow>(`SELECT ${CELL_COLUMNS} FROM call_rollups`);
  return r.rows.map(cellOfRow);
}

/** The counted calls as the `calls` table holds them, with their AMK areas (recomputation, tests). */
export async function countedCallsOf(
  q: Queryable,
): Promise<{ calls: CountedCall[]; amkAreaOf: (c: CountedCall) => string | undefined }> {
  const r = await q.query<CountedCallRow & { amk_area: string | null }>(
    `SELECT id, counted, service, centre_id, municipality, county, started_at, answer_ms,
            abandoned_before_ringing, amk_area FROM calls WHERE counted = 'counted'`,
  );
  const areas = new Map<string, string>();
  const calls: CountedCall[] = [];
  for (const row of r.rows) {
    const c = countedCallOfRow(row);
    if (!c) continue;
    calls.push(c);
    if (row.amk_area !== null) areas.set(c.callId, row.amk_area);
  }
  return { calls, amkAreaOf: (c) => areas.get(c.callId) };
}
