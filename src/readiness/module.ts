/**
 * The readiness module (ON-1 … ON-3, TR-1 … TR-7, CMP-1 … CMP-6): organisation register,
 * onboarding, training, roster check and documentation report under /api/v1/readiness/. See
 * docs/readiness.md. When routing is mounted, the organisation register follows the active routing
 * data's centres and AMK areas (ON-1).
 */
import { defineModule } from '../platform/module.ts';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import { routingModule } from '../routing/module.ts';
import type { RoutingSnapshot } from '../routing/runtime.ts';
import { dataVersionActivated } from '../routing/events.ts';
import { registerReadinessRoutes } from './routes.ts';
import { syncOrganisationsFromRouting } from './organisations/sync-routing.ts';

export const readinessModule = defineModule<undefined, undefined>({
  name: 'readiness',
  async init(ctx) {
    const routing = ctx.find(routingModule);
    if (routing) {
      const { runtime } = routing;
      const sync = (s: RoutingSnapshot) =>
        syncOrganisationsFromRouting(ctx.db, s.data, SYSTEM_ACTOR, s.version).then(() => undefined);
      if (runtime.hasData()) await sync(runtime.current());
      // A data version activated on any instance: once this instance's runtime has it, follow it.
      ctx.events.subscribe({
        types: [dataVersionActivated.type],
        async handler(e) {
          if (!dataVersionActivated.is(e)) return;
          if (runtime.current().version !== e.payload.version) await runtime.syncNow();
          const s = runtime.current();
          if (s.version === e.payload.version) await sync(s);
        },
      });
    }
    return {
      api: undefined,
      routes: (route, app) => registerReadinessRoutes(route, { db: ctx.db }, app),
    };
  },
});
