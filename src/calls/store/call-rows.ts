/**
 * The `calls` table's row of a call record (migration 0024): the fold's columns that reports and
 * access filter on, and how the call counts in the official figures (classifyCall), so the rollup
 * cells can be recomputed from the rows and drill-downs list the calls a figure counted.
 */
import type { Queryable } from '../../platform/db/types.ts';
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

/** The columns of a call row in table order, with their SQL types (`unnest` of one array each). */
const CALL_COLUMNS: ReadonlyArray<readonly [keyof CallRow, string]> = [
  ['id', 'text'],
  ['state', 'text'],
  ['called_number', 'text'],
  ['service', 'text'],
  ['centre_id', 'text'],
  ['amk_area', 'text'],
  ['municipality', 'text'],
  ['county', 'text'],
  ['calling_number', 'text'],
  ['network', 'text'],
  ['routing', 'text'],
  ['started_at', 'timestamptz'],
  ['routed_at', 'timestamptz'],
  ['offered_at', 'timestamptz'],
  ['queued_at', 'timestamptz'],
  ['ringing_at', 'timestamptz'],
  ['answered_at', 'timestamptz'],
  ['ended_at', 'timestamptz'],
  ['hastegrad', 'text'],
  ['misrouted', 'boolean'],
  ['misrouted_at', 'timestamptz'],
  ['misrouting_reason', 'text'],
  ['correct_municipality', 'text'],
  ['correct_centre_id', 'text'],
  ['counted', 'text'],
  ['answer_ms', 'integer'],
  ['abandoned_before_ringing', 'boolean'],
  ['wait_ms', 'integer'],
  ['amk_handover', 'boolean'],
  ['event_count', 'integer'],
];

const names = CALL_COLUMNS.map(([c]) => c).join(', ');

/**
 * Upserts call rows, one statement for the batch. The rows go as one typed array per column
 * (`unnest`): parsing one large JSON document per batch on the server cost about twice as much.
 * `routing` travels as JSON text.
 */
const UPSERT_CALLS_SQL = `
INSERT INTO calls (${names})
SELECT ${CALL_COLUMNS.map(([c]) => (c === 'routing' ? 'routing::jsonb' : c)).join(', ')}
  FROM unnest(${CALL_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')}) AS r(${names})
 ORDER BY id
ON CONFLICT (id) DO UPDATE SET
  ${CALL_COLUMNS.filter(([c]) => c !== 'id')
    .map(([c]) => `${c} = EXCLUDED.${c}`)
    .join(', ')},
  updated_at = now()
RETURNING id, xmin::text AS version`;

/** The upsert's parameters for `rows`: one array per column (worked out before the transaction writes). */
export function callRowParams(rows: readonly CallRow[]): unknown[][] {
  return CALL_COLUMNS.map(([c]) =>
    c === 'routing'
      ? rows.map((r) => (r.routing === null ? null : JSON.stringify(r.routing)))
      : rows.map((r) => r[c]),
  );
}

/**
 * Writes the rows of a batch (their parameters from callRowParams, at least one row), inserted or
 * replacing the stored row of the call; returns each row's new version (`xmin` as text, the
 * writing transaction: history-cache.ts).
 */
export async function upsertCallRowParams(tx: Queryable, params: unknown[][]): Promise<Map<string, string>> {
  const r = await tx.query<{ id: string; version: string }>(UPSERT_CALLS_SQL, params);
  return new Map(r.rows.map((x) => [x.id, x.version]));
}
