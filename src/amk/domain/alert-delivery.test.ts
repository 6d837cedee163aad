import { describe, expect, it } from 'vitest';
import { afterAttempt, DEFAULT_RETRY, isTransient } from './alert-delivery.ts';

describe('alert delivery policy (AMK-3, NN-6)', () => {
  const base = { createdMs: 0, nowMs: 0 };

  it('a delivered alert is done', () => {
    expect(afterAttempt({ ...base, outcome: 'delivered', attempts: 1 })).toEqual({
      state: 'delivered',
      nextAttemptMs: null,
    });
  });

  it('no address, an unknown terminal and a group without a terminal give up at once: the operator must telephone', () => {
    for (const outcome of ['no-address', 'unknown-terminal', 'no-terminal'] as const) {
      expect(isTransient(outcome)).toBe(false);
      expect(afterAttempt({ ...base, outcome, attempts: 1 })).toEqual({
        state: 'failed',
        nextAttemptMs: null,
      });
    }
  });

  it('an unreachable network or terminal is retried with a doubling pause, capped', () => {
    const pauses = [1, 2, 3, 4, 5, 6, 7].map(
      (attempts) => afterAttempt({ ...base, outcome: 'network-unavailable', attempts }).nextAttemptMs,
    );
    expect(pauses).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
    expect(afterAttempt({ ...base, outcome: 'out-of-coverage', attempts: 1 }).state).toBe('pending');
    expect(afterAttempt({ ...base, outcome: 'no-channel', attempts: 1 }).state).toBe('pending');
  });

  it('gives up when the next attempt would come after the give-up time', () => {
    const nearEnd = DEFAULT_RETRY.giveUpAfterMs - 30_000;
    expect(afterAttempt({ createdMs: 0, nowMs: nearEnd, outcome: 'out-of-coverage', attempts: 10 })).toEqual({
      state: 'failed',
      nextAttemptMs: null,
    });
    expect(afterAttempt({ createdMs: 0, nowMs: nearEnd, outcome: 'out-of-coverage', attempts: 1 })).toEqual({
      state: 'pending',
      nextAttemptMs: nearEnd + 5_000,
    });
  });
});
