/**
 * A routing decision as the calls record keeps it: the `routed` event of the call (issue 10 part 1).
 * Pure. The event id is made from the call id, so a batch sent again after a lost answer is a
 * duplicate (a no-op), never a second routing.
 */
import { createHash } from 'node:crypto';
import type { DecisionDoor, DecisionNotice } from '../../routing/decide-call.ts';
import { NETWORKS, type PositionResult } from '../../routing/domain/types.ts';
import type {
  CallEventOf,
  CallEventSource,
  PositioningOutcome,
  RoutingSnapshot,
} from '../domain/call-event.ts';

const MAX_ID = 200;

/** `routed:<callId>`, or `routed:sha256:<hex>` when the call id is too long to carry whole. */
export function routedEventId(callId: string): string {
  if (callId.length <= MAX_ID - 'routed:'.length) return 'routed:' + callId;
  return `routed:sha256:${createHash('sha256').update(callId).digest('hex')}`;
}

/**
 * The call id as the record keeps it: the id, or `sha256:<hex>` when it is too long to carry whole
 * (from `eventId`, the call's `routedEventId`, when the caller has it: one hash, not two).
 */
export function recordedCallId(callId: string, eventId?: string): string {
  return callId.length <= MAX_ID ? callId : (eventId ?? routedEventId(callId)).slice('routed:'.length);
}

/**
 * ISO 8601 (UTC) of an instant (whole milliseconds); the second's text is reused while calls come
 * within it, and the milliseconds' ("007Z") are made once: this runs for every event.
 */
let isoSecond = NaN;
let isoPrefix = '';
const MILLIS = Array.from({ length: 1000 }, (_, m) => `${String(m).padStart(3, '0')}Z`);
export function isoOf(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, 20); // "2026-12-07T09:00:00."
  }
  return isoPrefix + MILLIS[ms - second * 1000]!;
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

/** Bytes per note the text buffer starts with (a SIP Call-ID and a calling number fit). */
const TEXT_BYTES_PER_NOTE = 64;

/**
 * A batch of noted decisions, column by column (issue 10: no database write, and as little as
 * possible, on the call's path). Noting a decision allocates nothing and keeps no reference to
 * the strings of the call's message: numbers go into typed arrays, the call's id and calling
 * number are copied as bytes into a reused buffer (the call id from the message's own bytes when
 * the SIP door passes them: a byte loop costs less than reading a slice of the message's text
 * character by character), and the rest are references to strings that
 * live long anyway (the routing data's centre ids, municipality and county numbers, re-route ids,
 * and the enumerations' literals). Kept references to the message's strings made them outlive
 * young-generation collections, which cost routing more than everything else the record does
 * (docs/performance.md); interning the data's strings as small integers instead cost more in map
 * look-ups than it saved. The `routed` events are built only when the batch is sent (`events()`),
 * off the call's path: the batch's text is decoded once and each string is a piece of it.
 * Batches are reused once sent.
 */
export class RoutedNotes {
  length = 0;
  /** Latin-1 bytes of each note's call id, then its calling number. */
  private text: Buffer;
  private textLength = 0;
  /** End in `text` of note i's call id at 2i, of its calling number at 2i + 1. */
  private readonly ends: Uint32Array;
  /** Call ids and calling numbers with a character past Latin-1 (not from SIP), by slot. */
  private spill: Map<number, string> | null = null;
  /** Characters other than digits in the string `write` copied last. */
  private nonDigits = 0;
  private readonly atMs: Float64Array;
  private readonly dataVersion: Float64Array;
  private readonly elapsedMs: Float64Array;
  private readonly codes: Uint8Array;
  private readonly refs: (string | undefined)[];

  constructor(readonly capacity: number) {
    this.text = Buffer.allocUnsafeSlow(capacity * TEXT_BYTES_PER_NOTE);
    this.ends = new Uint32Array(capacity * 2);
    this.atMs = new Float64Array(capacity);
    this.dataVersion = new Float64Array(capacity);
    this.elapsedMs = new Float64Array(capacity);
    // Per note: source, alternative site, positioning kind, network.
    this.codes = new Uint8Array(capacity * 4);
    // Per note: outcome, method, locatedBy, centre, municipality, county, re-route, failure reason.
    this.refs = new Array<string | undefined>(capacity * REFS).fill(undefined);
  }

  get full(): boolean {
    return this.length >= this.capacity;
  }

  /** Empties the batch for reuse (its buffers kept). */
  clear(): void {
    // A loop, not `fill`: the builtin went through the runtime (~200 instructions a note).
    const refs = this.refs;
    for (let k = this.length * REFS - 1; k >= 0; k--) refs[k] = undefined;
    this.length = 0;
    this.textLength = 0;
    this.spill = null;
  }

  /** Notes a decision; false when the door names no call (the CLI) or the batch is full. */
  add(n: DecisionNotice): boolean {
    const source = SOURCE_CODE[n.door];
    if (source === 0 || !n.callId || this.length >= this.capacity) return false;
    const i = this.length;
    const d = n.decision;
    const bytes = n.callIdBytes;
    const at = n.callIdAt;
    // From the message's bytes when the door has them (SIP): a byte loop, cheaper than reading a
    // slice of the message's text character by character.
    this.ends[2 * i] =
      bytes !== undefined && at !== undefined && at >= 0
        ? this.copy(bytes, at, n.callId.length)
        : this.write(n.callId, 2 * i);
    const callingNumber = n.call.callingNumber;
    this.ends[2 * i + 1] = this.write(callingNumber, 2 * i + 1);
    // Whether it is a phone number as it is, from the characters the copy just read.
    const phone = this.nonDigits === 0 || (this.nonDigits === 1 && callingNumber.charCodeAt(0) === 43);
    const digits = phone ? callingNumber.length - this.nonDigits : 0;
    const asIs = digits >= 3 && digits <= 15 ? CALLING_AS_IS : 0;
    this.atMs[i] = n.atMs;
    this.dataVersion[i] = d.dataVersion;
    const r = i * REFS;
    const refs = this.refs;
    // The network as its index in NETWORKS: the SIP door's may be the header's own text.
    this.codes[4 * i + 3] = networkCode(n.call.network);
    refs[r] = d.outcome;
    this.codes[4 * i] = source;
    if (d.outcome === 'connect') {
      refs[r + 1] = d.method;
      refs[r + 2] = d.locatedBy;
      refs[r + 3] = d.centreId;
      // Only a re-route makes the method `reroute` (engine.ts): the trace is searched then only.
      refs[r + 6] = d.method === 'reroute' ? rerouteIdOf(n) : undefined;
      this.codes[4 * i + 1] = (d.alternativeSite === true ? ALTERNATIVE_SITE : 0) | asIs;
    } else this.codes[4 * i + 1] = asIs;
    refs[r + 4] = d.municipality;
    refs[r + 5] = d.county;
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
          refs[r + 7] = p.reason;
        }
      }
    }
    this.codes[4 * i + 2] = kind;
    this.length = i + 1;
    return true;
  }

  /** Appends `len` bytes of `from` at `start` (Latin-1 text); returns the end offset. */
  private copy(from: Uint8Array, start: number, len: number): number {
    const at = this.textLength;
    if (at + len > this.text.length) this.grow(at + len);
    const text = this.text;
    for (let k = 0; k < len; k++) text[at + k] = from[start + k]!;
    return (this.textLength = at + len);
  }

  /** A long id: the buffer grows (once; it is kept with the batch). */
  private grow(atLeast: number): void {
    const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.text.length, atLeast));
    this.text.copy(bigger, 0, 0, this.textLength);
    this.text = bigger;
  }

  /** Appends `s` as Latin-1 bytes; returns the end offset. Past Latin-1, `s` is kept in `spill`. */
  private write(s: string, slot: number): number {
    const len = s.length;
    const at = this.textLength;
    if (at + len > this.text.length) this.grow(at + len);
    const text = this.text;
    let all = 0;
    let nonDigits = 0;
    for (let k = 0; k < len; k++) {
      const c = s.charCodeAt(k);
      all |= c;
      text[at + k] = c;
      if (c < 48 || c > 57) nonDigits++;
    }
    this.nonDigits = nonDigits;
    if (all > 0xff) {
      (this.spill ??= new Map()).set(slot, s);
      return this.textLength;
    }
    return (this.textLength = at + len);
  }

  /** The batch's text, decoded once for all its events. */
  private decoded(): string {
    return this.text.toString('latin1', 0, this.textLength);
  }

  private stringAt(decoded: string, slot: number): string {
    const spilled = this.spill?.get(slot);
    if (spilled !== undefined) return spilled;
    return decoded.slice(slot === 0 ? 0 : this.ends[slot - 1]!, this.ends[slot]);
  }

  /** The `routed` event of note `i`. */
  event(i: number, decoded = this.decoded()): CallEventOf<'routed'> {
    const r = i * REFS;
    const refs = this.refs;
    const kind = this.codes[4 * i + 2];
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
                  reason: refs[r + 7] as Extract<PositioningOutcome, { status: 'failed' }>['reason'],
                  elapsedMs: this.elapsedMs[i]!,
                };
    const outcome = refs[r] as RoutingSnapshot['outcome'];
    const dataVersion = this.dataVersion[i]!;
    const method = refs[r + 1] as RoutingSnapshot['method'];
    const locatedBy = refs[r + 2] as RoutingSnapshot['locatedBy'];
    const centreId = refs[r + 3];
    const municipality = refs[r + 4];
    const county = refs[r + 5];
    const rerouteId = refs[r + 6];
    const flags = this.codes[4 * i + 1]!;
    const alternativeSite = (flags & ALTERNATIVE_SITE) !== 0;
    // Built whole in one literal for the common case (a connect placed by municipality, no
    // re-route), by assignment otherwise (never by spreads): this runs for every call. Adding the
    // properties one by one cost a new shape and a property store for each (off the call's path,
    // but in the same process). The keys come in the same order either way.
    let snapshot: RoutingSnapshot;
    if (method && centreId && locatedBy && municipality && county && !rerouteId && !alternativeSite) {
      snapshot = { outcome, positioning, dataVersion, method, centreId, locatedBy, municipality, county };
    } else {
      snapshot = { outcome, positioning, dataVersion };
      if (method) snapshot.method = method;
      if (centreId) snapshot.centreId = centreId;
      if (locatedBy) snapshot.locatedBy = locatedBy;
      if (alternativeSite) snapshot.alternativeSite = true;
      if (rerouteId) snapshot.rerouteId = rerouteId;
      if (municipality) snapshot.municipality = municipality;
      if (county) snapshot.county = county;
    }
    const callId = this.stringAt(decoded, 2 * i);
    const eventId = routedEventId(callId);
    const shortId = recordedCallId(callId, eventId);
    const occurredAt = isoOf(Math.round(this.atMs[i]!));
    const source = SOURCES[this.codes[4 * i]!]!;
    const network = NETWORKS[this.codes[4 * i + 3]!]!;
    const raw = this.stringAt(decoded, 2 * i + 1);
    const calling = (flags & CALLING_AS_IS) !== 0 ? raw : spacedNumberOf(raw);
    // The calling number last, when it is one (hidden or unusable: left out).
    return calling !== undefined
      ? {
          eventId,
          callId: shortId,
          occurredAt,
          source,
          type: 'routed',
          calledNumber: '116117',
          network,
          decision: snapshot,
          callingNumber: calling,
        }
      : {
          eventId,
          callId: shortId,
          occurredAt,
          source,
          type: 'routed',
          calledNumber: '116117',
          network,
          decision: snapshot,
        };
  }

  /** The `routed` events of the batch, in the order noted. */
  events(): CallEventOf<'routed'>[] {
    const decoded = this.decoded();
    const out = new Array<CallEventOf<'routed'>>(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.event(i, decoded);
    return out;
  }
}

/** References kept per note (see `RoutedNotes.refs`). */
const REFS = 8;
/** Flags of a note (`codes[4i + 1]`): the alternative site; the calling number kept as it is. */
const ALTERNATIVE_SITE = 1;
const CALLING_AS_IS = 2;

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

/** `NETWORKS.indexOf(network)`, inlined where the array builtin is a call (noted for every call). */
function networkCode(network: string): number {
  for (let k = 0; k < NETWORKS.length; k++) if (NETWORKS[k] === network) return k;
  return -1;
}

/**
 * The calling number as the record keeps it: `+` at most once in front of 3 to 15 digits (white
 * space removed when it is written with spaces); undefined when the number is hidden or unusable.
 * A number that is one as it is was found so while noted (`CALLING_AS_IS`): this is the rest.
 * Checked by hand rather than by a regular expression: it runs for every event, and a match cost
 * several times this loop (with a write barrier for the match's last-match info).
 */
function spacedNumberOf(raw: string): string | undefined {
  if (raw.indexOf(' ') < 0) return undefined;
  const stripped = raw.replace(/\s/g, '');
  return isPhoneNumber(stripped) ? stripped : undefined;
}

/** `^\+?\d{3,15}$`. */
function isPhoneNumber(s: string): boolean {
  const from = s.charCodeAt(0) === 43 ? 1 : 0; // '+'
  const digits = s.length - from;
  if (digits < 3 || digits > 15) return false;
  for (let k = from; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
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
