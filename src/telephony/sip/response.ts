/**
 * Building SIP responses (RFC 3261 §8.2.6, §18.2.1; RFC 3581). Via, From, To, Call-ID and CSeq are
 * copied from the request (latin1 in, latin1 out: byte for byte); the top Via gets `received` and
 * a filled-in `rport`; final responses add the To-tag of this server's side of the dialog.
 */
import { randomFillSync } from 'node:crypto';
import type { SipHeader, SipRequest } from './message.ts';

export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: 'Trying',
  180: 'Ringing',
  200: 'OK',
  202: 'Accepted',
  302: 'Moved Temporarily',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  420: 'Bad Extension',
  422: 'Session Interval Too Small',
  481: 'Call/Transaction Does Not Exist',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'Version Not Supported',
  513: 'Message Too Large',
};

export const SERVER_NAME = 'nodmeld';

/** Where the request came from: the packet's source, used for `received`/`rport`. */
export interface PeerAddress {
  address: string;
  port: number;
}

const RPORT_BARE = /;[ \t]*rport(?=[ \t]*(?:;|$))/i;
const HAS_RECEIVED = /;[ \t]*received[ \t]*=/i;
const HAS_TAG = /;[ \t]*tag[ \t]*=/i;

/** The top Via as it goes back: `received` when the host differs from the source, `rport` filled in. */
export function responseTopVia(raw: string, host: string, rport: boolean, source: PeerAddress): string {
  let via = raw;
  let addReceived =
    host !== source.address && !(host.startsWith('[') && host.slice(1, -1) === source.address);
  if (rport) {
    // The usual form, ";rport" at the end or before the next parameter, without a regex.
    const k = via.indexOf(';rport');
    const after = k + 6;
    if (k >= 0 && (after === via.length || via.charCodeAt(after) === 59)) {
      via = `${via.slice(0, after)}=${source.port}${via.slice(after)}`;
    } else {
      via = via.replace(RPORT_BARE, `;rport=${source.port}`);
    }
    addReceived = true;
  }
  if (addReceived && !HAS_RECEIVED.test(via)) via += `;received=${source.address}`;
  return via;
}

/**
 * The parts of every response to one request that do not depend on the status: the Via lines,
 * From and To (without this side's tag) as `head`, Call-ID and CSeq as `tail`. A transaction
 * builds it once for its 100 Trying and its final response.
 */
export interface ResponseFrame {
  head: string;
  tail: string;
  /** The request's To already has a tag (then no tag is added). */
  hasToTag: boolean;
}

export function responseFrame(req: SipRequest, source: PeerAddress): ResponseFrame {
  const top = req.via[0]!;
  let head = `Via: ${responseTopVia(top.raw, top.host, top.rport, source)}\r\n`;
  for (let i = 1; i < req.via.length; i++) head += `Via: ${req.via[i]!.raw}\r\n`;
  head += `From: ${req.from}\r\nTo: ${req.to}`;
  return {
    head,
    tail: `\r\nCall-ID: ${req.callId}\r\nCSeq: ${req.cseq} ${req.cseqMethod}\r\n`,
    hasToTag: req.toTag !== undefined,
  };
}

/** "SIP/2.0 302 Moved Temporarily\r\n" for every code with a known reason phrase. */
const STATUS_LINES: Record<number, string> = Object.fromEntries(
  Object.entries(REASON_PHRASES).map(([code, reason]) => [code, `SIP/2.0 ${code} ${reason}\r\n`]),
);
const RESPONSE_END = `Server: ${SERVER_NAME}\r\nContent-Length: 0\r\n\r\n`;

/** Serialises a response from a request's frame; see `buildResponse`. */
export function buildFramedResponse(
  frame: ResponseFrame,
  status: number,
  toTag: string | undefined,
  extraHeaders = '',
  reason?: string,
): string {
  let s =
    reason === undefined
      ? (STATUS_LINES[status] ?? `SIP/2.0 ${status} Unknown\r\n`)
      : `SIP/2.0 ${status} ${reason}\r\n`;
  s += frame.head;
  if (toTag !== undefined && !frame.hasToTag) s += `;tag=${toTag}`;
  s += frame.tail + extraHeaders + RESPONSE_END;
  return s;
}

/** A response with a body (the voice menu's 200 with SDP); see `buildFramedResponse`. */
export function buildFramedResponseWithBody(
  frame: ResponseFrame,
  status: number,
  toTag: string | undefined,
  extraHeaders: string,
  contentType: string,
  body: string,
): string {
  let s = STATUS_LINES[status] ?? `SIP/2.0 ${status} Unknown\r\n`;
  s += frame.head;
  if (toTag !== undefined && !frame.hasToTag) s += `;tag=${toTag}`;
  s += `${frame.tail}${extraHeaders}Server: ${SERVER_NAME}\r\nContent-Type: ${contentType}\r\n`;
  s += `Content-Length: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n${body}`;
  return s;
}

/**
 * Serialises a response to `req`. `toTag` is added to To unless the request already had one;
 * `extraHeaders` are complete header lines, each ending in CRLF.
 */
export function buildResponse(
  req: SipRequest,
  source: PeerAddress,
  status: number,
  toTag: string | undefined,
  extraHeaders = '',
  reason?: string,
): string {
  return buildFramedResponse(responseFrame(req, source), status, toTag, extraHeaders, reason);
}

/**
 * Best-effort response to a request that failed to parse, from the headers that could be read.
 * Undefined when a header needed to route or match the answer is missing or ambiguous.
 */
export function buildResponseFromHeaders(
  headers: SipHeader[],
  status: number,
  toTag: string,
  extraHeaders = '',
): string | undefined {
  const via: string[] = [];
  const single: Record<string, string[]> = { from: [], to: [], 'call-id': [], cseq: [] };
  for (const h of headers) {
    if (h.name === 'via') via.push(h.value);
    else single[h.name]?.push(h.value);
  }
  const from = single.from!;
  const to = single.to!;
  const callId = single['call-id']!;
  const cseq = single.cseq!;
  if (via.length === 0 || from.length !== 1 || to.length !== 1 || callId.length !== 1 || cseq.length !== 1) {
    return undefined;
  }
  const toValue = HAS_TAG.test(to[0]!) ? to[0]! : `${to[0]!};tag=${toTag}`;
  let s = `SIP/2.0 ${status} ${REASON_PHRASES[status] ?? 'Bad Request'}\r\n`;
  for (const v of via) s += `Via: ${v}\r\n`;
  s += `From: ${from[0]!}\r\nTo: ${toValue}\r\nCall-ID: ${callId[0]!}\r\nCSeq: ${cseq[0]!}\r\n${extraHeaders}`;
  s += `Server: ${SERVER_NAME}\r\nContent-Length: 0\r\n\r\n`;
  return s;
}

/** Quotes text for a Warning header (RFC 3261 §20.43): no quotes, backslashes or controls. */
export function warningHeader(text: string): string {
  return `Warning: 399 ${SERVER_NAME} "${text.replace(/[\x00-\x1F\x7F"\\]/g, ' ').slice(0, 200)}"\r\n`;
}

const TAG_POOL_BYTES = 4096;
let tagPool = Buffer.alloc(0);
let tagOffset = 0;

/**
 * A To-tag or other identifier with 64 random bits (RFC 3261 §19.3 asks for at least 32),
 * hex-encoded. Draws from a pooled random buffer: one getrandom call per 512 tags.
 */
export function randomTag(): string {
  if (tagOffset + 8 > tagPool.length) {
    tagPool = randomFillSync(Buffer.allocUnsafe(TAG_POOL_BYTES));
    tagOffset = 0;
  }
  const t = tagPool.toString('hex', tagOffset, tagOffset + 8);
  tagOffset += 8;
  return t;
}

const TAG_SEED = randomFillSync(new Uint32Array(2));

/**
 * The To-tag of a stateless response (RFC 3261 §8.2.7): the same for every retransmission of a
 * request, so a retransmission's regenerated answer equals the first. A seeded 64-bit hash of the
 * request's transaction key; the seed is drawn per process, so tags are not predictable from outside.
 */
export function statelessTag(transactionKey: string): string {
  let a = TAG_SEED[0]! ^ 0x811c9dc5;
  let b = TAG_SEED[1]! ^ 0x9e3779b9;
  for (let i = 0; i < transactionKey.length; i++) {
    const c = transactionKey.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
