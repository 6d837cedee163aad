/**
 * The routing module's health, as `/readyz` and `/healthz` report it (docs/operations.md,
 * "Database outages"). Answered from memory: it never waits for the database.
 *
 * - `down`: no routing data loaded — the instance cannot route (503 on `/readyz`);
 * - `degraded`: routing from memory, but the state is stale — no successful poll for
 *   `STALE_AFTER_POLLS` intervals, so a re-route or availability change made through another
 *   instance may be missing. Still 200 on `/readyz`: during a full database outage every instance
 *   is stale, and taking them all out of a load balancer would stop 116117;
 * - `ok`: routing on a fresh state.
 * The detail carries the data version and the state's age (`routing.state`).
 */
import type { ModuleHealth } from '../platform/module.ts';
import type { RoutingRuntime } from './runtime.ts';

export function routingHealth(runtime: RoutingRuntime): ModuleHealth {
  const state = runtime.stateFreshness();
  if (!runtime.hasData()) return { status: 'down', detail: { code: 'no-data-version', state } };
  return {
    status: state.stale ? 'degraded' : 'ok',
    detail: {
      dataVersion: runtime.current().version,
      state,
      ...(state.stale ? { code: 'state-stale' } : {}),
    },
  };
}
