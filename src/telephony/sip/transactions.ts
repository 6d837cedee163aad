/**
 * Server transactions (RFC 3261 §17.2). The layer matches requests to transactions (§17.2.3),
 * answers retransmissions from the transaction instead of passing them on (so a call is never
 * routed twice), absorbs the ACK for a non-2xx final response, and retransmits that final response
 * over UDP with Timer G until the ACK arrives or Timer H gives up. Non-INVITE transactions keep
 * their final response for Timer J to answer retransmissions (the redirect handler needs none: it
 * answers every non-INVITE request statelessly, RFC 3261 §8.2.7).
 *
 * All transaction state is bounded (`TransactionLimits`): by count and by an estimate of the
 * memory each holds. `admit` makes room for a new transaction by ending the oldest one that is
 * only waiting for its ACK (its final response has gone out), or refuses when every transaction is
 * still being answered; the caller then answers 503 statelessly.
 */
import type { SipRequest } from './message.ts';
import { randomTag, type ResponseFrame } from './response.ts';
import type { TimerHandle, TimerQueue } from './timer-queue.ts';

const MAGIC_COOKIE = 'z9hG4bK';

/** Where a transaction's responses go. */
export interface ResponseRoute {
  /** True for TCP: no retransmissions, Timers I and J are zero. */
  reliable: boolean;
  /** Sends a serialised response (latin1 text: SIP is bytes, and so are these characters); must not throw. */
  send(msg: string): void;
}

export type TransactionState = 'proceeding' | 'completed' | 'terminated';

export interface ServerTransaction {
  readonly key: string;
  readonly method: string;
  readonly route: ResponseRoute;
  state: TransactionState;
  /** The request, kept until the final response has been sent. */
  request: SipRequest | undefined;
  /** To-tag of every response this transaction sends with a tag. */
  readonly toTag: string;
  provisional: string | undefined;
  final: string | undefined;
  finalStatus: number;
  /**
   * INVITE only, created on first use (most calls never need it): aborted by CANCEL, so routing
   * work (positioning) stops.
   */
  abort: AbortController | undefined;
  /** Current Timer G interval (ms). */
  g: number;
  /** Monotonic ms when the request arrived. */
  readonly startedAt: number;
  /** Monotonic ms when the final response was sent (Timer H runs from here). */
  completedAt: number;
  /** The pending timer (G, H or J), cancelled when the transaction ends; -1 when none. */
  timer: TimerHandle;
  /** The status-independent part of this transaction's responses, built on first use, dropped with the final response. */
  frame: ResponseFrame | undefined;
  /** Estimated memory this transaction holds (counted against `TransactionLimits.maxBytes`). */
  bytes: number;
}

/** Bounds on all transaction state together. */
export interface TransactionLimits {
  maxTransactions: number;
  /** Estimated bytes: `TRANSACTION_OVERHEAD_BYTES` each plus the request or response text it keeps. */
  maxBytes: number;
}

/**
 * Memory of a transaction besides the text it keeps: the object, its key and table entry, its
 * To-tag and timer slot. Measured: 100,000 answered transactions awaiting their ACK took 1,312
 * bytes each on the heap, of which ~500 the stored 302 (docs/sip.md, "State").
 */
export const TRANSACTION_OVERHEAD_BYTES = 800;
/** Transactions `admit` looks at for one to end before it refuses. */
const EVICTION_SCAN = 64;
const UNLIMITED: TransactionLimits = {
  maxTransactions: Number.POSITIVE_INFINITY,
  maxBytes: Number.POSITIVE_INFINITY,
};

export interface TransactionTimers {
  /** RTT estimate, default 500 ms. */
  t1Ms: number;
  /** Maximum retransmit interval for non-INVITE requests and INVITE responses, default 4 s. */
  t2Ms: number;
  /** Maximum time a message remains in the network, default 5 s. */
  t4Ms: number;
}

export const DEFAULT_TIMERS: TransactionTimers = { t1Ms: 500, t2Ms: 4000, t4Ms: 5000 };

export interface TransactionEvents {
  /** A retransmitted request answered from the transaction (or an ACK absorbed). */
  retransmissionAbsorbed(kind: 'invite' | 'ack' | 'non-invite'): void;
  /** A final response re-sent by Timer G. */
  responseRetransmitted(): void;
  /** Timer H fired: the ACK for a final response never came. */
  ackTimeout(): void;
  /** An answered transaction ended early to make room for a new one (the limits were reached). */
  evicted?(): void;
}

export type ReceiveResult =
  /** A new transaction for the application to answer. */
  | { kind: 'new'; tx: ServerTransaction }
  /** Handled inside the layer (retransmission, ACK). */
  | { kind: 'absorbed' }
  /** An ACK that matches no transaction (e.g. for a 2xx, or after Timer H): drop it. */
  | { kind: 'unmatched-ack' };

const ABSORBED: ReceiveResult = Object.freeze({ kind: 'absorbed' });
const UNMATCHED_ACK: ReceiveResult = Object.freeze({ kind: 'unmatched-ack' });

export class TransactionLayer {
  private readonly table = new Map<string, ServerTransaction>();
  private totalBytes = 0;
  // Timer handlers, bound once: scheduling passes the transaction as the argument (no closure per timer).
  private readonly onTimerG = (tx: ServerTransaction): void => this.timerG(tx);
  private readonly onTimerH = (tx: ServerTransaction): void => this.timerH(tx);
  private readonly onTimerJ = (tx: ServerTransaction): void => this.terminate(tx);

  constructor(
    private readonly timers: TimerQueue,
    private readonly t: TransactionTimers,
    private readonly events: TransactionEvents,
    private readonly now: () => number = () => performance.now(),
    private readonly limits: TransactionLimits = UNLIMITED,
  ) {}

  /** Number of live transactions. */
  get size(): number {
    return this.table.size;
  }

  /** Estimated memory of all live transactions (bytes). */
  get bytes(): number {
    return this.totalBytes;
  }

  /**
   * Matches a request to its transaction (§17.2.3) or creates one, without limits (the redirect
   * handler uses the steps below). `toTag` is the tag of this side's responses; without it a new
   * transaction draws a random one. `receivedAt` (same clock as `now`): when the request arrived,
   * if earlier than now (time queued in the socket); the transaction's `startedAt`.
   */
  receive(req: SipRequest, route: ResponseRoute, toTag?: string, receivedAt?: number): ReceiveResult {
    const method = req.method;
    if (method === 'ACK') return this.acknowledge(req) ? ABSORBED : UNMATCHED_ACK;
    const key = transactionKey(req, method);
    if (this.absorbRetransmission(key)) return ABSORBED;
    return { kind: 'new', tx: this.create(key, req, route, 0, receivedAt, toTag) };
  }

  /** An ACK: ends the INVITE transaction it acknowledges. False when it matches none (drop it). */
  acknowledge(ack: SipRequest): boolean {
    const tx = this.table.get(transactionKey(ack, 'INVITE'));
    if (!tx) return false;
    this.ack(tx);
    return true;
  }

  /** A request whose transaction exists (a retransmission) is answered from it: true. */
  absorbRetransmission(key: string): boolean {
    const tx = this.table.get(key);
    if (!tx) return false;
    this.retransmission(tx);
    return true;
  }

  /**
   * Makes room within the limits for a transaction keeping `requestBytes` of request text: ends
   * the oldest answered transactions (each only waits for an ACK that would end it anyway) as
   * needed. False when the transactions it looked at are all still being answered: refuse (503).
   */
  admit(requestBytes: number): boolean {
    const need = TRANSACTION_OVERHEAD_BYTES + requestBytes;
    let scanned = 0;
    while (this.table.size >= this.limits.maxTransactions || this.totalBytes + need > this.limits.maxBytes) {
      if (this.table.size === 0 || scanned++ >= EVICTION_SCAN) return false;
      const oldest = this.table.values().next().value as ServerTransaction;
      if (oldest.state === 'completed') {
        this.events.evicted?.();
        this.terminate(oldest);
      } else {
        // Still being routed: to the back of the table (Map order), so answered ones come to the front.
        this.table.delete(oldest.key);
        this.table.set(oldest.key, oldest);
      }
    }
    return true;
  }

  /** Creates the transaction of a new request (after `absorbRetransmission` and, for limits, `admit`). */
  create(
    key: string,
    req: SipRequest,
    route: ResponseRoute,
    requestBytes: number,
    receivedAt?: number,
    toTag?: string,
  ): ServerTransaction {
    const bytes = TRANSACTION_OVERHEAD_BYTES + requestBytes;
    const tx: ServerTransaction = {
      key,
      method: req.method,
      route,
      state: 'proceeding',
      request: req,
      toTag: toTag ?? randomTag(),
      provisional: undefined,
      final: undefined,
      finalStatus: 0,
      abort: undefined,
      g: this.t.t1Ms,
      startedAt: receivedAt ?? this.now(),
      completedAt: 0,
      timer: -1,
      frame: undefined,
      bytes,
    };
    this.totalBytes += bytes;
    this.table.set(key, tx);
    return tx;
  }

  /** The INVITE transaction a CANCEL refers to (§9.2), if it is still known. */
  findInviteFor(cancel: SipRequest): ServerTransaction | undefined {
    return this.table.get(transactionKey(cancel, 'INVITE'));
  }

  /** Sends a provisional (1xx) response and keeps it for retransmitted requests. */
  sendProvisional(tx: ServerTransaction, buf: string): void {
    if (tx.state !== 'proceeding') return;
    this.account(tx, tx.bytes + buf.length - (tx.provisional?.length ?? 0));
    tx.provisional = buf;
    tx.route.send(buf);
  }

  /**
   * Sends the final response. Returns false (and sends nothing) when the transaction already has
   * one, e.g. a routing decision that arrives after CANCEL produced the 487.
   */
  sendFinal(tx: ServerTransaction, buf: string, status: number): boolean {
    if (tx.state !== 'proceeding') return false;
    tx.state = 'completed';
    tx.final = buf;
    tx.finalStatus = status;
    tx.provisional = undefined;
    tx.request = undefined;
    tx.frame = undefined;
    this.account(tx, TRANSACTION_OVERHEAD_BYTES + buf.length);
    tx.route.send(buf);
    if (tx.method === 'INVITE') {
      tx.completedAt = this.now();
      // Over UDP, Timer H is checked by the Timer G chain: one pending timer per transaction.
      if (!tx.route.reliable) tx.timer = this.timers.schedule(tx.g, this.onTimerG, tx);
      else tx.timer = this.timers.schedule(64 * this.t.t1Ms, this.onTimerH, tx);
    } else if (tx.route.reliable) {
      this.terminate(tx);
    } else {
      tx.timer = this.timers.schedule(64 * this.t.t1Ms, this.onTimerJ, tx);
    }
    return true;
  }

  /** Drops every transaction (server shutdown), aborting pending routing work. */
  clear(): void {
    for (const tx of this.table.values()) {
      if (tx.state === 'proceeding') tx.abort?.abort();
      tx.state = 'terminated';
      if (tx.timer >= 0) this.timers.cancel(tx.timer);
      tx.timer = -1;
    }
    this.table.clear();
    this.totalBytes = 0;
  }

  private account(tx: ServerTransaction, bytes: number): void {
    if (this.table.get(tx.key) === tx) this.totalBytes += bytes - tx.bytes;
    tx.bytes = bytes;
  }

  /**
   * The ACK for the final response ends the transaction at once. RFC 3261 keeps it (Confirmed)
   * for Timer I = T4 only to absorb ACK retransmissions; here a late ACK finds no transaction and
   * is dropped as unmatched, which is the same on the wire, and the table stays small (at 20,000
   * calls/s Timer I would hold 100,000 finished transactions).
   */
  private ack(tx: ServerTransaction): void {
    if (tx.state === 'completed') this.terminate(tx);
  }

  private retransmission(tx: ServerTransaction): void {
    this.events.retransmissionAbsorbed(tx.method === 'INVITE' ? 'invite' : 'non-invite');
    if (tx.state === 'proceeding') {
      if (tx.provisional) tx.route.send(tx.provisional);
    } else if (tx.state === 'completed' && tx.final) {
      tx.route.send(tx.final);
    }
  }

  private timerG(tx: ServerTransaction): void {
    tx.timer = -1;
    if (tx.state !== 'completed' || !tx.final) return;
    if (this.now() - tx.completedAt >= 64 * this.t.t1Ms) {
      this.timerH(tx);
      return;
    }
    tx.route.send(tx.final);
    this.events.responseRetransmitted();
    tx.g = Math.min(2 * tx.g, this.t.t2Ms);
    tx.timer = this.timers.schedule(tx.g, this.onTimerG, tx);
  }

  private timerH(tx: ServerTransaction): void {
    tx.timer = -1;
    if (tx.state !== 'completed') return;
    this.events.ackTimeout();
    this.terminate(tx);
  }

  private terminate(tx: ServerTransaction): void {
    tx.state = 'terminated';
    tx.final = undefined;
    if (tx.timer >= 0) {
      this.timers.cancel(tx.timer);
      tx.timer = -1;
    }
    if (this.table.get(tx.key) === tx) {
      this.table.delete(tx.key);
      this.totalBytes -= tx.bytes;
    }
  }
}

/**
 * Transaction key (§17.2.3): branch + sent-by + method for RFC 3261 branches; for older peers
 * Call-ID, From-tag, CSeq number and the whole top Via.
 */
export function transactionKey(req: SipRequest, method: string): string {
  const top = req.via[0]!;
  const branch = top.branch;
  if (branch !== undefined && branch.startsWith(MAGIC_COOKIE)) {
    return `${branch}|${top.host.toLowerCase()}:${top.port ?? ''}|${method}`;
  }
  return `~${req.callId}|${req.fromTag ?? ''}|${req.cseq}|${top.raw}|${method}`;
}
