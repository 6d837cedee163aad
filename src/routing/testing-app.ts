/**
 * Integration-test harness for the routing context: a fresh database with a data set imported and
 * activated (the small factory set by default), the routing context mounted, and the platform's
 * test app around it.
 */
import { createTestDb, type DbKind } from '../platform/db/testing.ts';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../platform/logger.ts';
import { createTestApp, type TestApp } from '../server/testing.ts';
import { createRoutingContext, type RoutingContext } from './context.ts';
import { buildDataSet } from './domain/testing.ts';
import type { RoutingDataSet } from './domain/types.ts';

export interface RoutingTestApp extends TestApp {
  routing: RoutingContext;
}

export async function createRoutingTestApp(opts: {
  kind?: DbKind;
  data?: RoutingDataSet;
  env?: Record<string, string>;
  now?: () => Date;
}): Promise<RoutingTestApp> {
  const db = await createTestDb(opts.kind ?? 'pglite');
  const env = { NODMELD_LOG_LEVEL: 'silent', NODMELD_DATA_POLL_MS: '100000', ...opts.env };
  const routing = createRoutingContext({
    config: loadConfig(env),
    db,
    logger: createLogger('silent'),
    now: opts.now,
  });
  await routing.runtime.start(async () => opts.data ?? buildDataSet());
  const t = await createTestApp({ db, contexts: [routing.register], env });
  return {
    ...t,
    routing,
    async close() {
      await t.close();
      await routing.close();
      await db.close();
    },
  };
}
