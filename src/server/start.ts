/**
 * `nodmeld start`: opens the database (embedded PGlite unless DATABASE_URL is set), migrates,
 * initialises the modules (routing loads the national data on first start), creates the first
 * administrator, binds HTTP and every module's listeners, and only then says it is ready. A bind
 * failure stops everything and names the service and address.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openDatabase, migrate, type Db } from '../platform/db/index.ts';
import { databaseOptionsFromSettings } from '../platform/db/settings.ts';
import { createLogger } from '../platform/logger.ts';
import { withLocalToken } from '../platform/auth/local-token.ts';
import type { AnyModule } from '../platform/module.ts';
import { System } from '../platform/system.ts';
import { loadConfig, type SystemConfig } from './config.ts';
import { MODULES } from './modules.ts';
import { BOOTSTRAP_ACTOR, createDemoUsers, DEMO_USERS, wantsDemoUsers } from './demo-users.ts';
import { emergencyPlansModule } from '../emergency-plans/module.ts';

export interface RunningSystem {
  config: SystemConfig;
  db: Db;
  system: System;
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

export async function startSystem(
  env: Record<string, string | undefined> = process.env,
  modules: readonly AnyModule[] = MODULES,
): Promise<RunningSystem> {
  const loaded = loadConfig(env, modules);
  // On the embedded database with no token configured: the local token in .data/api-token.
  const config = { ...loaded, platform: withLocalToken(loaded.platform, true) };
  const { platform } = config;
  const logger = createLogger(platform.NODMELD_LOG_LEVEL);
  const dataDir =
    platform.NODMELD_DATA_DIR === 'memory' ? undefined : path.resolve(platform.NODMELD_DATA_DIR);
  const db = await openDatabase({
    databaseUrl: platform.DATABASE_URL,
    dataDir,
    postgres: databaseOptionsFromSettings(platform),
    logger,
  });
  let system: System | undefined;
  try {
    const applied = await migrate(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    system = await System.create({ platform, modules: config.modules, db, logger });
    const boot = await system.auth.bootstrapAdmin(platform.NODMELD_ADMIN_PASSWORD);
    if (boot.generatedPassword) {
      // Printed once, to the console only (not the structured log).
      process.stdout.write(
        `\nFirst administrator created: username "admin", password "${boot.generatedPassword}"\n` +
          'It is shown only this once. Set NODMELD_ADMIN_PASSWORD to choose it yourself.\n\n',
      );
    }
    if (
      boot.created &&
      wantsDemoUsers(platform.NODMELD_DEMO_USERS, dataDir !== undefined && db.kind === 'pglite')
    ) {
      const password = await createDemoUsers(system.auth);
      process.stdout.write(
        `Demo users created, one for each role, all with the password "${password}" (shown only this once):\n` +
          DEMO_USERS.map((u) => `  ${u.username.padEnd(16)} ${u.displayName}\n`).join('') +
          'Turn this off with NODMELD_DEMO_USERS=off; disable them under Administrasjon → Brukere.\n\n',
      );
      if (modules.some((m) => m.name === emergencyPlansModule.name)) {
        const example = await system.api(emergencyPlansModule).createExample(BOOTSTRAP_ACTOR);
        if (example)
          process.stdout.write(
            'An example emergency plan for Bergen (invented, marked EKSEMPEL) was added; delete it under Beredskapsplaner.\n\n',
          );
      }
    }
    const { url } = await system.listen();
    logger.info({ url, database: db.kind }, 'nodmeld is ready');
    const running = system;
    return {
      config,
      db,
      system: running,
      app: running.app,
      url,
      async stop() {
        await running.stop();
        await db.close();
      },
    };
  } catch (err) {
    await system?.stop();
    await db.close();
    throw err;
  }
}
