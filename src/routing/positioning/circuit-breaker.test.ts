import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type BreakerState, type CircuitBreakerOptions } from './circuit-breaker.ts';

function buildBreaker(overrides: Partial<CircuitBreakerOptions> = {}) {
  const clock = { t: 0 };
  const changes: string[] = [];
  const breaker = createCircuitBreaker({
    consecutiveFailures: 3,
    failureRateThreshold: 0.5,
    windowMs: 10_000,
    minRequestsInWindow: 10,
    coolDownMs: 1_000,
    now: () => clock.t,
    onStateChange: (from: BreakerState, to: BreakerState) => changes.push(`${from}->${to}`),
    ...overrides,
  });
  const fail = (n = 1) => {
    for (let i = 0; i < n; i++) breaker.tryAcquire()?.failure();
  };
  const succeed = (n = 1) => {
    for (let i = 0; i < n; i++) breaker.tryAcquire()?.success();
  };
  return { breaker, clock, changes, fail, succeed };
}

describe('circuit breaker per operator (RT-3)', () => {
  it('RT-3: opens after N consecutive failures and then fails fast', () => {
    const { breaker, fail, changes } = buildBreaker();
    fail(2);
    expect(breaker.state()).toBe('closed');
    fail(1);
    expect(breaker.state()).toBe('open');
    expect(breaker.tryAcquire()).toBeNull();
    expect(changes).toEqual(['closed->open']);
  });

  it('RT-3: a success resets the consecutive count', () => {
    const { breaker, fail, succeed } = buildBreaker();
    fail(2);
    succeed();
    fail(2);
    expect(breaker.state()).toBe('closed');
  });

  it('RT-3: opens when the failure rate over the rolling window reaches the threshold', () => {
    const { breaker, fail, succeed } = buildBreaker({ consecutiveFailures: 100 });
    for (let i = 0; i < 4; i++) {
      succeed();
      fail();
    }
    expect(breaker.state()).toBe('closed'); // 8 outcomes < minRequestsInWindow
    succeed();
    fail();
    expect(breaker.state()).toBe('open'); // 10 outcomes, 50 % failed
  });

  it('RT-3: failures that slid out of the window no longer count', () => {
    const { breaker, clock, fail, succeed } = buildBreaker({ consecutiveFailures: 100 });
    for (let i = 0; i < 4; i++) {
      succeed();
      fail();
    }
    clock.t += 11_000;
    succeed(8);
    fail(2);
    expect(breaker.state()).toBe('closed'); // 2 of 10 in the window
  });

  it('RT-3: half-opens after the cool-down, allows exactly one trial, closes on its success', () => {
    const { breaker, clock, fail, changes } = buildBreaker();
    fail(3);
    clock.t += 999;
    expect(breaker.state()).toBe('open');
    clock.t += 1;
    expect(breaker.state()).toBe('half-open');
    const trial = breaker.tryAcquire();
    expect(trial).not.toBeNull();
    expect(breaker.tryAcquire()).toBeNull();
    trial?.success();
    expect(breaker.state()).toBe('closed');
    expect(changes).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
    fail(2);
    expect(breaker.state()).toBe('closed'); // counters were reset on closing
  });

  it('RT-3: a failed trial re-opens for a new cool-down', () => {
    const { breaker, clock, fail } = buildBreaker();
    fail(3);
    clock.t += 1_000;
    breaker.tryAcquire()?.failure();
    expect(breaker.state()).toBe('open');
    clock.t += 500;
    expect(breaker.tryAcquire()).toBeNull();
    clock.t += 500;
    expect(breaker.state()).toBe('half-open');
  });

  it('RT-3: a cancelled trial frees the slot for another trial', () => {
    const { breaker, clock, fail } = buildBreaker();
    fail(3);
    clock.t += 1_000;
    breaker.tryAcquire()?.cancel();
    expect(breaker.state()).toBe('half-open');
    expect(breaker.tryAcquire()).not.toBeNull();
  });

  it('RT-3: only the first outcome of a permit counts; late outcomes of pre-open requests are ignored', () => {
    const { breaker, fail } = buildBreaker();
    const early = breaker.tryAcquire();
    fail(3);
    early?.success();
    expect(breaker.state()).toBe('open');
    const { breaker: other } = buildBreaker();
    const permit = other.tryAcquire();
    permit?.failure();
    permit?.failure();
    permit?.failure();
    expect(other.state()).toBe('closed');
  });

  it('rejects nonsensical thresholds', () => {
    expect(() => createCircuitBreaker({ consecutiveFailures: 0 })).toThrow(/consecutiveFailures/);
    expect(() => createCircuitBreaker({ failureRateThreshold: 1.5 })).toThrow(/failureRateThreshold/);
    expect(() => createCircuitBreaker({ coolDownMs: -1 })).toThrow(/coolDownMs/);
  });
});
