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
  return { stored, recomputed };
}
