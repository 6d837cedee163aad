/**
 * Delivering alerts outside nodmeld (AMK-3 triple alert to the police, the fire service and the
 * rescue coordination centre; NN-6 first-responder groups): pure. What an attempt's outcome means
 * for the delivery — delivered, try again later, or given up with a reason an operator must act
 * on (telephone the recipient) — and when the next attempt is due.
 *
 * Transient outcomes (the network or its gateway cannot be reached; the terminal is out of
 * coverage) are retried with a doubling pause, from `firstRetryMs` up to `maxRetryMs`, until
 * `giveUpAfterMs` after the alert was raised. Outcomes no retry can change (no address for the
 * recipient in the directory; a terminal the network does not know) give up at once: the operator
 * (or a first-responder group without a terminal) is told at once, not after the retries.
 */

export const DELIVERY_OUTCOMES = [
  'delivered',
  'network-unavailable',
  'out-of-coverage',
  'unknown-terminal',
  'no-address',
  'no-terminal',
  'no-channel',
] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

export const DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface RetryPolicy {
  firstRetryMs: number;
  maxRetryMs: number;
  giveUpAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  firstRetryMs: 5_000,
  maxRetryMs: 60_000,
  giveUpAfterMs: 30 * 60_000,
};

/** Outcomes a later attempt may change. */
const TRANSIENT: ReadonlySet<DeliveryOutcome> = new Set([
  'network-unavailable',
  'out-of-coverage',
  'no-channel',
]);

export const isTransient = (o: DeliveryOutcome): boolean => TRANSIENT.has(o);

/**
 * The delivery after an attempt with `outcome` (the `attempts`-th, counting this one) made at
 * `nowMs`, of an alert raised at `createdMs`.
 */
export function afterAttempt(
  input: { outcome: DeliveryOutcome; attempts: number; nowMs: number; createdMs: number },
  policy: RetryPolicy = DEFAULT_RETRY,
): { state: DeliveryState; nextAttemptMs: number | null } {
  if (input.outcome === 'delivered') return { state: 'delivered', nextAttemptMs: null };
  if (!isTransient(input.outcome)) return { state: 'failed', nextAttemptMs: null };
  const pause = Math.min(policy.maxRetryMs, policy.firstRetryMs * 2 ** Math.max(0, input.attempts - 1));
  const next = input.nowMs + pause;
  if (next > input.createdMs + policy.giveUpAfterMs) return { state: 'failed', nextAttemptMs: null };
  return { state: 'pending', nextAttemptMs: next };
}
