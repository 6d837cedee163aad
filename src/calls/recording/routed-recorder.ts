/**
 * Records every routing decision as the call's `routed` event without a database write on the
 * decision's path (issue 10 part 1): the decider tells the recorder synchronously, the recorder
 * notes it in the columns of a batch (`RoutedNotes`: no object per call; the decision and its
 * trace are not kept, so they die young), and a timer sends the batches to the calls store off
 * the hot path, building the `routed` events then. Sent batches are reused.
 *
 * Faults:
 * - **The store fails or is slow** (database outage): the batch stays at the head of the buffer
 *   and is sent again with a growing pause (up to `maxRetryMs`). Routing never waits for it.
 *   The event id is made from the call id, so a batch that did commit but whose answer was lost
 *   is a duplicate when sent again, never a second routing.
 * - **The outage outlasts the buffer** (`maxBuffered` decisions, 100,000 by default: about half a
 *   day of national traffic), or decisions come faster than the store takes them (a benchmark):
 *   the buffer keeps what it holds and further decisions are dropped, counted (`dropped`) and
 *   logged; routing goes on. Turning the newest away costs nothing while the buffer is full; the
 *   alternative, dropping the oldest, made every held note live until it was pushed out, and that
 *   churn of long-lived notes cost routing a tenth of its CPU at saturation (docs/performance.md).
 *   Memory stays bounded whatever the database does.
 * - **The process dies**: what is buffered (at most `flushMs` of traffic in normal running) is
 *   lost; `stop()` sends what it holds first, within `stopDeadlineMs`.
 * - **A refused event** (e.g. the same call id routed twice with another decision): logged and
 *   counted, never retried.
 *
 * The same buffer carries the few events built elsewhere on a call's path (`takeEvent`: the
 * outcome of the voice menu's B2BUA hand-over, handoff-event.ts): sent with the next batch,
 * under the same bound, retries and share of the process.
 */
import type { Logger } from 'pino';
import type { DecisionNotice } from '../../routing/decide-call.ts';
import type { Clock, Timer, Timers } from '../../platform/time/clock.ts';
import type { CallEvent } from '../domain/call-event.ts';
import { isRecordedDecision, RoutedNotes } from './routed-event.ts';

/** What the store answers for each event of a batch. */
export interface RecordOutcome {
  eventId: string;
  outcome: 'accepted' | 'duplicate' | 'refused';
}

export interface RoutedRecorderOptions {
  /** The calls store's ingest (one transaction per batch or per call; idempotent by event id). */
  record(events: CallEvent[]): Promise<readonly RecordOutcome[]>;
  /** Timers, and the monotonic clock that times each write (the recorder's share of the process). */
  timers: Timers & Pick<Clock, 'monotonicMs'>;
  logger: Logger;
  /** How long a decision may wait in the buffer before its batch is sent (ms). */
  flushMs?: number;
  /** Most events per batch (bounds how long one write holds an embedded database's thread). */
  maxBatch?: number;
  /**
   * After a write that took d ms, the next waits `writeShareFactor` × d while routing is busy
   * (`routingBusy`): writes then take at most 1 / (1 + factor) of the time, so routing keeps its
   * priority when decisions come faster than the store takes them (the buffer then turns the
   * newest away, counted). Default 39: at most 2.5 %. A write costs about 1.2 × its time in CPU
   * (the embedded database works on its own thread, pglite-thread.ts, and the main thread folds
   * and sends), so the busy share stays under 3 % of the CPU.
   */
  writeShareFactor?: number;
  /**
   * The same while routing is not busy (default 1: writes may take half the time), so a backlog
   * after an outage is written in a minute or so instead of a quarter of an hour.
   */
  idleShareFactor?: number;
  /** Is routing busy now? Default: always (the busy share). The module asks its event loop. */
  routingBusy?: () => boolean;
  /** Most decisions held (waiting or being written); further ones are dropped while it is full. */
  maxBuffered?: number;
  /** Longest pause between attempts while the store fails (ms). */
  maxRetryMs?: number;
  /** How long `stop()` keeps trying to send what is buffered (ms). */
  stopDeadlineMs?: number;
}

/**
 * Sent batches kept for reuse. While routing is busy the recorder sends one batch per pause, so
 * a backlog of ten or twenty batches builds up in a burst and drains after it; with only four
 * kept, every burst made new batches (their arrays, promoted to the old generation, then
 * dropped), which cost the SIP handler benchmark more than the noting itself. 32 batches of 100
 * are about half a megabyte.
 */
const KEPT_FREE_BATCHES = 32;

export interface RoutedRecorderStats {
  /** The last attempt to write failed: the store is being retried. */
  failing: boolean;
  buffered: number;
  recorded: number;
  duplicates: number;
  refused: number;
  dropped: number;
  failedAttempts: number;
}

export class RoutedRecorder {
  /** Waiting events, oldest first, in batches of at most maxBatch (the one being sent is out). */
  private queue: RoutedNotes[] = [];
  /** Waiting events built elsewhere (`takeEvent`), oldest first: few, sent with the next batch. */
  private others: CallEvent[] = [];
  /** Sent batches, emptied for reuse (up to KEPT_FREE_BATCHES). */
  private readonly free: RoutedNotes[] = [];
  private queued = 0;
  private inFlight = 0;
  private timer: Timer | null = null;
  /** The armed timer is the quiet-running one (flushMs after a first take), not a pause or a retry. */
  private waitingForFlush = false;
  private sending: Promise<void> | null = null;
  private retryMs = 0;
  private stopped = false;
  /** stop() passed its deadline: flush starts no further batch. */
  private gaveUp = false;
  private readonly flushMs: number;
  private readonly maxBatch: number;
  private readonly writeShareFactor: number;
  private readonly idleShareFactor: number;
  /** How long the last successful write took (ms). */
  private lastWriteMs = 0;
  private readonly maxBuffered: number;
  private readonly maxRetryMs: number;
  private readonly counts = { recorded: 0, duplicates: 0, refused: 0, dropped: 0, failedAttempts: 0 };

  constructor(private readonly opts: RoutedRecorderOptions) {
    this.flushMs = opts.flushMs ?? 200;
    this.maxBatch = opts.maxBatch ?? 100;
    this.writeShareFactor = opts.writeShareFactor ?? 39;
    this.idleShareFactor = opts.idleShareFactor ?? 1;
    this.maxBuffered = opts.maxBuffered ?? 100_000;
    this.maxRetryMs = opts.maxRetryMs ?? 5_000;
  }

  /** The decision listener: on the call's path, so it only takes note. */
  readonly take = (notice: DecisionNotice): void => {
    if (this.stopped) return;
    if (!isRecordedDecision(notice)) return;
    if (this.queued + this.inFlight >= this.maxBuffered) return this.drop(); // before any allocation
    // Not `queue[length - 1]`: on an empty queue that reads the property "-1", which made the
    // look-up a megamorphic one for every call.
    let last = this.queue.length > 0 ? this.queue[this.queue.length - 1] : undefined;
    if (!last || last.full) this.queue.push((last = this.free.pop() ?? new RoutedNotes(this.maxBatch)));
    last.add(notice);
    this.queued++;
    this.schedule();
  };

  /**
   * Takes an event built on a call's path elsewhere (the B2BUA hand-over's outcome): kept as it
   * is and sent with the next batch (few: the calls a voice menu hands over as a B2BUA).
   */
  readonly takeEvent = (event: CallEvent): void => {
    if (this.stopped) return;
    if (this.queued + this.inFlight >= this.maxBuffered) return this.drop();
    this.others.push(event);
    this.queued++;
    this.schedule();
  };

  /** Arms the send for what was just taken (unless a send or a retry under way takes it on). */
  private schedule(): void {
    if (this.sending || (this.retryMs > 0 && this.timer)) return; // the send under way, or the retry, takes it on
    if (this.queued >= this.maxBatch) {
      // A full batch goes at the next turn instead of after flushMs (never during a pause after
      // a write: that pause is routing's share of the process).
      if (!this.timer || this.waitingForFlush) {
        this.timer?.cancel();
        this.arm(0);
      }
    } else if (!this.timer) this.arm(this.flushMs, true);
  }

  stats(): RoutedRecorderStats {
    return { failing: this.retryMs > 0, buffered: this.queued + this.inFlight, ...this.counts };
  }

  private drop(): void {
    this.counts.dropped++;
    if (this.counts.dropped === 1 || this.counts.dropped % 10_000 === 0) {
      this.opts.logger.error(
        { dropped: this.counts.dropped, maxBuffered: this.maxBuffered, failing: this.retryMs > 0 },
        'calls record: the store does not keep up (failing, or decisions faster than it writes); routed calls beyond the buffer are dropped',
      );
    }
  }

  /**
   * Sends everything buffered now (tests, shutdown); resolves when the buffer is empty, a send
   * failed, or the monotonic clock passed `untilMs`. The deadline is checked between batches by
   * the clock, not only by a timer: the embedded database can answer a whole run of batches
   * without the event loop reaching its timers.
   */
  async flush(untilMs = Infinity): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    this.waitingForFlush = false;
    while (this.queued > 0 && !this.gaveUp && this.opts.timers.monotonicMs() < untilMs) {
      const before = this.counts.failedAttempts;
      await this.sendOnce();
      if (this.counts.failedAttempts > before) return;
    }
  }

  /** Stops taking decisions and sends what it holds, giving up after `stopDeadlineMs`. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    this.waitingForFlush = false;
    const deadline = this.opts.stopDeadlineMs ?? 5_000;
    let giveUp: Timer | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      giveUp = this.opts.timers.setTimeout(() => resolve('timeout'), deadline);
    });
    const until = this.opts.timers.monotonicMs() + deadline;
    const result = await Promise.race([this.flush(until).then(() => 'done' as const), timeout]);
    giveUp?.cancel();
    // Past the deadline no further batch starts (the one under way may still commit).
    if (result === 'timeout') this.gaveUp = true;
    if (result === 'timeout' || this.queued + this.inFlight > 0) {
      this.opts.logger.error(
        { lost: this.queued + this.inFlight },
        'calls record: routed calls not recorded at shutdown (the store did not answer)',
      );
    }
  }

  /** Routing's share after a write: a long pause while routing is busy, a short one otherwise. */
  private pauseAfterWrite(): number {
    const busy = this.opts.routingBusy?.() ?? true;
    return Math.round((busy ? this.writeShareFactor : this.idleShareFactor) * this.lastWriteMs);
  }

  private arm(ms: number, forFlush = false): void {
    this.waitingForFlush = forFlush;
    this.timer = this.opts.timers.setTimeout(() => {
      this.timer = null;
      this.waitingForFlush = false;
      void this.sendOnce().then(() => {
        if (this.stopped || this.queued === 0 || this.timer) return;
        // After a failure wait; after a success send what came in meanwhile, after a pause in
        // proportion to the write (in quiet running the next take arms flushMs instead).
        this.arm(this.retryMs > 0 ? this.retryMs : this.pauseAfterWrite());
      });
    }, ms);
    this.timer.unref();
  }

  /** One batch from the head of the buffer; on failure it stays there for the next attempt. */
  private async sendOnce(): Promise<void> {
    if (this.sending) return this.sending;
    const batch = this.queue.shift();
    const others = this.others.length > 0 ? this.others.splice(0, this.maxBatch) : [];
    if (!batch && others.length === 0) return;
    const n = (batch?.length ?? 0) + others.length;
    this.queued -= n;
    this.inFlight = n;
    this.sending = (async () => {
      try {
        const started = this.opts.timers.monotonicMs();
        const routed: CallEvent[] = batch ? batch.events() : [];
        const outcomes = await this.opts.record(others.length > 0 ? routed.concat(others) : routed);
        if (batch) {
          batch.clear();
          if (this.free.length < KEPT_FREE_BATCHES) this.free.push(batch);
        }
        this.lastWriteMs = this.opts.timers.monotonicMs() - started;
        let refusedCount = 0;
        for (const o of outcomes) {
          if (o.outcome === 'accepted') this.counts.recorded++;
          else if (o.outcome === 'duplicate') this.counts.duplicates++;
          else refusedCount++;
        }
        this.counts.refused += refusedCount;
        if (refusedCount > 0) {
          const refused = outcomes.filter((o) => o.outcome === 'refused');
          this.opts.logger.warn(
            { refused: refused.slice(0, 5).map((o) => o.eventId), count: refused.length },
            'calls record: routed events refused',
          );
        }
        this.retryMs = 0;
      } catch (err) {
        // Back at the head of the queue, for the next attempt (newer events may be dropped first).
        if (batch) this.queue.unshift(batch);
        if (others.length > 0) this.others.unshift(...others);
        this.queued += n;
        this.counts.failedAttempts++;
        this.retryMs = Math.min(this.maxRetryMs, this.retryMs > 0 ? this.retryMs * 2 : 250);
        if (this.counts.failedAttempts === 1 || this.counts.failedAttempts % 20 === 0) {
          this.opts.logger.warn(
            { err, buffered: this.queued, retryMs: this.retryMs },
            'calls record: the store did not take routed calls; trying again',
          );
        }
      } finally {
        this.inFlight = 0;
        this.sending = null;
      }
    })();
    return this.sending;
  }
}
