/**
 * The production `CallRouter`: the pure routing engine plus positioning (RT-1 … RT-7, RT-15).
 * Fixed and IP calls (and mobile calls that already carry a position) are decided synchronously —
 * the engine does no I/O — so the SIP server answers them in the same event-loop turn. Mobile
 * calls are positioned first, under a deadline this router enforces itself as well, so a slow or
 * misbehaving positioning adapter can never make the caller wait longer than the deadline (RT-3).
 */
import type { CompiledRoutingData } from '../../routing/domain/compile.ts';
import { route } from '../../routing/domain/engine.ts';
import type { CallInput, OperationalState, PositionResult, RoutingPolicy } from '../../routing/domain/types.ts';
import { DEFAULT_POLICY } from '../../routing/domain/types.ts';
import type { PositioningPort } from '../../routing/positioning/port.ts';
import type { CallRouter, CallRoutingResult, MenuSessionInit } from './call-router.ts';
import { randomTag } from './response.ts';

export interface EngineCallRouterOptions {
  /** The active compiled data version (read per call: a data switch is one reference swap). */
  getData: () => CompiledRoutingData;
  /** Active re-routes and unavailable centres. */
  getState: () => OperationalState;
  positioning: PositioningPort;
  /** Positioning deadline in ms (RT-3). */
  deadlineMs: number;
  policy?: RoutingPolicy | (() => RoutingPolicy);
  /**
   * Creates a fallback-menu session in the store the IVR drives over the HTTP API (RT-5).
   * Without it, session ids are generated locally and no session is stored.
   */
  createMenuSession?: (init: MenuSessionInit) => Promise<{ sessionId: string }>;
  /** Wall clock for the engine (schedules, re-routes). Default `Date.now`. */
  now?: () => number;
}

export function createEngineCallRouter(opts: EngineCallRouterOptions): CallRouter {
  const now = opts.now ?? Date.now;
  const policy = typeof opts.policy === 'function' ? opts.policy : () => (opts.policy as RoutingPolicy | undefined) ?? DEFAULT_POLICY;
  const decide = (call: CallInput): CallRoutingResult => ({
    decision: route(call, opts.getData(), opts.getState(), now(), policy()),
  });
  return {
    route(call, routeOpts) {
      if (call.network !== 'mobile' || call.position !== undefined) return decide(call);
      // Read the signal only here: the server creates it lazily, and fixed calls never need one.
      return locateWithDeadline(opts.positioning, call.callingNumber, opts.deadlineMs, routeOpts.signal).then((position) => ({
        decision: route({ ...call, position }, opts.getData(), opts.getState(), now(), policy()),
        position,
      }));
    },
    createMenuSession:
      opts.createMenuSession ?? (async () => ({ sessionId: `${randomTag()}${randomTag()}` })),
  };
}

/**
 * Asks the positioning port, but answers `timeout` at the deadline whatever the port does, and
 * aborts the port's lookup when the call is cancelled or the deadline passes.
 */
export function locateWithDeadline(
  positioning: PositioningPort,
  msisdn: string,
  deadlineMs: number,
  signal: AbortSignal,
): Promise<PositionResult> {
  const started = performance.now();
  const inner = new AbortController();
  const onAbort = (): void => inner.abort(signal.reason);
  if (signal.aborted) inner.abort(signal.reason);
  else signal.addEventListener('abort', onAbort, { once: true });
  return new Promise<PositionResult>((resolve) => {
    const timer = setTimeout(() => {
      inner.abort(new Error('positioning deadline'));
      resolve({ status: 'failed', reason: 'timeout', elapsedMs: performance.now() - started });
    }, deadlineMs);
    const done = (r: PositionResult): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(r);
    };
    let pending: Promise<PositionResult>;
    try {
      pending = positioning.locate(msisdn, { deadlineMs, signal: inner.signal });
    } catch {
      done({ status: 'failed', reason: 'no-answer', elapsedMs: performance.now() - started });
      return;
    }
    // The port promises never to reject; if one does anyway, the call is simply unpositioned.
    pending.then(done, () => done({ status: 'failed', reason: 'no-answer', elapsedMs: performance.now() - started }));
  });
}
