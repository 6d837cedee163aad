/**
 * Deadline and abort handling shared by every `PositioningPort` implementation (RT-3): the
 * source system left callers in up to 9 s of silence; ours answers within the deadline, always.
 */
import type { PositionResult } from '../domain/types.ts';
import type { PositionFailureReason } from './port.ts';

export type LookupOutcome =
  | { status: 'positioned'; municipality: string; operator: string }
  | { status: 'failed'; reason: PositionFailureReason };

export interface LookupLimits {
  deadlineMs: number;
  signal?: AbortSignal;
  now: () => number;
}

/** True for abort reasons that mean "time is up" (`AbortSignal.timeout`, our deadline). */
export function isTimeoutReason(reason: unknown): boolean {
  return (
    typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError'
  );
}

/**
 * True when a timer armed at `armedAt` (performance.now) for `delayMs` fires so late that the
 * event loop, not the remote side, was the bottleneck (GC pause, CPU starvation). A timeout
 * then says nothing about the operator, and counting it would open every operator's breaker at
 * once after one local stall.
 */
export function firedLate(armedAt: number, delayMs: number): boolean {
  return performance.now() - armedAt - delayMs > Math.max(100, delayMs * 0.2);
}

/** The reason the deadline timer aborts lookups with; clients count it as a timeout. */
export function deadlineReason(): DOMException {
  return new DOMException('positioning deadline exceeded', 'TimeoutError');
}

/**
 * Runs `lookup` under a deadline and the caller's abort signal. The lookup gets a signal that is
 * aborted when the deadline passes (reason `TimeoutError`), when the caller aborts, or when the
 * lookup's own result has been taken (so stragglers stop). Never rejects.
 *
 * On the deadline the lookup may still settle itself in the same turn (its requests resolve on
 * abort, which lets it pick the most telling reason); otherwise the result is `timeout` one
 * event-loop turn later at the latest.
 */
export function locateWithin(
  limits: LookupLimits,
  lookup: (signal: AbortSignal) => Promise<LookupOutcome>,
): Promise<PositionResult> {
  const start = limits.now();
  const elapsed = (): number => Math.max(0, limits.now() - start);
  const external = limits.signal;
  if (external?.aborted) {
    return Promise.resolve({
      status: 'failed',
      reason: isTimeoutReason(external.reason) ? 'timeout' : 'no-answer',
      elapsedMs: 0,
    });
  }
  const deadlineMs = Math.max(0, limits.deadlineMs);
  const controller = new AbortController();

  return new Promise<PositionResult>((resolve) => {
    let done = false;
    let backstop: NodeJS.Immediate | undefined;
    const settle = (outcome: LookupOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (backstop) clearImmediate(backstop);
      external?.removeEventListener('abort', onAbort);
      if (!controller.signal.aborted)
        controller.abort(new DOMException('positioning lookup finished', 'AbortError'));
      resolve(
        outcome.status === 'positioned'
          ? {
              status: 'positioned',
              municipality: outcome.municipality,
              operator: outcome.operator,
              elapsedMs: elapsed(),
            }
          : { status: 'failed', reason: outcome.reason, elapsedMs: elapsed() },
      );
    };
    const onAbort = (): void => {
      const reason: unknown = external?.reason;
      settle({ status: 'failed', reason: isTimeoutReason(reason) ? 'timeout' : 'no-answer' });
    };
    const armedAt = performance.now();
    const timer = setTimeout(() => {
      if (firedLate(armedAt, deadlineMs)) {
        // Our own process stalled: answers may be waiting unread, so the operators are not to
        // blame. Settling first aborts them as cancelled, which their breakers do not count.
        settle({ status: 'failed', reason: 'timeout' });
        return;
      }
      controller.abort(deadlineReason());
      backstop = setImmediate(() => settle({ status: 'failed', reason: 'timeout' }));
    }, deadlineMs);
    external?.addEventListener('abort', onAbort, { once: true });
    lookup(controller.signal).then(settle, () => settle({ status: 'failed', reason: 'no-answer' }));
  });
}
