/**
 * SIP message model (RFC 3261 §7): what the parser produces and the transaction layer and the
 * redirect server consume. Header text is kept as latin1 strings: decoding bytes 1:1 lets a
 * response copy Via, From, To, Call-ID and CSeq back byte for byte, UTF-8 display names included.
 */

export interface SipHeader {
  /** Canonical lower-case full name (compact forms expanded): "via", "call-id". */
  name: string;
  /** Value with folding replaced by a single space, leading and trailing whitespace removed. */
  value: string;
}

/** One Via hop (RFC 3261 §20.42, RFC 3581 rport). */
export interface ViaHop {
  /** The hop as received, e.g. "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK74bf9". */
  raw: string;
  /** Upper-case transport, e.g. "UDP". */
  transport: string;
  host: string;
  port: number | undefined;
  branch: string | undefined;
  /** True when an rport parameter is present (with or without value). */
  rport: boolean;
  received: string | undefined;
}

interface SipMessageBase {
  /** Every header in order of appearance. */
  headers: SipHeader[];
  /** Via hops in order, top first (several headers and comma-separated values combined). */
  via: ViaHop[];
  from: string;
  fromTag: string | undefined;
  to: string;
  toTag: string | undefined;
  callId: string;
  cseq: number;
  cseqMethod: string;
  contentLength: number;
  body: Buffer;
}

export interface SipRequest extends SipMessageBase {
  type: 'request';
  method: string;
  uri: string;
  /** Upper-case URI scheme: "SIP", "SIPS" or "TEL" (others are refused with 416 by the parser). */
  uriScheme: string;
  maxForwards: number | undefined;
  /**
   * Where the Call-ID's value starts in the message's bytes (the Buffer handed to the parser): its
   * `callId.length` Latin-1 bytes from there are the Call-ID. Set by the fast parser only.
   */
  callIdAt?: number;
}

export interface SipResponse extends SipMessageBase {
  type: 'response';
  status: number;
  reason: string;
}

export type SipMessage = SipRequest | SipResponse;

/** Methods of RFC 3261 and its extensions that a redirect server does not implement (→ 405, not 501). */
export const KNOWN_UNSUPPORTED_METHODS: ReadonlySet<string> = new Set([
  'REGISTER',
  'SUBSCRIBE',
  'NOTIFY',
  'PUBLISH',
  'MESSAGE',
  'INFO',
  'UPDATE',
  'PRACK',
  'REFER',
]);

/** RFC 3261 §7.3.3 compact forms and RFC 3265/3515/3841/4028/4474 compact forms. */
export const COMPACT_HEADER_NAMES: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  o: 'event',
  r: 'refer-to',
  b: 'referred-by',
  u: 'allow-events',
  x: 'session-expires',
  a: 'accept-contact',
  j: 'reject-contact',
  d: 'request-disposition',
  y: 'identity',
  n: 'identity-info',
};

/** A message that can look up headers without materialising `headers` (the fast parser's). */
interface IndexedHeaders {
  headerValue(name: string): string | undefined;
  headerValues(name: string): string[];
}

function isIndexed(msg: object): msg is IndexedHeaders {
  return typeof (msg as Partial<IndexedHeaders>).headerValue === 'function';
}

/** First header with this canonical lower-case name, or undefined. */
export function headerValue(msg: { headers: SipHeader[] }, name: string): string | undefined {
  if (isIndexed(msg)) return msg.headerValue(name);
  for (const h of msg.headers) if (h.name === name) return h.value;
  return undefined;
}

/** Every value of a header that may appear several times or as a comma-separated list. */
export function headerValues(msg: { headers: SipHeader[] }, name: string): string[] {
  if (isIndexed(msg)) return msg.headerValues(name);
  const out: string[] = [];
  for (const h of msg.headers) if (h.name === name) for (const v of splitHeaderList(h.value)) out.push(v);
  return out;
}

/**
 * Splits a comma-separated header value (RFC 3261 §7.3.1) on commas outside quoted strings and
 * angle brackets, trimming each element; empty elements are dropped.
 */
export function splitHeaderList(value: string): string[] {
  if (value.indexOf(',') < 0) return value.length > 0 ? [value] : [];
  const out: string[] = [];
  let start = 0;
  let inQuote = false;
  let inAngle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inQuote = false;
    } else if (c === 34) inQuote = true;
    else if (c === 60 /* < */) inAngle = true;
    else if (c === 62 /* > */) inAngle = false;
    else if (c === 44 /* , */ && !inAngle) {
      const part = value.slice(start, i).trim();
      if (part) out.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/** Index of the first `code` outside a quoted string (a backslash escapes the next character inside one), or -1. */
export function indexOfUnquoted(value: string, code: number): number {
  let inQuote = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (inQuote) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inQuote = false;
    } else if (c === 34) inQuote = true;
    else if (c === code) return i;
  }
  return -1;
}
