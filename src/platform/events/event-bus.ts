/**
 * The event bus: tails the outbox and hands each committed event, in position order, to every
 * subscriber of this instance.
 *
 * Wake-ups: a NOTIFY (PostgreSQL: sent by any instance at commit, carrying the position; PGlite:
 * in-process), a (re)connection of the LISTEN connection, and a slow safety poll. Every wake-up
 * reads the outbox after the bus's cursor, so a lost notification (an outage, a partition) costs
 * latency, never an event: the first read after the database answers again catches up.
 *
 * Gaps (decision 0004): positions come from a sequence at insert time, so on PostgreSQL position 7
 * can commit before 6. The reader never steps over a missing position until it is filled or proved
 * permanent (its transaction rolled back): when a gap is first seen, the bus notes the snapshot's
 * `xmax`; the gap is permanent once every transaction that was running then has ended
 * (`pg_snapshot_xmin` of a later snapshot ≥ that `xmax`, checked before re-reading) and a short
 * grace has passed (it covers the instant between `nextval` and the transaction id being assigned).
 * A long transaction therefore delays later events, it never loses its own.
 *
 * Isolation: delivery never runs in a request (recordChange only writes rows); each subscriber has
 * its own bounded queue and pump, so a slow or failing subscriber delays only itself. One that falls
 * more than `maxQueue` events behind either catches up from the outbox on its own (the default) or
 * is closed (`onOverflow: 'close'`: SSE, whose client then resumes with Last-Event-ID).
 */
import type { Logger } from 'pino';
import type { Db, Listening, Queryable } from '../db/types.ts';
import type { MetricsRegistry } from '../metrics.ts';
import type { StoredEvent } from './define-event.ts';
import { eventChannel, lastPosition, readEvents, snapshotBounds } from './outbox.ts';

export interface EventBusOptions {
  db: Db;
  logger: Logger;
  metrics?: MetricsRegistry;
  /** Safety read of the outbox when no notification arrives (ms). Default 5 000. */
  safetyPollMs?: number;
  /** Minimum time a gap is held back before it may be declared permanent (ms). Default 500. */
  gapGraceMs?: number;
  /** Rows per outbox read. Default 500. */
  pageSize?: number;
}

export interface SubscribeOptions {
  /** Called once per event, in position order; awaited before the next (per subscriber). */
  handler: (e: StoredEvent) => void | Promise<void>;
  /** Only these types (default: all). */
  types?: readonly string[];
  /** Further filter (e.g. the SSE subscriber's `canSee`). */
  filter?: (e: StoredEvent) => boolean;
  /**
   * Deliver the events after this position first, from the outbox (a resume). Default: the bus's
   * current position (only what commits from now on).
   */
  after?: number;
  /** Queued events beyond which the subscriber counts as too slow. Default 1 000. */
  maxQueue?: number;
  /** Too slow: `catch-up` from the outbox later (default) or `close` the subscription. */
  onOverflow?: 'catch-up' | 'close';
  /** Called once when the subscription closes (`overflow` or `closed` by the caller or the bus). */
  onClose?: (reason: 'overflow' | 'closed') => void;
}

export interface Subscription {
  /** The last position this subscriber has handled or skipped. */
  readonly position: number;
  close(): void;
}

export interface EventBusHealth {
  status: 'ok' | 'degraded';
  position: number;
  listening: boolean;
  lastReadError: string | null;
  subscribers: number;
}

const CATCH_UP_RETRY_MS = 1_000;

export class EventBus {
  private cursor = 0;
  private started = false;
  private stopped = false;
  private reading: Promise<void> | null = null;
  private readAgain = false;
  private readsStarted = 0;
  private readsDone = 0;
  private readWaiters: { target: number; resolve: () => void }[] = [];
  private heldGap: { position: number; seenAt: number; xmax: bigint } | null = null;
  private gapTimer: NodeJS.Timeout | null = null;
  private safetyTimer: NodeJS.Timeout | null = null;
  private listener: Listening | null = null;
  private listening = false;
  private lastReadError: string | null = null;
  private readonly subs = new Set<SubscriptionImpl>();
  private readonly safetyPollMs: number;
  private readonly gapGraceMs: number;
  readonly pageSize: number;
  private readonly delivered;
  private readonly gapsSkipped;

  constructor(private readonly opts: EventBusOptions) {
    this.safetyPollMs = opts.safetyPollMs ?? 5_000;
    this.gapGraceMs = opts.gapGraceMs ?? 500;
    this.pageSize = opts.pageSize ?? 500;
    this.delivered = opts.metrics?.counter({
      name: 'nodmeld_events_read_total',
      help: 'Events read from the outbox by this instance in position order',
    });
    this.gapsSkipped = opts.metrics?.counter({
      name: 'nodmeld_events_gaps_skipped_total',
      help: 'Outbox positions proved permanently missing (rolled-back transactions)',
    });
    opts.metrics?.gauge({
      name: 'nodmeld_events_subscribers',
      help: 'Event subscribers on this instance (in-process and SSE)',
      collect: () => this.subs.size,
    });
    opts.metrics?.gauge({
      name: 'nodmeld_events_position',
      help: 'Outbox position this instance has read up to',
      collect: () => this.cursor,
    });
  }

  get db(): Db {
    return this.opts.db;
  }

  /** Where the bus and its subscribers read the outbox: the listening connection when it is up. */
  get reader(): Queryable {
    const l = this.listener;
    return l ? { query: l.query, exec: (sql) => this.opts.db.exec(sql) } : this.opts.db;
  }

  /** The position up to which events have been read and handed to subscribers. */
  get position(): number {
    return this.cursor;
  }

  /** Starts at the outbox's current end and listens for notifications. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.cursor = await lastPosition(this.opts.db);
    if (this.opts.db.listen) {
      const channel = await eventChannel(this.opts.db);
      this.listener = await this.opts.db.listen(channel, {
        notify: () => this.wake(),
        connected: () => {
          this.listening = true;
          this.wake();
        },
        disconnected: () => {
          this.listening = false;
        },
      });
    }
    if (this.safetyPollMs > 0) {
      this.safetyTimer = setInterval(() => this.wake(), this.safetyPollMs);
      this.safetyTimer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.safetyTimer) clearInterval(this.safetyTimer);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    for (const s of [...this.subs]) s.close();
    await this.listener?.close().catch(() => undefined);
    this.listener = null;
    await this.reading?.catch(() => undefined);
  }

  health(): EventBusHealth {
    const listening = this.listening || !this.opts.db.listen;
    return {
      status: listening && this.lastReadError === null ? 'ok' : 'degraded',
      position: this.cursor,
      listening,
      lastReadError: this.lastReadError,
      subscribers: this.subs.size,
    };
  }

  subscribe(opts: SubscribeOptions): Subscription {
    const sub = new SubscriptionImpl(this, opts, opts.after ?? this.cursor, this.opts.logger);
    if (this.stopped) {
      sub.close();
      return sub;
    }
    this.subs.add(sub);
    sub.onRemove = () => this.subs.delete(sub);
    sub.kick();
    return sub;
  }

  /**
   * Reads the outbox now (tests and callers that just wrote; notifications do this by themselves):
   * resolves once a read that started after this call has finished (or the reader stopped on an
   * error). It does not wait for the reader to be idle: while a gap is held, its re-checks can keep
   * the reader busy for as long as the gap's transaction runs.
   */
  async readNow(): Promise<void> {
    // A read already under way may have read before the caller's write: wait for the next one.
    const target = this.readsStarted + 1;
    this.wake();
    if (!this.reading) return;
    await new Promise<void>((resolve) => this.readWaiters.push({ target, resolve }));
  }

  /** Wakes the callers of readNow whose read has finished (all of them once the loop ends). */
  private settleWaiters(all: boolean): void {
    if (this.readWaiters.length === 0) return;
    const waiting: typeof this.readWaiters = [];
    for (const w of this.readWaiters) {
      if (all || this.readsDone >= w.target) w.resolve();
      else waiting.push(w);
    }
    this.readWaiters = waiting;
  }

  private wake(): void {
    if (this.stopped || !this.started) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.readLoop().finally(() => {
      this.reading = null;
      this.settleWaiters(true);
    });
  }

  private async readLoop(): Promise<void> {
    do {
      this.readAgain = false;
      const read = ++this.readsStarted;
      try {
        await this.readOnce();
        this.readsDone = read;
        this.settleWaiters(false);
        if (this.lastReadError !== null) this.opts.logger.info('event bus reads the outbox again');
        this.lastReadError = null;
      } catch (err) {
        const reason = (err as { reason?: string; code?: string }).reason ?? 'error';
        if (this.lastReadError === null) {
          this.opts.logger.warn(
            { err },
            'event bus could not read the outbox; it retries on the next wake-up',
          );
        }
        this.lastReadError = reason;
        return;
      }
    } while (this.readAgain && !this.stopped);
  }

  private async readOnce(): Promise<void> {
    const db = this.reader;
    // Taken BEFORE the rows: if every transaction running when the gap was seen has ended by now,
    // the rows read next show everything they committed.
    const bounds = this.heldGap ? await snapshotBounds(db) : null;
    const rows = await readEvents(db, { after: this.cursor, limit: this.pageSize });
    const ready: StoredEvent[] = [];
    for (const e of rows) {
      if (e.position !== this.cursor + 1) {
        const gap = this.heldGap;
        const permanent =
          gap !== null &&
          gap.position === this.cursor + 1 &&
          bounds !== null &&
          bounds.xmin >= gap.xmax &&
          performance.now() - gap.seenAt >= this.gapGraceMs;
        if (!permanent) {
          if (gap?.position !== this.cursor + 1) {
            const { xmax } = await snapshotBounds(db);
            this.heldGap = { position: this.cursor + 1, seenAt: performance.now(), xmax };
          }
          this.recheckGapLater();
          break;
        }
        this.gapsSkipped?.add(e.position - this.cursor - 1);
      }
      this.heldGap = null;
      this.cursor = e.position;
      ready.push(e);
    }
    if (ready.length > 0) {
      this.delivered?.add(ready.length);
      for (const s of this.subs) s.offer(ready);
    }
    if (rows.length === this.pageSize && ready.length > 0) this.readAgain = true;
  }

  private recheckGapLater(): void {
    if (this.gapTimer) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      this.wake();
    }, this.gapGraceMs);
    this.gapTimer.unref();
  }
}

class SubscriptionImpl implements Subscription {
  private cursor: number;
  private queue: StoredEvent[] = [];
  private catchingUp: boolean;
  private pumping = false;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  onRemove: (() => void) | null = null;
  private readonly types: Set<string> | null;

  constructor(
    private readonly bus: EventBus,
    private readonly opts: SubscribeOptions,
    after: number,
    private readonly logger: Logger,
  ) {
    this.cursor = after;
    this.catchingUp = after < bus.position;
    this.types = opts.types ? new Set(opts.types) : null;
  }

  get position(): number {
    return this.cursor;
  }

  /** New events from the bus (in order). Ignored while catching up: the outbox has them. */
  offer(events: StoredEvent[]): void {
    if (this.closed || this.catchingUp) return;
    const max = this.opts.maxQueue ?? 1_000;
    for (const e of events) {
      if (e.position <= this.cursor) continue;
      if (this.queue.length >= max) {
        if (this.opts.onOverflow === 'close') {
          this.finish('overflow');
          return;
        }
        this.queue = [];
        this.catchingUp = true;
        break;
      }
      this.queue.push(e);
    }
    this.kick();
  }

  kick(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    void this.pump().finally(() => {
      this.pumping = false;
    });
  }

  private wanted(e: StoredEvent): boolean {
    if (this.types && !this.types.has(e.type)) return false;
    return this.opts.filter ? this.opts.filter(e) : true;
  }

  private async handle(e: StoredEvent): Promise<void> {
    if (e.position <= this.cursor) return;
    this.cursor = e.position;
    let wanted: boolean;
    try {
      wanted = this.wanted(e);
    } catch (err) {
      this.logger.error(
        { err, type: e.type, position: e.position },
        'an event filter failed; event not delivered',
      );
      return;
    }
    if (!wanted) return;
    try {
      await this.opts.handler(e);
    } catch (err) {
      this.logger.error(
        { err, type: e.type, position: e.position },
        'an event subscriber failed; it goes on',
      );
    }
  }

  private async pump(): Promise<void> {
    while (!this.closed) {
      const e = this.queue.shift();
      if (e) {
        await this.handle(e);
        continue;
      }
      if (!this.catchingUp) return;
      const upTo = this.bus.position;
      if (this.cursor >= upTo) {
        this.catchingUp = false;
        return;
      }
      let page: StoredEvent[];
      try {
        page = await readEvents(this.bus.reader, { after: this.cursor, upTo, limit: this.bus.pageSize });
      } catch (err) {
        this.logger.warn({ err }, 'an event subscriber could not catch up from the outbox; retrying');
        this.retryLater();
        return;
      }
      if (page.length === 0) this.cursor = upTo;
      for (const ev of page) {
        if (this.closed) return;
        await this.handle(ev);
      }
    }
  }

  private retryLater(): void {
    if (this.retry || this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.kick();
    }, CATCH_UP_RETRY_MS);
    this.retry.unref();
  }

  private finish(reason: 'overflow' | 'closed'): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    if (this.retry) clearTimeout(this.retry);
    this.onRemove?.();
    try {
      this.opts.onClose?.(reason);
    } catch (err) {
      this.logger.error({ err }, 'an event subscriber close handler failed');
    }
  }

  close(): void {
    this.finish('closed');
  }
}
