/**
 * Real-time positioning of mobile calls (RT-3, RT-15): asks every mobile operator's location
 * service in parallel and takes the first valid answer. Only the subscriber's own operator knows
 * the number, so asking all three at once costs one round trip instead of up to three.
 */
import type { BreakerState, CircuitBreakerOptions } from './circuit-breaker.ts';
import { locateWithin, type LookupOutcome } from './lookup-deadline.ts';
import { createOperatorClient, type OperatorAnswer, type OperatorClient } from './operator-client.ts';
import {
  POSITION_FAILURE_REASONS,
  toMsisdn,
  type PositionFailureReason,
  type PositioningPort,
} from './port.ts';

export const DEFAULT_POSITIONING_DEADLINE_MS = 2_500;

export interface PositioningOperator {
  /** Operator name as reported in `PositionResult.operator`, e.g. "telenor". */
  name: string;
  baseUrl: string;
}

export interface PositioningServiceOptions {
  operators: PositioningOperator[];
  /** Overall deadline per lookup in ms (default 2 500); a call may pass a shorter or longer one. */
  deadlineMs?: number;
  /** Per-request timeout in ms; defaults to the deadline. */
  requestTimeoutMs?: number;
  /** Breaker thresholds, applied to each operator's breaker separately. */
  breaker?: Omit<CircuitBreakerOptions, 'now' | 'onStateChange'>;
  /** Answers naming other municipalities count as `unknown-municipality` (no answer). */
  knownMunicipalities?: ReadonlySet<string>;
  /** Monotonic clock in ms for `elapsedMs` and the breakers. Default `performance.now`. */
  now?: () => number;
  /** Told about every breaker state change, e.g. to log it. */
  onBreakerStateChange?: (operator: string, from: BreakerState, to: BreakerState) => void;
}

export interface OperatorStats {
  /** Requests sent (everything but circuit-open fast fails). */
  requests: number;
  /** Valid answers with a known municipality. */
  answers: number;
  /** 404: not this operator's subscriber. */
  notSubscriber: number;
  unknownMunicipality: number;
  /** Transport errors, error statuses and malformed answers. */
  failures: number;
  timeouts: number;
  /** Lookups answered without a request because the breaker was open. */
  circuitOpen: number;
  /** Requests abandoned because another operator answered first or the call was cancelled. */
  aborted: number;
  breakerState: BreakerState;
}

/** Latency buckets (upper bounds in ms) for the metrics endpoint's histogram. */
export const ELAPSED_BUCKETS_MS = [50, 100, 250, 500, 1000, 2500, 5000, 9000] as const;

export interface PositioningStats {
  operators: Record<string, OperatorStats>;
  lookups: number;
  positioned: number;
  failed: Record<PositionFailureReason, number>;
  /** Lookups ended by the caller's abort signal (also counted under `failed`). */
  aborted: number;
  /** Cumulative histogram of `elapsedMs` over all lookups: `counts[i]` ≤ `ELAPSED_BUCKETS_MS[i]`. */
  elapsedMs: { buckets: readonly number[]; counts: number[]; sum: number; count: number };
}

export type PositioningService = PositioningPort & {
  stats(): PositioningStats;
  /** Aborts lookups in flight, closes pooled connections; later lookups fail with `no-answer`. */
  close(): Promise<void>;
};

/**
 * Picks the reason that tells operations the most when no operator gave a usable answer:
 * a municipality we do not know (data problem) before a timeout (slow operator) before an open
 * breaker (operator known to be down) before plain no-answer (nobody knows the number).
 */
export function mostTellingReason(kinds: readonly OperatorAnswer['kind'][]): PositionFailureReason {
  if (kinds.includes('unknown-municipality')) return 'unknown-municipality';
  if (kinds.includes('timeout')) return 'timeout';
  if (kinds.includes('circuit-open')) return 'circuit-open';
  return 'no-answer';
}

function emptyOperatorStats(): Omit<OperatorStats, 'breakerState'> {
  return {
    requests: 0,
    answers: 0,
    notSubscriber: 0,
    unknownMunicipality: 0,
    failures: 0,
    timeouts: 0,
    circuitOpen: 0,
    aborted: 0,
  };
}

/**
 * Creates the positioning service. Throws on configuration errors (no operators, duplicate
 * names, bad URLs, bad thresholds) so start-up fails with a clear message.
 */
export function createPositioningService(options: PositioningServiceOptions): PositioningService {
  if (options.operators.length === 0) throw new RangeError('positioning: at least one operator is required');
  const names = new Set<string>();
  for (const op of options.operators) {
    if (!/^[a-z0-9][a-z0-9_-]*$/i.test(op.name))
      throw new TypeError(`positioning: operator name "${op.name}" must be letters, digits, - or _`);
    if (names.has(op.name)) throw new TypeError(`positioning: operator "${op.name}" is listed twice`);
    names.add(op.name);
  }
  const defaultDeadline = options.deadlineMs ?? DEFAULT_POSITIONING_DEADLINE_MS;
  if (!Number.isFinite(defaultDeadline) || defaultDeadline <= 0)
    throw new RangeError(`positioning: deadlineMs must be > 0, got ${defaultDeadline}`);
  const now = options.now ?? (() => performance.now());

  const clients: OperatorClient[] = options.operators.map((op) => {
    const clientOptions: Parameters<typeof createOperatorClient>[0] = {
      name: op.name,
      baseUrl: op.baseUrl,
      requestTimeoutMs: options.requestTimeoutMs ?? defaultDeadline,
      breaker: {
        ...options.breaker,
        now,
        onStateChange: (from, to) => options.onBreakerStateChange?.(op.name, from, to),
      },
    };
    if (options.knownMunicipalities) clientOptions.knownMunicipalities = options.knownMunicipalities;
    return createOperatorClient(clientOptions);
  });

  const perOperator = new Map(clients.map((c) => [c.name, emptyOperatorStats()]));
  const failed = Object.fromEntries(POSITION_FAILURE_REASONS.map((r) => [r, 0])) as Record<
    PositionFailureReason,
    number
  >;
  const histogram = {
    buckets: ELAPSED_BUCKETS_MS,
    counts: ELAPSED_BUCKETS_MS.map(() => 0),
    sum: 0,
    count: 0,
  };
  let lookups = 0;
  let positioned = 0;
  let abortedLookups = 0;
  let closed = false;
  const inFlight = new Set<AbortController>();

  function count(operator: string, answer: OperatorAnswer): void {
    const s = perOperator.get(operator);
    if (!s) return;
    if (answer.kind !== 'circuit-open') s.requests += 1;
    switch (answer.kind) {
      case 'located':
        s.answers += 1;
        break;
      case 'not-subscriber':
        s.notSubscriber += 1;
        break;
      case 'unknown-municipality':
        s.unknownMunicipality += 1;
        break;
      case 'error':
        s.failures += 1;
        break;
      case 'timeout':
        s.timeouts += 1;
        break;
      case 'circuit-open':
        s.circuitOpen += 1;
        break;
      case 'aborted':
        s.aborted += 1;
        break;
    }
  }

  function askAll(msisdn: string, signal: AbortSignal): Promise<LookupOutcome> {
    return new Promise((resolve) => {
      const kinds: OperatorAnswer['kind'][] = [];
      for (const client of clients) {
        void client.locate(msisdn, signal).then((answer) => {
          count(client.name, answer);
          kinds.push(answer.kind);
          // The first valid answer wins; resolving aborts the signal, which cancels the others.
          if (answer.kind === 'located')
            resolve({ status: 'positioned', municipality: answer.municipality, operator: client.name });
          else if (kinds.length === clients.length)
            resolve({ status: 'failed', reason: mostTellingReason(kinds) });
        });
      }
    });
  }

  function record(result: Awaited<ReturnType<PositioningPort['locate']>>, aborted: boolean): void {
    lookups += 1;
    if (result.status === 'positioned') positioned += 1;
    else failed[result.reason] += 1;
    if (aborted) abortedLookups += 1;
    histogram.sum += result.elapsedMs;
    histogram.count += 1;
    ELAPSED_BUCKETS_MS.forEach((le, i) => {
      if (result.elapsedMs <= le) histogram.counts[i] = (histogram.counts[i] ?? 0) + 1;
    });
  }

  return {
    async locate(number, opts) {
      const deadlineMs =
        opts.deadlineMs !== undefined && Number.isFinite(opts.deadlineMs) && opts.deadlineMs >= 0
          ? opts.deadlineMs
          : defaultDeadline;
      // Closing aborts this controller, so lookups in flight end promptly.
      const closing = new AbortController();
      const signal = opts.signal ? AbortSignal.any([opts.signal, closing.signal]) : closing.signal;
      if (closed) closing.abort();
      inFlight.add(closing);
      const msisdn = toMsisdn(number);
      const result = await locateWithin({ deadlineMs, signal, now }, async (lookupSignal) =>
        msisdn === null ? { status: 'failed', reason: 'no-answer' } : askAll(msisdn, lookupSignal),
      );
      inFlight.delete(closing);
      record(result, opts.signal?.aborted === true);
      return result;
    },
    stats() {
      const operators: Record<string, OperatorStats> = {};
      for (const client of clients) {
        operators[client.name] = {
          ...(perOperator.get(client.name) ?? emptyOperatorStats()),
          breakerState: client.breakerState(),
        };
      }
      return {
        operators,
        lookups,
        positioned,
        failed: { ...failed },
        aborted: abortedLookups,
        elapsedMs: {
          buckets: histogram.buckets,
          counts: [...histogram.counts],
          sum: histogram.sum,
          count: histogram.count,
        },
      };
    },
    async close() {
      closed = true;
      for (const c of inFlight) c.abort();
      inFlight.clear();
      for (const client of clients) client.close();
    },
  };
}
