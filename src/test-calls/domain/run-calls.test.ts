/**
 * The test-call runner's core (RT-8) on a simulated clock: bounded concurrency, a timeout per call
 * that aborts it, a call that never settles given up, a resumed run skipping calls already
 * recorded, a stop that records nothing half-done, a store failure stopping the run.
 */
import { describe, expect, it } from 'vitest';
import { SimClock } from '../../platform/time/clock.ts';
import type { PlannedCall } from './plan.ts';
import { runCalls, type RunCallsPorts } from './run-calls.ts';

const calls = (n: number): PlannedCall[] =>
  Array.from({ length: n }, (_, i) => ({
    key: `direct:lv-${i}`,
    kind: 'direct' as const,
    centreId: `lv-${i}`,
    municipality: null,
    target: `2300000${i}`,
    callingNumber: '11611700',
  }));

type R = { key: string; outcome: string };

function harness(clock: SimClock, behaviour: (c: PlannedCall, signal: AbortSignal) => Promise<R>) {
  const recorded: R[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const ports: RunCallsPorts<R> = {
    place: async (c, signal) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await behaviour(c, signal);
      } finally {
        inFlight--;
      }
    },
    failed: (c, reason) => ({ key: c.key, outcome: `failed:${reason}` }),
    record: async (_c, r) => void recorded.push(r),
    timers: clock,
  };
  return { ports, recorded, maxInFlight: () => maxInFlight };
}

/** A call answered after `ms` on the clock, or aborted. */
const answerAfter = (clock: SimClock, ms: number) => (c: PlannedCall, signal: AbortSignal) =>
  new Promise<R>((resolve) => {
    const t = clock.setTimeout(() => resolve({ key: c.key, outcome: 'answered' }), ms);
    signal.addEventListener('abort', () => {
      t.cancel();
      resolve({ key: c.key, outcome: 'cancelled' });
    });
  });

async function drive<T>(clock: SimClock, p: Promise<T>, stepMs = 100, maxSteps = 1000): Promise<T> {
  let done = false;
  void p.finally(() => (done = true)).catch(() => {});
  for (let i = 0; i < maxSteps && !done; i++) await clock.advanceAsync(stepMs);
  return p;
}

describe('runCalls (RT-8)', () => {
  it('places every call with at most `concurrency` at once and records each', async () => {
    const clock = new SimClock({ start: 0 });
    const h = harness(clock, answerAfter(clock, 300));
    const out = await drive(clock, runCalls(calls(10), h.ports, { concurrency: 3, callTimeoutMs: 1_000 }));
    expect(out).toEqual({ placed: 10, skipped: 0, stopped: false });
    expect(h.recorded.map((r) => r.outcome)).toEqual(Array(10).fill('answered'));
    expect(h.maxInFlight()).toBe(3);
  });

  it('aborts a call at its timeout (the placer cancels it) and goes on', async () => {
    const clock = new SimClock({ start: 0 });
    const h = harness(clock, (c, s) => answerAfter(clock, c.key === 'direct:lv-1' ? 60_000 : 100)(c, s));
    await drive(clock, runCalls(calls(3), h.ports, { concurrency: 1, callTimeoutMs: 1_000 }));
    expect(h.recorded.map((r) => `${r.key}=${r.outcome}`)).toEqual([
      'direct:lv-0=answered',
      'direct:lv-1=cancelled',
      'direct:lv-2=answered',
    ]);
  });

  it('gives up a call that does not settle after its abort: it never holds the run', async () => {
    const clock = new SimClock({ start: 0 });
    const h = harness(clock, (c, s) =>
      c.key === 'direct:lv-0' ? new Promise<R>(() => {}) : answerAfter(clock, 10)(c, s),
    );
    const out = await drive(
      clock,
      runCalls(calls(2), h.ports, { concurrency: 1, callTimeoutMs: 1_000, settleMs: 500 }),
    );
    expect(out.placed).toBe(2);
    expect(h.recorded[0]).toEqual({ key: 'direct:lv-0', outcome: 'failed:timeout' });
  });

  it('a placer that throws is recorded as a failed call, not a crashed run', async () => {
    const clock = new SimClock({ start: 0 });
    const h = harness(clock, async (c) => {
      if (c.key === 'direct:lv-0') throw new Error('socket gone');
      return { key: c.key, outcome: 'answered' };
    });
    await drive(clock, runCalls(calls(2), h.ports, { concurrency: 2, callTimeoutMs: 1_000 }));
    expect(h.recorded.map((r) => r.outcome).sort()).toEqual(['answered', 'failed:error']);
  });

  it('a resumed run places only the calls without a result', async () => {
    const clock = new SimClock({ start: 0 });
    const h = harness(clock, answerAfter(clock, 10));
    const out = await drive(
      clock,
      runCalls(calls(4), h.ports, {
        concurrency: 2,
        callTimeoutMs: 1_000,
        done: new Set(['direct:lv-0', 'direct:lv-2']),
      }),
    );
    expect(out).toEqual({ placed: 2, skipped: 2, stopped: false });
    expect(h.recorded.map((r) => r.key).sort()).toEqual(['direct:lv-1', 'direct:lv-3']);
  });

  it('a stop records nothing half-done and says the run stopped', async () => {
    const clock = new SimClock({ start: 0 });
    const stop = new AbortController();
    const h = harness(clock, answerAfter(clock, 500));
    const p = runCalls(calls(6), h.ports, { concurrency: 2, callTimeoutMs: 10_000, signal: stop.signal });
    await clock.advanceAsync(600); // two calls done, two in progress
    stop.abort();
    const out = await drive(clock, p);
    expect(out.stopped).toBe(true);
    expect(h.recorded.map((r) => r.outcome)).toEqual(['answered', 'answered']);
  });

  it('a store that fails stops the run with its error', async () => {
    const clock = new SimClock({ start: 0 });
    const h = harness(clock, answerAfter(clock, 10));
    h.ports.record = async () => {
      throw new Error('database down');
    };
    await expect(
      drive(clock, runCalls(calls(3), h.ports, { concurrency: 1, callTimeoutMs: 1_000 })),
    ).rejects.toThrow('database down');
  });
});
