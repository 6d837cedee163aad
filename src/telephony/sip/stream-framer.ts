/**
 * Cuts a TCP byte stream into SIP messages by the empty line and Content-Length (RFC 3261 §18.3).
 * Content-Length is mandatory on streams: without it framing is lost, so the framer reports an
 * error and the connection must be closed. A message larger than the limit is refused the same way
 * before its body is buffered. CRLFCRLF between messages is a keep-alive ping (RFC 5626 §4.4.1).
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
const CONTENT_LENGTH = /^(?:content-length|l)[ \t]*:[ \t]*([0-9]{1,10})[ \t]*$/gim;
const EMPTY = Buffer.alloc(0);

export class SipStreamFramer {
  private buf: Buffer = EMPTY;
  private failed = false;

  constructor(private readonly maxMessageBytes: number) {}

  /** Adds bytes and returns every complete message, keep-alive or error they make. */
  push(chunk: Buffer): FrameEvent[] {
    if (this.failed) return [];
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const events: FrameEvent[] = [];
    for (;;) {
      // Blank lines before a message: a double CRLF is a ping, single ones are ignored (§7.5).
      let i = 0;
      while (i < this.buf.length && (this.buf[i] === 13 || this.buf[i] === 10)) {
        if (this.buf[i] === 13 && this.buf[i + 1] === 10 && this.buf[i + 2] === 13 && this.buf[i + 3] === 10) {
          events.push({ kind: 'keepalive' });
          i += 4;
        } else i++;
      }
      if (i > 0) this.buf = this.buf.subarray(i);
      if (this.buf.length === 0) break;
      const headerEnd = this.buf.indexOf(CRLFCRLF);
      if (headerEnd < 0) {
        if (this.buf.length > this.maxMessageBytes) {
          events.push(this.fail(513, 'too-large', `header block exceeds ${this.maxMessageBytes} bytes`));
        }
        break;
      }
      const head = this.buf.subarray(0, headerEnd + 4);
      const lengths = [...head.toString('latin1').matchAll(CONTENT_LENGTH)].map((m) => Number(m[1]));
      if (lengths.length === 0) {
        events.push(this.fail(400, 'missing-content-length', 'Content-Length is required on streams', head));
        break;
      }
      if (lengths.some((l) => l !== lengths[0])) {
        events.push(this.fail(400, 'duplicate-content-length', 'conflicting Content-Length headers', head));
        break;
      }
      const total = headerEnd + 4 + lengths[0]!;
      if (total > this.maxMessageBytes) {
        events.push(this.fail(513, 'too-large', `message of ${total} bytes exceeds ${this.maxMessageBytes}`, head));
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
    return this.buf.length;
  }

  private fail(status: 400 | 513, reason: string, detail: string, head?: Buffer): FrameEvent {
    this.failed = true;
    this.buf = EMPTY;
    return head ? { kind: 'error', status, reason, detail, head: Buffer.from(head) } : { kind: 'error', status, reason, detail };
  }
}
