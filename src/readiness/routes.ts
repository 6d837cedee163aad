/**
 * The readiness context (ON-1 … ON-3, TR-1 … TR-7, CMP-6): organisation register, onboarding,
 * training, roster check and documentation report under /api/v1/readiness/. See docs/readiness.md.
 */
import type { FastifyInstance } from 'fastify';
import type { Route } from '../platform/http/route.ts';
import type { PlatformServices } from '../platform/module.ts';
import { AppError } from '../platform/errors.ts';
import { decodeUtf8 } from '../platform/text/utf8.ts';
import { registerOnboardingRoutes } from './onboarding/routes.ts';
import { registerOrganisationRoutes } from './organisations/routes.ts';
import { registerReportRoutes } from './reports/routes.ts';
import { registerRosterRoutes } from './roster/routes.ts';
import { registerTrainingRoutes } from './training/routes.ts';

export function registerReadinessRoutes(
  route: Route,
  deps: Pick<PlatformServices, 'db'>,
  app: FastifyInstance,
): void {
  // CSV imports accept a text/csv body (or JSON { csv }). The bytes are decoded strictly: a
  // Latin-1/Windows-1252 export is refused with the lines of its bad bytes, not stored garbled.
  if (!app.hasContentTypeParser('text/csv')) {
    app.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (_req, body, done) => {
      const r = decodeUtf8(body as Buffer);
      if (r.ok) return done(null, r.text);
      done(
        new AppError('invalid-encoding', 'The CSV is not UTF-8', {
          errors: r.errors.map((e) => ({
            path: 'body',
            code: 'not-utf8',
            line: e.line,
            column: e.column,
            message: `line ${e.line}, column ${e.column}: ${e.message}`,
          })),
        }),
        undefined,
      );
    });
  }
  registerOrganisationRoutes(route, deps);
  registerOnboardingRoutes(route, deps);
  registerTrainingRoutes(route, deps);
  registerRosterRoutes(route, deps);
  registerReportRoutes(route, deps);
}
