/**
 * A routing decision as the calls record keeps it: the `routed` event of the call (issue 10 part 1).
 * Pure. The event id is made from the call id, so a batch sent again after a lost answer is a
 * duplicate (a no-op), never a second routing.
 */
import { createHash } from 'node:crypto';
import type { DecisionDoor, DecisionNotice } from '../../routing/decide-call.ts';
import type { PositionResult } from '../../routing/domain/types.ts';
import type {
  CallEventOf,
  CallEventSource,
  PositioningOutcome,
  RoutingSnapshot,
} from '../domain/call-event.ts';

/** The source a door's decisions are recorded as; doors without a call (the CLI) record nothing. */
const SOURCE_OF_DOOR: Record<DecisionDoor, CallEventSource | null> = {
  sip: 'sip-redirect',
  http: 'decision-api',
  simulator: 'simulator',
  cli: null,
};

const MAX_ID = 200;
const PHONE = /^\+?\d{3,15}$/;

/** `routed:<callId>`, or `routed:sha256:<hex>` when the call id is too long to carry whole. */
export function routedEventId(callId: string): string {
  if (callId.length <= MAX_ID - 'routed:'.length) return 'routed:' + callId;
  return `routed:sha256:${createHash('sha256').update(callId).digest('hex')}`;
}

/** ISO 8601 (UTC) of an instant; the second's text is reused while calls come within it. */
let isoSecond = NaN;
let isoPrefix = '';
function isoOf(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20); // "2026-12-07T09:00:00."
  }
  const milli = ms - second * 1000;
  return `${isoPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

// Shared answers for the common cases: nothing is allocated for them on the decision's path.
const NOT_APPLICABLE: PositioningOutcome = Object.freeze({ status: 'not-applicable' });
const NOT_POSITIONED: PositioningOutcome = Object.freeze({ status: 'failed', reason: 'no-answer' });
const GIVEN: PositioningOutcome = Object.freeze({ status: 'positioned' });

function positioningOf(n: DecisionNotice): PositioningOutcome {
  const given = n.position ?? n.call.position;
  if (!given) return n.call.network === 'mobile' ? NOT_POSITIONED : NOT_APPLICABLE;
  // A municipality given with the call has no status: positioned by the caller of the API.
  const p = given as PositionResult | { status?: undefined };
  if (p.status === undefined) return GIVEN;
  const elapsedMs = Math.max(0, Math.round(p.elapsedMs));
  if (p.status === 'positioned') return { status: 'positioned', elapsedMs };
  return { status: 'failed', reason: p.reason, elapsedMs };
}

function rerouteIdOf(n: DecisionNotice): string | undefined {
  for (const step of n.decision.trace) {
    if (step.step === 'reroute' && typeof step.params.rerouteId === 'string') return step.params.rerouteId;
  }
  return undefined;
}

/**
 * What is kept of a decision until its batch is sent: one fixed-shape object of references to
 * strings the decision already holds (no trace, no copies). Made on the decision's path, so it is
 * as small and cheap as it can be; the event is built from it when the batch is sent.
 */
export class RoutedNote {
  constructor(
    readonly callId: string,
    readonly atMs: number,
    readonly source: CallEventSource,
    readonly callingNumber: string,
    readonly network: DecisionNotice['call']['network'],
    readonly outcome: RoutingSnapshot['outcome'],
    readonly method: RoutingSnapshot['method'],
    readonly locatedBy: RoutingSnapshot['locatedBy'],
    readonly centreId: string | undefined,
    readonly municipality: string | undefined,
    readonly county: string | undefined,
    readonly dataVersion: number,
    readonly alternativeSite: boolean,
    readonly rerouteId: string | undefined,
    readonly positioning: PositioningOutcome,
  ) {}
}

/** The note of a decision, or null when the door names no call (the CLI). */
/** Is the decision one the calls record keeps (a call id, through a door that takes calls)? */
export function isRecordedDecision(n: DecisionNotice): boolean {
  return SOURCE_OF_DOOR[n.door] !== undefined && !!n.callId;
}

export function routedNoteOf(n: DecisionNotice): RoutedNote | null {
  const source = SOURCE_OF_DOOR[n.door];
  if (!source || !n.callId) return null;
  const d = n.decision;
  const connect = d.outcome === 'connect' ? d : null;
  return new RoutedNote(
    n.callId,
    n.atMs,
    source,
    n.call.callingNumber,
    n.call.network,
    d.outcome,
    connect?.method,
    connect?.locatedBy,
    connect?.centreId,
    d.municipality,
    d.county,
    d.dataVersion,
    connect?.alternativeSite === true,
    connect ? rerouteIdOf(n) : undefined,
    positioningOf(n),
  );
}

/**
 * The `routed` event of a noted decision. A call id longer than an id may be (200) is kept as its
 * SHA-256 (`sha256:<hex>`).
 */
export function routedEventOfNote(note: RoutedNote): CallEventOf<'routed'> {
  // Built by assignment, not spreads: this runs for every call (off the call's path, in batches).
  const snapshot: RoutingSnapshot = {
    outcome: note.outcome,
    positioning: note.positioning,
    dataVersion: note.dataVersion,
  };
  if (note.method) snapshot.method = note.method;
  if (note.centreId) snapshot.centreId = note.centreId;
  if (note.locatedBy) snapshot.locatedBy = note.locatedBy;
  if (note.alternativeSite) snapshot.alternativeSite = true;
  if (note.rerouteId) snapshot.rerouteId = note.rerouteId;
  if (note.municipality) snapshot.municipality = note.municipality;
  if (note.county) snapshot.county = note.county;
  const eventId = routedEventId(note.callId);
  const event: CallEventOf<'routed'> = {
    eventId,
    callId: note.callId.length <= MAX_ID ? note.callId : eventId.slice('routed:'.length),
    occurredAt: isoOf(Math.round(note.atMs)),
    source: note.source,
    type: 'routed',
    calledNumber: '116117',
    network: note.network,
    decision: snapshot,
  };
  const raw = note.callingNumber;
  const calling = raw.indexOf(' ') < 0 ? raw : raw.replace(/\s/g, '');
  if (PHONE.test(calling)) event.callingNumber = calling;
  return event;
}

/** The `routed` event of a decision, or null when the door names no call (the CLI). */
export function routedEventOf(n: DecisionNotice): CallEventOf<'routed'> | null {
  const note = routedNoteOf(n);
  return note && routedEventOfNote(note);
}
