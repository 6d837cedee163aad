/**
 * Starts nodmeld for the browser tests: a fresh in-memory PGlite, migrations, the routing
 * context on the default data set, the readiness context and the built web app, a known
 * administrator password, on a free port chosen by the OS. Prints `NODMELD_E2E_URL=<url>` once listening; stops on SIGTERM/SIGINT.
 *
 *   node --import tsx e2e/start-server.ts
 */
import { envValue, loadConfig } from '../src/server/config.ts';
import { openDatabase, migrate } from '../src/platform/db/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { buildApp } from '../src/server/app.ts';
import { registerReadinessRoutes } from '../src/readiness/routes.ts';
import { webAppRegistration } from '../src/web/serve.ts';
import { createRoutingContext } from '../src/routing/context.ts';
import { loadDefaultDataSet } from '../src/routing/data/load.ts';
import { E2E_ADMIN_PASSWORD } from './credentials.ts';

async function main(): Promise<void> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    NODMELD_DATA_DIR: 'memory',
    NODMELD_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
    NODMELD_LOG_LEVEL: envValue('NODMELD_E2E_LOG') ?? 'warn',
    NODMELD_SIP_ENABLED: 'false',
  });
  const logger = createLogger(config.NODMELD_LOG_LEVEL);
  const db = await openDatabase({}); // no dataDir: in-memory PGlite
  await migrate(db);
  // Routing (RT-*): the default data set becomes version 1; re-routes and availability live in the db.
  const routing = createRoutingContext({ config, db, logger });
  await routing.runtime.start(() => loadDefaultDataSet());
  // The web app last: it answers every other GET path with the client-side app.
  const contexts = [routing.register, registerReadinessRoutes, webAppRegistration()];
  const { app, deps } = await buildApp({ config, db, logger, contexts });
  await deps.auth.bootstrapAdmin(E2E_ADMIN_PASSWORD);
  await app.listen({ port: 0, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`NODMELD_E2E_URL=http://127.0.0.1:${port}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await routing.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(
    `e2e server failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
