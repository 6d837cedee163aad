/**
 * The one way to decide a 116117 call (RT-1 … RT-7, RT-10, RT-11), used by every door: the HTTP
 * decision API, the SIP redirect server, the CLI and the simulator. It reads the live routing
 * state (active data version, re-routes, availability) through getters on every call, runs mobile
 * positioning under a deadline it enforces itself (RT-3: a slow or misbehaving positioning adapter
 * can never make the caller wait longer), and counts each decision once, by door and outcome, in
 * `nodmeld_routing_decisions_total`. Views that only look (who serves a municipality now, a number
 * lookup) use `preview`, which counts nothing.
 *
 * Fixed and IP calls (and mobile calls that already carry a position) are decided synchronously —
 * the engine does no I/O — so the SIP server answers them in the same event-loop turn.
 */
import type { CompiledRoutingData } from './domain/compile.ts';
import { route } from './domain/engine.ts';
import type {
  CallInput,
  OperationalState,
  PositionResult,
  RoutingDecision,
  RoutingPolicy,
} from './domain/types.ts';
import type { PositioningPort } from './positioning/port.ts';
import { MetricsRegistry, type CounterCell } from '../platform/metrics.ts';
import type { RoutingRuntime } from './runtime.ts';

/** Where a decision was asked for. */
export const DECISION_DOORS = ['http', 'sip', 'cli', 'simulator'] as const;
export type DecisionDoor = (typeof DECISION_DOORS)[number];

export interface DecidedCall {
  decision: RoutingDecision;
  /** The positioning answer when this decision positioned a mobile call (RT-3). */
  position?: PositionResult;
}

export interface DecideOptions {
  /** Decide as at this time instead of now (what-if, tests). */
  at?: Date | number;
  /** Aborted when the caller hangs up (SIP CANCEL): positioning stops. */
  signal?: AbortSignal;
  /** The call's id (the SIP Call-ID, or the one the API caller gave): told to decision listeners. */
  callId?: string;
  /**
   * The received message and the offset of the call id's Latin-1 bytes in it (`callId.length` of
   * them; -1 or absent: not known), told to the listeners of a decision made synchronously only:
   * the bytes may be reused once `decide` returns (a datagram's receive arena).
   */
  callIdBytes?: Uint8Array;
  callIdAt?: number;
}

/** A decision as it was made, told to those who keep a record of calls (the calls context). */
export interface DecisionNotice {
  door: DecisionDoor;
  /** The call's id, when the door knows one. */
  callId: string | undefined;
  /** The call as decided (a mobile call with the position it was decided on). */
  call: CallInput;
  decision: RoutingDecision;
  /** The positioning answer when this decision positioned the call (RT-3). */
  position?: PositionResult;
  /** When it was decided, ms since the epoch (the `at` of a what-if decision). */
  atMs: number;
  /**
   * The call id's Latin-1 bytes, `callId.length` of them at `callIdAt` (≥ 0) in `callIdBytes`,
   * when the door has them (SIP): a listener may copy them instead of the string's characters.
   * Valid only during the listener's call.
   */
  callIdBytes?: Uint8Array | undefined;
  callIdAt?: number;
}

/**
 * Told of each counted decision, synchronously on the decision's path: it must only take note
 * (e.g. push to a batch) and never do I/O there. A listener that throws is logged away, never
 * felt by the call.
 */
export type DecisionListener = (notice: DecisionNotice) => void;

export interface CallDecider {
  /** Decides and counts one call; synchronous unless the call must be positioned first. */
  decide(call: CallInput, door: DecisionDoor, opts?: DecideOptions): DecidedCall | Promise<DecidedCall>;
  /** The same engine on the same live state, for views: no positioning, nothing counted. */
  preview(call: CallInput, at: Date | number): RoutingDecision;
  /** Tells `listener` of every decision `decide` makes from now on; returns the unsubscribe. */
  onDecided(listener: DecisionListener): () => void;
  /**
   * Tells the decision listeners of a decision reached in a voice menu (the menu state machine,
   * domain/menu.ts, or the area routing `decide` gave without a call id) when the call is handed
   * over: the call's one decision on record. Counts nothing: the call was counted by `decide`.
   */
  announce(notice: DecisionNotice): void;
}

export interface CallDeciderOptions {
  /** The active compiled data version (read per call: a data switch is one reference swap). */
  getData: () => CompiledRoutingData;
  /** Active re-routes and unavailable centres. */
  getState: () => OperationalState;
  policy: RoutingPolicy | (() => RoutingPolicy);
  /** Mobile positioning; without it mobile calls without a position take the unlocated path. */
  positioning?: PositioningPort;
  /** Positioning deadline in ms (RT-3). */
  deadlineMs: number;
  /** Wall clock in ms (schedules, re-routes). Default `Date.now`. */
  nowMs?: () => number;
  /** Where the counters are registered (a private registry when omitted). */
  metrics?: MetricsRegistry;
  /** Where a throwing decision listener is reported (default: ignored). */
  onListenerError?: (err: unknown) => void;
}

const NEVER_ABORTED = new AbortController().signal;

/** Builds the decider. Register it once per process: its counters are named metrics. */
export function createCallDecider(opts: CallDeciderOptions): CallDecider {
  const nowMs = opts.nowMs ?? Date.now;
  const policy = typeof opts.policy === 'function' ? opts.policy : () => opts.policy as RoutingPolicy;
  const metrics = opts.metrics ?? new MetricsRegistry();
  const decisions = metrics.counter({
    name: 'nodmeld_routing_decisions_total',
    help: 'Routing decisions for calls, by door (http, sip, cli, simulator) and outcome (connect, menu)',
    labels: ['door', 'outcome'],
  });
  const positioning = metrics.counter({
    name: 'nodmeld_routing_positioning_total',
    help: 'Mobile positioning for routing decisions, by outcome (RT-3)',
    labels: ['outcome'],
  });
  // Cells resolved once: counting on the hot path is one property increment.
  const cells = new Map<DecisionDoor, { connect: CounterCell; menu: CounterCell }>(
    DECISION_DOORS.map((d) => [
      d,
      { connect: decisions.cell(d, 'connect'), menu: decisions.cell(d, 'menu') },
    ]),
  );
  const positioned = positioning.cell('positioned');
  const unpositioned = positioning.cell('failed');

  let listeners: DecisionListener[] = [];
  const tell = (notice: DecisionNotice): void => {
    for (const listener of listeners) {
      try {
        listener(notice);
      } catch (err) {
        opts.onListenerError?.(err);
      }
    }
  };

  const run = (
    call: CallInput,
    door: DecisionDoor,
    at: Date | number,
    callId: string | undefined,
    position: PositionResult | undefined,
    callIdBytes: Uint8Array | undefined,
    callIdAt: number,
  ): RoutingDecision => {
    const d = route(call, opts.getData(), opts.getState(), at, policy());
    cells.get(door)![d.outcome].v++;
    if (listeners.length > 0) {
      const atMs = typeof at === 'number' ? at : at.getTime();
      tell({ door, callId, call, decision: d, position, atMs, callIdBytes, callIdAt });
    }
    return d;
  };

  return {
    decide(call, door, o = {}) {
      if (call.network !== 'mobile' || call.position !== undefined || !opts.positioning) {
        // Synchronous: the message's bytes are still valid while the listeners are told.
        return {
          decision: run(call, door, o.at ?? nowMs(), o.callId, undefined, o.callIdBytes, o.callIdAt ?? -1),
        };
      }
      return locateWithDeadline(
        opts.positioning,
        call.callingNumber,
        opts.deadlineMs,
        o.signal ?? NEVER_ABORTED,
      ).then((position) => {
        (position.status === 'positioned' ? positioned : unpositioned).v++;
        return {
          // After positioning the message's bytes may have been reused: the call id as a string.
          decision: run({ ...call, position }, door, o.at ?? nowMs(), o.callId, position, undefined, -1),
          position,
        };
      });
    },
    onDecided(listener) {
      listeners = [...listeners, listener];
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
    announce(notice) {
      if (listeners.length > 0) tell(notice);
    },
    preview(call, at) {
      return route(call, opts.getData(), opts.getState(), at, policy());
    },
  };
}

/**
 * Asks the positioning port, but answers `timeout` at the deadline whatever the port does, and
 * aborts the port's lookup when the call is cancelled or the deadline passes. Never rejects.
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
    pending.then(done, () =>
      done({ status: 'failed', reason: 'no-answer', elapsedMs: performance.now() - started }),
    );
  });
}

/** The decider on a runtime's live data version, re-routes, availability and policy. */
export function runtimeDecider(
  runtime: RoutingRuntime,
  opts: Omit<CallDeciderOptions, 'getData' | 'getState' | 'policy'> = { deadlineMs: 0 },
): CallDecider {
  return createCallDecider({
    ...opts,
    getData: () => runtime.current().compiled,
    getState: () => runtime.state(),
    policy: runtime.policy,
  });
}
