/**
 * Test helper: the stored rollup cells compared with a recomputation from the `calls` table (what
 * the ingest keeps in step must equal what the calls say, issue 10 part 5).
 */
import type { Queryable } from '../../platform/db/types.ts';
import { cellId, cellToJson, rollupCalls } from '../statistics/rollup-cells.ts';
import { countedCallsOf, readAllCells, storeRollupOptions } from '../store/rollup-store.ts';

/** Stored and recomputed cells as plain data keyed by cell id (empty cells left out). */
export async function storedAndRecomputedCells(q: Queryable) {
  const stored: Record<string, unknown> = {};
  for (const c of await readAllCells(q)) {
    if (c.cell.calls !== 0) stored[cellId(c.key)] = { ...cellToJson(c.cell), startMs: c.key.periodStartMs };
  }
  const { calls, amkAreaOf } = await countedCallsOf(q);
  const recomputed: Record<string, unknown> = {};
  for (const [id, e] of rollupCalls(calls, storeRollupOptions(amkAreaOf))) {
    recomputed[id] = { ...cellToJson(e.cell), startMs: e.key.periodStartMs };
  }
  // The answered-within counts kept beside each histogram (migration 0025) equal its buckets.
  const counts = await q.query<{ id: string; histogram: string; s10: number; s120: number; s600: number }>(
    `SELECT concat_ws('/', service, dimension, granularity, group_id, period) AS id, histogram::text AS histogram,
            answered_within_10s AS s10, answered_within_2min AS s120, answered_within_10min AS s600
       FROM call_rollups`,
  );
  const withinMismatches: string[] = [];
  for (const r of counts.rows) {
    const buckets = Object.entries(JSON.parse(r.histogram) as Record<string, number>).map(
      ([b, n]) => [Number(b), n] as const,
    );
    const sum = (limit: number) => buckets.reduce((a, [b, n]) => (b <= limit ? a + n : a), 0);
    if (sum(10) !== r.s10 || sum(120) !== r.s120 || sum(600) !== r.s600) withinMismatches.push(r.id);
  }
  return { stored, recomputed, withinMismatches };
}
