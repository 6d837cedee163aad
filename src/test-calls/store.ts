/**
 * The test-call tables (migrations/0037_test_calls.sql): runs, their results, alarms and
 * sign-offs. Parameterised SQL only; instants go in as ISO text from the kernel's clock and come
 * out as epoch milliseconds (PGlite and node-postgres return timestamps alike that way). Lists go
 * in as JSON text, read with `jsonb_array_elements_text`, the same on both databases.
 */
import type { Queryable } from '../platform/db/types.ts';
import type { CallKind, RunStatus, RunTrigger, SignOffSubject, Verdict } from './domain/vocabulary.ts';

export interface RunRow {
  id: string;
  trigger: RunTrigger;
  triggerKey: string | null;
  centreIds: string[] | null;
  status: RunStatus;
  dataVersion: number | null;
  planned: number;
  owner: string | null;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ResultRow {
  runId: string;
  key: string;
  kind: CallKind;
  centreId: string;
  municipality: string | null;
  target: string;
  callingNumber: string | null;
  reachedCentreId: string | null;
  connectedNumber: string | null;
  routeMethod: string | null;
  answered: boolean;
  answerMs: number | null;
  dataVersion: number | null;
  sipCodes: number[];
  verdict: Verdict;
  failure: boolean;
  startedAt: string;
  finishedAt: string;
}

export interface AlarmRow {
  id: string;
  runId: string;
  centreId: string;
  failures: number;
  raisedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  comment: string | null;
}

export interface SignOffRow {
  runId: string;
  subject: SignOffSubject;
  subjectId: string;
  signedBy: string;
  signedAt: string;
  comment: string | null;
}

/** Which results a reader sees: all, or those of some centres and municipalities. */
export interface Visibility {
  all: boolean;
  /** Every result of these centres (as the centre under test). */
  centres: string[];
  /** The 116117 results of callers from these municipalities. */
  municipalities: string[];
  /** The direct-number results of these centres (the centres serving those municipalities). */
  directCentres: string[];
}

const ms = (col: string, as: string) => `(extract(epoch from ${col}) * 1000)::float8 AS ${as}`;
const iso = (v: number | null | undefined): string | null =>
  v === null || v === undefined ? null : new Date(v).toISOString();
const json = (v: unknown): string => JSON.stringify(v);
const asArray = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

const RUN_COLUMNS = `id::text AS id, trigger, trigger_key, centre_ids, status, data_version, planned, owner, requested_by,
  ${ms('created_at', 'created_ms')}, ${ms('started_at', 'started_ms')}, ${ms('finished_at', 'finished_ms')}`;

interface RawRun {
  id: string;
  trigger: RunTrigger;
  trigger_key: string | null;
  centre_ids: unknown;
  status: RunStatus;
  data_version: number | null;
  planned: number;
  owner: string | null;
  requested_by: string;
  created_ms: number;
  started_ms: number | null;
  finished_ms: number | null;
}

const toRun = (r: RawRun): RunRow => ({
  id: r.id,
  trigger: r.trigger,
  triggerKey: r.trigger_key,
  centreIds: r.centre_ids === null ? null : asArray<string[]>(r.centre_ids),
  status: r.status,
  dataVersion: r.data_version === null ? null : Number(r.data_version),
  planned: Number(r.planned),
  owner: r.owner,
  requestedBy: r.requested_by,
  createdAt: iso(Number(r.created_ms))!,
  startedAt: iso(r.started_ms === null ? null : Number(r.started_ms)),
  finishedAt: iso(r.finished_ms === null ? null : Number(r.finished_ms)),
});

/** Queues a run; with a trigger key already used, nothing is written and null is returned. */
export async function insertRun(
  q: Queryable,
  run: {
    id: string;
    trigger: RunTrigger;
    triggerKey: string | null;
    centreIds: string[] | null;
    requestedBy: string;
    at: string;
  },
): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO test_call_runs (id, trigger, trigger_key, centre_ids, status, requested_by, created_at)
     VALUES ($1, $2, $3, $4::jsonb, 'queued', $5, $6::timestamptz)
     ON CONFLICT (trigger_key) DO NOTHING RETURNING id::text AS id`,
    [
      run.id,
      run.trigger,
      run.triggerKey,
      run.centreIds === null ? null : json(run.centreIds),
      run.requestedBy,
      run.at,
    ],
  );
  return rows[0]?.id ?? null;
}

/**
 * Takes a run to run it: the given one when it is queued or interrupted, else the oldest queued
 * one. Atomic: of several processes asking at once, one gets it.
 */
export async function claimRun(
  q: Queryable,
  id: string | null,
  owner: string,
  at: string,
): Promise<RunRow | null> {
  const pick =
    id === null
      ? // A queued run, or one interrupted (its process died or stopped): taken up again automatically.
        `(SELECT id FROM test_call_runs WHERE status IN ('queued', 'interrupted') ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)`
      : `$3::uuid`;
  const { rows } = await q.query<RawRun>(
    `UPDATE test_call_runs SET status = 'running', owner = $1, heartbeat_at = $2::timestamptz,
       started_at = coalesce(started_at, $2::timestamptz)
     WHERE id = ${pick} AND status IN ('queued', 'interrupted') RETURNING ${RUN_COLUMNS}`,
    id === null ? [owner, at] : [owner, at, id],
  );
  return rows[0] ? toRun(rows[0]) : null;
}

/** The run's plan size and data version, and a heartbeat; false when the run is no longer this owner's. */
export async function beat(
  q: Queryable,
  id: string,
  owner: string,
  at: string,
  plan?: { planned: number; dataVersion: number },
): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE test_call_runs SET heartbeat_at = $3::timestamptz,
       planned = coalesce($4::integer, planned), data_version = coalesce($5::integer, data_version)
     WHERE id = $1 AND owner = $2 AND status = 'running' RETURNING id::text AS id`,
    [id, owner, at, plan?.planned ?? null, plan?.dataVersion ?? null],
  );
  return rows.length > 0;
}

/** Marks the run completed (only by its owner while running). */
export async function completeRun(q: Queryable, id: string, owner: string, at: string): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE test_call_runs SET status = 'completed', finished_at = $3::timestamptz, heartbeat_at = $3::timestamptz
     WHERE id = $1 AND owner = $2 AND status = 'running' RETURNING id::text AS id`,
    [id, owner, at],
  );
  return rows.length > 0;
}

/** This process gives up its run (it is stopping): interrupted, for a resume. */
export async function interruptRun(q: Queryable, id: string, owner: string): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE test_call_runs SET status = 'interrupted', owner = NULL
     WHERE id = $1 AND owner = $2 AND status = 'running' RETURNING id::text AS id`,
    [id, owner],
  );
  return rows.length > 0;
}

/** Runs left 'running' by a process that stopped beating before `cutoff` become 'interrupted'. */
export async function markInterrupted(q: Queryable, cutoff: string): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE test_call_runs SET status = 'interrupted', owner = NULL
     WHERE status = 'running' AND heartbeat_at < $1::timestamptz RETURNING id::text AS id`,
    [cutoff],
  );
  return rows.map((r) => r.id);
}

/** Stores one call's result; a result already stored for the key is kept (idempotent). */
export async function insertResult(
  q: Queryable,
  r: Omit<ResultRow, 'failure'> & { failure: boolean },
): Promise<void> {
  await q.query(
    `INSERT INTO test_call_results (run_id, call_key, kind, centre_id, municipality, target, calling_number,
       reached_centre_id, connected_number, route_method, answered, answer_ms, data_version, sip_codes, verdict,
       failure, started_at, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17::timestamptz, $18::timestamptz)
     ON CONFLICT (run_id, call_key) DO NOTHING`,
    [
      r.runId,
      r.key,
      r.kind,
      r.centreId,
      r.municipality,
      r.target,
      r.callingNumber,
      r.reachedCentreId,
      r.connectedNumber,
      r.routeMethod,
      r.answered,
      r.answerMs,
      r.dataVersion,
      json(r.sipCodes),
      r.verdict,
      r.failure,
      r.startedAt,
      r.finishedAt,
    ],
  );
}

/** Keys of the calls a run has results for. */
export async function doneKeys(q: Queryable, runId: string): Promise<Set<string>> {
  const { rows } = await q.query<{ call_key: string }>(
    `SELECT call_key FROM test_call_results WHERE run_id = $1`,
    [runId],
  );
  return new Set(rows.map((r) => r.call_key));
}

export async function readRun(q: Queryable, id: string): Promise<RunRow | null> {
  const { rows } = await q.query<RawRun>(`SELECT ${RUN_COLUMNS} FROM test_call_runs WHERE id = $1::uuid`, [
    id,
  ]);
  return rows[0] ? toRun(rows[0]) : null;
}

const VISIBLE = (first: number) => `($${first}::boolean
  OR r.centre_id IN (SELECT jsonb_array_elements_text($${first + 1}::jsonb))
  OR r.municipality IN (SELECT jsonb_array_elements_text($${first + 2}::jsonb))
  OR (r.kind = 'direct' AND r.centre_id IN (SELECT jsonb_array_elements_text($${first + 3}::jsonb))))`;
const visibleParams = (v: Visibility) => [
  v.all,
  json(v.centres),
  json(v.municipalities),
  json(v.directCentres),
];

export interface RunSummary extends RunRow {
  /** Results the reader sees, and how many of them failed / were flagged another centre. */
  calls: number;
  failures: number;
  otherCentre: number;
}

/** Runs with results the reader sees (newest first), optionally of one centre or municipality. */
export async function listRuns(
  q: Queryable,
  v: Visibility,
  filter: { centreId?: string; municipality?: string; limit: number },
): Promise<RunSummary[]> {
  const params: unknown[] = [
    ...visibleParams(v),
    filter.centreId ?? null,
    filter.municipality ?? null,
    filter.limit,
  ];
  const { rows } = await q.query<RawRun & { calls: number; failures: number; other_centre: number }>(
    `SELECT ${RUN_COLUMNS.replace(/\bid::text AS id\b/, 'u.id::text AS id')}, c.calls, c.failures, c.other_centre
     FROM test_call_runs u
     LEFT JOIN LATERAL (
       SELECT count(*)::int AS calls, count(*) FILTER (WHERE r.failure)::int AS failures,
              count(*) FILTER (WHERE r.verdict = 'other-centre')::int AS other_centre
       FROM test_call_results r
       WHERE r.run_id = u.id AND ${VISIBLE(1)}
         AND ($5::text IS NULL OR r.centre_id = $5) AND ($6::text IS NULL OR r.municipality = $6)
     ) c ON true
     WHERE ($1::boolean AND $5::text IS NULL AND $6::text IS NULL) OR c.calls > 0
     ORDER BY u.created_at DESC, u.id LIMIT $7`,
    params,
  );
  return rows.map((r) => ({
    ...toRun(r),
    calls: Number(r.calls ?? 0),
    failures: Number(r.failures ?? 0),
    otherCentre: Number(r.other_centre ?? 0),
  }));
}

interface RawResult {
  run_id: string;
  call_key: string;
  kind: CallKind;
  centre_id: string;
  municipality: string | null;
  target: string;
  calling_number: string | null;
  reached_centre_id: string | null;
  connected_number: string | null;
  route_method: string | null;
  answered: boolean;
  answer_ms: number | null;
  data_version: number | null;
  sip_codes: unknown;
  verdict: Verdict;
  failure: boolean;
  started_ms: number;
  finished_ms: number;
}

/** A run's results the reader sees, by centre then key. */
export async function readResults(q: Queryable, runId: string, v: Visibility): Promise<ResultRow[]> {
  const { rows } = await q.query<RawResult>(
    `SELECT r.run_id::text AS run_id, r.call_key, r.kind, r.centre_id, r.municipality, r.target, r.calling_number,
       r.reached_centre_id, r.connected_number, r.route_method, r.answered, r.answer_ms, r.data_version, r.sip_codes,
       r.verdict, r.failure, ${ms('r.started_at', 'started_ms')}, ${ms('r.finished_at', 'finished_ms')}
     FROM test_call_results r WHERE r.run_id = $5::uuid AND ${VISIBLE(1)}
     ORDER BY r.centre_id, r.kind DESC, r.call_key`,
    [...visibleParams(v), runId],
  );
  return rows.map((r) => ({
    runId: r.run_id,
    key: r.call_key,
    kind: r.kind,
    centreId: r.centre_id,
    municipality: r.municipality,
    target: r.target,
    callingNumber: r.calling_number,
    reachedCentreId: r.reached_centre_id,
    connectedNumber: r.connected_number,
    routeMethod: r.route_method,
    answered: r.answered,
    answerMs: r.answer_ms === null ? null : Number(r.answer_ms),
    dataVersion: r.data_version === null ? null : Number(r.data_version),
    sipCodes: asArray<number[]>(r.sip_codes),
    verdict: r.verdict,
    failure: r.failure,
    startedAt: iso(Number(r.started_ms))!,
    finishedAt: iso(Number(r.finished_ms))!,
  }));
}

/** Failed calls per centre of a run. */
export async function failuresByCentre(q: Queryable, runId: string): Promise<Map<string, number>> {
  const { rows } = await q.query<{ centre_id: string; n: number }>(
    `SELECT centre_id, count(*)::int AS n FROM test_call_results WHERE run_id = $1 AND failure GROUP BY centre_id ORDER BY centre_id`,
    [runId],
  );
  return new Map(rows.map((r) => [r.centre_id, Number(r.n)]));
}

const ALARM_COLUMNS = `a.id::text AS id, a.run_id::text AS run_id, a.centre_id, a.failures, ${ms('a.raised_at', 'raised_ms')},
  a.acknowledged_by, ${ms('a.acknowledged_at', 'ack_ms')}, a.comment`;
interface RawAlarm {
  id: string;
  run_id: string;
  centre_id: string;
  failures: number;
  raised_ms: number;
  acknowledged_by: string | null;
  ack_ms: number | null;
  comment: string | null;
}
const toAlarm = (r: RawAlarm): AlarmRow => ({
  id: r.id,
  runId: r.run_id,
  centreId: r.centre_id,
  failures: Number(r.failures),
  raisedAt: iso(Number(r.raised_ms))!,
  acknowledgedBy: r.acknowledged_by,
  acknowledgedAt: iso(r.ack_ms === null ? null : Number(r.ack_ms)),
  comment: r.comment,
});

/** Writes an alarm unless the run already has one for the centre; returns it when written. */
export async function insertAlarm(
  q: Queryable,
  a: { id: string; runId: string; centreId: string; failures: number; at: string },
): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO test_call_alarms (id, run_id, centre_id, failures, raised_at) VALUES ($1, $2, $3, $4, $5::timestamptz)
     ON CONFLICT (run_id, centre_id) DO NOTHING RETURNING id::text AS id`,
    [a.id, a.runId, a.centreId, a.failures, a.at],
  );
  return rows.length > 0;
}

/** Alarms of the given centres (all when `centres` is null), newest first. */
export async function listAlarms(
  q: Queryable,
  centres: string[] | null,
  filter: { open: boolean; limit: number },
): Promise<AlarmRow[]> {
  const { rows } = await q.query<RawAlarm>(
    `SELECT ${ALARM_COLUMNS} FROM test_call_alarms a
     WHERE ($1::boolean OR a.centre_id IN (SELECT jsonb_array_elements_text($2::jsonb)))
       AND (NOT $3::boolean OR a.acknowledged_at IS NULL)
     ORDER BY a.raised_at DESC, a.id LIMIT $4`,
    [centres === null, json(centres ?? []), filter.open, filter.limit],
  );
  return rows.map(toAlarm);
}

export async function readAlarm(q: Queryable, id: string): Promise<AlarmRow | null> {
  const { rows } = await q.query<RawAlarm>(
    `SELECT ${ALARM_COLUMNS} FROM test_call_alarms a WHERE a.id = $1::uuid`,
    [id],
  );
  return rows[0] ? toAlarm(rows[0]) : null;
}

/** Acknowledges an open alarm; false when it was already acknowledged. */
export async function acknowledgeAlarm(
  q: Queryable,
  id: string,
  by: string,
  at: string,
  comment: string | null,
): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE test_call_alarms SET acknowledged_by = $2, acknowledged_at = $3::timestamptz, comment = $4
     WHERE id = $1::uuid AND acknowledged_at IS NULL RETURNING id::text AS id`,
    [id, by, at, comment],
  );
  return rows.length > 0;
}

/** Writes a sign-off; false when the subject has already signed this run. */
export async function insertSignOff(q: Queryable, s: SignOffRow): Promise<boolean> {
  const { rows } = await q.query<{ run_id: string }>(
    `INSERT INTO test_call_signoffs (run_id, subject_kind, subject_id, signed_by, signed_at, comment)
     VALUES ($1::uuid, $2, $3, $4, $5::timestamptz, $6) ON CONFLICT DO NOTHING RETURNING run_id::text AS run_id`,
    [s.runId, s.subject, s.subjectId, s.signedBy, s.signedAt, s.comment],
  );
  return rows.length > 0;
}

/** The sign-offs of a run. */
export async function readSignOffs(q: Queryable, runId: string): Promise<SignOffRow[]> {
  const { rows } = await q.query<{
    subject_kind: SignOffSubject;
    subject_id: string;
    signed_by: string;
    signed_ms: number;
    comment: string | null;
  }>(
    `SELECT subject_kind, subject_id, signed_by, ${ms('signed_at', 'signed_ms')}, comment
     FROM test_call_signoffs WHERE run_id = $1::uuid ORDER BY signed_at, subject_kind, subject_id`,
    [runId],
  );
  return rows.map((r) => ({
    runId,
    subject: r.subject_kind,
    subjectId: r.subject_id,
    signedBy: r.signed_by,
    signedAt: iso(Number(r.signed_ms))!,
    comment: r.comment,
  }));
}
