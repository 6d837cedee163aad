/**
 * Contexts and services mounted by `nodmeld start` besides routing. Each engineer adds one line
 * here for their context (readiness, web app) or service (SIP).
 */
import type { Logger } from 'pino';
import type { Config } from '../platform/config.ts';
import type { MetricsRegistry } from '../platform/metrics.ts';
import type { RoutingContext } from '../routing/context.ts';
import type { ContextRegistration } from './app.ts';
import { registerReadinessRoutes } from '../readiness/routes.ts';

export function extraContexts(): ContextRegistration[] {
  return [registerReadinessRoutes];
}

export interface ExtraServiceDeps {
  config: Config;
  logger: Logger;
  routing: RoutingContext;
  metrics: MetricsRegistry;
}

export async function startExtraServices(_deps: ExtraServiceDeps): Promise<{ stop(): Promise<void> }> {
  return { async stop() {} };
}
