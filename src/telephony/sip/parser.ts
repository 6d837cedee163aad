/**
 * Strict SIP message parser (RFC 3261 §7, §18.3, §20; RFC 3581). Pure and allocation-light: one
 * latin1 decode of the header block, one split into lines. It never throws: every problem becomes
 * a `ParseFailure` with the status a server should answer with (400, 413-like 513, 416, 505) and,
 * where the header block could be read, the headers needed to build that answer.
 */
import { fastParseRequest } from './fast-parser.ts';
import {
  COMPACT_HEADER_NAMES,
  indexOfUnquoted,
  type SipHeader,
  type SipMessage,
  type ViaHop,
} from './message.ts';

export interface ParseOptions {
  /** Messages larger than this (bytes) are refused with 513 (RFC 3261 §21.5.14). */
  maxMessageBytes: number;
  /**
   * True for UDP (the datagram is the message: Content-Length optional, extra bytes dropped);
   * false for stream transports, where the framer already cut the message by Content-Length.
   */
  datagram: boolean;
}

export interface ParseFailure {
  ok: false;
  /** Status a server should answer with when an answer is possible. */
  status: 400 | 416 | 505 | 513;
  /** Short machine-readable reason for counters, e.g. "malformed-cseq". */
  reason: string;
  /** Human-readable detail for a Warning header and logs. */
  detail: string;
  /** Request method when the start line was a readable request line. */
  method?: string;
  /** Headers as far as they could be read (for building the error response). */
  headers?: SipHeader[];
}

export type ParseResult = { ok: true; message: SipMessage } | ParseFailure;

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
/** CTLs other than HTAB/CR/LF, and CR or LF not part of a CRLF pair. */
const BAD_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]|\r(?!\n)|(?<!\r)\n/;
const TOKEN = /^[A-Za-z0-9.!%*_+`'~-]+$/;
const REQUEST_LINE = /^([A-Za-z0-9.!%*_+`'~-]+) ([^ ]+) ([Ss][Ii][Pp]\/[0-9]+\.[0-9]+)$/;
const STATUS_LINE = /^[Ss][Ii][Pp]\/2\.0 ([1-6][0-9][0-9]) ([^\r\n]*)$/;
const URI_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):./;
const CSEQ = /^([0-9]{1,10})[ \t]+([A-Za-z0-9.!%*_+`'~-]+)$/;
const CALL_ID = /^[\x21-\x7E\x80-\xFF]+$/;
const DIGITS = /^[0-9]{1,10}$/;
const VIA =
  /^[Ss][Ii][Pp][ \t]*\/[ \t]*2\.0[ \t]*\/[ \t]*([A-Za-z0-9.!%*_+`'~-]+)[ \t]+(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?:[ \t]*:[ \t]*([0-9]{1,5}))?[ \t]*((?:;.*)?)$/;
const MAX_CSEQ = 2 ** 31 - 1;

class Failure extends Error {
  constructor(
    readonly status: ParseFailure['status'],
    readonly reason: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** Skips CRLF/whitespace keep-alives in front of a message (RFC 3261 §7.5, RFC 5626 §4.4.1). */
export function skipLeadingBlankLines(buf: Buffer, from = 0): number {
  let i = from;
  while (i < buf.length && (buf[i] === 13 || buf[i] === 10)) i++;
  return i;
}

/**
 * Parses one complete SIP message. Never throws. Well-formed plain requests take the scanner in
 * fast-parser.ts; everything else (and everything malformed) the strict parser below.
 */
export function parseSipMessage(buf: Buffer, opts: ParseOptions): ParseResult {
  const fast = fastParseRequest(buf, opts.maxMessageBytes, opts.datagram);
  return fast ? { ok: true, message: fast } : parseSipMessageStrict(buf, opts);
}

/** The strict parser alone (tests compare the fast path against it). Never throws. */
export function parseSipMessageStrict(buf: Buffer, opts: ParseOptions): ParseResult {
  const tooLarge = buf.length > opts.maxMessageBytes;
  const start = skipLeadingBlankLines(buf);
  let headerEnd = buf.indexOf(CRLFCRLF, start);
  let bodyStart = headerEnd + 4;
  /** A failure found while reading the header block; reported once the headers are read, so it can be answered. */
  let early: Failure | undefined;
  if (headerEnd < 0) {
    if (tooLarge) return fail(tooLargeFailure(buf, opts));
    // Lines ended by a bare LF are not SIP (RFC 3261 §7: CRLF), but such a request can still be answered 400.
    const bare = bareLineEndsHeaderEnd(buf, start);
    if (!bare) return fail(new Failure(400, 'no-header-end', 'headers are not ended by an empty line'));
    headerEnd = bare.end;
    bodyStart = bare.bodyStart;
  }
  const text = buf.toString('latin1', start, headerEnd);
  let lineEnd: string | RegExp = '\r\n';
  if (BAD_CHARS.test(text)) {
    early = checkCharacters(text);
    // Bare CR or LF: split on them too, so no header value read for an answer carries one.
    if (BARE_LINE_END.test(text)) lineEnd = ANY_LINE_END;
  }
  const lines = text.split(lineEnd);
  const startLine = lines[0] ?? '';
  const req = REQUEST_LINE.exec(startLine);
  // A start line that is no valid request line still names the method when it begins with a token and
  // whitespace (e.g. two spaces between the elements): enough to answer 400 (RFC 4475 §3.1.2.10-11).
  const method = req ? req[1] : looseMethod(startLine);
  const read = readHeaders(lines);
  const headers = read.headers;
  try {
    if (early) throw early;
    if (!req && method !== undefined) {
      throw new Failure(
        400,
        'malformed-request-line',
        'request line is not "METHOD SP Request-URI SP SIP-Version" (single spaces, RFC 3261 §7.1)',
      );
    }
    if (read.failure) throw read.failure;
    // Oversized: refuse with 513, but with the headers read so the refusal can be answered.
    if (tooLarge) throw tooLargeFailure(buf, opts);
    return { ok: true, message: buildMessage(buf, bodyStart, startLine, req, headers, opts) };
  } catch (e) {
    if (e instanceof Failure) {
      const f: ParseFailure = { ok: false, status: e.status, reason: e.reason, detail: e.detail };
      if (method !== undefined) f.method = method;
      f.headers = headers;
      return f;
    }
    // A parser bug must not take the server down; report it as a malformed message.
    return fail(new Failure(400, 'internal', e instanceof Error ? e.message : String(e)));
  }
}

const ANY_LINE_END = /\r\n|\r|\n/;
const BARE_LINE_END = /\r(?!\n)|(?<!\r)\n/;
const LOOSE_METHOD = /^([A-Za-z0-9.!%*_+`'~-]+)[ \t]/;

/** The method of a malformed request line, when it starts with a token and whitespace; never of a status line. */
function looseMethod(startLine: string): string | undefined {
  const m = LOOSE_METHOD.exec(startLine);
  return m ? m[1] : undefined;
}

/** End of a header block whose lines end in a bare LF ("\n\n" or "\n\r\n"), if there is one. */
function bareLineEndsHeaderEnd(buf: Buffer, start: number): { end: number; bodyStart: number } | undefined {
  for (let i = buf.indexOf(10, start); i >= 0; i = buf.indexOf(10, i + 1)) {
    if (buf[i + 1] === 10) return { end: i, bodyStart: i + 2 };
    if (buf[i + 1] === 13 && buf[i + 2] === 10) return { end: i, bodyStart: i + 3 };
  }
  return undefined;
}

/**
 * Checks a header block that contains control characters or lone CR/LF against RFC 3261 §25.1:
 * inside a quoted-string a backslash may escape any octet but CR and LF (quoted-pair =
 * "\\" (%x00-09 / %x0B-0C / %x0E-7F)), so an escaped control character is legal; anything else
 * (a raw control character other than HTAB, a CR or LF outside CRLF) is a failure to answer 400.
 * A quoted string stays open across a folded line (qdtext includes LWS) and closes at a new header.
 */
function checkCharacters(text: string): Failure | undefined {
  let inQuote = false;
  let firstLine = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10) {
      if (c === 10 || text.charCodeAt(i + 1) !== 10) {
        return new Failure(400, 'bad-line-ends', 'CR or LF outside a CRLF line end');
      }
      i++;
      const next = text.charCodeAt(i + 1);
      if (next !== 32 && next !== 9) inQuote = false;
      firstLine = false;
    } else if (inQuote) {
      if (c === 92) {
        const escaped = text.charCodeAt(i + 1);
        if (escaped === 13 || escaped === 10)
          return new Failure(400, 'bad-characters', 'CR or LF escaped in a quoted string');
        i++;
      } else if (c === 34) inQuote = false;
      else if ((c < 32 && c !== 9) || c === 127) {
        return new Failure(400, 'bad-characters', 'unescaped control character in a quoted string');
      }
    } else if (c === 34 && !firstLine) inQuote = true;
    else if ((c < 32 && c !== 9) || c === 127)
      return new Failure(400, 'bad-characters', 'control character in the header block');
  }
  return undefined;
}

function tooLargeFailure(buf: Buffer, opts: ParseOptions): Failure {
  return new Failure(513, 'too-large', `message of ${buf.length} bytes exceeds ${opts.maxMessageBytes}`);
}

function fail(f: Failure): ParseFailure {
  return { ok: false, status: f.status, reason: f.reason, detail: f.detail };
}

/**
 * Splits header lines into fields, unfolding continuation lines (RFC 3261 §7.3.1). A line that is
 * no header is skipped and the first such problem returned with every header that could be read,
 * so the request can still be answered 400.
 */
function readHeaders(lines: string[]): { headers: SipHeader[]; failure?: Failure } {
  const headers: SipHeader[] = [];
  let failure: Failure | undefined;
  let last: SipHeader | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const c0 = line.charCodeAt(0);
    if (c0 === 32 || c0 === 9) {
      if (!last) {
        failure ??= new Failure(400, 'bad-folding', 'continuation line before the first header');
        continue;
      }
      const more = line.trim();
      if (more) last.value = last.value ? `${last.value} ${more}` : more;
      continue;
    }
    const colon = line.indexOf(':');
    // HCOLON allows spaces and tabs before the colon.
    const name = colon > 0 ? line.slice(0, colon).trimEnd() : '';
    if (!TOKEN.test(name)) {
      failure ??= new Failure(
        400,
        'bad-header',
        colon <= 0 ? `header line ${i + 1} has no name and colon` : `header name "${name}" is not a token`,
      );
      last = undefined;
      continue;
    }
    let lower = name.toLowerCase();
    if (lower.length === 1) lower = COMPACT_HEADER_NAMES[lower] ?? lower;
    last = { name: lower, value: line.slice(colon + 1).trim() };
    headers.push(last);
  }
  return failure ? { headers, failure } : { headers };
}

function buildMessage(
  buf: Buffer,
  bodyStart: number,
  startLine: string,
  req: RegExpExecArray | null,
  headers: SipHeader[],
  opts: ParseOptions,
): SipMessage {
  let from: string | undefined;
  let to: string | undefined;
  let callId: string | undefined;
  let cseqValue: string | undefined;
  let contentLength: number | undefined;
  let maxForwards: number | undefined;
  const via: ViaHop[] = [];
  for (const h of headers) {
    switch (h.name) {
      case 'via':
        parseViaList(h.value, via);
        break;
      case 'from':
        if (from !== undefined) throw new Failure(400, 'duplicate-from', 'more than one From header');
        from = h.value;
        break;
      case 'to':
        if (to !== undefined) throw new Failure(400, 'duplicate-to', 'more than one To header');
        to = h.value;
        break;
      case 'call-id':
        if (callId !== undefined) throw new Failure(400, 'duplicate-call-id', 'more than one Call-ID header');
        if (!CALL_ID.test(h.value))
          throw new Failure(400, 'malformed-call-id', 'Call-ID is empty or has spaces');
        callId = h.value;
        break;
      case 'cseq':
        if (cseqValue !== undefined) throw new Failure(400, 'duplicate-cseq', 'more than one CSeq header');
        cseqValue = h.value;
        break;
      case 'content-length':
        if (contentLength !== undefined) {
          throw new Failure(400, 'duplicate-content-length', 'more than one Content-Length header');
        }
        if (!DIGITS.test(h.value))
          throw new Failure(400, 'malformed-content-length', 'Content-Length is not a number');
        contentLength = Number(h.value);
        break;
      case 'max-forwards':
        if (maxForwards !== undefined)
          throw new Failure(400, 'duplicate-max-forwards', 'more than one Max-Forwards');
        if (!DIGITS.test(h.value) || Number(h.value) > 255) {
          throw new Failure(400, 'malformed-max-forwards', 'Max-Forwards is not a number 0-255');
        }
        maxForwards = Number(h.value);
        break;
      default:
        break;
    }
  }
  if (via.length === 0) throw new Failure(400, 'missing-via', 'no Via header');
  if (from === undefined) throw new Failure(400, 'missing-from', 'no From header');
  if (to === undefined) throw new Failure(400, 'missing-to', 'no To header');
  if (callId === undefined) throw new Failure(400, 'missing-call-id', 'no Call-ID header');
  if (cseqValue === undefined) throw new Failure(400, 'missing-cseq', 'no CSeq header');
  const cseq = CSEQ.exec(cseqValue);
  if (!cseq || Number(cseq[1]) > MAX_CSEQ)
    throw new Failure(400, 'malformed-cseq', 'CSeq is not "number METHOD"');
  const fromTag = tagOf(from, 'From');
  const toTag = tagOf(to, 'To');

  const available = buf.length - bodyStart;
  let body: Buffer;
  if (contentLength === undefined) {
    if (!opts.datagram)
      throw new Failure(400, 'missing-content-length', 'Content-Length is required on streams');
    body = buf.subarray(bodyStart);
  } else {
    if (contentLength > available) {
      throw new Failure(
        400,
        'short-body',
        `Content-Length ${contentLength} but only ${available} body bytes`,
      );
    }
    body = buf.subarray(bodyStart, bodyStart + contentLength);
  }
  const base = {
    headers,
    via,
    from,
    fromTag,
    to,
    toTag,
    callId,
    cseq: Number(cseq[1]),
    cseqMethod: cseq[2]!,
    contentLength: body.length,
    body,
  };

  if (req) {
    const method = req[1]!;
    const uri = req[2]!;
    if (req[3]!.toUpperCase() !== 'SIP/2.0') {
      throw new Failure(505, 'bad-version', `SIP version ${req[3]} is not supported`);
    }
    if (base.cseqMethod !== method) {
      throw new Failure(400, 'cseq-method-mismatch', `CSeq method ${base.cseqMethod} differs from ${method}`);
    }
    const scheme = URI_SCHEME.exec(uri);
    if (!scheme) throw new Failure(400, 'malformed-uri', 'Request-URI has no scheme');
    const uriScheme = scheme[1]!.toUpperCase();
    if (uriScheme !== 'SIP' && uriScheme !== 'SIPS' && uriScheme !== 'TEL') {
      throw new Failure(416, 'unsupported-uri-scheme', `URI scheme ${scheme[1]} is not supported`);
    }
    return { type: 'request', method, uri, uriScheme, maxForwards, ...base };
  }
  const status = STATUS_LINE.exec(startLine);
  if (!status)
    throw new Failure(400, 'bad-start-line', 'start line is neither a request line nor a status line');
  return { type: 'response', status: Number(status[1]), reason: status[2]!, ...base };
}

/** Parses a Via header value (possibly several comma-separated hops) into `out`. */
function parseViaList(value: string, out: ViaHop[]): void {
  let start = 0;
  let inQuote = false;
  for (let i = 0; i <= value.length; i++) {
    const c = i < value.length ? value.charCodeAt(i) : 44;
    if (inQuote) {
      if (c === 92) i++;
      else if (c === 34) inQuote = false;
      continue;
    }
    if (c === 34) inQuote = true;
    else if (c === 44) {
      const part = value.slice(start, i).trim();
      if (!part) throw new Failure(400, 'malformed-via', 'empty Via element');
      out.push(parseViaHop(part));
      start = i + 1;
    }
  }
  if (inQuote) throw new Failure(400, 'malformed-via', 'unterminated quoted string in Via');
}

function parseViaHop(raw: string): ViaHop {
  const m = VIA.exec(raw);
  if (!m) throw new Failure(400, 'malformed-via', `malformed Via "${raw.slice(0, 80)}"`);
  const port = m[3] === undefined ? undefined : Number(m[3]);
  if (port !== undefined && (port < 1 || port > 65535))
    throw new Failure(400, 'malformed-via', 'Via port out of range');
  const hop: ViaHop = {
    raw,
    transport: m[1]!.toUpperCase(),
    host: m[2]!,
    port,
    branch: undefined,
    rport: false,
    received: undefined,
  };
  const params = m[4]!;
  if (params) {
    for (const p of params.split(';')) {
      const param = p.trim();
      if (!param) continue;
      const eq = param.indexOf('=');
      const name = (eq < 0 ? param : param.slice(0, eq).trimEnd()).toLowerCase();
      const value = eq < 0 ? undefined : param.slice(eq + 1).trimStart();
      if (!TOKEN.test(name)) throw new Failure(400, 'malformed-via', `bad Via parameter "${name}"`);
      if (name === 'branch') {
        if (!value || !TOKEN.test(value)) throw new Failure(400, 'malformed-via', 'bad Via branch');
        hop.branch = value;
      } else if (name === 'rport') {
        if (value !== undefined && !/^[0-9]{1,5}$/.test(value))
          throw new Failure(400, 'malformed-via', 'bad rport');
        hop.rport = true;
      } else if (name === 'received') {
        hop.received = value;
      }
    }
  }
  return hop;
}

/**
 * Returns the tag parameter of a From/To value (name-addr or addr-spec, RFC 3261 §20.20/§20.39),
 * checking the overall shape on the way.
 */
function tagOf(value: string, header: string): string | undefined {
  const params = addressParams(value, header);
  if (!params) return undefined;
  let i = 0;
  while (i < params.length) {
    let j = params.indexOf(';', i + 1);
    if (j < 0) j = params.length;
    const p = params.slice(i + 1, j).trim();
    const eq = p.indexOf('=');
    if (eq > 0 && p.slice(0, eq).trimEnd().toLowerCase() === 'tag') {
      const tag = p.slice(eq + 1).trim();
      if (!TOKEN.test(tag)) throw new Failure(400, `malformed-${header.toLowerCase()}`, `bad ${header} tag`);
      return tag;
    }
    i = j;
  }
  return undefined;
}

/** The header parameters (";a=b;c") of a name-addr / addr-spec value; throws when malformed. */
function addressParams(value: string, header = 'address'): string {
  const lt = indexOfUnquoted(value, 60 /* < */);
  if (lt >= 0) {
    const gt = value.indexOf('>', lt);
    if (gt < 0) throw new Failure(400, `malformed-${header.toLowerCase()}`, `${header} has "<" without ">"`);
    if (gt === lt + 1)
      throw new Failure(400, `malformed-${header.toLowerCase()}`, `${header} has an empty URI`);
    const rest = value.slice(gt + 1).trim();
    if (rest && rest[0] !== ';')
      throw new Failure(400, `malformed-${header.toLowerCase()}`, `junk after ${header} URI`);
    return rest;
  }
  if (value.indexOf('"') >= 0 || !URI_SCHEME.test(value)) {
    throw new Failure(400, `malformed-${header.toLowerCase()}`, `${header} is not a name-addr or addr-spec`);
  }
  const semi = value.indexOf(';');
  return semi < 0 ? '' : value.slice(semi);
}
