/**
 * Circuit breaker for one operator's location service (RT-3).
 *
 * Why: a location service that is down or hanging must not cost every mobile call the full
 * positioning deadline. After repeated failures we stop asking it for a cool-down period, then
 * let exactly one trial request through before trusting it again.
 *
 * closed ──(N consecutive failures, or failure rate ≥ threshold over the rolling window)──▶ open
 * open ──(cool-down elapsed)──▶ half-open ──(trial succeeds)──▶ closed
 *                                        └─(trial fails)────▶ open (new cool-down)
 *
 * No timers: state is evaluated lazily against an injectable clock, so tests drive time.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. Default 5. */
  consecutiveFailures?: number;
  /** Failure rate (0–1] over the rolling window that opens the breaker. Default 0.5. */
  failureRateThreshold?: number;
  /** Length of the rolling window in ms. Default 30 000. */
  windowMs?: number;
  /** Minimum outcomes in the window before the failure rate is judged. Default 20. */
  minRequestsInWindow?: number;
  /** How long the breaker stays open before a trial request. Default 5 000 ms. */
  coolDownMs?: number;
  /** Monotonic clock in ms. Default `performance.now`. */
  now?: () => number;
  /** Called on every state change (for logs and metrics). */
  onStateChange?: (from: BreakerState, to: BreakerState) => void;
}

/** Permission to send one request. Report exactly one outcome; later calls are ignored. */
export interface BreakerPermit {
  success(): void;
  failure(): void;
  /** The request was abandoned without an outcome (e.g. another operator answered first). */
  cancel(): void;
}

export interface CircuitBreaker {
  state(): BreakerState;
  /** A permit if a request may be sent now, or null to fail fast. */
  tryAcquire(): BreakerPermit | null;
}

export const DEFAULT_BREAKER_OPTIONS = {
  consecutiveFailures: 5,
  failureRateThreshold: 0.5,
  windowMs: 30_000,
  minRequestsInWindow: 20,
  coolDownMs: 5_000,
} as const;

/** Ten buckets per window keep memory constant whatever the request rate. */
const BUCKETS = 10;

interface Bucket {
  index: number;
  total: number;
  failures: number;
}

function positiveInt(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 1)
    throw new RangeError(`circuit breaker: ${name} must be ≥ 1, got ${value}`);
  return Math.floor(value);
}

/** Creates a breaker; throws RangeError on nonsensical thresholds (configuration errors fail fast). */
export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const consecutiveLimit = positiveInt(
    'consecutiveFailures',
    options.consecutiveFailures ?? DEFAULT_BREAKER_OPTIONS.consecutiveFailures,
  );
  const rateThreshold = options.failureRateThreshold ?? DEFAULT_BREAKER_OPTIONS.failureRateThreshold;
  if (!(rateThreshold > 0 && rateThreshold <= 1)) {
    throw new RangeError(`circuit breaker: failureRateThreshold must be in (0, 1], got ${rateThreshold}`);
  }
  const windowMs = positiveInt('windowMs', options.windowMs ?? DEFAULT_BREAKER_OPTIONS.windowMs);
  const minRequests = positiveInt(
    'minRequestsInWindow',
    options.minRequestsInWindow ?? DEFAULT_BREAKER_OPTIONS.minRequestsInWindow,
  );
  const coolDownMs = options.coolDownMs ?? DEFAULT_BREAKER_OPTIONS.coolDownMs;
  if (!Number.isFinite(coolDownMs) || coolDownMs < 0)
    throw new RangeError(`circuit breaker: coolDownMs must be ≥ 0, got ${coolDownMs}`);
  const now = options.now ?? (() => performance.now());
  const bucketMs = windowMs / BUCKETS;

  let current: BreakerState = 'closed';
  let openedAt = 0;
  let consecutive = 0;
  let trialInFlight = false;
  let buckets: Bucket[] = [];

  function transition(to: BreakerState): void {
    if (to === current) return;
    const from = current;
    current = to;
    if (to === 'open') openedAt = now();
    if (to !== 'half-open') trialInFlight = false;
    if (to === 'closed') {
      consecutive = 0;
      buckets = [];
    }
    options.onStateChange?.(from, to);
  }

  function evaluate(): BreakerState {
    if (current === 'open' && now() - openedAt >= coolDownMs) transition('half-open');
    return current;
  }

  function record(failed: boolean): void {
    const index = Math.floor(now() / bucketMs);
    buckets = buckets.filter((b) => b.index > index - BUCKETS);
    let bucket = buckets.find((b) => b.index === index);
    if (!bucket) {
      bucket = { index, total: 0, failures: 0 };
      buckets.push(bucket);
    }
    bucket.total += 1;
    if (failed) bucket.failures += 1;
    consecutive = failed ? consecutive + 1 : 0;
  }

  function windowRateExceeded(): boolean {
    let total = 0;
    let failures = 0;
    for (const b of buckets) {
      total += b.total;
      failures += b.failures;
    }
    return total >= minRequests && failures / total >= rateThreshold;
  }

  function permit(trial: boolean): BreakerPermit {
    let done = false;
    const settle = (outcome: 'success' | 'failure' | 'cancel'): void => {
      if (done) return;
      done = true;
      if (trial) {
        trialInFlight = false;
        // A trial that was overtaken by a newer state (cannot normally happen) decides nothing.
        if (current !== 'half-open') return;
        if (outcome === 'success') transition('closed');
        else if (outcome === 'failure') transition('open');
        return;
      }
      if (outcome === 'cancel') return;
      // Outcomes of requests sent before the breaker opened do not re-open or close it.
      if (current !== 'closed') return;
      record(outcome === 'failure');
      if (outcome === 'failure' && (consecutive >= consecutiveLimit || windowRateExceeded()))
        transition('open');
    };
    return {
      success: () => settle('success'),
      failure: () => settle('failure'),
      cancel: () => settle('cancel'),
    };
  }

  return {
    state: evaluate,
    tryAcquire() {
      const state = evaluate();
      if (state === 'closed') return permit(false);
      if (state === 'half-open' && !trialInFlight) {
        trialInFlight = true;
        return permit(true);
      }
      return null;
    },
  };
}
