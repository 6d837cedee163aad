/**
 * Composition root: builds the HTTP application from the platform and the bounded contexts.
 * Each context contributes a `register…Routes(route, deps)` function; nothing here knows a
 * context's internals.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Db } from '../platform/db/types.ts';
import type { Config } from './config.ts';
import { AuthService } from '../platform/auth/auth-service.ts';
import { registerAuthRoutes } from '../platform/auth/routes.ts';
import { createHttpPlatform } from '../platform/http/server.ts';
import type { Route } from '../platform/http/route.ts';
import { MetricsRegistry } from '../platform/metrics.ts';

export const VERSION = '0.1.0';

/** What every context's route registration receives. */
export interface AppDeps {
  config: Config;
  db: Db;
  logger: Logger;
  auth: AuthService;
  metrics: MetricsRegistry;
}

export type ContextRegistration = (route: Route, deps: AppDeps, app: FastifyInstance) => void | Promise<void>;

export interface BuildAppOptions {
  config: Config;
  db: Db;
  logger: Logger;
  /** Bounded contexts to mount (routing, readiness, …). */
  contexts: ContextRegistration[];
  ready?: () => Promise<{ ready: boolean; detail: Record<string, unknown> }>;
  metrics?: MetricsRegistry;
}

export async function buildApp(opts: BuildAppOptions): Promise<{ app: FastifyInstance; deps: AppDeps }> {
  const auth = new AuthService(opts.db, opts.config.NODMELD_API_TOKEN);
  const metrics = opts.metrics ?? new MetricsRegistry();
  const deps: AppDeps = { config: opts.config, db: opts.db, logger: opts.logger, auth, metrics };
  const { app, route } = createHttpPlatform({
    logger: opts.logger,
    authenticateToken: (t) => auth.authenticateToken(t),
    ready:
      opts.ready ??
      (async () => {
        await opts.db.query('SELECT 1');
        return { ready: true, detail: { database: opts.db.kind } };
      }),
    metrics: () => metrics.render(),
    version: VERSION,
  });
  registerAuthRoutes(route, auth);
  for (const register of opts.contexts) await register(route, deps, app);
  return { app, deps };
}
