/**
 * `nodmeld start`: opens the database (embedded PGlite unless DATABASE_URL is set), migrates,
 * loads the national routing data on first start, creates the first administrator, and serves
 * HTTP (and SIP when enabled) until SIGINT/SIGTERM.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config.ts';
import { openDatabase, migrate, type Db } from '../platform/db/index.ts';
import { createLogger } from '../platform/logger.ts';
import { MetricsRegistry } from '../platform/metrics.ts';
import { buildApp, type ContextRegistration } from './app.ts';
import { createRoutingContext, type RoutingContext } from '../routing/context.ts';
import { DEFAULT_DATA_DIR, loadDataSetDir } from '../routing/data/load.ts';
import { extraContexts, startExtraServices } from './main-contexts.ts';

export interface RunningSystem {
  config: Config;
  db: Db;
  app: FastifyInstance;
  routing: RoutingContext;
  url: string;
  stop(): Promise<void>;
}

/** Loads and validates a data set directory, throwing one readable error listing the problems. */
export async function loadDataSetOrThrow(dir: string) {
  const r = await loadDataSetDir(dir);
  if (!r.ok) {
    const lines = r.errors.slice(0, 20).map((e) => `  ${e.file}:${e.line}: ${e.message}`);
    throw new Error(`The routing data in ${dir} is invalid:\n${lines.join('\n')}`);
  }
  return r.data;
}

export async function startSystem(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningSystem> {
  const config = loadConfig(env);
  const logger = createLogger(config.NODMELD_LOG_LEVEL);
  const dataDir = config.NODMELD_DATA_DIR === 'memory' ? undefined : path.resolve(config.NODMELD_DATA_DIR);
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir });
  const applied = await migrate(db);
  if (applied.length) logger.info({ applied }, 'migrations applied');

  const metrics = new MetricsRegistry();
  const routing = createRoutingContext({ config, db, logger, metrics });
  await routing.runtime.start(() =>
    loadDataSetOrThrow(config.NODMELD_REFERENCE_DATA_DIR ?? DEFAULT_DATA_DIR),
  );

  const contexts: ContextRegistration[] = [routing.register, ...extraContexts()];
  const { app, deps } = await buildApp({
    config,
    db,
    logger,
    contexts,
    metrics,
    ready: async () => {
      await db.query('SELECT 1');
      return {
        ready: routing.runtime.hasData(),
        detail: {
          database: db.kind,
          dataVersion: routing.runtime.hasData() ? routing.runtime.current().version : null,
        },
      };
    },
  });
  const boot = await deps.auth.bootstrapAdmin(config.NODMELD_ADMIN_PASSWORD);
  if (boot.generatedPassword) {
    // Printed once, to the console only (not the structured log).
    process.stdout.write(
      `\nFirst administrator created: username "admin", password "${boot.generatedPassword}"\n` +
        'It is shown only this once. Set NODMELD_ADMIN_PASSWORD to choose it yourself.\n\n',
    );
  }
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST}:${port}`;
  const extra = await startExtraServices({ config, logger, routing, metrics, env });
  logger.info(
    { url, database: db.kind, dataVersion: routing.runtime.current().version },
    'nodmeld is running',
  );

  return {
    config,
    db,
    app,
    routing,
    url,
    async stop() {
      await extra.stop();
      await app.close();
      await routing.close();
      await db.close();
    },
  };
}
