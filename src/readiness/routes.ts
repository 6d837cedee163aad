/**
 * The readiness context (ON-1 … ON-3, TR-1 … TR-7, CMP-6): organisation register, onboarding,
 * training, roster check and documentation report under /api/v1/readiness/. See docs/readiness.md.
 */
import type { FastifyInstance } from 'fastify';
import type { Route } from '../platform/http/route.ts';
import type { PlatformServices } from '../platform/module.ts';
import { registerOnboardingRoutes } from './onboarding/routes.ts';
import { registerOrganisationRoutes } from './organisations/routes.ts';
import { registerReportRoutes } from './reports/routes.ts';
import { registerRosterRoutes } from './roster/routes.ts';
import { registerTrainingRoutes } from './training/routes.ts';

export function registerReadinessRoutes(route: Route, deps: Pick<PlatformServices, 'db'>, app: FastifyInstance): void {
  // CSV imports accept a text/csv body (or JSON { csv }).
  if (!app.hasContentTypeParser('text/csv')) {
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }
  registerOrganisationRoutes(route, deps);
  registerOnboardingRoutes(route, deps);
  registerTrainingRoutes(route, deps);
  registerRosterRoutes(route, deps);
  registerReportRoutes(route, deps);
}
