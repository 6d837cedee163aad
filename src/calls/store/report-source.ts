/**
 * The calls store as the reports' `CallReportSource` (RT-13; reports/model/source.ts): the rollup
 * cells of a group, and the calls behind a report's lists. The lists fold only the calls that can
 * appear in them — every misrouted call and every handover to AMK of the range (a partial index
 * finds those few), and the `limit` longest waits — so their totals and top lists equal those of
 * all the range's calls, without reading them all.
 */
import type { Queryable } from '../../platform/db/types.ts';
import type { CallEvent } from '../domain/call-event.ts';
import type { CallRecord } from '../domain/call-state.ts';
import { compareEvents, foldCallEvents, placeEvent } from '../domain/call-state.ts';
import { callListsOf } from '../reports/model/call-lists.ts';
import type { CallReportSource } from '../reports/model/source.ts';
import { groupCondition, readCells, readHourCounts } from './rollup-store.ts';

/** The records of calls, folded from their stored events. */
export async function recordsOf(q: Queryable, ids: readonly string[]): Promise<CallRecord[]> {
  if (ids.length === 0) return [];
  const r = await q.query<{ call_id: string; payload: CallEvent | string }>(
    `SELECT call_id, payload FROM call_events WHERE call_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
    [JSON.stringify(ids)],
  );
  const byCall = new Map<string, ReturnType<typeof placeEvent>[]>();
  for (const row of r.rows) {
    const e = typeof row.payload === 'string' ? (JSON.parse(row.payload) as CallEvent) : row.payload;
    let list = byCall.get(row.call_id);
    if (!list) byCall.set(row.call_id, (list = []));
    list.push(placeEvent(e));
  }
  const records: CallRecord[] = [];
  for (const [callId, list] of byCall) {
    const folded = foldCallEvents(list.sort(compareEvents).map((p) => p.event));
    const record = folded.histories.get(callId)?.record;
    if (record) records.push(record);
  }
  return records;
}

export function storeReportSource(db: Queryable): CallReportSource {
  return {
    async cells(q) {
      const cells = await readCells(db, {
        service: q.service,
        dimension: q.dimension,
        granularity: q.granularity,
        fromMs: q.fromMs,
        toMs: q.toMs,
        group: q.group,
      });
      return cells.map((c) => ({ key: c.key, cell: c.cell }));
    },
    hourCounts: (q) => readHourCounts(db, q),
    async lists(q) {
      const where = `service = $1 AND counted = 'counted' AND started_at >= $2::timestamptz
        AND started_at < $3::timestamptz AND ${groupCondition(q.dimension, '$4')}`;
      const r = await db.query<{ id: string }>(
        `SELECT id FROM calls WHERE ${where} AND (misrouted OR amk_handover)
         UNION
         (SELECT id FROM calls WHERE ${where} AND wait_ms IS NOT NULL ORDER BY wait_ms DESC, id LIMIT $5)`,
        [q.service, new Date(q.fromMs).toISOString(), new Date(q.toMs).toISOString(), q.group, q.limit],
      );
      return callListsOf(
        await recordsOf(
          db,
          r.rows.map((x) => x.id),
        ),
        q,
      );
    },
  };
}
