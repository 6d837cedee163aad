/**
 * Records call events (issue 10 part 1): the one way events enter the store — the integration API
 * (`POST /api/v1/calls/events`), the module API (`record`, for the SIP server's batched `routed`
 * recorder) and the simulator.
 *
 * One transaction per batch — or per group of batches written together (ingest-queue.ts), with the
 * outcome of writing them one after the other — grouped by call:
 * 1. lock every call of the batch (a transaction-scoped advisory lock per call id, taken in one
 *    statement in hash order, so concurrent batches for the same call wait and never deadlock; the
 *    same on PGlite and PostgreSQL);
 * 2. read the calls' rows, and the accepted events of those whose history this process did not
 *    write last (history-cache.ts: an entry counts only for the row version it wrote); an event id
 *    already stored for another call is not looked up first (it is rare, a sender's mistake): it
 *    shows as a conflict of the insert, and the batch runs again with the ids looked up, refusing
 *    the event;
 * 3. fold: each call's stored events, then the new ones in arrival order through the pure
 *    `applyCallEvent` — idempotent by event id, a late event placed, impossible transitions refused
 *    (call-state.ts); an event for a call outside the sender's centres is refused;
 * 4. write the accepted events, the changed call rows (one typed array per column), and the
 *    rollup cells: the old contribution of every changed call taken out and the new one added
 *    (rollup-store.ts);
 * 5. one `calls.centres.changed` outbox event per sender naming the centres whose calls its
 *    events changed.
 *
 * A refused event does not stop the batch: every event gets its own outcome.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/types.ts';
import { appendEvent } from '../../platform/events/outbox.ts';
import type { CallEvent, CallService } from '../domain/call-event.ts';
import type { CallHistory, CallRecord } from '../domain/call-state.ts';
import { applyCallEvent, compareEvents, foldCallEvents, placeEvent } from '../domain/call-state.ts';
import type { CountedCall } from '../statistics/official-figures.ts';
import { classifyCall } from '../statistics/official-figures.ts';
import { centresChanged } from '../events.ts';
import { callRowOf, callRowParams, upsertCallRowParams } from '../store/call-rows.ts';
import type { PreparedRollups } from '../store/rollup-store.ts';
import {
  applyPreparedRollups,
  prepareRollupDeltas,
  RollupDeltas,
  storeRollupOptions,
} from '../store/rollup-store.ts';
import type { CallHistoryCache } from './history-cache.ts';

/** Why an event was refused: a stable code, the English text, and the values a client renders. */
export interface EventProblem {
  code: 'call.transition-refused' | 'call.event-id-reused' | 'call.out-of-scope';
  message: string;
  params: Record<string, string>;
}

export interface IngestResult {
  eventId: string;
  callId: string;
  outcome: 'accepted' | 'duplicate' | 'refused';
  problem?: EventProblem;
}

/** One sender's batch: its events and what it may report. */
export interface IngestPart {
  actor: Actor;
  events: readonly CallEvent[];
  /**
   * May the sender report events of a call of this centre — the one it was offered to, else the
   * one routing chose (undefined: neither known yet)? Checked on the call as it is after the event.
   */
  mayRecord(centreId: string | undefined): boolean;
}

export interface IngestOptions {
  /** The AMK area of a centre (for LV centres from the routing data; an AMK centre is its own area). */
  amkAreaOf(centreId: string, service: CallService | undefined): string | undefined;
  /** The histories this process wrote last (history-cache.ts); without it every batch reads them. */
  histories?: CallHistoryCache;
}

/** Lock namespace of the per-call advisory locks (the first key of the two-key form). */
const CALL_LOCK_CLASS = 1_161_170;

/** Thrown inside the transaction when a concurrent batch took an event id first: the batch is run again. */
class EventIdRace extends Error {}

/** Records one sender's batch of call events; returns one result per event, in the order given. */
export async function recordCallEvents(
  db: Db,
  actor: Actor,
  events: readonly CallEvent[],
  options: IngestOptions & Pick<IngestPart, 'mayRecord'>,
): Promise<IngestResult[]> {
  const [results] = await recordCallEventParts(
    db,
    [{ actor, events, mayRecord: options.mayRecord }],
    options,
  );
  return results!;
}

/**
 * What one transaction of the ingest writes, worked out before its writes: every event's result,
 * the accepted events by sender, the calls' new histories and rows, and the rollup deltas. Made
 * in the transaction from what the store holds, or ahead of it (`speculate`) while the previous
 * group is being written, and then used only if the store still holds what it assumed.
 */
export interface IngestPlan {
  readonly results: IngestResult[][];
  /** Accepted events by sender (`recorded_by`), as the insert's columns, and what they changed. */
  readonly senders: readonly PlannedSender[];
  /** The calls the group changes: the history after it and the AMK area its row keeps. */
  readonly changed: ReadonlyMap<string, { history: CallHistory; area: string | null }>;
  /** The call rows' upsert parameters (callRowParams); null when no call changes. */
  readonly callRows: unknown[][] | null;
  readonly rollups: PreparedRollups | null;
  /** Once the transaction that wrote this plan committed: each changed call's row version. */
  committed?: ReadonlyMap<string, string>;
}

interface PlannedSender {
  actor: Actor;
  /** The accepted events' columns: ids, call ids, instants, types, and each event as JSON. */
  columns: string[][];
  count: number;
  /** Sorted ids of the centres of the calls its events changed, and how many calls. */
  centreIds: string[];
  calls: number;
}

/**
 * A plan made ahead of its transaction (`speculate`), and what it assumed of each call's row:
 * absent (null), or the version, event count and AMK area it was written with — by this process
 * earlier (the history cache), or by the plan before it (`basis`, the version known once that one
 * committed).
 */
export interface Speculation {
  readonly plan: IngestPlan;
  readonly assumed: ReadonlyMap<string, Assumed | null>;
}

interface Assumed {
  basis?: IngestPlan;
  version?: string;
  eventCount: number;
  area: string | null;
}

/**
 * How the group commit pipelines (ingest-queue.ts): a plan made ahead for this transaction, and a
 * callback told the plan being written once its call rows are written, so the next group can be
 * planned while the rest (the rollup cells) is written.
 */
export interface IngestPipeline<P = IngestPlan, S = Speculation> {
  speculation?: S;
  /** `ahead`: the plan is the one made ahead (it held). */
  onPlanned?(plan: P, ahead: boolean): void;
}

/**
 * Records several senders' batches in one transaction, exactly as if they were recorded one after
 * the other in the order given (group commit, ingest-queue.ts): one result list per part.
 */
export async function recordCallEventParts(
  db: Db,
  parts: readonly IngestPart[],
  options: IngestOptions,
  pipeline: IngestPipeline = {},
): Promise<IngestResult[][]> {
  if (parts.every((p) => p.events.length === 0)) return parts.map(() => []);
  for (let attempt = 0; ; attempt++) {
    // First without looking the batch's event ids up: an id reused for another call shows as a
    // conflict of the insert, and the batch runs again with the look-up to refuse it.
    const lookUpIds = attempt > 0;
    try {
      const { plan, versions } = await db.transaction((tx) =>
        recordInTransaction(tx, parts, options, lookUpIds, lookUpIds ? {} : pipeline),
      );
      plan.committed = versions;
      // The histories written, kept once the commit succeeded.
      if (options.histories) {
        for (const [callId, version] of versions) {
          const c = plan.changed.get(callId)!;
          options.histories.set(c.history, version, c.area);
        }
      }
      return plan.results;
    } catch (err) {
      if (err instanceof EventIdRace && attempt < 3) continue;
      throw err;
    }
  }
}

interface StoredCallRow {
  id: string;
  amk_area: string | null;
  /** The row version (`xmin`) as text: the cache's entry is valid while it is the one written. */
  version: string;
  event_count: number;
}

/** What the plan of a group starts from: each call's history and stored AMK area, stored event ids. */
interface Stored {
  before: Map<string, CallHistory>;
  storedArea: Map<string, string | null>;
  /** Which call holds each stored event id read (all of the batch's when looked up). */
  eventOwner: Map<string, string>;
}

const callIdsOf = (parts: readonly IngestPart[]) => [
  ...new Set(parts.flatMap((p) => p.events.map((e) => e.callId))),
];

async function recordInTransaction(
  tx: Queryable,
  parts: readonly IngestPart[],
  options: IngestOptions,
  lookUpIds: boolean,
  pipeline: IngestPipeline,
): Promise<{ plan: IngestPlan; versions: Map<string, string> }> {
  const callIds = callIdsOf(parts);
  await tx.query(
    `SELECT pg_advisory_xact_lock(${CALL_LOCK_CLASS}, h) FROM (
       SELECT DISTINCT hashtext(id) AS h FROM unnest($1::text[]) AS id ORDER BY 1) s`,
    [callIds],
  );
  const rows = await tx.query<StoredCallRow>(
    `SELECT id, amk_area, xmin::text AS version, event_count FROM calls WHERE id = ANY($1::text[])`,
    [callIds],
  );
  const ahead = pipeline.speculation !== undefined && holds(pipeline.speculation, rows.rows);
  const plan = ahead
    ? pipeline.speculation!.plan
    : await planGroup(parts, await readStored(tx, parts, rows.rows, options, lookUpIds), options);
  return { plan, versions: await writePlan(tx, plan, () => pipeline.onPlanned?.(plan, ahead)) };
}

/** Does the store hold what the plan made ahead assumed, for every call of the group? */
function holds(s: Speculation, rows: readonly StoredCallRow[]): boolean {
  const byId = new Map<string, StoredCallRow>();
  for (const r of rows) byId.set(r.id, r);
  for (const [callId, a] of s.assumed) {
    const row = byId.get(callId);
    if (a === null) {
      if (row !== undefined) return false;
      continue;
    }
    const version = a.basis !== undefined ? a.basis.committed?.get(callId) : a.version;
    if (
      row === undefined ||
      version === undefined ||
      row.version !== version ||
      row.event_count !== a.eventCount ||
      row.amk_area !== a.area
    )
      return false;
  }
  return true;
}

/**
 * The histories the group starts from, read under the calls' locks: this process's cached ones
 * where the row is the one it wrote, else folded from the stored events; and, when `lookUpIds`,
 * which call holds each of the batch's event ids (an id reused for another call is refused).
 */
async function readStored(
  tx: Queryable,
  parts: readonly IngestPart[],
  rows: readonly StoredCallRow[],
  options: IngestOptions,
  lookUpIds: boolean,
): Promise<Stored> {
  const storedArea = new Map<string, string | null>();
  const before = new Map<string, CallHistory>();
  for (const r of rows) {
    storedArea.set(r.id, r.amk_area);
    const cached = options.histories?.get(r.id, r.version, r.event_count);
    if (cached) before.set(r.id, cached);
  }
  // A call without a row has no stored events: both are written in one transaction, and the
  // retention job deletes both in one (prune-calls.ts) — a new call costs no read.
  const toRead = rows.filter((r) => !before.has(r.id)).map((r) => r.id);
  const stored =
    toRead.length === 0 && !lookUpIds
      ? { rows: [] }
      : await tx.query<{ call_id: string; event_id: string; payload: CallEvent | string | null }>(
          lookUpIds
            ? `SELECT call_id, event_id, CASE WHEN call_id = ANY($1::text[]) THEN payload END AS payload
                 FROM call_events
                WHERE call_id = ANY($1::text[]) OR event_id = ANY($2::text[])`
            : `SELECT call_id, event_id, payload FROM call_events WHERE call_id = ANY($1::text[])`,
          lookUpIds ? [toRead, parts.flatMap((p) => p.events.map((e) => e.eventId))] : [toRead],
        );

  // Each call's accepted events, in fold order; and which call holds each stored event id.
  const eventOwner = new Map<string, string>();
  const storedByCall = new Map<string, ReturnType<typeof placeEvent>[]>();
  for (const r of stored.rows) {
    eventOwner.set(r.event_id, r.call_id);
    if (r.payload === null) continue;
    const event = typeof r.payload === 'string' ? (JSON.parse(r.payload) as CallEvent) : r.payload;
    let list = storedByCall.get(r.call_id);
    if (!list) storedByCall.set(r.call_id, (list = []));
    list.push(placeEvent(event));
  }
  for (const [callId, list] of storedByCall) {
    list.sort(compareEvents);
    const folded = foldCallEvents(
      list.map((p) => p.event),
      new Map(),
    );
    const h = folded.histories.get(callId);
    if (h) before.set(callId, h);
  }
  return { before, storedArea, eventOwner };
}

/**
 * Plans a group ahead of its transaction, from what this process wrote last: the calls the plan
 * before it changes (`basis`, being written now), else the cached histories, else no row. Pauses
 * now and then (`pause`), so the transaction being written meanwhile goes on. The plan is used
 * only if its transaction finds every call's row as assumed (`holds`); otherwise it plans again
 * from the store, so the outcome is the same either way.
 */
export async function speculate(
  parts: readonly IngestPart[],
  basis: IngestPlan | undefined,
  options: IngestOptions,
  pause: () => Promise<void>,
): Promise<Speculation> {
  const before = new Map<string, CallHistory>();
  const storedArea = new Map<string, string | null>();
  const assumed = new Map<string, Assumed | null>();
  for (const callId of callIdsOf(parts)) {
    const b = basis?.changed.get(callId);
    const c = b === undefined ? options.histories?.peek(callId) : undefined;
    const from = b ?? c;
    if (from === undefined) {
      assumed.set(callId, null);
      continue;
    }
    before.set(callId, from.history);
    storedArea.set(callId, from.area);
    const eventCount = from.history.record.eventCount;
    assumed.set(
      callId,
      b ? { basis, eventCount, area: b.area } : { version: c!.version, eventCount, area: c!.area },
    );
  }
  const plan = await planGroup(parts, { before, storedArea, eventOwner: new Map() }, options, pause);
  return { plan, assumed };
}

/** Events (or calls) planned between two pauses of a plan made ahead. */
const PAUSE_EVERY = 256;

/**
 * Folds the group's events into the histories it starts from — idempotent by event id, a late
 * event placed, impossible transitions refused, events outside the sender's centres refused —
 * and works out every statement's parameters. Pure but for `pause`.
 */
async function planGroup(
  parts: readonly IngestPart[],
  { before, storedArea, eventOwner }: Stored,
  options: IngestOptions,
  pause?: () => Promise<void>,
): Promise<IngestPlan> {
  let work = 0;
  const after = new Map(before);
  // The accepted events by sender (recorded_by), and the calls each sender's events changed.
  const acceptedBy = new Map<string, { actor: Actor; events: CallEvent[]; calls: Set<string> }>();
  const results: IngestResult[][] = [];
  for (const part of parts) {
    const own: IngestResult[] = [];
    results.push(own);
    for (const event of part.events) {
      if (pause !== undefined && ++work % PAUSE_EVERY === 0) await pause();
      const base = { eventId: event.eventId, callId: event.callId };
      const owner = eventOwner.get(event.eventId);
      if (owner !== undefined && owner !== event.callId) {
        own.push({ ...base, outcome: 'refused', problem: reused(event, owner) });
        continue;
      }
      const history = after.get(event.callId);
      const outcome = applyCallEvent(history, event);
      // Checked first, so a sender learns nothing of another centre's call: the centre of the call
      // as the event leaves it — offered to, else chosen by routing.
      const record = outcome.kind === 'applied' ? outcome.history.record : history?.record;
      const centreId = record?.centreId ?? record?.routing?.centreId;
      if (!part.mayRecord(centreId)) {
        own.push({ ...base, outcome: 'refused', problem: outOfScope(event, centreId) });
        continue;
      }
      if (outcome.kind === 'refused') {
        const r = outcome.refusal;
        if (r.code === 'call.wrong-call') throw new Error(r.message); // grouped by call: cannot happen
        own.push({ ...base, outcome: 'refused', problem: problemOf(r) });
        continue;
      }
      if (outcome.kind === 'duplicate') {
        own.push({ ...base, outcome: 'duplicate' });
        continue;
      }
      after.set(event.callId, outcome.history);
      eventOwner.set(event.eventId, event.callId);
      const sender = `${part.actor.type}\u0000${part.actor.id ?? ''}\u0000${part.actor.name}`;
      let mine = acceptedBy.get(sender);
      if (!mine) acceptedBy.set(sender, (mine = { actor: part.actor, events: [], calls: new Set() }));
      mine.events.push(event);
      mine.calls.add(event.callId);
      own.push({ ...base, outcome: 'accepted' });
    }
  }
  const changed = new Map<string, { history: CallHistory; area: string | null }>();
  if (acceptedBy.size === 0) return { results, senders: [], changed, callRows: null, rollups: null };

  const amkAreaOf = new Map<string, string>();
  const deltas = new RollupDeltas(storeRollupOptions((c) => amkAreaOf.get(c.callId)));
  const callRows = [];
  for (const [callId, history] of after) {
    const old = before.get(callId);
    if (old === history) continue;
    if (pause !== undefined && ++work % PAUSE_EVERY === 0) await pause();
    const record = history.record;
    const area = areaOf(record, storedArea.get(callId) ?? null, options);
    if (area !== null) amkAreaOf.set(callId, area);
    changed.set(callId, { history, area });
    callRows.push(callRowOf(record, area));
    const oldCall = old ? countedOf(old.record) : undefined;
    const newCall = countedOf(record);
    if (!sameContribution(oldCall, newCall)) {
      if (oldCall) deltas.remove(oldCall);
      if (newCall) deltas.add(newCall);
    }
  }
  const senders: PlannedSender[] = [];
  for (const { actor, events, calls } of acceptedBy.values()) {
    if (pause !== undefined) await pause();
    // The centres of the calls its events changed, for its `calls.centres.changed` event.
    const centres = new Set<string>();
    for (const callId of calls) {
      const centreId = after.get(callId)!.record.centreId;
      if (centreId !== undefined) centres.add(centreId);
    }
    senders.push({
      actor,
      columns: [
        events.map((e) => e.eventId),
        events.map((e) => e.callId),
        events.map((e) => e.occurredAt),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e)),
      ],
      count: events.length,
      centreIds: [...centres].sort(),
      calls: calls.size,
    });
  }
  if (pause !== undefined) await pause();
  const rows = callRowParams(callRows);
  if (pause !== undefined) await pause();
  return { results, senders, changed, callRows: rows, rollups: prepareRollupDeltas(deltas) };
}

/**
 * Writes a plan: the accepted events, the call rows, the rollup cells, one outbox event per sender.
 * `rowsWritten` is called once the call rows are written (at once when nothing is): the group
 * commit takes and plans the next group then (ingest-queue.ts) — the senders that will share the
 * next transaction have sent their batches by then (they wait for this commit's answers), and the
 * rollup upsert, about half of the writes' time, is still to run beside the planning.
 */
async function writePlan(
  tx: Queryable,
  plan: IngestPlan,
  rowsWritten: () => void,
): Promise<Map<string, string>> {
  if (plan.senders.length === 0) {
    rowsWritten();
    return new Map();
  }
  for (const s of plan.senders) {
    // One array per column (`unnest`): parsing one large JSON document of the events on the
    // server cost more than parsing each event's own.
    const inserted = await tx.query<{ n: number }>(
      `WITH inserted AS (
         INSERT INTO call_events (event_id, call_id, occurred_at, type, payload, recorded_by)
         SELECT event_id, call_id, occurred_at, type, payload::jsonb, $6
           FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[])
             AS e(event_id, call_id, occurred_at, type, payload)
         ON CONFLICT (event_id) DO NOTHING RETURNING 1)
       SELECT count(*)::int AS n FROM inserted`,
      [...s.columns, s.actor.name],
    );
    // An id held by another call (stored before, or committed by another batch after we read):
    // run again, looking the ids up, to refuse it.
    if (inserted.rows[0]!.n !== s.count) throw new EventIdRace();
  }
  const versions = plan.callRows ? await upsertCallRowParams(tx, plan.callRows) : new Map<string, string>();
  rowsWritten();
  if (plan.rollups) await applyPreparedRollups(tx, plan.rollups);
  for (const s of plan.senders) {
    await appendEvent(tx, s.actor, centresChanged.of({ centreIds: s.centreIds, calls: s.calls }));
  }
  return versions;
}

/** The AMK area a call keeps: the one it was first given, else its centre's now. */
function areaOf(record: CallRecord, storedArea: string | null, options: IngestOptions): string | null {
  if (storedArea !== null) return storedArea;
  if (record.centreId === undefined) return null;
  return options.amkAreaOf(record.centreId, record.service) ?? null;
}

function countedOf(record: CallRecord): CountedCall | undefined {
  const c = classifyCall(record);
  return c.kind === 'counted' ? c.call : undefined;
}

function sameContribution(a: CountedCall | undefined, b: CountedCall | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.service === b.service &&
    a.centreId === b.centreId &&
    a.municipality === b.municipality &&
    a.county === b.county &&
    a.startAt === b.startAt &&
    a.answerMs === b.answerMs &&
    a.abandonedBeforeRinging === b.abandonedBeforeRinging
  );
}

function problemOf(
  r: Exclude<ReturnType<typeof applyCallEvent>, { kind: 'applied' | 'duplicate' }>['refusal'],
): EventProblem {
  if (r.code === 'call.transition-refused') {
    return {
      code: r.code,
      message: r.message,
      params: {
        callId: r.callId,
        eventId: r.eventId,
        eventType: r.eventType,
        occurredAt: r.occurredAt,
        state: r.state,
        ...(r.conflictsWith && {
          conflictsWithEventId: r.conflictsWith.eventId,
          conflictsWithType: r.conflictsWith.eventType,
          conflictsWithAt: r.conflictsWith.occurredAt,
        }),
      },
    };
  }
  if (r.code === 'call.event-id-reused') {
    return {
      code: r.code,
      message: r.message,
      params: { callId: r.callId, eventId: r.eventId, eventType: r.eventType },
    };
  }
  throw new Error(r.message);
}

function reused(event: CallEvent, owner: string): EventProblem {
  return {
    code: 'call.event-id-reused',
    message: `Call ${event.callId}: event id ${event.eventId} was already used for an event of call ${owner}`,
    params: { callId: event.callId, eventId: event.eventId, eventType: event.type },
  };
}

function outOfScope(event: CallEvent, centreId: string | undefined): EventProblem {
  return {
    code: 'call.out-of-scope',
    message: centreId
      ? `Call ${event.callId}: ${event.type} ${event.eventId} concerns a call of centre ${centreId}, which this sender may not report for`
      : `Call ${event.callId}: ${event.type} ${event.eventId} names no centre this sender may report for`,
    params: { callId: event.callId, eventId: event.eventId, eventType: event.type, centreId: centreId ?? '' },
  };
}
