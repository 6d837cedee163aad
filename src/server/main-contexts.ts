/**
 * Contexts and services mounted by `nodmeld start` besides routing. Each engineer adds one line
 * here for their context (readiness, web app) or service (SIP).
 */
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { MetricsRegistry } from '../platform/metrics.ts';
import type { RoutingContext } from '../routing/context.ts';
import type { ContextRegistration } from './app.ts';
import { registerReadinessRoutes } from '../readiness/routes.ts';
import { registerWebApp } from '../web/serve.ts';
import { syncOrganisationsFromRouting } from '../readiness/organisations/sync-routing.ts';
import { SYSTEM_ACTOR } from '../platform/audit.ts';
import type { RoutingSnapshot } from '../routing/runtime.ts';
import { startSipServer } from '../telephony/sip/server.ts';
import { sipConfigFromEnv } from '../telephony/sip/config.ts';
import { createEngineCallRouter } from '../telephony/sip/engine-call-router.ts';
import { createStaticPositioning } from '../routing/positioning/static-positioning.ts';

type SipServer = Awaited<ReturnType<typeof startSipServer>>;

export function extraContexts(): ContextRegistration[] {
  // The web app last: it answers every other GET path with the client-side app.
  return [registerReadinessRoutes, registerWebApp];
}

export interface ExtraServiceDeps {
  config: Config;
  logger: Logger;
  routing: RoutingContext;
  metrics: MetricsRegistry;
  env: Record<string, string | undefined>;
}

export async function startExtraServices(deps: ExtraServiceDeps): Promise<{ stop(): Promise<void> }> {
  // ON-1: keep the organisation register linked to the active routing data's centres and AMK areas.
  const { runtime } = deps.routing;
  const sync = (s: RoutingSnapshot) =>
    syncOrganisationsFromRouting(runtime.db, s.data, SYSTEM_ACTOR, s.version).then(() => undefined);
  if (runtime.hasData()) await sync(runtime.current());
  runtime.onSwitch(sync);

  // Issue 3: the SIP redirect server for 116117 next to the HTTP server, on the same runtime.
  let sip: SipServer | null = null;
  if (deps.config.NODMELD_SIP_ENABLED) {
    const { routing, config } = deps;
    sip = await startSipServer({
      config: sipConfigFromEnv(deps.env),
      logger: deps.logger,
      router: createEngineCallRouter({
        getData: () => runtime.current().compiled,
        getState: () => runtime.state(),
        positioning: routing.positioning ?? createStaticPositioning({}),
        deadlineMs: config.NODMELD_POSITIONING_DEADLINE_MS,
        policy: runtime.policy,
        createMenuSession: async (init) => {
          const view = await routing.menus.create({
            entry: 'fallback',
            callingNumber: init.callingNumber,
            callId: init.callId,
          });
          return { sessionId: view.id };
        },
      }),
    });
    deps.metrics.add(() => sip!.metrics());
  }
  return {
    async stop() {
      await sip?.close();
    },
  };
}
