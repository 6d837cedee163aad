import { afterEach, describe, expect, it } from 'vitest';
import type { Clock, Timer, Timers } from './clock.ts';
import { SimClock, systemClock } from './clock.ts';

const START = Date.UTC(2026, 0, 7, 9, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Polls until `check` holds (real time, generous: the VM is shared). */
async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The Clock + Timers contract, run against every implementation. */
function contract(name: string, make: () => { clock: Clock & Timers; step: (ms: number) => Promise<void> }) {
  describe(`${name}: Clock and Timers contract`, () => {
    it('tells wall-clock time as a Date and as ms, and a monotonic time that does not go backwards', async () => {
      const { clock, step } = make();
      const a = clock.monotonicMs();
      const wall = clock.nowMs();
      expect(Math.abs(clock.now().getTime() - wall)).toBeLessThan(1000);
      await step(20);
      expect(clock.monotonicMs()).toBeGreaterThanOrEqual(a);
      expect(clock.nowMs()).toBeGreaterThanOrEqual(wall);
    });

    it('fires a timeout once, in order with others, and not when cancelled', async () => {
      const { clock, step } = make();
      const fired: string[] = [];
      clock.setTimeout(() => fired.push('b'), 30);
      clock.setTimeout(() => fired.push('a'), 10);
      clock.setTimeout(() => fired.push('never'), 20).cancel();
      await step(60);
      expect(fired).toEqual(['a', 'b']);
      await step(60);
      expect(fired).toEqual(['a', 'b']);
    });

    it('repeats an interval until it is cancelled', async () => {
      const { clock, step } = make();
      let n = 0;
      const t: Timer = clock.setInterval(() => {
        if (++n === 3) t.cancel();
      }, 10);
      await step(200);
      expect(n).toBe(3);
      expect(t.unref()).toBeDefined();
    });
  });
}

contract('systemClock', () => ({
  clock: systemClock,
  step: (ms) => new Promise((r) => setTimeout(r, ms * 10)),
}));

contract('SimClock (stopped)', () => {
  const clock = new SimClock({ start: START });
  return { clock, step: (ms) => clock.advanceAsync(ms) };
});

describe('SimClock', () => {
  const clocks: SimClock[] = [];
  afterEach(() => {
    for (const c of clocks.splice(0)) c.dispose();
  });
  function sim(opts: Partial<ConstructorParameters<typeof SimClock>[0]> = {}): SimClock {
    const c = new SimClock({ start: START, ...opts });
    clocks.push(c);
    return c;
  }

  it('stands still until advanced, then shows each timer its own due time', () => {
    const clock = sim();
    expect(clock.now().toISOString()).toBe('2026-01-07T09:00:00.000Z');
    expect(clock.monotonicMs()).toBe(0);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.nowMs() - START), 5 * 60_000);
    clock.setInterval(() => seen.push(clock.nowMs() - START), HOUR);
    clock.advance(3 * HOUR + 1);
    expect(seen).toEqual([5 * 60_000, HOUR, 2 * HOUR, 3 * HOUR]);
    expect(clock.nowMs()).toBe(START + 3 * HOUR + 1);
    expect(clock.monotonicMs()).toBe(3 * HOUR + 1);
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.nextTimerAt()).toBe(4 * HOUR);
  });

  it('fires timers due at the same instant first-in first-out, including ones scheduled while firing', () => {
    const clock = sim();
    const order: string[] = [];
    clock.setTimeout(() => {
      order.push('a');
      clock.setTimeout(() => order.push('a+0'), 0);
      clock.setTimeout(() => order.push('a+10 (beyond the span)'), 10);
    }, 100);
    clock.setTimeout(() => order.push('b'), 100);
    clock.advance(105);
    expect(order).toEqual(['a', 'b', 'a+0']);
    clock.advance(5);
    expect(order).toEqual(['a', 'b', 'a+0', 'a+10 (beyond the span)']);
  });

  it('runs a simulated day of minute-by-minute work deterministically', () => {
    const run = () => {
      const clock = sim({ start: Date.UTC(2026, 2, 28, 23) });
      const hours = new Set<number>();
      let ticks = 0;
      clock.setInterval(() => {
        ticks++;
        hours.add(new Date(clock.nowMs()).getUTCHours());
      }, 60_000);
      clock.advance(DAY);
      return { ticks, hours: hours.size, end: clock.now().toISOString() };
    };
    expect(run()).toEqual({ ticks: 1440, hours: 24, end: '2026-03-29T23:00:00.000Z' });
    expect(run()).toEqual(run());
  });

  it('steps the wall clock with set (even backwards) without moving timers or the monotonic clock', () => {
    const clock = sim();
    let fired = 0;
    clock.setTimeout(() => fired++, HOUR);
    clock.set(new Date('2026-01-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(clock.monotonicMs()).toBe(0);
    clock.set(START + 10 * DAY);
    expect(fired).toBe(0);
    clock.advance(HOUR);
    expect(fired).toBe(1);
    expect(clock.nowMs()).toBe(START + 10 * DAY + HOUR);
  });

  it('advanceAsync lets promise chains started by a timer settle before the next timer', async () => {
    const clock = sim();
    const log: string[] = [];
    clock.setTimeout(() => {
      void Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => log.push('first settled'));
    }, 10);
    clock.setTimeout(() => log.push('second'), 20);
    await clock.advanceAsync(30);
    expect(log).toEqual(['first settled', 'second']);
  });

  it('leaves the clock at a throwing timer’s due time with later timers pending', () => {
    const clock = sim();
    let later = 0;
    clock.setTimeout(() => {
      throw new Error('boom');
    }, 10);
    clock.setTimeout(() => later++, 20);
    expect(() => clock.advance(100)).toThrow('boom');
    expect(clock.monotonicMs()).toBe(10);
    expect(later).toBe(0);
    clock.advance(90);
    expect(later).toBe(1);
    expect(clock.monotonicMs()).toBe(100);
  });

  it('refuses bad input and stops a timer that reschedules itself at 0 ms forever', () => {
    const clock = sim({ maxTimersPerAdvance: 1000 });
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => sim({ speed: -1 })).toThrow(RangeError);
    expect(() => sim({ start: Number.NaN })).toThrow(RangeError);
    const again = () => void clock.setTimeout(again, 0);
    again();
    expect(() => clock.advance(1)).toThrow(/reschedule itself/);
  });

  it('runs faster than the real clock when given a speed (driven here by a stopped SimClock as the real clock)', () => {
    const real = sim();
    const clock = sim({ speed: 8640, real }); // a day in 10 s
    const seen: number[] = [];
    clock.setInterval(() => seen.push(clock.monotonicMs()), HOUR);
    real.advance(1000);
    expect(clock.monotonicMs()).toBeCloseTo(8_640_000, 3);
    expect(seen).toEqual([HOUR, 2 * HOUR]);
    real.advance(9000);
    expect(seen).toHaveLength(24);
    expect(clock.nowMs()).toBeCloseTo(START + DAY, 3);
    clock.setSpeed(0);
    real.advance(10_000);
    expect(clock.nowMs()).toBeCloseTo(START + DAY, 3);
    expect(seen).toHaveLength(24);
    clock.advance(HOUR);
    expect(seen).toHaveLength(25);
    expect(clock.getSpeed()).toBe(0);
  });

  it('runs a simulated day on the system clock at speed, and dispose stops it', async () => {
    const clock = sim({ speed: 864_000 }); // a day in 0.1 s of real time
    let ticks = 0;
    clock.setInterval(() => ticks++, HOUR);
    await until(() => ticks >= 24);
    expect(clock.nowMs() - START).toBeGreaterThanOrEqual(DAY);
    clock.dispose();
    const after = ticks;
    await new Promise((r) => setTimeout(r, 30));
    expect(ticks).toBe(after);
    expect(clock.pendingTimers()).toBe(0);
    expect(() => clock.setTimeout(() => {}, 1)).toThrow(/disposed/);
  });
});
