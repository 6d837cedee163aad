/**
 * Transaction timers (RFC 3261 §17.2: G, H, I, J) for tens of thousands of live transactions.
 * Every timer has one of a handful of fixed durations (T1, 2·T1 … T2, 64·T1), so one FIFO per
 * duration is already sorted by expiry: scheduling is a push, expiry a shift, and one coarse
 * interval drives them all — a timing wheel without the wheel. Each FIFO is a ring buffer of
 * parallel arrays (expiry, handler, argument): no object and no closure per timer. A timer can be
 * cancelled through its handle, which drops the reference to its argument at once, so a
 * transaction that ends (ACK) becomes garbage young instead of living on in the queue for T1.
 */

export interface TimerQueueOptions {
  /** Resolution of the driving interval in ms (timers fire up to this late). */
  tickMs?: number;
  /** Monotonic clock in ms. */
  now?: () => number;
}

/** Opaque handle of a scheduled timer (for `cancel`). */
export type TimerHandle = number;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers take the argument they were scheduled with
type Fire = (arg: any) => void;

/** Handles pack the ring index into the low bits: seq * MAX_RINGS + ring. */
const MAX_RINGS = 64;

/** A FIFO of timers with one duration, addressed by a running sequence number. */
class Ring {
  at = new Float64Array(256);
  fire: (Fire | undefined)[] = new Array<Fire | undefined>(256).fill(undefined);
  arg: unknown[] = new Array<unknown>(256).fill(undefined);
  mask = 255;
  /** Sequence number of the oldest entry. */
  head = 0;
  /** Sequence number of the next entry. */
  tail = 0;

  push(at: number, fire: Fire, arg: unknown): number {
    if (this.tail - this.head > this.mask) this.grow();
    const seq = this.tail++;
    const i = seq & this.mask;
    this.at[i] = at;
    this.fire[i] = fire;
    this.arg[i] = arg;
    return seq;
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const mask = cap - 1;
    const at = new Float64Array(cap);
    const fire = new Array<Fire | undefined>(cap).fill(undefined);
    const arg = new Array<unknown>(cap).fill(undefined);
    for (let s = this.head; s < this.tail; s++) {
      const from = s & this.mask;
      const to = s & mask;
      at[to] = this.at[from]!;
      fire[to] = this.fire[from];
      arg[to] = this.arg[from];
    }
    this.at = at;
    this.fire = fire;
    this.arg = arg;
    this.mask = mask;
  }
}

export class TimerQueue {
  private readonly rings: Ring[] = [];
  private readonly ringByDelay = new Map<number, number>();
  private readonly now: () => number;
  private readonly interval: NodeJS.Timeout;
  private live = 0;
  private lastDelay = -1;
  private lastRing = 0;
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

  /**
   * Runs `fire(arg)` once, `delayMs` from now (rounded up to the next tick). Pass a long-lived
   * function and the per-timer state as `arg`: no closure per timer.
   */
  schedule<T>(delayMs: number, fire: (arg: T) => void, arg?: T): TimerHandle {
    let r = delayMs === this.lastDelay ? this.lastRing : this.ringByDelay.get(delayMs);
    if (r === undefined) {
      if (this.rings.length >= MAX_RINGS) throw new Error(`more than ${MAX_RINGS} distinct timer durations`);
      r = this.rings.length;
      this.rings.push(new Ring());
      this.ringByDelay.set(delayMs, r);
    }
    this.lastDelay = delayMs;
    this.lastRing = r;
    this.live++;
    return this.rings[r]!.push(this.now() + delayMs, fire, arg) * MAX_RINGS + r;
  }

  /** Cancels a pending timer; a timer that already fired or was cancelled is ignored. */
  cancel(handle: TimerHandle): void {
    const r = handle % MAX_RINGS;
    const ring = this.rings[r];
    if (!ring) return;
    const seq = (handle - r) / MAX_RINGS;
    if (seq < ring.head || seq >= ring.tail) return;
    const i = seq & ring.mask;
    if (ring.fire[i] === undefined) return;
    ring.fire[i] = undefined;
    ring.arg[i] = undefined;
    this.live--;
  }

  /** Number of pending timers. */
  get size(): number {
    return this.live;
  }

  /** Fires every due timer; called by the interval and directly by tests. */
  run(): void {
    const t = this.now();
    for (const ring of this.rings) {
      while (ring.head < ring.tail) {
        const i = ring.head & ring.mask;
        if (ring.at[i]! > t) break;
        const fire = ring.fire[i];
        const arg = ring.arg[i];
        ring.fire[i] = undefined;
        ring.arg[i] = undefined;
        ring.head++;
        if (fire === undefined) continue; // cancelled
        this.live--;
        try {
          fire(arg);
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
