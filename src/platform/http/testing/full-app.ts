/**
 * Test helper: the whole HTTP API as `nodmeld start` mounts it (platform, routing with the small
 * factory data set, readiness), on a fresh database, for tests that walk the route registry.
 */
import { createTestDb, type DbKind } from '../../db/testing.ts';
import { createLogger } from '../../logger.ts';
import { loadConfig } from '../../../server/config.ts';
import { createTestApp, type TestApp } from '../../../server/testing.ts';
import { createRoutingContext } from '../../../routing/context.ts';
import { buildDataSet } from '../../../routing/domain/testing.ts';
import { registerReadinessRoutes } from '../../../readiness/routes.ts';

/** Routing and readiness mounted on one app; `close` also stops the routing runtime. */
export async function createFullTestApp(kind: DbKind = 'pglite'): Promise<TestApp> {
  const db = await createTestDb(kind);
  const env = { NODMELD_LOG_LEVEL: 'silent', NODMELD_DATA_POLL_MS: '100000' };
  const routing = createRoutingContext({ config: loadConfig(env), db, logger: createLogger('silent') });
  await routing.runtime.start(async () => buildDataSet());
  const t = await createTestApp({ db, contexts: [routing.register, registerReadinessRoutes], env });
  return {
    ...t,
    async close() {
      await t.close();
      await routing.close();
      await db.close();
    },
  };
}
