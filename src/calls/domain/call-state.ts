/**
 * The call record: a pure fold of a call's events (issue 10, part 1). No I/O, no clock.
 *
 * ## Rules
 * - **Idempotent by event id.** An event whose id the call already has is a no-op (`duplicate`);
 *   the same id with different content is refused (`call.event-id-reused`): a sender that reuses
 *   an id for another fact has a bug we must not hide.
 * - **Ordered per call by `occurredAt`, not by arrival.** The history keeps the call's events
 *   sorted by (occurredAt, lifecycle rank, eventId); the record is the fold of that list. An event
 *   that arrives late is inserted at its place and the record is folded again from the start, so
 *   it is placed, not lost. Events of one call at the same millisecond (concurrent reports from
 *   the network and the centre) are ordered by their lifecycle rank (routed < offered < queued <
 *   ringing < answered < transferred, conferenced < callback-requested, misrouted < ended,
 *   abandoned) and then by event id, so every arrival order gives the same list and the same record.
 * - **Impossible transitions are refused** with a structured refusal naming the call, the event
 *   and the state it met (and, for a late event, the already accepted event it would contradict);
 *   the history stays as it was.
 *
 * ## The state machine
 * A call moves forward through phases and never back:
 *
 * ```
 *  phase 0  new        (no lifecycle event yet)
 *  phase 1  routed     routed by nodmeld (116117 only; 8-digit and 113 calls start at offered)
 *  phase 2  offered    delivered to the centre's telephone system
 *  phase 3  queued ⇄ ringing   voice menu / announcement ⇄ ringing at the operators (may alternate:
 *                      ring-no-answer returns the call to the queue)
 *  phase 4  answered   an operator answered; transferred / conferenced happen here
 *  phase 5  ended | abandoned   terminal (abandoned: the caller hung up before an answer)
 * ```
 *
 * | event              | allowed while the call is in phase | moves the call to |
 * | ------------------ | ---------------------------------- | ----------------- |
 * | routed             | 0                                  | 1 routed          |
 * | offered            | 0–1                                | 2 offered         |
 * | queued             | 0–3                                | 3 queued          |
 * | ringing            | 0–3                                | 3 ringing         |
 * | answered           | 0–3                                | 4 answered        |
 * | transferred        | 0–4                                | 4 answered        |
 * | conferenced        | 0–4                                | 4 answered        |
 * | ended              | 0–4                                | 5 ended           |
 * | abandoned          | 0–3                                | 5 abandoned       |
 * | callback-requested | any (annotation)                   | unchanged         |
 * | misrouted          | any (annotation)                   | unchanged         |
 *
 * So: answered after ended, answered before offered or ringing (an `offered`/`ringing` whose time
 * lies after the answer), a second answer, abandoned after an answer, anything but an annotation
 * after the end — all refused. A *missing* earlier step is not refused: events of one call come
 * from different systems and the earlier one may simply be late (a transfer reported before the
 * answer is placed after the answer once that arrives). Because an event is allowed only up to a
 * phase and a phase is the highest one its events imply, every subset of a valid event set,
 * folded in time order, is valid too: any arrival order of a valid set folds to the same record
 * (the property test checks this). Gaps that remain (answered with no ringing time) are visible
 * on the record and the statistics leave such calls out of the answer-time figures, as
 * `incomplete` (official-figures.ts).
 */
import type {
  CallEvent,
  CallEventType,
  CallService,
  CallTarget,
  Hastegrad,
  MisroutingReason,
  RoutingSnapshot,
  TransferOutcome,
} from './call-event.ts';
import { serviceOfCalledNumber } from './call-event.ts';

export type CallState =
  'new' | 'routed' | 'offered' | 'queued' | 'ringing' | 'answered' | 'ended' | 'abandoned';

/** A transfer or conference of the call (LV-2). */
export interface CallHandover {
  eventId: string;
  at: number;
  target: CallTarget;
  outcome: TransferOutcome;
}

/** The call as its events tell it. Instants are epoch milliseconds. */
export interface CallRecord {
  callId: string;
  state: CallState;
  calledNumber?: string;
  service?: CallService;
  callingNumber?: string;
  network?: 'fixed' | 'mobile' | 'ip';
  routing?: RoutingSnapshot;
  routedAt?: number;
  /** The centre the call was offered to. */
  centreId?: string;
  offeredAt?: number;
  /** First time the call entered the centre's voice menu or queue. */
  queuedAt?: number;
  /** First time the call rang at the centre's operators: the official answer time starts here. */
  ringingAt?: number;
  answeredAt?: number;
  answeredBy?: { positionId: string; userId?: string; centreId?: string };
  transfers: CallHandover[];
  conferences: CallHandover[];
  /** When the call ended or was abandoned. */
  endedAt?: number;
  endedBy?: 'caller' | 'operator' | 'system';
  hastegrad?: Hastegrad;
  misrouting?: {
    at: number;
    reason: MisroutingReason;
    correctMunicipality?: string;
    correctCentreId?: string;
    detail?: string;
  };
  callbackRequested?: { at: number; number?: string };
  firstEventAt: number;
  lastEventAt: number;
  eventCount: number;
}

/** The fields of an event the fold reads: the event without its call id, instant text and source. */
export type FoldableEvent = CallEvent extends infer E
  ? E extends CallEvent
    ? Omit<E, 'callId' | 'occurredAt' | 'source'>
    : never
  : never;

/** An event (or its foldable fields) with its instant as epoch ms. */
export interface TimedEvent {
  event: FoldableEvent;
  at: number;
}

/** An event with its instant parsed once. */
export interface PlacedEvent extends TimedEvent {
  event: CallEvent;
}

/** A call's accepted events in fold order and the record they fold to. */
export interface CallHistory {
  readonly callId: string;
  readonly events: readonly PlacedEvent[];
  readonly record: CallRecord;
}

interface EventRef {
  eventId: string;
  eventType: CallEventType;
  occurredAt: string;
}

export type CallEventRefusal =
  | {
      code: 'call.transition-refused';
      callId: string;
      eventId: string;
      eventType: CallEventType;
      occurredAt: string;
      /** The state the refused transition met. */
      state: CallState;
      /**
       * Set when the new event fits where it is placed but makes an already accepted later event
       * impossible (a late `ended` placed before an accepted `answered`): that event, which met
       * `state`.
       */
      conflictsWith?: EventRef;
      message: string;
    }
  | {
      code: 'call.event-id-reused';
      callId: string;
      eventId: string;
      eventType: CallEventType;
      message: string;
    }
  | { code: 'call.wrong-call'; callId: string; eventId: string; eventCallId: string; message: string };

export type ApplyOutcome =
  | { kind: 'applied'; history: CallHistory; late: boolean }
  | { kind: 'duplicate'; history: CallHistory }
  | { kind: 'refused'; history: CallHistory | undefined; refusal: CallEventRefusal };

/** [highest phase the call may be in, phase the event moves it to] per event type. */
const RULES: Readonly<Record<CallEventType, readonly [maxFrom: number, implies: number]>> = {
  routed: [0, 1],
  offered: [1, 2],
  queued: [3, 3],
  ringing: [3, 3],
  answered: [3, 4],
  transferred: [4, 4],
  conferenced: [4, 4],
  ended: [4, 5],
  abandoned: [3, 5],
  'callback-requested': [5, 0],
  misrouted: [5, 0],
};

/** Order of events at the same millisecond. */
const RANK: Readonly<Record<CallEventType, number>> = {
  routed: 0,
  offered: 1,
  queued: 2,
  ringing: 3,
  answered: 4,
  transferred: 5,
  conferenced: 5,
  'callback-requested': 6,
  misrouted: 6,
  ended: 7,
  abandoned: 7,
};

const PHASE_OF_STATE: Readonly<Record<CallState, number>> = {
  new: 0,
  routed: 1,
  offered: 2,
  queued: 3,
  ringing: 3,
  answered: 4,
  ended: 5,
  abandoned: 5,
};

/** The states from which an event type is allowed (for messages and clients). */
export function statesAllowing(type: CallEventType): CallState[] {
  const [maxFrom] = RULES[type];
  return (Object.keys(PHASE_OF_STATE) as CallState[]).filter((s) => PHASE_OF_STATE[s] <= maxFrom);
}

/** Fold order: occurredAt, then lifecycle rank, then event id. Negative when `a` comes first. */
export function compareEvents(a: TimedEvent, b: TimedEvent): number {
  if (a.at !== b.at) return a.at - b.at;
  const r = RANK[a.event.type] - RANK[b.event.type];
  if (r !== 0) return r;
  return a.event.eventId < b.event.eventId ? -1 : a.event.eventId > b.event.eventId ? 1 : 0;
}

/** The call's state after its events: what a new event of `type` would meet. */
function emptyRecord(callId: string, at: number): CallRecord {
  return {
    callId,
    state: 'new',
    transfers: [],
    conferences: [],
    firstEventAt: at,
    lastEventAt: at,
    eventCount: 0,
  };
}

/**
 * One step of the fold: the record after `placed`, or the state it met when the transition is
 * impossible. Returns a new record; never changes `record`.
 */
function step(record: CallRecord, placed: TimedEvent): CallRecord | { refusedIn: CallState } {
  if (PHASE_OF_STATE[record.state] > RULES[placed.event.type][0]) return { refusedIn: record.state };
  const next: CallRecord = { ...record };
  advance(next, placed);
  return next;
}

/**
 * The transition itself, applied to `next` (a fresh copy of the record, or the fast path's own
 * record): the caller has checked that it is allowed. The one place the fold's rules live.
 */
function advance(next: CallRecord, placed: TimedEvent): void {
  const { event, at } = placed;
  const implies = RULES[event.type][1];
  const phase = PHASE_OF_STATE[next.state];
  if (at < next.firstEventAt) next.firstEventAt = at;
  if (at > next.lastEventAt) next.lastEventAt = at;
  next.eventCount++;
  switch (event.type) {
    case 'routed':
      next.calledNumber ??= event.calledNumber;
      next.callingNumber ??= event.callingNumber;
      next.network ??= event.network;
      next.routing = event.decision;
      next.routedAt = at;
      break;
    case 'offered':
      next.calledNumber ??= event.calledNumber;
      next.callingNumber ??= event.callingNumber;
      next.network ??= event.network;
      next.centreId = event.centreId;
      next.offeredAt = at;
      break;
    case 'queued':
      next.queuedAt ??= at;
      next.centreId ??= event.centreId;
      break;
    case 'ringing':
      next.ringingAt ??= at;
      next.centreId ??= event.centreId;
      break;
    case 'answered':
      next.answeredAt = at;
      next.answeredBy = {
        positionId: event.positionId,
        ...(event.userId !== undefined && { userId: event.userId }),
        ...(event.centreId !== undefined && { centreId: event.centreId }),
      };
      next.centreId ??= event.centreId;
      break;
    case 'transferred':
    case 'conferenced': {
      const handover: CallHandover = {
        eventId: event.eventId,
        at,
        target: event.target,
        outcome: event.outcome,
      };
      if (event.type === 'transferred') next.transfers = [...next.transfers, handover];
      else next.conferences = [...next.conferences, handover];
      if (event.hastegrad) next.hastegrad = event.hastegrad;
      break;
    }
    case 'ended':
      next.endedAt = at;
      if (event.by) next.endedBy = event.by;
      if (event.hastegrad) next.hastegrad = event.hastegrad;
      break;
    case 'abandoned':
      next.endedAt = at;
      next.endedBy = 'caller';
      break;
    case 'callback-requested':
      next.callbackRequested = { at, ...(event.number !== undefined && { number: event.number }) };
      if (event.hastegrad) next.hastegrad = event.hastegrad;
      break;
    case 'misrouted':
      next.misrouting = {
        at,
        reason: event.reason,
        ...(event.correctMunicipality !== undefined && { correctMunicipality: event.correctMunicipality }),
        ...(event.correctCentreId !== undefined && { correctCentreId: event.correctCentreId }),
        ...(event.detail !== undefined && { detail: event.detail }),
      };
      if (event.hastegrad) next.hastegrad = event.hastegrad;
      break;
    default: {
      const never: never = event;
      throw new Error(`unknown call event ${JSON.stringify(never)}`);
    }
  }
  if (next.calledNumber !== undefined) next.service = serviceOfCalledNumber(next.calledNumber);
  if (implies > phase) next.state = stateFor(event.type);
  else if (phase === 3 && (event.type === 'queued' || event.type === 'ringing')) next.state = event.type;
}

function stateFor(type: CallEventType): CallState {
  switch (type) {
    case 'routed':
      return 'routed';
    case 'offered':
      return 'offered';
    case 'queued':
      return 'queued';
    case 'ringing':
      return 'ringing';
    case 'answered':
    case 'transferred':
    case 'conferenced':
      return 'answered';
    case 'ended':
      return 'ended';
    case 'abandoned':
      return 'abandoned';
    case 'callback-requested':
    case 'misrouted':
      throw new Error(`${type} does not move the call`);
  }
}

function ref(p: PlacedEvent): EventRef {
  return { eventId: p.event.eventId, eventType: p.event.type, occurredAt: p.event.occurredAt };
}

function refusal(
  callId: string,
  placed: PlacedEvent,
  state: CallState,
  conflict?: PlacedEvent,
): CallEventRefusal {
  const e = placed.event;
  const message = conflict
    ? `Call ${callId}: ${e.type} ${e.eventId} at ${e.occurredAt} would put the call in state ${state} before ` +
      `the accepted ${conflict.event.type} ${conflict.event.eventId} at ${conflict.event.occurredAt}, which is impossible from ${state}`
    : `Call ${callId}: ${e.type} ${e.eventId} at ${e.occurredAt} is impossible in state ${state} ` +
      `(allowed in: ${statesAllowing(e.type).join(', ')})`;
  return {
    code: 'call.transition-refused',
    callId,
    eventId: e.eventId,
    eventType: e.type,
    occurredAt: e.occurredAt,
    state,
    ...(conflict && { conflictsWith: ref(conflict) }),
    message,
  };
}

/** Parses an event's instant. The schema guarantees an ISO 8601 date-time with offset. */
export function placeEvent(event: CallEvent): PlacedEvent {
  const at = Date.parse(event.occurredAt);
  if (Number.isNaN(at)) throw new RangeError(`Not an instant: ${event.occurredAt}`);
  return { event, at };
}

/** The record of a sorted list of events, or the first event that is impossible and the state it met. */
function foldSorted(
  callId: string,
  events: readonly TimedEvent[],
): { record: CallRecord } | { failedAt: number; state: CallState } {
  let record = emptyRecord(callId, events[0]!.at);
  for (let i = 0; i < events.length; i++) {
    const next = step(record, events[i]!);
    if ('refusedIn' in next) return { failedAt: i, state: next.refusedIn };
    record = next;
  }
  return { record };
}

/** JSON with object keys sorted: a stored event (jsonb reorders keys) compares equal to the one sent. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
        )
      : v,
  );
}

function sameContent(a: CallEvent, b: CallEvent): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b) || canonical(a) === canonical(b);
}

/**
 * Applies one event to a call's history (undefined for a call not seen yet): `applied` (with
 * `late` when it was placed before an accepted event and the record folded again), `duplicate`
 * (the history unchanged) or `refused` (the history unchanged, with the refusal).
 */
export function applyCallEvent(history: CallHistory | undefined, event: CallEvent): ApplyOutcome {
  const callId = history?.callId ?? event.callId;
  if (event.callId !== callId) {
    return {
      kind: 'refused',
      history,
      refusal: {
        code: 'call.wrong-call',
        callId,
        eventId: event.eventId,
        eventCallId: event.callId,
        message: `Event ${event.eventId} belongs to call ${event.callId}, not ${callId}`,
      },
    };
  }
  const placed = placeEvent(event);
  const events = history?.events ?? [];
  for (const p of events) {
    if (p.event.eventId !== event.eventId) continue;
    if (sameContent(p.event, event)) return { kind: 'duplicate', history: history! };
    return {
      kind: 'refused',
      history,
      refusal: {
        code: 'call.event-id-reused',
        callId,
        eventId: event.eventId,
        eventType: event.type,
        message: `Call ${callId}: event id ${event.eventId} was already used for another ${p.event.type} event`,
      },
    };
  }
  // Binary search for the place (the common case is the end).
  let lo = 0;
  let hi = events.length;
  if (hi > 0 && compareEvents(events[hi - 1]!, placed) < 0) lo = hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareEvents(events[mid]!, placed) < 0) lo = mid + 1;
    else hi = mid;
  }
  const late = lo < events.length;
  const nextEvents = late ? [...events.slice(0, lo), placed, ...events.slice(lo)] : [...events, placed];
  if (!late && history) {
    const next = step(history.record, placed);
    if ('refusedIn' in next)
      return { kind: 'refused', history, refusal: refusal(callId, placed, next.refusedIn) };
    return { kind: 'applied', history: { callId, events: nextEvents, record: next }, late };
  }
  const folded = foldSorted(callId, nextEvents);
  if ('failedAt' in folded) {
    const failed = nextEvents[folded.failedAt]!;
    const r =
      failed === placed
        ? refusal(callId, placed, folded.state)
        : refusal(callId, placed, folded.state, failed);
    return { kind: 'refused', history, refusal: r };
  }
  return { kind: 'applied', history: { callId, events: nextEvents, record: folded.record }, late };
}

/** Result of folding a batch of events of many calls. */
export interface FoldResult {
  histories: Map<string, CallHistory>;
  applied: number;
  duplicates: number;
  refusals: CallEventRefusal[];
}

/**
 * Folds events of any calls in the order given (arrival order), applying each with
 * {@link applyCallEvent}. Adds to `into` when given (a long-running projection).
 */
export function foldCallEvents(events: Iterable<CallEvent>, into?: Map<string, CallHistory>): FoldResult {
  const histories = into ?? new Map<string, CallHistory>();
  let applied = 0;
  let duplicates = 0;
  const refusals: CallEventRefusal[] = [];
  for (const event of events) {
    const outcome = applyCallEvent(histories.get(event.callId), event);
    if (outcome.kind === 'applied') {
      histories.set(event.callId, outcome.history);
      applied++;
    } else if (outcome.kind === 'duplicate') duplicates++;
    else refusals.push(outcome.refusal);
  }
  return { histories, applied, duplicates, refusals };
}

/**
 * The fast path for a call's complete event list that its producer already has in fold order
 * (the what-if simulator): folds it once, in place, with the same transitions as
 * {@link applyCallEvent} — no re-sorting, no copy of the record per event, no refusal built.
 * Gives the record that applying the events one by one gives, or `undefined` when the list is
 * not strictly in fold order, repeats an event id or holds an impossible transition: then fold it
 * with {@link foldCallEvents}, which places, refuses and explains. The list may be empty
 * (`undefined`: no record). The events must all belong to `callId`.
 */
export function foldOrderedEvents(callId: string, events: readonly TimedEvent[]): CallRecord | undefined {
  if (events.length === 0) return undefined;
  const record = emptyRecord(callId, events[0]!.at);
  for (let i = 0; i < events.length; i++) {
    const placed = events[i]!;
    if (i > 0 && compareEvents(events[i - 1]!, placed) >= 0) return undefined;
    const id = placed.event.eventId;
    for (let j = 0; j < i; j++) if (events[j]!.event.eventId === id) return undefined;
    if (PHASE_OF_STATE[record.state] > RULES[placed.event.type][0]) return undefined;
    advance(record, placed);
  }
  return record;
}
