/**
 * The lists of a call report computed from call records (PURE): the calls that waited longest at
 * the operators, the misrouted calls (to where, why; RT-12) and the calls handed over to AMK. The
 * in-memory report source uses it; a store may compute the same in SQL.
 *
 * A call belongs to the group and range as in the official figures (official-figures.ts): the
 * centre it was offered to, the caller's municipality from the routing decision, the instant it
 * was offered. Calls not counted there (in progress, never offered, incomplete) are in no list.
 */
import type { CallRecord } from '../../domain/call-state.ts';
import { classifyCall } from '../../statistics/official-figures.ts';
import { groupOf } from '../../statistics/rollup-cells.ts';
import type {
  AmkHandover,
  CountBy,
  InstantRange,
  LongWait,
  MisroutedCall,
  ReportCallLists,
  ReportGroup,
} from './source.ts';

function countBy<K extends string>(keys: Iterable<K>): CountBy<K>[] {
  const m = new Map<K, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

const latestFirst = (a: { at: number; callId: string }, b: { at: number; callId: string }) =>
  b.at - a.at || (a.callId < b.callId ? -1 : 1);

/** The lists of the calls of `q`'s group and range, at most `q.limit` calls each. */
export function callListsOf(
  records: Iterable<CallRecord>,
  q: ReportGroup & InstantRange & { limit: number },
): ReportCallLists {
  const waits: LongWait[] = [];
  const misrouted: MisroutedCall[] = [];
  const handovers: AmkHandover[] = [];
  for (const record of records) {
    const c = classifyCall(record);
    if (c.kind !== 'counted') continue;
    const call = c.call;
    if (call.service !== q.service || call.startAt < q.fromMs || call.startAt >= q.toMs) continue;
    if (groupOf(call, q.dimension, {}) !== q.group) continue;
    const base = {
      callId: call.callId,
      at: call.startAt,
      centreId: call.centreId,
      ...(call.municipality !== undefined && { municipality: call.municipality }),
    };
    if (call.answerMs !== undefined) waits.push({ ...base, waitMs: call.answerMs, outcome: 'answered' });
    else if (record.ringingAt !== undefined && record.endedAt !== undefined)
      waits.push({ ...base, waitMs: record.endedAt - record.ringingAt, outcome: 'abandoned' });
    const m = record.misrouting;
    if (m)
      misrouted.push({
        ...base,
        reason: m.reason,
        ...(m.correctMunicipality !== undefined && { correctMunicipality: m.correctMunicipality }),
        ...(m.correctCentreId !== undefined && { correctCentreId: m.correctCentreId }),
        ...(record.hastegrad !== undefined && { hastegrad: record.hastegrad }),
      });
    for (const [kind, list] of [
      ['transfer', record.transfers],
      ['conference', record.conferences],
    ] as const)
      for (const h of list)
        if (h.target.kind === 'amk')
          handovers.push({
            ...base,
            kind,
            handedOverAt: h.at,
            target: h.target,
            outcome: h.outcome,
            ...(record.hastegrad !== undefined && { hastegrad: record.hastegrad }),
          });
  }
  waits.sort((a, b) => b.waitMs - a.waitMs || (a.callId < b.callId ? -1 : 1));
  misrouted.sort(latestFirst);
  handovers.sort(latestFirst);
  return {
    longestWaits: waits.slice(0, q.limit),
    misrouted: {
      total: misrouted.length,
      byReason: countBy(misrouted.map((m) => m.reason)),
      byCorrectCentre: countBy(misrouted.map((m) => m.correctCentreId ?? 'unknown')),
      calls: misrouted.slice(0, q.limit),
    },
    transfersToAmk: {
      total: handovers.length,
      byOutcome: countBy(handovers.map((h) => h.outcome)),
      calls: handovers.slice(0, q.limit),
    },
  };
}
