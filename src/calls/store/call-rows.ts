/**
 * The `calls` table's row of a call record (migration 0024): the fold's columns that reports and
 * access filter on, and how the call counts in the official figures (classifyCall), so the rollup
 * cells can be recomputed from the rows and drill-downs list the calls a figure counted.
 */
import type { CallRecord } from '../domain/call-state.ts';
import type { CountedCall } from '../statistics/official-figures.ts';
import { classifyCall } from '../statistics/official-figures.ts';

export interface CallRow {
  id: string;
  state: string;
  called_number: string | null;
  service: string | null;
  centre_id: string | null;
  amk_area: string | null;
  municipality: string | null;
  county: string | null;
  calling_number: string | null;
  network: string | null;
  routing: unknown;
  started_at: string | null;
  routed_at: string | null;
  offered_at: string | null;
  queued_at: string | null;
  ringing_at: string | null;
  answered_at: string | null;
  ended_at: string | null;
  hastegrad: string | null;
  misrouted: boolean;
  misrouted_at: string | null;
  misrouting_reason: string | null;
  correct_municipality: string | null;
  correct_centre_id: string | null;
  counted: string;
  answer_ms: number | null;
  abandoned_before_ringing: boolean;
  wait_ms: number | null;
  amk_handover: boolean;
  event_count: number;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** The row of a record; `amkArea` is the AMK area its centre belonged to when first counted. */
export function callRowOf(record: CallRecord, amkArea: string | null): CallRow {
  const c = classifyCall(record);
  const municipality = record.routing?.municipality ?? null;
  const county = record.routing?.county ?? municipality?.slice(0, 2) ?? null;
  const counted = c.kind === 'counted' ? c.call : undefined;
  return {
    id: record.callId,
    state: record.state,
    called_number: record.calledNumber ?? null,
    service: record.service ?? null,
    centre_id: record.centreId ?? null,
    amk_area: amkArea,
    municipality,
    county,
    calling_number: record.callingNumber ?? null,
    network: record.network ?? null,
    routing: record.routing ?? null,
    started_at: iso(record.offeredAt ?? record.queuedAt ?? record.ringingAt ?? record.answeredAt),
    routed_at: iso(record.routedAt),
    offered_at: iso(record.offeredAt),
    queued_at: iso(record.queuedAt),
    ringing_at: iso(record.ringingAt),
    answered_at: iso(record.answeredAt),
    ended_at: iso(record.endedAt),
    hastegrad: record.hastegrad ?? null,
    misrouted: record.misrouting !== undefined,
    misrouted_at: iso(record.misrouting?.at),
    misrouting_reason: record.misrouting?.reason ?? null,
    correct_municipality: record.misrouting?.correctMunicipality ?? null,
    correct_centre_id: record.misrouting?.correctCentreId ?? null,
    counted: c.kind,
    answer_ms: counted?.answerMs ?? null,
    abandoned_before_ringing: counted?.abandonedBeforeRinging ?? false,
    wait_ms:
      counted === undefined
        ? null
        : (counted.answerMs ??
          (record.ringingAt !== undefined && record.endedAt !== undefined
            ? record.endedAt - record.ringingAt
            : null)),
    amk_handover: [...record.transfers, ...record.conferences].some((h) => h.target.kind === 'amk'),
    event_count: record.eventCount,
  };
}

/** The columns of a call row that say how it counts. */
export interface CountedCallRow {
  id: string;
  counted: string;
  service: string | null;
  centre_id: string | null;
  municipality: string | null;
  county: string | null;
  started_at: string | Date | null;
  answer_ms: number | null;
  abandoned_before_ringing: boolean;
}

/** The counted call of a row (its figures' contribution), or undefined when it does not count. */
export function countedCallOfRow(row: CountedCallRow): CountedCall | undefined {
  if (row.counted !== 'counted' || !row.service || !row.centre_id || row.started_at === null)
    return undefined;
  return {
    callId: row.id,
    service: row.service as CountedCall['service'],
    centreId: row.centre_id,
    ...(row.municipality !== null && { municipality: row.municipality }),
    ...(row.county !== null && { county: row.county }),
    startAt: new Date(row.started_at).getTime(),
    ...(row.answer_ms !== null && { answerMs: row.answer_ms }),
    abandonedBeforeRinging: row.abandoned_before_ringing,
  };
}

/** Upserts call rows (one statement for the batch). */
export const UPSERT_CALLS_SQL = `
INSERT INTO calls (id, state, called_number, service, centre_id, amk_area, municipality, county,
  calling_number, network, routing, started_at, routed_at, offered_at, queued_at, ringing_at,
  answered_at, ended_at, hastegrad, misrouted, misrouted_at, misrouting_reason, correct_municipality,
  correct_centre_id, counted, answer_ms, abandoned_before_ringing, wait_ms, amk_handover, event_count)
SELECT id, state, called_number, service, centre_id, amk_area, municipality, county,
  calling_number, network, routing, started_at, routed_at, offered_at, queued_at, ringing_at,
  answered_at, ended_at, hastegrad, misrouted, misrouted_at, misrouting_reason, correct_municipality,
  correct_centre_id, counted, answer_ms, abandoned_before_ringing, wait_ms, amk_handover, event_count
  FROM jsonb_to_recordset($1::jsonb) AS r(id text, state text, called_number text, service text,
    centre_id text, amk_area text, municipality text, county text, calling_number text, network text,
    routing jsonb, started_at timestamptz, routed_at timestamptz, offered_at timestamptz,
    queued_at timestamptz, ringing_at timestamptz, answered_at timestamptz, ended_at timestamptz,
    hastegrad text, misrouted boolean, misrouted_at timestamptz, misrouting_reason text,
    correct_municipality text, correct_centre_id text, counted text, answer_ms integer,
    abandoned_before_ringing boolean, wait_ms integer, amk_handover boolean, event_count integer)
 ORDER BY id
ON CONFLICT (id) DO UPDATE SET
  state = EXCLUDED.state, called_number = EXCLUDED.called_number, service = EXCLUDED.service,
  centre_id = EXCLUDED.centre_id, amk_area = EXCLUDED.amk_area, municipality = EXCLUDED.municipality,
  county = EXCLUDED.county, calling_number = EXCLUDED.calling_number, network = EXCLUDED.network,
  routing = EXCLUDED.routing, started_at = EXCLUDED.started_at, routed_at = EXCLUDED.routed_at,
  offered_at = EXCLUDED.offered_at, queued_at = EXCLUDED.queued_at, ringing_at = EXCLUDED.ringing_at,
  answered_at = EXCLUDED.answered_at, ended_at = EXCLUDED.ended_at, hastegrad = EXCLUDED.hastegrad,
  misrouted = EXCLUDED.misrouted, misrouted_at = EXCLUDED.misrouted_at,
  misrouting_reason = EXCLUDED.misrouting_reason, correct_municipality = EXCLUDED.correct_municipality,
  correct_centre_id = EXCLUDED.correct_centre_id, counted = EXCLUDED.counted, answer_ms = EXCLUDED.answer_ms,
  abandoned_before_ringing = EXCLUDED.abandoned_before_ringing, wait_ms = EXCLUDED.wait_ms,
  amk_handover = EXCLUDED.amk_handover, event_count = EXCLUDED.event_count,
  updated_at = now()`;
