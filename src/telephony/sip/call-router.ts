/**
 * The narrow port between the SIP redirect server and routing: the server knows nothing of the
 * engine, the data or positioning, only this. `createEngineCallRouter` (engine-call-router.ts) is
 * the production implementation; tests use fakes.
 */
import type { CallInput, Network, PositionResult, RoutingDecision } from '../../routing/domain/types.ts';

export interface CallRoutingResult {
  decision: RoutingDecision;
  /** The positioning answer for a mobile call that was positioned for this decision (RT-3). */
  position?: PositionResult;
}

export interface RouteOptions {
  /** Aborted when the caller cancels (SIP CANCEL): stop positioning, the answer is not used. */
  signal: AbortSignal;
  /** SIP Call-ID, for logs and traces. */
  callId: string;
  /**
   * The message's bytes and where the Call-ID's Latin-1 bytes start in them (-1: not known), so
   * that a decision listener can copy it from bytes. Valid only while `route` runs synchronously.
   */
  callIdBytes?: Uint8Array;
  callIdAt?: number;
}

export interface MenuSessionInit {
  callingNumber: string;
  network: Network;
  callId: string;
  /** Why the call needs the menu: the decision's reason, or "Routing failed" (RT-5). */
  reason: string;
  municipality?: string;
  county?: string;
  /** Data version of the decision; absent when routing failed before deciding. */
  dataVersion?: number;
}

export interface CallRouter {
  /**
   * Decides one call. May answer synchronously (fixed and IP calls need no I/O: the server then
   * sends the 302 in the same turn as the 100 Trying); mobile calls without a position run
   * positioning under the deadline and answer with a promise. Must honour `signal`.
   */
  route(call: CallInput, opts: RouteOptions): CallRoutingResult | Promise<CallRoutingResult>;
  /** Creates a fallback-menu session (RT-5) that an IVR drives over the HTTP API; returns its id. */
  createMenuSession(init: MenuSessionInit): Promise<{ sessionId: string }>;
}
