/**
 * Cuts a TCP byte stream into SIP messages by the empty line and Content-Length (RFC 3261 §18.3).
 * Content-Length is mandatory on streams: without it framing is lost, so the framer reports an
 * error and the connection must be closed. A message larger than the limit is refused the same way
 * before its body is buffered. CRLFCRLF between messages is a keep-alive ping (RFC 5626 §4.4.1).
 *
 * A header block larger than the limit is not buffered either: the framer reads on to its end (at
 * most `SKIP_LIMIT_FACTOR` times the limit), keeping only the start line and the lines of Via,
 * From, To, Call-ID and CSeq, so the 513 can be answered before the connection is closed.
 */

export type FrameEvent =
  | { kind: 'message'; buf: Buffer }
  | { kind: 'keepalive' }
  | {
      kind: 'error';
      status: 400 | 513;
      reason: string;
      detail: string;
      /** The header block when it could be read, for a best-effort error response. */
      head?: Buffer;
    };

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const EMPTY = Buffer.alloc(0);
/** An oversized header block is read on to its end for at most this many times the message limit. */
const SKIP_LIMIT_FACTOR = 8;
/** The start line kept from an oversized header block (enough for the method). */
const MAX_KEPT_START_LINE = 512;
/** Headers an answer needs (RFC 3261 §8.2.6), full and compact names. */
const ANSWER_HEADERS = /^(via|v|from|f|to|t|call-id|i|cseq)[ \t]*:/i;
const ANSWER_HEADER_BIT: Readonly<Record<string, number>> = {
  via: 1,
  v: 1,
  from: 2,
  f: 2,
  to: 4,
  t: 4,
  'call-id': 8,
  i: 8,
  cseq: 16,
};
const ALL_ANSWER_HEADERS = 31;
const CONTENT_LENGTH_NAME = /^(?:content-length|l)[ \t]*:/i;

/** Reads the header lines of an oversized header block, keeping those an answer needs. */
class OversizeSkipper {
  private readonly kept: string[];
  /** The line being read (kept only while it can still be a line to keep). */
  private line = '';
  private lineTooLong = false;
  private keepingLast = false;
  private keptBytes = 0;
  /** Bits of ANSWER_HEADER_BIT seen so far. */
  private seen = 0;
  skipped = 0;

  constructor(
    private readonly maxLine: number,
    startLine: string,
  ) {
    this.kept = [startLine.slice(0, MAX_KEPT_START_LINE)];
  }

  /** Feeds bytes; true when the empty line ending the header block has been read. */
  push(text: string): boolean {
    this.skipped += text.length;
    let from = 0;
    for (;;) {
      const lf = text.indexOf('\n', from);
      if (lf < 0) {
        this.append(text.slice(from));
        return false;
      }
      this.append(text.slice(from, lf + 1));
      from = lf + 1;
      if (this.endLine()) return true;
    }
  }

  /** Every header an answer needs has been kept: no need to read further. */
  get answerable(): boolean {
    return this.seen === ALL_ANSWER_HEADERS;
  }

  /** The start line and kept header lines as a header block. */
  head(): Buffer {
    return Buffer.from(`${this.kept.join('\r\n')}\r\n\r\n`, 'latin1');
  }

  private append(part: string): void {
    if (this.lineTooLong) {
      // Only the line end matters now.
      this.line = part.slice(-2);
      return;
    }
    this.line += part;
    if (this.line.length > this.maxLine) {
      this.lineTooLong = true;
      this.line = this.line.slice(-2);
    }
  }

  /** A complete line (ending in LF) is in `line`; true when it was the empty line. */
  private endLine(): boolean {
    const tooLong = this.lineTooLong;
    const line = this.line.endsWith('\r\n') ? this.line.slice(0, -2) : this.line.slice(0, -1);
    this.line = '';
    this.lineTooLong = false;
    if (!tooLong && line.length === 0) return true;
    if (tooLong) {
      this.keepingLast = false;
      return false;
    }
    const c0 = line.charCodeAt(0);
    const continuation = c0 === 32 || c0 === 9;
    const name = continuation ? undefined : ANSWER_HEADERS.exec(line)?.[1];
    const keep = continuation ? this.keepingLast : name !== undefined;
    if (keep && this.keptBytes + line.length <= this.maxLine) {
      this.kept.push(line);
      this.keptBytes += line.length;
      if (name !== undefined) this.seen |= ANSWER_HEADER_BIT[name.toLowerCase()] ?? 0;
    }
    this.keepingLast = keep;
    return false;
  }
}

export class SipStreamFramer {
  private buf: Buffer = EMPTY;
  private failed = false;
  private skipper: OversizeSkipper | undefined;

  constructor(private readonly maxMessageBytes: number) {}

  /** Adds bytes and returns every complete message, keep-alive or error they make. */
  push(chunk: Buffer): FrameEvent[] {
    if (this.failed) return [];
    if (this.skipper) return this.skip(chunk.toString('latin1'));
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const events: FrameEvent[] = [];
    for (;;) {
      // Blank lines before a message: a double CRLF is a ping, single ones are ignored (§7.5).
      let i = 0;
      while (i < this.buf.length && (this.buf[i] === 13 || this.buf[i] === 10)) {
        if (
          this.buf[i] === 13 &&
          this.buf[i + 1] === 10 &&
          this.buf[i + 2] === 13 &&
          this.buf[i + 3] === 10
        ) {
          events.push({ kind: 'keepalive' });
          i += 4;
        } else i++;
      }
      if (i > 0) this.buf = this.buf.subarray(i);
      if (this.buf.length === 0) break;
      const headerEnd = this.buf.indexOf(CRLFCRLF);
      if (headerEnd < 0) {
        if (this.buf.length > this.maxMessageBytes) events.push(...this.startSkipping());
        break;
      }
      const head = this.buf.subarray(0, headerEnd + 4);
      const lengths = contentLengths(head.toString('latin1'));
      if (lengths.length === 0) {
        events.push(this.fail(400, 'missing-content-length', 'Content-Length is required on streams', head));
        break;
      }
      if (lengths.some((l) => Number.isNaN(l))) {
        events.push(this.fail(400, 'malformed-content-length', 'Content-Length is not a number', head));
        break;
      }
      if (lengths.some((l) => l !== lengths[0])) {
        events.push(this.fail(400, 'duplicate-content-length', 'conflicting Content-Length headers', head));
        break;
      }
      const total = headerEnd + 4 + lengths[0]!;
      if (total > this.maxMessageBytes) {
        events.push(
          this.fail(513, 'too-large', `message of ${total} bytes exceeds ${this.maxMessageBytes}`, head),
        );
        break;
      }
      if (this.buf.length < total) break;
      events.push({ kind: 'message', buf: this.buf.subarray(0, total) });
      this.buf = this.buf.length === total ? EMPTY : this.buf.subarray(total);
    }
    return events;
  }

  /** Bytes buffered for an incomplete message. */
  get pending(): number {
    return this.skipper ? 1 : this.buf.length;
  }

  /**
   * The start line and complete header lines of the incomplete message buffered now, for a
   * best-effort answer when the connection is given up (message deadline); undefined when none.
   */
  pendingHead(): Buffer | undefined {
    if (this.failed || this.skipper || this.buf.length === 0) return undefined;
    const end = this.buf.indexOf(CRLFCRLF);
    if (end >= 0) return Buffer.from(this.buf.subarray(0, end + 4));
    const lastLine = this.buf.lastIndexOf('\r\n');
    if (lastLine < 0) return undefined;
    return Buffer.concat([this.buf.subarray(0, lastLine + 2), Buffer.from('\r\n', 'latin1')]);
  }

  /** The header block is over the limit: read on to its end, keeping the lines an answer needs. */
  private startSkipping(): FrameEvent[] {
    const text = this.buf.toString('latin1');
    this.buf = EMPTY;
    const firstLf = text.indexOf('\n');
    const startLine = (firstLf < 0 ? text : text.slice(0, firstLf)).replace(/\r$/, '');
    this.skipper = new OversizeSkipper(this.maxMessageBytes, startLine);
    if (firstLf < 0) return [];
    return this.skip(text.slice(firstLf + 1));
  }

  private skip(text: string): FrameEvent[] {
    const skipper = this.skipper!;
    const ended = skipper.push(text);
    const limit = SKIP_LIMIT_FACTOR * this.maxMessageBytes;
    // Answer as soon as the answer's headers are known (the connection closes after it anyway);
    // otherwise read on to the end of the block, or give up at the skip limit.
    if (!ended && !skipper.answerable && skipper.skipped <= limit) return [];
    const detail = ended
      ? `header block exceeds ${this.maxMessageBytes} bytes`
      : `header block exceeds ${limit} bytes and goes on`;
    this.skipper = undefined;
    return [this.fail(513, 'too-large', detail, skipper.head())];
  }

  private fail(status: 400 | 513, reason: string, detail: string, head?: Buffer): FrameEvent {
    this.failed = true;
    this.buf = EMPTY;
    this.skipper = undefined;
    return head
      ? { kind: 'error', status, reason, detail, head: Buffer.from(head) }
      : { kind: 'error', status, reason, detail };
  }
}

/**
 * The Content-Length values of a header block (full and compact name, §7.3.3), folded lines
 * unfolded (§7.3.1); NaN for a value that is not 1-10 digits.
 */
function contentLengths(head: string): number[] {
  const out: number[] = [];
  const lines = head.split('\r\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!CONTENT_LENGTH_NAME.test(line)) continue;
    let value = line.slice(line.indexOf(':') + 1);
    while (i + 1 < lines.length && /^[ \t]/.test(lines[i + 1]!)) value += ` ${lines[++i]!}`;
    value = value.trim();
    out.push(/^[0-9]{1,10}$/.test(value) ? Number(value) : Number.NaN);
  }
  return out;
}
