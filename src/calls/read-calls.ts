/**
 * Reading calls (issue 10): one call's record and events, and lists by centre, period and rollup
 * group (the drill-down of a figure). Callers check access and audit the read (http/routes.ts);
 * these functions leave the calling number out unless told to show it.
 */
import type { Queryable } from '../platform/db/types.ts';
import type { Membership } from '../platform/auth/actor.ts';
import { offsetOf, offsetPage, type Page, type PageQuery } from '../platform/http/paging.ts';
import { osloInstant } from '../platform/time/calendar.ts';
import type { CallEvent } from './domain/call-event.ts';
import { compareEvents, foldCallEvents, placeEvent } from './domain/call-state.ts';
import type { Dimension } from './statistics/rollup-cells.ts';
import {
  WITHIN_10_MINUTES_MS,
  WITHIN_10_SECONDS_MS,
  WITHIN_2_MINUTES_MS,
} from './statistics/official-figures.ts';
import type { CallRow } from './store/call-rows.ts';
import { groupCondition } from './store/rollup-store.ts';
import type { CallSummary } from './http/schema.ts';

const SUMMARY_COLUMNS = `id, state, called_number, service, centre_id, amk_area, municipality, county,
  calling_number, network, started_at, routed_at, offered_at, queued_at, ringing_at, answered_at,
  ended_at, hastegrad, misrouted, misrouted_at, misrouting_reason, correct_municipality,
  correct_centre_id, counted, answer_ms, abandoned_before_ringing, event_count`;

type SummaryRow = Omit<CallRow, 'routing'> & Record<string, unknown>;

const isoOrNull = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v as string).toISOString();

/** A date (Europe/Oslo midnight) or an instant, as epoch ms. */
export function instantOf(text: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? osloInstant(text) : Date.parse(text);
}

function summaryOf(r: SummaryRow, showCaller: boolean): CallSummary {
  return {
    id: r.id,
    state: r.state as CallSummary['state'],
    calledNumber: r.called_number,
    service: r.service as CallSummary['service'],
    centreId: r.centre_id,
    amkArea: r.amk_area,
    municipality: r.municipality,
    county: r.county,
    ...(showCaller && r.calling_number !== null && { callingNumber: r.calling_number }),
    network: r.network as CallSummary['network'],
    startedAt: isoOrNull(r.started_at),
    routedAt: isoOrNull(r.routed_at),
    offeredAt: isoOrNull(r.offered_at),
    queuedAt: isoOrNull(r.queued_at),
    ringingAt: isoOrNull(r.ringing_at),
    answeredAt: isoOrNull(r.answered_at),
    endedAt: isoOrNull(r.ended_at),
    hastegrad: r.hastegrad as CallSummary['hastegrad'],
    misrouted: r.misrouted,
    misrouting: r.misrouted
      ? {
          at: isoOrNull(r.misrouted_at),
          reason: r.misrouting_reason as NonNullable<CallSummary['misrouting']>['reason'],
          correctMunicipality: r.correct_municipality,
          correctCentreId: r.correct_centre_id,
        }
      : null,
    counted: r.counted as CallSummary['counted'],
    answerMs: r.answer_ms,
    abandonedBeforeRinging: r.abandoned_before_ringing,
    eventCount: r.event_count,
  };
}

/** The centre and AMK area a call belongs to (for access) and its state, or null when there is no such call. */
export async function callOwner(
  q: Queryable,
  id: string,
): Promise<{ centreId: string | null; amkArea: string | null; state: string } | null> {
  const r = await q.query<{ centre_id: string | null; amk_area: string | null; state: string }>(
    'SELECT centre_id, amk_area, state FROM calls WHERE id = $1',
    [id],
  );
  const row = r.rows[0];
  return row ? { centreId: row.centre_id, amkArea: row.amk_area, state: row.state } : null;
}

/**
 * The centres a call has been at: the one it was offered to and every legevaktsentral or AMK it
 * was transferred or conferenced to. Null when there is no such call (yet).
 */
export async function centresOfCall(q: Queryable, id: string): Promise<string[] | null> {
  const owner = await callOwner(q, id);
  if (!owner) return null;
  const r = await q.query<{ id: string | null }>(
    `SELECT DISTINCT payload->'target'->>'id' AS id FROM call_events
      WHERE call_id = $1 AND type IN ('transferred', 'conferenced')
        AND payload->'target'->>'kind' IN ('amk', 'legevaktsentral')`,
    [id],
  );
  const ids = new Set<string>();
  if (owner.centreId) ids.add(owner.centreId);
  for (const row of r.rows) if (row.id) ids.add(row.id);
  return [...ids].sort();
}

/** Leaves the caller's numbers out of an event. */
function withoutCaller(e: CallEvent): CallEvent {
  if ((e.type === 'routed' || e.type === 'offered') && e.callingNumber !== undefined) {
    const { callingNumber: _hidden, ...rest } = e;
    return rest;
  }
  if (e.type === 'callback-requested' && e.number !== undefined) {
    const { number: _hidden, ...rest } = e;
    return rest;
  }
  return e;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One call: its row, the record folded from its events, and the events. Null when unknown. */
export async function readCall(q: Queryable, id: string, showCaller: boolean) {
  const row = (await q.query<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM calls WHERE id = $1`, [id])).rows[0];
  if (!row) return null;
  const stored = await q.query<{ payload: CallEvent | string }>(
    'SELECT payload FROM call_events WHERE call_id = $1',
    [id],
  );
  const placed = stored.rows
    .map((r) => placeEvent(typeof r.payload === 'string' ? (JSON.parse(r.payload) as CallEvent) : r.payload))
    .sort(compareEvents);
  const events = placed.map((p) => p.event);
  const record = foldCallEvents(events).histories.get(id)?.record;
  const handover = (h: NonNullable<typeof record>['transfers'][number]) => ({ ...h, at: iso(h.at) });
  return {
    call: {
      ...summaryOf(row, showCaller),
      routing: record?.routing ?? null,
      answeredBy: record?.answeredBy ?? null,
      transfers: (record?.transfers ?? []).map(handover),
      conferences: (record?.conferences ?? []).map(handover),
      misrouting: record?.misrouting ? { ...record.misrouting, at: iso(record.misrouting.at) } : null,
      callbackRequested: record?.callbackRequested
        ? {
            at: iso(record.callbackRequested.at),
            ...(showCaller &&
              record.callbackRequested.number !== undefined && { number: record.callbackRequested.number }),
          }
        : null,
    },
    events: showCaller ? events : events.map(withoutCaller),
  };
}

export interface CallListFilter {
  centre?: string;
  service?: 'legevakt' | 'amk';
  dimension?: Dimension;
  group?: string;
  from?: string;
  to?: string;
  counted?: string;
  figure?: string;
  /** The misrouting register (RT-12): misrouted calls, by reason and by the centre that should have had them. */
  misrouted?: boolean;
  reason?: string;
  correctCentre?: string;
}

/**
 * The calls of the filter within the reader's scopes (memberships granting `calls.read`): a
 * national one sees all; others the calls of their centres and of the centres of their AMK areas.
 * `showCaller(row)` says per call whether its calling number is shown.
 */
export async function listCalls(
  q: Queryable,
  filter: CallListFilter,
  scopes: readonly Membership[],
  page: PageQuery,
  showCaller: (centreId: string | null, amkArea: string | null) => boolean,
): Promise<Page<CallSummary>> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const national = scopes.some((m) => m.role === 'admin' || m.scope.level === 'national');
  if (!national) {
    const centres = scopes.flatMap((m) => (m.scope.level === 'centre' ? [m.scope.id] : []));
    const areas = scopes.flatMap((m) => (m.scope.level === 'area' ? [m.scope.id] : []));
    where.push(
      `(centre_id IN (SELECT jsonb_array_elements_text(${p(JSON.stringify(centres))}::jsonb))
        OR amk_area IN (SELECT jsonb_array_elements_text(${p(JSON.stringify(areas))}::jsonb)))`,
    );
  }
  if (filter.centre !== undefined) where.push(`centre_id = ${p(filter.centre)}`);
  if (filter.service !== undefined) where.push(`service = ${p(filter.service)}`);
  if (filter.dimension !== undefined && filter.group !== undefined) {
    where.push(groupCondition(filter.dimension, p(filter.group)));
  }
  if (filter.from !== undefined)
    where.push(`started_at >= ${p(new Date(instantOf(filter.from)).toISOString())}::timestamptz`);
  if (filter.to !== undefined)
    where.push(`started_at < ${p(new Date(instantOf(filter.to)).toISOString())}::timestamptz`);
  if (filter.counted !== undefined) where.push(`counted = ${p(filter.counted)}`);
  if (filter.misrouted !== undefined) where.push(filter.misrouted ? 'misrouted' : 'NOT misrouted');
  if (filter.reason !== undefined) where.push(`misrouted AND misrouting_reason = ${p(filter.reason)}`);
  if (filter.correctCentre !== undefined)
    where.push(`misrouted AND correct_centre_id = ${p(filter.correctCentre)}`);
  switch (filter.figure) {
    case undefined:
      break;
    case 'answered':
      where.push(`counted = 'counted' AND answer_ms IS NOT NULL`);
      break;
    case 'unanswered':
      where.push(`counted = 'counted' AND answer_ms IS NULL`);
      break;
    case 'abandoned-before-ringing':
      where.push(`counted = 'counted' AND abandoned_before_ringing`);
      break;
    case 'within-10-seconds':
      where.push(`counted = 'counted' AND answer_ms <= ${WITHIN_10_SECONDS_MS}`);
      break;
    case 'within-2-minutes':
      where.push(`counted = 'counted' AND answer_ms <= ${WITHIN_2_MINUTES_MS}`);
      break;
    case 'within-10-minutes':
      where.push(`counted = 'counted' AND answer_ms <= ${WITHIN_10_MINUTES_MS}`);
      break;
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const total = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM calls ${clause}`, params);
  const rows = await q.query<SummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM calls ${clause} ORDER BY started_at NULLS LAST, id
      LIMIT ${p(page.limit)} OFFSET ${p(offsetOf(page))}`,
    params,
  );
  return offsetPage(
    rows.rows.map((r) => summaryOf(r, showCaller(r.centre_id, r.amk_area))),
    total.rows[0]!.n,
    page,
  );
}
