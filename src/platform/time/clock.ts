/**
 * Time as a dependency. Code that needs the time or a timer takes a `Clock` (and `Timers`) instead of
 * calling `Date.now()` or `setTimeout` itself, so that a test can step time deterministically and a
 * simulator can run a day of traffic in seconds on the same code (`SimClock`). Domain rules never
 * take a clock at all: they take the instant (see `calendar.ts`).
 *
 * Two timelines, as on a real machine: the wall clock (`now`, `nowMs`) may be stepped (NTP, an
 * operator, `SimClock.set`) and may even go backwards; the monotonic clock (`monotonicMs`) never
 * does and is what durations, deadlines and timers are measured on.
 */

export interface Clock {
  /** Wall-clock time. */
  now(): Date;
  /** Wall-clock time in milliseconds since the epoch (no allocation). */
  nowMs(): number;
  /** Milliseconds on a clock that never goes backwards (arbitrary origin): for durations and deadlines. */
  monotonicMs(): number;
}

/** A pending timer. */
export interface Timer {
  /** Stops the timer; a no-op once it has fired (timeouts) or been cancelled. */
  cancel(): void;
  /** Lets the process exit while the timer is pending (system timers; a no-op in simulated time). */
  unref(): Timer;
}

/** Timers on a clock's monotonic timeline. */
export interface Timers {
  /** Calls `fn` once, `ms` (≥ 0) milliseconds from now. */
  setTimeout(fn: () => void, ms: number): Timer;
  /** Calls `fn` every `ms` (≥ 1) milliseconds until cancelled. */
  setInterval(fn: () => void, ms: number): Timer;
}

function systemTimer(handle: NodeJS.Timeout, clear: (h: NodeJS.Timeout) => void): Timer {
  const timer: Timer = {
    cancel: () => clear(handle),
    unref: () => {
      handle.unref();
      return timer;
    },
  };
  return timer;
}

/** The machine's clocks and Node's timers. */
export const systemClock: Clock & Timers = {
  now: () => new Date(),
  nowMs: () => Date.now(),
  monotonicMs: () => performance.now(),
  setTimeout: (fn, ms) => systemTimer(setTimeout(fn, ms), clearTimeout),
  setInterval: (fn, ms) => systemTimer(setInterval(fn, ms), clearInterval),
};

export interface SimClockOptions {
  /** Wall-clock time at which the simulation starts. */
  start: Date | number;
  /**
   * Simulated milliseconds per real millisecond: 0 (the default) stands still and moves only with
   * `advance`, for tests; 8640 runs a day in ten seconds, for a simulator. Change it with `setSpeed`.
   */
  speed?: number;
  /** The real clock that drives a running simulation (default `systemClock`; tests may pass another `SimClock`). */
  real?: Clock & Timers;
  /**
   * Most timers one `advance` may fire before it gives up with an error: a guard against a timer
   * that keeps rescheduling itself at 0 ms, which would otherwise never let time move on.
   */
  maxTimersPerAdvance?: number;
}

interface SimTimer {
  /** Monotonic due time. */
  due: number;
  /** Order of creation: timers due at the same instant fire first-in first-out. */
  seq: number;
  fn: () => void;
  /** Repeat period for intervals, 0 for timeouts. */
  every: number;
  cancelled: boolean;
}

function before(a: SimTimer, b: SimTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

/** A binary min-heap of timers ordered by (due, seq); cancelled ones are dropped when they surface. */
class TimerHeap {
  private readonly items: SimTimer[] = [];

  get size(): number {
    return this.items.length;
  }

  push(t: SimTimer): void {
    const a = this.items;
    a.push(t);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  /** The earliest live timer, without removing it (drops cancelled ones on the way). */
  peek(): SimTimer | undefined {
    while (this.items.length > 0 && this.items[0]!.cancelled) this.pop();
    return this.items[0];
  }

  pop(): SimTimer | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * A simulated clock with timers that fire in simulated time.
 *
 * - Stopped (speed 0, the default): time moves only when `advance` is called, which fires every
 *   timer that falls due on the way in order, with the clock showing each timer's due time while
 *   it runs: deterministic, for tests.
 * - Running (speed > 0): simulated time runs `speed` times faster than the real clock; one real
 *   timer wakes the simulation for the next simulated timer. `advance` still jumps ahead.
 *
 * `set` steps the wall clock only, as NTP or an operator would: timers and `monotonicMs` are not
 * affected, so code can be tested against a wall clock that jumps (even backwards).
 * Call `dispose` when done with a running clock, or its real timer keeps the process alive.
 */
export class SimClock implements Clock, Timers {
  private readonly real: Clock & Timers;
  private readonly maxTimersPerAdvance: number;
  private readonly heap = new TimerHeap();
  private seq = 0;
  private live = 0;
  private speed: number;
  /** Simulated monotonic time at the anchor, and the real monotonic time of the anchor. */
  private monoAtAnchor = 0;
  private realAtAnchor: number;
  /** Wall clock minus monotonic clock: changed only by `set`. */
  private wallOffset: number;
  /** Monotonic time pinned while `advance` fires timers (null when time flows from the anchor). */
  private pinned: number | null = null;
  private wake: Timer | null = null;
  private wakeAt = Infinity;
  private disposed = false;

  constructor(opts: SimClockOptions) {
    this.real = opts.real ?? systemClock;
    this.maxTimersPerAdvance = opts.maxTimersPerAdvance ?? 1_000_000;
    this.speed = checkSpeed(opts.speed ?? 0);
    this.realAtAnchor = this.real.monotonicMs();
    this.wallOffset = toMs(opts.start);
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.monotonicMs() + this.wallOffset;
  }

  monotonicMs(): number {
    if (this.pinned !== null) return this.pinned;
    if (this.speed === 0) return this.monoAtAnchor;
    return this.monoAtAnchor + (this.real.monotonicMs() - this.realAtAnchor) * this.speed;
  }

  /** Simulated milliseconds per real millisecond (0 = stopped). */
  getSpeed(): number {
    return this.speed;
  }

  /** Changes the speed from now on (0 stops time; timers then wait for `advance`). */
  setSpeed(speed: number): void {
    this.reanchor(this.monotonicMs());
    this.speed = checkSpeed(speed);
    this.schedule();
  }

  /** Steps the wall clock to `at`; timers and the monotonic clock do not move. */
  set(at: Date | number): void {
    this.wallOffset = toMs(at) - this.monotonicMs();
  }

  /**
   * Moves time forward by `ms`, firing every timer due on the way (and any they schedule within
   * the span) in order; time stands still while a timer runs. An exception from a timer propagates
   * with the clock left at that timer's due time; the timers after it stay pending.
   */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`advance needs a finite ms ≥ 0, got ${ms}`);
    const start = this.monotonicMs();
    const target = start + ms;
    // Where time stands: a timer due in the past (a late wake-up) runs at `start`, never earlier.
    let reached = start;
    let fired = 0;
    try {
      for (let t = this.heap.peek(); t !== undefined && t.due <= target; t = this.heap.peek()) {
        if (++fired > this.maxTimersPerAdvance) {
          throw new Error(
            `SimClock.advance fired more than ${this.maxTimersPerAdvance} timers: does one reschedule itself at 0 ms?`,
          );
        }
        reached = Math.max(t.due, reached);
        this.pinned = reached;
        this.fire(t);
      }
      reached = target;
    } finally {
      this.pinned = null;
      this.reanchor(reached);
      this.schedule();
    }
  }

  /**
   * Like `advance`, but lets the event loop run after each timer (and once at the end), so that
   * promise chains started by a timer settle before the next one fires. For testing async code.
   */
  async advanceAsync(ms: number): Promise<void> {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`advance needs a finite ms ≥ 0, got ${ms}`);
    const target = this.monotonicMs() + ms;
    for (let t = this.heap.peek(); t !== undefined && t.due <= target; t = this.heap.peek()) {
      this.advance(Math.max(0, t.due - this.monotonicMs()));
      await settle();
    }
    this.advance(Math.max(0, target - this.monotonicMs()));
    await settle();
  }

  /** How many timers are pending. */
  pendingTimers(): number {
    return this.live;
  }

  /** Monotonic due time of the next pending timer, or undefined. */
  nextTimerAt(): number | undefined {
    return this.heap.peek()?.due;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    return this.add(fn, Number.isFinite(ms) && ms > 0 ? ms : 0, 0);
  }

  setInterval(fn: () => void, ms: number): Timer {
    const every = Number.isFinite(ms) && ms >= 1 ? ms : 1;
    return this.add(fn, every, every);
  }

  /** Cancels every pending timer and the real wake-up timer; the clock still tells the time. */
  dispose(): void {
    this.disposed = true;
    for (let t = this.heap.pop(); t !== undefined; t = this.heap.pop()) t.cancelled = true;
    this.live = 0;
    this.wake?.cancel();
    this.wake = null;
  }

  private add(fn: () => void, delay: number, every: number): Timer {
    if (this.disposed) throw new Error('SimClock is disposed');
    const t: SimTimer = { due: this.monotonicMs() + delay, seq: this.seq++, fn, every, cancelled: false };
    this.heap.push(t);
    this.live++;
    this.schedule();
    const timer: Timer = {
      cancel: () => {
        if (t.cancelled) return;
        t.cancelled = true;
        this.live--;
      },
      unref: () => timer,
    };
    return timer;
  }

  private fire(t: SimTimer): void {
    this.heap.pop();
    if (t.every > 0) {
      t.due += t.every;
      t.seq = this.seq++;
      this.heap.push(t);
    } else {
      t.cancelled = true;
      this.live--;
    }
    t.fn();
  }

  private reanchor(mono: number): void {
    this.monoAtAnchor = mono;
    this.realAtAnchor = this.real.monotonicMs();
  }

  /** Running: (re)arms one real timer for the next simulated one. */
  private schedule(): void {
    if (this.speed === 0 || this.disposed || this.pinned !== null) {
      if (this.speed === 0) this.disarm();
      return;
    }
    const next = this.heap.peek();
    if (next === undefined) return this.disarm();
    if (this.wake !== null && this.wakeAt === next.due) return;
    this.disarm();
    const due = next.due;
    this.wakeAt = due;
    const realDelay = Math.max(0, (due - this.monotonicMs()) / this.speed);
    this.wake = this.real.setTimeout(() => {
      this.wake = null;
      this.wakeAt = Infinity;
      // Fire what is due. A late real timer catches up, in order; an early one (coarse real
      // timers, rounding in the speed-up) counts as on time rather than waking again and again.
      this.advance(Math.max(0, due - this.monotonicMs()));
    }, realDelay);
  }

  private disarm(): void {
    this.wake?.cancel();
    this.wake = null;
    this.wakeAt = Infinity;
  }
}

function toMs(at: Date | number): number {
  const ms = typeof at === 'number' ? at : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('SimClock needs a valid time');
  return ms;
}

function checkSpeed(speed: number): number {
  if (!(speed >= 0) || !Number.isFinite(speed))
    throw new RangeError(`SimClock speed must be finite and ≥ 0, got ${speed}`);
  return speed;
}

/** One turn of the event loop: pending promise reactions and I/O callbacks run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
