/**
 * The fast path of the SIP parser: a hand-written scanner (charCode over one latin1 string, no
 * per-line regexes or splits) for the well-formed requests a carrier sends all day — INVITE, ACK,
 * CANCEL, OPTIONS with plain header lines. Headers the redirect path does not need are only
 * located, not materialised: `headers` is built on first use.
 *
 * It never decides that a message is malformed. Whenever it meets anything unusual (folding,
 * compact or duplicate core headers it does not handle, comma-separated Via hops, whitespace in
 * odd places, a missing header, oversize, a response …) it returns undefined and the strict parser
 * (parser.ts) decides, with the same answer as before. For every message it accepts it must
 * produce exactly what the strict parser produces; `fast-parser.test.ts` checks that on the
 * fuzz corpus.
 */
import {
  COMPACT_HEADER_NAMES,
  splitHeaderList,
  type SipHeader,
  type SipRequest,
  type ViaHop,
} from './message.ts';

/** Header ids the scanner recognises (0: any other header). */
const H_OTHER = 0;
const H_VIA = 1;
const H_FROM = 2;
const H_TO = 3;
const H_CALL_ID = 4;
const H_CSEQ = 5;
const H_CONTENT_LENGTH = 6;
const H_MAX_FORWARDS = 7;

/** Canonical lower-case names of the recognised headers, by id. */
const KNOWN_NAMES = ['', 'via', 'from', 'to', 'call-id', 'cseq', 'content-length', 'max-forwards'];

/** Id of a canonical header name (string comparisons: cheaper than a map lookup for seven names). */
function knownId(name: string): number {
  for (let i = 1; i < KNOWN_NAMES.length; i++) if (KNOWN_NAMES[i] === name) return i;
  return H_OTHER;
}

/** RFC 3261 token characters. */
const TOKEN = new Uint8Array(256);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!%*_+`'~-")
  TOKEN[c.charCodeAt(0)] = 1;

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const MAX_CSEQ = 2 ** 31 - 1;
const EMPTY = Buffer.alloc(0);
/** Header offsets of the message being scanned (copied, right-sized, into the message): 64 headers. */
const scratch: number[] = new Array<number>(5 * 64).fill(0);

/** A request read by the scanner; `headers` is materialised on first access. */
export class FastSipRequest implements SipRequest {
  readonly type = 'request' as const;
  method = '';
  uri = '';
  uriScheme = '';
  maxForwards: number | undefined = undefined;
  via: ViaHop[] = [];
  from = '';
  fromTag: string | undefined = undefined;
  to = '';
  toTag: string | undefined = undefined;
  callId = '';
  /** Offset of the Call-ID's value in the message's bytes (see `SipRequest.callIdAt`). */
  callIdAt = -1;
  cseq = 0;
  cseqMethod = '';
  contentLength = 0;
  body: Buffer = EMPTY;
  private materialised: SipHeader[] | undefined = undefined;

  constructor(
    /** The header block (latin1). */
    private readonly text: string,
    /** Per header: id, name start, name end, value start, value end (offsets into `text`). */
    private readonly offs: number[],
  ) {}

  get headers(): SipHeader[] {
    if (this.materialised) return this.materialised;
    const out: SipHeader[] = [];
    const { text, offs } = this;
    for (let i = 0; i < offs.length; i += 5)
      out.push({ name: this.nameAt(i), value: text.slice(offs[i + 3], offs[i + 4]) });
    this.materialised = out;
    return out;
  }

  set headers(headers: SipHeader[]) {
    this.materialised = headers;
  }

  /** First value of a header (canonical lower-case name) without materialising the others. */
  headerValue(name: string): string | undefined {
    if (this.materialised) return firstValue(this.materialised, name);
    const i = this.find(name, 0);
    return i < 0 ? undefined : this.text.slice(this.offs[i + 3], this.offs[i + 4]);
  }

  /** Every value of a list header (canonical lower-case name), split on commas. */
  headerValues(name: string): string[] {
    const out: string[] = [];
    if (this.materialised) {
      for (const h of this.materialised)
        if (h.name === name) for (const v of splitHeaderList(h.value)) out.push(v);
      return out;
    }
    for (let i = this.find(name, 0); i >= 0; i = this.find(name, i + 5)) {
      for (const v of splitHeaderList(this.text.slice(this.offs[i + 3], this.offs[i + 4]))) out.push(v);
    }
    return out;
  }

  /** Index (into `offs`) of the first header named `name` at or after `from`, or -1. */
  private find(name: string, from: number): number {
    const { offs, text } = this;
    const id = knownId(name);
    for (let i = from; i < offs.length; i += 5) {
      if (offs[i] !== id) continue;
      if (id !== H_OTHER) return i;
      const ns = offs[i + 1]!;
      const len = offs[i + 2]! - ns;
      if (len === 1) {
        if (this.nameAt(i) === name) return i;
      } else if (len === name.length && equalsLower(text, ns, name)) return i;
    }
    return -1;
  }

  private nameAt(i: number): string {
    const id = this.offs[i]!;
    if (id !== H_OTHER) return KNOWN_NAMES[id]!;
    const lower = this.text.slice(this.offs[i + 1], this.offs[i + 2]).toLowerCase();
    return lower.length === 1 ? (COMPACT_HEADER_NAMES[lower] ?? lower) : lower;
  }
}

function firstValue(headers: SipHeader[], name: string): string | undefined {
  for (const h of headers) if (h.name === name) return h.value;
  return undefined;
}

/** True when text[start…] equals `lower` (already lower-case) ignoring ASCII case. */
function equalsLower(text: string, start: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    let c = text.charCodeAt(start + k);
    if (c >= 65 && c <= 90) c |= 0x20;
    if (c !== lower.charCodeAt(k)) return false;
  }
  return true;
}

/** Recognised header id of text[start, end), case-insensitive, compact forms included. */
function headerId(b: Buffer, start: number, end: number): number {
  const len = end - start;
  const c0 = b[start]! | 0x20;
  switch (len) {
    case 1:
      return c0 === 118
        ? H_VIA
        : c0 === 102
          ? H_FROM
          : c0 === 116
            ? H_TO
            : c0 === 105
              ? H_CALL_ID
              : c0 === 108
                ? H_CONTENT_LENGTH
                : H_OTHER;
    case 2:
      return c0 === 116 && equalsLowerBytes(b, start, 'to') ? H_TO : H_OTHER;
    case 3:
      return c0 === 118 && equalsLowerBytes(b, start, 'via') ? H_VIA : H_OTHER;
    case 4:
      if (c0 === 102) return equalsLowerBytes(b, start, 'from') ? H_FROM : H_OTHER;
      return c0 === 99 && equalsLowerBytes(b, start, 'cseq') ? H_CSEQ : H_OTHER;
    case 7:
      return c0 === 99 && equalsLowerBytes(b, start, 'call-id') ? H_CALL_ID : H_OTHER;
    case 12:
      return c0 === 109 && equalsLowerBytes(b, start, 'max-forwards') ? H_MAX_FORWARDS : H_OTHER;
    case 14:
      return c0 === 99 && equalsLowerBytes(b, start, 'content-length') ? H_CONTENT_LENGTH : H_OTHER;
    default:
      return H_OTHER;
  }
}

/** True when b[start…] equals `lower` (already lower-case) ignoring ASCII case. */
function equalsLowerBytes(b: Buffer, start: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    let c = b[start + k]!;
    if (c >= 65 && c <= 90) c |= 0x20;
    if (c !== lower.charCodeAt(k)) return false;
  }
  return true;
}

/** Parses 1-10 decimal digits in text[start, end); -1 when not exactly that. */
function digits(b: Buffer, start: number, end: number): number {
  const len = end - start;
  if (len < 1 || len > 10) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function isTokenRange(b: Buffer, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) if (TOKEN[b[i]!] !== 1) return false;
  return true;
}

/**
 * One Via hop in its plainest form: "SIP/2.0/UDP host[:port][;param[=token]]…", no whitespace
 * except one or more spaces after the transport. Undefined for anything else (strict parser).
 */
function scanVia(b: Buffer, text: string, start: number, end: number): ViaHop | undefined {
  if (end - start < 10 || b[start]! !== 83 || !text.startsWith('SIP/2.0/', start)) return undefined;
  let i = start + 8;
  const ts = i;
  while (i < end && TOKEN[b[i]!] === 1) i++;
  if (i === ts || i >= end) return undefined;
  const te = i;
  let c = b[i]!;
  if (c !== 32 && c !== 9) return undefined;
  while (i < end && ((c = b[i]!) === 32 || c === 9)) i++;
  const hs = i;
  while (i < end) {
    c = b[i]!;
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45) i++;
    else break;
  }
  if (i === hs) return undefined;
  const he = i;
  let port: number | undefined;
  if (i < end && b[i]! === 58) {
    const ps = ++i;
    while (i < end && (c = b[i]!) >= 48 && c <= 57) i++;
    if (i - ps < 1 || i - ps > 5) return undefined;
    port = digits(b, ps, i);
    if (port < 1 || port > 65535) return undefined;
  }
  let transport = text.slice(ts, te);
  if (transport !== 'UDP' && transport !== 'TCP') transport = transport.toUpperCase();
  const hop: ViaHop = {
    raw: text.slice(start, end),
    transport,
    host: text.slice(hs, he),
    port,
    branch: undefined,
    rport: false,
    received: undefined,
  };
  // Parameters: ";name" or ";name=token", nothing else.
  while (i < end) {
    if (b[i]! !== 59) return undefined;
    const ns = ++i;
    while (i < end && TOKEN[b[i]!] === 1) i++;
    const ne = i;
    if (ne === ns) return undefined;
    let vs = -1;
    if (i < end && b[i]! === 61) {
      vs = ++i;
      while (i < end && TOKEN[b[i]!] === 1) i++;
      if (i === vs) return undefined;
    }
    if (i < end && b[i]! !== 59) return undefined;
    const nlen = ne - ns;
    if (nlen === 6 && equalsLowerBytes(b, ns, 'branch')) {
      if (vs < 0) return undefined;
      hop.branch = text.slice(vs, i);
    } else if (nlen === 5 && equalsLowerBytes(b, ns, 'rport')) {
      if (vs >= 0 && digits(b, vs, i) < 0) return undefined;
      if (vs >= 0 && i - vs > 5) return undefined;
      hop.rport = true;
    } else if (nlen === 8 && equalsLowerBytes(b, ns, 'received')) {
      if (vs < 0) return undefined;
      hop.received = text.slice(vs, i);
    }
  }
  return hop;
}

/**
 * The tag of a From/To value in its plainest forms: `<uri>` or `"display" <uri>` or a bare
 * sip:/tel: URI, then optional ";tag=token" (other parameters fall back). Returns undefined for
 * "no tag", null when the strict parser must decide.
 */
function scanTag(v: string): string | undefined | null {
  let i: number;
  const lt = v.indexOf('<');
  if (lt >= 0) {
    // Quotes or a backslash before "<" could hide another "<": leave them to the strict parser.
    const q = v.indexOf('"');
    if (q >= 0 && q < lt) {
      const q2 = v.indexOf('"', q + 1);
      if (q2 < 0 || q2 > lt || v.indexOf('\\') >= 0 || v.indexOf('"', q2 + 1) >= 0 || q !== 0) return null;
    } else if (q >= 0) return null;
    const gt = v.indexOf('>', lt);
    if (gt < 0 || gt === lt + 1) return null;
    i = gt + 1;
  } else {
    const c = v.charCodeAt(0) | 0x20;
    if (
      !((c === 115 && v.startsWith('ip:', 1)) || (c === 116 && v.startsWith('el:', 1))) ||
      v.indexOf('"') >= 0
    ) {
      return null;
    }
    if (v.length < 5) return null;
    i = v.indexOf(';');
    if (i < 0) return undefined;
  }
  if (i === v.length) return undefined;
  if (!v.startsWith(';tag=', i) && !v.startsWith(';TAG=', i)) return null;
  const ts = i + 5;
  let e = ts;
  while (e < v.length && TOKEN[v.charCodeAt(e)] === 1) e++;
  if (e === ts || e !== v.length) return null;
  return v.slice(ts, e);
}

/**
 * Scans a well-formed request. Returns undefined whenever the strict parser must decide (any
 * doubt, any error): the caller then runs the strict parser.
 */
export function fastParseRequest(
  buf: Buffer,
  maxMessageBytes: number,
  datagram: boolean,
): FastSipRequest | undefined {
  if (buf.length > maxMessageBytes || buf.length < 16) return undefined;
  const first = buf[0]!;
  if (first < 65 || first > 90) return undefined; // responses ("SIP/2.0 …" starts with S: see below), CRLF, junk
  const headerEnd = buf.indexOf(CRLFCRLF);
  if (headerEnd < 0) return undefined;
  const b = buf;
  const text = buf.toString('latin1', 0, headerEnd);
  const n = text.length;

  // Request line: METHOD SP URI SP "SIP/2.0" CRLF.
  let i = 0;
  while (i < n && TOKEN[b[i]!] === 1) i++;
  if (i === 0 || i >= n || b[i]! !== 32) return undefined;
  const method = text.slice(0, i);
  if (method === 'SIP') return undefined;
  const us = ++i;
  let c = 0;
  while (i < n && (c = b[i]!) > 32 && c !== 127) i++;
  if (i === us || c !== 32) return undefined;
  const ue = i;
  if (!text.startsWith(' SIP/2.0\r\n', i)) return undefined;
  let uriScheme: string;
  const s0 = b[us]! | 0x20;
  if (s0 === 115 && (b[us + 1]! | 0x20) === 105 && (b[us + 2]! | 0x20) === 112) {
    const c3 = b[us + 3]!;
    if (c3 === 58) uriScheme = 'SIP';
    else if ((c3 | 0x20) === 115 && b[us + 4]! === 58) uriScheme = 'SIPS';
    else return undefined;
  } else if (s0 === 116 && (b[us + 1]! | 0x20) === 101 && (b[us + 2]! | 0x20) === 108 && b[us + 3]! === 58) {
    uriScheme = 'TEL';
  } else return undefined;
  if (ue - us <= uriScheme.length + 1) return undefined; // scheme ":" and at least one character
  i += 10;

  const offs = scratch;
  let nOffs = 0;
  const via: ViaHop[] = [];
  let from: string | undefined;
  let to: string | undefined;
  let callId: string | undefined;
  let callIdAt = -1;
  let cseqNumber = -1;
  let cseqMethod: string | undefined;
  let contentLength = -1;
  let maxForwards: number | undefined;
  while (i < n) {
    // Header name: a token directly followed by ":".
    const ns = i;
    while (i < n && TOKEN[b[i]!] === 1) i++;
    if (i === ns || i >= n || b[i]! !== 58) return undefined;
    const ne = i++;
    // Value: leading and trailing SP/HTAB trimmed; no other control characters; CRLF ends it.
    while (i < n && ((c = b[i]!) === 32 || c === 9)) i++;
    const vs = i;
    let le = n;
    for (; i < n; i++) {
      c = b[i]!;
      if (c < 32) {
        if (c === 13) {
          if (b[i + 1]! !== 10) return undefined;
          le = i;
          break;
        }
        if (c !== 9) return undefined;
      } else if (c === 127) return undefined;
    }
    let ve = le;
    while (ve > vs && ((c = b[ve - 1]!) === 32 || c === 9)) ve--;
    // String.prototype.trim also trims NBSP (0xA0): leave such edges to the strict parser.
    if (ve > vs && (b[vs]! === 160 || b[ve - 1]! === 160)) return undefined;
    i = le + 2;
    if (i < n) {
      c = b[i]!;
      if (c === 32 || c === 9) return undefined; // folded continuation line
    }
    const id = headerId(b, ns, ne);
    if (nOffs + 5 > offs.length) return undefined; // more headers than the scanner keeps: strict parser
    offs[nOffs++] = id;
    offs[nOffs++] = ns;
    offs[nOffs++] = ne;
    offs[nOffs++] = vs;
    offs[nOffs++] = ve;
    switch (id) {
      case H_VIA: {
        const comma = text.indexOf(',', vs);
        if (comma >= 0 && comma < ve) return undefined; // several hops in one header
        const hop = scanVia(b, text, vs, ve);
        if (!hop) return undefined;
        via.push(hop);
        break;
      }
      case H_FROM:
        if (from !== undefined || ve === vs) return undefined;
        from = text.slice(vs, ve);
        break;
      case H_TO:
        if (to !== undefined || ve === vs) return undefined;
        to = text.slice(vs, ve);
        break;
      case H_CALL_ID:
        if (callId !== undefined || ve === vs) return undefined;
        for (let k = vs; k < ve; k++) {
          c = b[k]!;
          if (c <= 32 || c === 127) return undefined;
        }
        callId = text.slice(vs, ve);
        callIdAt = vs;
        break;
      case H_CSEQ: {
        if (cseqMethod !== undefined) return undefined;
        let k = vs;
        while (k < ve && (c = b[k]!) >= 48 && c <= 57) k++;
        cseqNumber = digits(b, vs, k);
        if (cseqNumber < 0 || cseqNumber > MAX_CSEQ) return undefined;
        const ws = k;
        while (k < ve && ((c = b[k]!) === 32 || c === 9)) k++;
        if (k === ws || !isTokenRange(b, k, ve)) return undefined;
        cseqMethod = ve - k === method.length && text.startsWith(method, k) ? method : text.slice(k, ve);
        break;
      }
      case H_CONTENT_LENGTH:
        if (contentLength >= 0) return undefined;
        contentLength = digits(b, vs, ve);
        if (contentLength < 0) return undefined;
        break;
      case H_MAX_FORWARDS: {
        if (maxForwards !== undefined) return undefined;
        const mf = digits(b, vs, ve);
        if (mf < 0 || mf > 255) return undefined;
        maxForwards = mf;
        break;
      }
      default:
        break;
    }
  }
  if (
    via.length === 0 ||
    from === undefined ||
    to === undefined ||
    callId === undefined ||
    cseqMethod !== method
  ) {
    return undefined;
  }
  const fromTag = scanTag(from);
  const toTag = scanTag(to);
  if (fromTag === null || toTag === null) return undefined;
  const bodyStart = headerEnd + 4;
  let body: Buffer;
  if (contentLength < 0) {
    if (!datagram) return undefined;
    body = bodyStart === buf.length ? EMPTY : buf.subarray(bodyStart);
  } else {
    if (contentLength > buf.length - bodyStart) return undefined;
    body = contentLength === 0 ? EMPTY : buf.subarray(bodyStart, bodyStart + contentLength);
  }
  const req = new FastSipRequest(text, offs.slice(0, nOffs));
  req.method = method;
  req.uri = text.slice(us, ue);
  req.uriScheme = uriScheme;
  req.maxForwards = maxForwards;
  req.via = via;
  req.from = from;
  req.fromTag = fromTag;
  req.to = to;
  req.toTag = toTag;
  req.callId = callId;
  req.callIdAt = callIdAt;
  req.cseq = cseqNumber;
  req.cseqMethod = cseqMethod;
  req.contentLength = body.length;
  req.body = body;
  return req;
}
