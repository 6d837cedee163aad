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

const MAX_ID = 200;
const PHONE = /^\+?\d{3,15}$/;

/** `routed:<callId>`, or `routed:sha256:<hex>` when the call id is too long to carry whole. */
export function routedEventId(callId: string): string {
  if (callId.length <= MAX_ID - 'routed:'.length) return 'routed:' + callId;
  return `routed:sha256:${createHash('sha256').update(callId).digest('hex')}`;
}

/** The call id as the record keeps it: the id, or `sha256:<hex>` when it is too long to carry whole. */
export function recordedCallId(callId: string): string {
  return callId.length <= MAX_ID ? callId : routedEventId(callId).slice('routed:'.length);
}

/** ISO 8601 (UTC) of an instant; the second's text is reused while calls come within it. */
let isoSecond = NaN;
let isoPrefix = '';
export function isoOf(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20); // "2026-12-07T09:00:00."
  }
  const milli = ms - second * 1000;
  return `${isoPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

// The positioning outcome of a note, as a small code (no object per call).
const POS_NOT_APPLICABLE = 0;
const POS_NOT_POSITIONED = 1;
const POS_GIVEN = 2;
const POS_POSITIONED = 3;
const POS_FAILED = 4;
// Shared answers for the common cases.
const NOT_APPLICABLE: PositioningOutcome = Object.freeze({ status: 'not-applicable' });
const NOT_POSITIONED: PositioningOutcome = Object.freeze({ status: 'failed', reason: 'no-answer' });
const GIVEN: PositioningOutcome = Object.freeze({ status: 'positioned' });

/**
 * A batch of noted decisions, column by column (issue 10: no database write, and as little as
 * possible, on the call's path). Noting a decision allocates nothing: numbers go into typed
 * arrays, and the rest are references — the call id and calling number the SIP message already
 * holds, the rest strings of the routing data. Batches are reused once sent. The `routed` events
 * are built only when the batch is sent (`events()`), off the call's path. (Copying the two
 * strings into a byte buffer instead cost more in decoding them at send time than it saved.)
 */
export class RoutedNotes {
  length = 0;
  /** Call id and calling number of note i at 2i and 2i + 1 (the strings of the SIP message). */
  private readonly strings: (string | undefined)[];
  private readonly atMs: Float64Array;
  private readonly dataVersion: Float64Array;
  private readonly elapsedMs: Float64Array;
  private readonly codes: Uint8Array;
  private readonly refs: (string | undefined)[];

  constructor(readonly capacity: number) {
    this.strings = new Array<string | undefined>(capacity * 2).fill(undefined);
    this.atMs = new Float64Array(capacity);
    this.dataVersion = new Float64Array(capacity);
    this.elapsedMs = new Float64Array(capacity);
    // Per note: source, alternative site, positioning kind.
    this.codes = new Uint8Array(capacity * 3);
    // Per note: network, outcome, method, locatedBy, centre, municipality, county, re-route, failure reason.
    this.refs = new Array<string | undefined>(capacity * REFS).fill(undefined);
  }

  get full(): boolean {
    return this.length >= this.capacity;
  }

  /** Empties the batch for reuse (its references are dropped, its buffers kept). */
  clear(): void {
    this.refs.fill(undefined, 0, this.length * REFS);
    this.strings.fill(undefined, 0, this.length * 2);
    this.length = 0;
  }

  /** Notes a decision; false when the door names no call (the CLI) or the batch is full. */
  add(n: DecisionNotice): boolean {
    const source = SOURCE_CODE[n.door];
    if (source === 0 || !n.callId || this.length >= this.capacity) return false;
    const i = this.length;
    const d = n.decision;
    this.strings[2 * i] = n.callId;
    this.strings[2 * i + 1] = n.call.callingNumber;
    this.atMs[i] = n.atMs;
    this.dataVersion[i] = d.dataVersion;
    const r = i * REFS;
    const refs = this.refs;
    refs[r] = n.call.network;
    refs[r + 1] = d.outcome;
    this.codes[3 * i] = source;
    if (d.outcome === 'connect') {
      refs[r + 2] = d.method;
      refs[r + 3] = d.locatedBy;
      refs[r + 4] = d.centreId;
      refs[r + 7] = rerouteIdOf(n);
      this.codes[3 * i + 1] = d.alternativeSite === true ? 1 : 0;
    } else this.codes[3 * i + 1] = 0;
    refs[r + 5] = d.municipality;
    refs[r + 6] = d.county;
    const given = n.position ?? n.call.position;
    let kind = POS_NOT_APPLICABLE;
    if (!given) kind = n.call.network === 'mobile' ? POS_NOT_POSITIONED : POS_NOT_APPLICABLE;
    else {
      // A municipality given with the call has no status: positioned by the caller of the API.
      const p = given as PositionResult | { status?: undefined };
      if (p.status === undefined) kind = POS_GIVEN;
      else {
        this.elapsedMs[i] = Math.max(0, Math.round(p.elapsedMs));
        if (p.status === 'positioned') kind = POS_POSITIONED;
        else {
          kind = POS_FAILED;
          refs[r + 8] = p.reason;
        }
      }
    }
    this.codes[3 * i + 2] = kind;
    this.length = i + 1;
    return true;
  }

  /** The `routed` event of note `i`. */
  event(i: number): CallEventOf<'routed'> {
    const r = i * REFS;
    const refs = this.refs;
    const kind = this.codes[3 * i + 2];
    const positioning: PositioningOutcome =
      kind === POS_NOT_APPLICABLE
        ? NOT_APPLICABLE
        : kind === POS_NOT_POSITIONED
          ? NOT_POSITIONED
          : kind === POS_GIVEN
            ? GIVEN
            : kind === POS_POSITIONED
              ? { status: 'positioned', elapsedMs: this.elapsedMs[i]! }
              : {
                  status: 'failed',
                  reason: refs[r + 8] as Extract<PositioningOutcome, { status: 'failed' }>['reason'],
                  elapsedMs: this.elapsedMs[i]!,
                };
    // Built by assignment, not spreads: this runs for every call (off the call's path, in batches).
    const snapshot: RoutingSnapshot = {
      outcome: refs[r + 1] as RoutingSnapshot['outcome'],
      positioning,
      dataVersion: this.dataVersion[i]!,
    };
    const method = refs[r + 2] as RoutingSnapshot['method'];
    const locatedBy = refs[r + 3] as RoutingSnapshot['locatedBy'];
    if (method) snapshot.method = method;
    if (refs[r + 4]) snapshot.centreId = refs[r + 4];
    if (locatedBy) snapshot.locatedBy = locatedBy;
    if (this.codes[3 * i + 1] === 1) snapshot.alternativeSite = true;
    if (refs[r + 7]) snapshot.rerouteId = refs[r + 7];
    if (refs[r + 5]) snapshot.municipality = refs[r + 5];
    if (refs[r + 6]) snapshot.county = refs[r + 6];
    const callId = this.strings[2 * i]!;
    const eventId = routedEventId(callId);
    const event: CallEventOf<'routed'> = {
      eventId,
      callId: recordedCallId(callId),
      occurredAt: isoOf(Math.round(this.atMs[i]!)),
      source: SOURCES[this.codes[3 * i]!]!,
      type: 'routed',
      calledNumber: '116117',
      network: refs[r] as CallEventOf<'routed'>['network'],
      decision: snapshot,
    };
    const raw = this.strings[2 * i + 1]!;
    const calling = raw.indexOf(' ') < 0 ? raw : raw.replace(/\s/g, '');
    if (PHONE.test(calling)) event.callingNumber = calling;
    return event;
  }

  /** The `routed` events of the batch, in the order noted. */
  events(): CallEventOf<'routed'>[] {
    const out = new Array<CallEventOf<'routed'>>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.event(i);
    return out;
  }
}

/** References kept per note (see `RoutedNotes.refs`). */
const REFS = 9;

/** Source codes of the doors (0: the door records nothing). */
const SOURCES: readonly (CallEventSource | undefined)[] = [
  undefined,
  'sip-redirect',
  'decision-api',
  'simulator',
];
const SOURCE_CODE: Record<DecisionDoor, number> = { sip: 1, http: 2, simulator: 3, cli: 0 };

function rerouteIdOf(n: DecisionNotice): string | undefined {
  for (const step of n.decision.trace) {
    if (step.step === 'reroute' && typeof step.params.rerouteId === 'string') return step.params.rerouteId;
  }
  return undefined;
}

/** Is the decision one the calls record keeps (a call id, through a door that takes calls)? */
export function isRecordedDecision(n: DecisionNotice): boolean {
  return SOURCE_CODE[n.door] !== 0 && !!n.callId;
}

/** The `routed` event of a decision, or null when the door names no call (the CLI). */
export function routedEventOf(n: DecisionNotice): CallEventOf<'routed'> | null {
  const notes = new RoutedNotes(1);
  return notes.add(n) ? notes.event(0) : null;
}
