/**
 * Transaction timers (RFC 3261 §17.2: G, H, I, J) for tens of thousands of live transactions.
 * Every timer has one of a handful of fixed durations, so one FIFO per duration is already sorted
 * by expiry: scheduling is a push, expiry a shift, and one coarse interval drives them all. No
 * cancellation: handlers check the transaction's state when they fire.
 */

export interface TimerQueueOptions {
  /** Resolution of the driving interval in ms (timers fire up to this late). */
  tickMs?: number;
  /** Monotonic clock in ms. */
  now?: () => number;
}

interface Entry {
  at: number;
  fire: () => void;
}

/** A FIFO of entries with one duration; a ring buffer would save the shift, arrays are fine here. */
class Fifo {
  items: Entry[] = [];
  head = 0;
  push(e: Entry): void {
    this.items.push(e);
  }
  peek(): Entry | undefined {
    return this.items[this.head];
  }
  shift(): void {
    this.items[this.head] = undefined as unknown as Entry;
    this.head++;
    // Compact once the consumed prefix dominates, so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
  get size(): number {
    return this.items.length - this.head;
  }
}

export class TimerQueue {
  private readonly queues = new Map<number, Fifo>();
  private readonly now: () => number;
  private readonly interval: NodeJS.Timeout;
  private onError: (e: unknown) => void = () => {};

  constructor(opts: TimerQueueOptions = {}) {
    this.now = opts.now ?? (() => performance.now());
    this.interval = setInterval(() => this.run(), opts.tickMs ?? 10);
    this.interval.unref();
  }

  /** Reports exceptions thrown by timer handlers (they never escape the interval). */
  setErrorHandler(fn: (e: unknown) => void): void {
    this.onError = fn;
  }

  /** Runs `fire` once, `delayMs` from now (rounded up to the next tick). */
  schedule(delayMs: number, fire: () => void): void {
    let q = this.queues.get(delayMs);
    if (!q) {
      q = new Fifo();
      this.queues.set(delayMs, q);
    }
    q.push({ at: this.now() + delayMs, fire });
  }

  /** Number of pending timers. */
  get size(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.size;
    return n;
  }

  /** Fires every due timer; called by the interval and directly by tests. */
  run(): void {
    const t = this.now();
    for (const q of this.queues.values()) {
      for (let e = q.peek(); e !== undefined && e.at <= t; e = q.peek()) {
        q.shift();
        try {
          e.fire();
        } catch (err) {
          this.onError(err);
        }
      }
    }
  }

  stop(): void {
    clearInterval(this.interval);
  }
}
