/**
 * SIP over TCP (RFC 3261 §18.3) for a server that must stay up under hostile peers: every
 * connection is framed, answered and bounded.
 *
 * - Accept: at most `tcpMaxConnections` in all (node's `maxConnections`, counted on its 'drop'
 *   event) and `tcpMaxConnectionsPerSource` from one address; more are closed at once.
 * - Write backlog: responses to a peer that does not read pile up in nodmeld once the kernel's
 *   socket buffer is full. Past `tcpWritePauseBytes` the connection is no longer read (messages
 *   already framed wait, the kernel's receive window closes, the peer's sending stalls) until the
 *   backlog drains; past `tcpWriteMaxBytes`, or paused longer than `tcpWriteStallMs`, it is closed.
 * - Deadlines: a message whose first byte has arrived must be complete within
 *   `tcpMessageTimeoutMs` (408 if its head can be read, then close); a connection that completes
 *   no message for `tcpIdleTimeoutMs` is closed. Bytes alone (a trickle, CRLF pings) do not count
 *   as activity, so no peer keeps a connection open by dripping.
 * - Framing lost (no Content-Length, oversized): answered if the head can be read, then closed.
 *
 * One sweep timer checks the deadlines of every connection: no timer per connection or message.
 * What happens when the peer dies mid-way: its half-read message is dropped with the connection;
 * responses for its calls still being routed find the connection gone and are counted
 * (`dropped{reason="tcp-closed"}`).
 */
import type net from 'node:net';
import type { SipConfig } from './config.ts';
import type { SipHeader } from './message.ts';
import type { SipMetrics } from './metrics.ts';
import { parseSipMessage } from './parser.ts';
import type { Inbound, SipMessageHandler } from './redirect.ts';
import type { PeerAddress } from './response.ts';
import { SipStreamFramer, type FrameEvent } from './stream-framer.ts';
import type { ResponseRoute } from './transactions.ts';

type TcpLimits = Pick<
  SipConfig,
  | 'maxMessageBytes'
  | 'tcpIdleTimeoutMs'
  | 'tcpMessageTimeoutMs'
  | 'tcpMaxConnectionsPerSource'
  | 'tcpWritePauseBytes'
  | 'tcpWriteMaxBytes'
  | 'tcpWriteStallMs'
>;

export interface TcpTransportDeps {
  config: TcpLimits;
  handler: SipMessageHandler;
  metrics: SipMetrics;
  now?: () => number;
}

const CRLF = '\r\n';
const NO_EVENTS: FrameEvent[] = [];
/** A connection we ended (after an error answer) that the peer does not close is destroyed after this. */
const CLOSING_GRACE_MS = 2000;

/** Accepts and serves the connections of one listener. */
export class SipTcpTransport {
  private readonly connections = new Set<TcpConnection>();
  private readonly perSource = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;
  readonly now: () => number;

  constructor(
    listener: net.Server,
    readonly deps: TcpTransportDeps,
  ) {
    this.now = deps.now ?? (() => performance.now());
    listener.on('connection', (sock: net.Socket) => this.accept(sock));
    // node closes connections beyond `maxConnections` itself and says so here.
    listener.on('drop', () => deps.metrics.tcpRefused.inc('global-limit'));
    const c = deps.config;
    const every = Math.max(
      20,
      Math.min(1000, Math.floor(Math.min(c.tcpIdleTimeoutMs, c.tcpMessageTimeoutMs, c.tcpWriteStallMs) / 4)),
    );
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
  }

  /** Open connections. */
  get size(): number {
    return this.connections.size;
  }

  /** Bytes queued in nodmeld for all connections. */
  backlog(): number {
    let n = 0;
    for (const c of this.connections) n += c.sock.writableLength;
    return n;
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const c of this.connections) c.sock.destroy();
  }

  /** Closes a connection and counts why. */
  drop(conn: TcpConnection, reason: string): void {
    if (conn.gone) return;
    conn.gone = true;
    this.deps.metrics.tcpClosed.inc(reason);
    conn.sock.destroy();
  }

  private accept(sock: net.Socket): void {
    const address = sock.remoteAddress ?? '';
    const open = this.perSource.get(address) ?? 0;
    if (open >= this.deps.config.tcpMaxConnectionsPerSource) {
      this.deps.metrics.tcpRefused.inc('per-source-limit');
      sock.destroy();
      return;
    }
    this.perSource.set(address, open + 1);
    const conn = new TcpConnection(this, sock, address);
    this.connections.add(conn);
    sock.on('close', () => {
      conn.gone = true;
      this.connections.delete(conn);
      const n = (this.perSource.get(address) ?? 1) - 1;
      if (n <= 0) this.perSource.delete(address);
      else this.perSource.set(address, n);
    });
  }

  private sweep(): void {
    const now = this.now();
    const c = this.deps.config;
    for (const conn of this.connections) {
      if (conn.gone) continue;
      if (conn.closingAt >= 0) {
        if (now - conn.closingAt > CLOSING_GRACE_MS) conn.sock.destroy();
      } else if (conn.paused) {
        if (conn.sock.writableLength <= conn.resumeBelow) conn.resume();
        else if (now - conn.pausedAt > c.tcpWriteStallMs) this.drop(conn, 'write-stall');
      } else if (conn.messageStartedAt >= 0 && now - conn.messageStartedAt > c.tcpMessageTimeoutMs) {
        conn.messageTimedOut();
      } else if (conn.messageStartedAt < 0 && now - conn.lastMessageAt > c.tcpIdleTimeoutMs) {
        this.drop(conn, 'idle');
      }
    }
  }
}

/** One connection: its framer, its queue of framed messages, and the route of its responses. */
class TcpConnection implements Inbound, ResponseRoute {
  readonly transport = 'tcp' as const;
  readonly reliable = true;
  readonly peer: PeerAddress;
  gone = false;
  paused = false;
  pausedAt = 0;
  /** When the sweep may resume a paused connection whose 'drain' did not come (small pause limits). */
  readonly resumeBelow: number;
  /** When the last complete message arrived (or the connection opened): the idle clock. */
  lastMessageAt: number;
  /** When the incomplete message now buffered began to arrive; -1 when none. */
  messageStartedAt = -1;
  /** When we ended the connection after an error answer; -1 while open. */
  closingAt = -1;
  private readonly framer: SipStreamFramer;
  private queue: FrameEvent[] = NO_EVENTS;
  private next = 0;
  private readonly pauseAt: number;

  constructor(
    private readonly transportOwner: SipTcpTransport,
    readonly sock: net.Socket,
    address: string,
  ) {
    const c = transportOwner.deps.config;
    this.peer = { address, port: sock.remotePort ?? 0 };
    this.lastMessageAt = transportOwner.now();
    this.framer = new SipStreamFramer(c.maxMessageBytes);
    // Pausing must happen at or above node's high-water mark, or no 'drain' event would follow.
    this.pauseAt = Math.max(c.tcpWritePauseBytes, sock.writableHighWaterMark);
    this.resumeBelow = Math.floor(c.tcpWritePauseBytes / 2);
    sock.setNoDelay(true);
    sock.on('error', () => transportOwner.deps.metrics.dropped.inc('tcp-error'));
    sock.on('data', (chunk: Buffer) => this.onData(chunk));
    sock.on('drain', () => this.resume());
  }

  get replyToSource(): ResponseRoute {
    return this;
  }

  routeFor(): ResponseRoute {
    return this;
  }

  /** Sends a response; bounds the backlog a peer that does not read can cause. Never throws. */
  send(msg: string): void {
    const { sock } = this;
    const metrics = this.transportOwner.deps.metrics;
    if (this.gone || !sock.writable) {
      metrics.dropped.inc('tcp-closed');
      return;
    }
    sock.write(msg, 'latin1');
    const backlog = sock.writableLength;
    if (backlog > metrics.tcpWriteBacklogPeak) metrics.tcpWriteBacklogPeak = backlog;
    if (backlog > this.transportOwner.deps.config.tcpWriteMaxBytes)
      this.transportOwner.drop(this, 'write-backlog');
    else if (backlog >= this.pauseAt && !this.paused) this.pause();
  }

  /** Reading resumes once the peer has taken the backlog. */
  resume(): void {
    if (!this.paused || this.gone) return;
    this.paused = false;
    this.drainQueue();
    if (!this.paused && !this.gone) this.sock.resume();
  }

  /** The message deadline passed: 408 when its head can be read, then close. */
  messageTimedOut(): void {
    const owner = this.transportOwner;
    const head = this.framer.pendingHead();
    if (head) {
      const c = owner.deps.config;
      owner.deps.handler.rejectMalformed(
        {
          status: 408,
          reason: 'tcp-message-timeout',
          detail: `message not completed within ${c.tcpMessageTimeoutMs} ms`,
          ...headOf(head),
        },
        this,
      );
    } else owner.deps.metrics.parseErrors.inc('tcp-message-timeout');
    owner.deps.metrics.tcpClosed.inc('message-timeout');
    this.endAfterAnswer();
  }

  private pause(): void {
    this.paused = true;
    this.pausedAt = this.transportOwner.now();
    this.transportOwner.deps.metrics.tcpReadPauses++;
    this.sock.pause();
  }

  private onData(chunk: Buffer): void {
    if (this.gone || this.closingAt >= 0) return;
    const events = this.framer.push(chunk);
    const now = this.transportOwner.now();
    let completed = false;
    for (const ev of events) if (ev.kind === 'message') completed = true;
    if (completed) this.lastMessageAt = now;
    if (this.framer.pending === 0) this.messageStartedAt = -1;
    else if (completed || this.messageStartedAt < 0) this.messageStartedAt = now;
    if (events.length === 0) return;
    if (this.next === this.queue.length) {
      this.queue = events;
      this.next = 0;
    } else this.queue.push(...events);
    this.drainQueue();
  }

  /** Handles framed messages until the queue is empty or the peer's backlog pauses the connection. */
  private drainQueue(): void {
    const handler = this.transportOwner.deps.handler;
    while (this.next < this.queue.length && !this.paused && !this.gone && this.closingAt < 0) {
      const ev = this.queue[this.next++]!;
      if (ev.kind === 'message') handler.handle(ev.buf, this, false);
      else if (ev.kind === 'keepalive') this.send(CRLF);
      else {
        // Framing is lost: answer if the head can be read, then close (RFC 3261 §18.3).
        this.transportOwner.deps.metrics.received.inc('tcp');
        handler.rejectMalformed({ ...ev, ...(ev.head ? headOf(ev.head) : {}) }, this);
        this.transportOwner.deps.metrics.tcpClosed.inc('framing-lost');
        this.endAfterAnswer();
      }
    }
    if (this.next === this.queue.length) {
      this.queue = NO_EVENTS;
      this.next = 0;
    }
  }

  /** Ends the connection once the answer is written; destroyed by the sweep if the peer never closes. */
  private endAfterAnswer(): void {
    this.closingAt = this.transportOwner.now();
    this.queue = NO_EVENTS;
    this.next = 0;
    this.sock.end();
  }
}

/** Method and headers of a stream message head whose body cannot be framed, for a 400/408/513. */
function headOf(head: Buffer): { method?: string; headers?: SipHeader[] } {
  // Parse the head alone as a datagram without its Content-Length: the body is not there.
  const stripped = Buffer.from(
    head.toString('latin1').replace(/^(?:content-length|l)[ \t]*:.*\r\n/gim, ''),
    'latin1',
  );
  const r = parseSipMessage(stripped, { maxMessageBytes: stripped.length, datagram: true });
  if (r.ok)
    return r.message.type === 'request' ? { method: r.message.method, headers: r.message.headers } : {};
  const out: { method?: string; headers?: SipHeader[] } = {};
  if (r.method !== undefined) out.method = r.method;
  if (r.headers) out.headers = r.headers;
  return out;
}
