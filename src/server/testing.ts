/**
 * Integration-test harness: a fresh migrated database (PGlite or PostgreSQL), the app built with
 * the given contexts, and a signed-in administrator. Use `app.inject` for HTTP calls.
 */
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config.ts';
import { createTestDb, type DbKind } from '../platform/db/testing.ts';
import type { Db } from '../platform/db/types.ts';
import { createLogger } from '../platform/logger.ts';
import type { Role } from '../platform/audit.ts';
import { buildApp, type AppDeps, type ContextRegistration } from './app.ts';

export const TEST_ADMIN_PASSWORD = 'test-admin-password-1';
export const TEST_API_TOKEN = 'test-integration-token-0123456789abcdef';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  deps: AppDeps;
  /** Bearer token of the bootstrap administrator. */
  adminToken: string;
  /** The configured integration token (NODMELD_API_TOKEN). */
  apiToken: string;
  /** Creates a user with the role (and centre) and returns a session token for it. */
  tokenFor(role: Role, centreId?: string | null, username?: string): Promise<string>;
  close(): Promise<void>;
}

export async function createTestApp(opts: {
  kind?: DbKind;
  contexts?: ContextRegistration[];
  env?: Record<string, string>;
  /** Reuse an existing database (it is not closed by `close`). */
  db?: Db;
}): Promise<TestApp> {
  const db = opts.db ?? (await createTestDb(opts.kind ?? 'pglite'));
  const config: Config = loadConfig({
    NODMELD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    NODMELD_API_TOKEN: TEST_API_TOKEN,
    NODMELD_LOG_LEVEL: 'silent',
    NODMELD_SIP_ENABLED: 'false',
    ...opts.env,
  });
  const { app, deps } = await buildApp({
    config,
    db,
    logger: createLogger('silent'),
    contexts: opts.contexts ?? [],
  });
  await app.ready();
  await deps.auth.bootstrapAdmin(TEST_ADMIN_PASSWORD);
  const login = async (username: string, password: string) =>
    (await deps.auth.login(username, password)).token;
  const adminToken = await login('admin', TEST_ADMIN_PASSWORD);
  let n = 0;
  return {
    app,
    db,
    deps,
    adminToken,
    apiToken: TEST_API_TOKEN,
    async tokenFor(role, centreId = null, username) {
      const name = username ?? `${role}-${++n}-${Math.random().toString(36).slice(2, 8)}`;
      const actor = {
        type: 'system' as const,
        id: null,
        name: 'test',
        role: 'admin' as const,
        centreId: null,
      };
      await deps.auth.createUser(actor, {
        username: name,
        displayName: name,
        password: TEST_ADMIN_PASSWORD,
        role,
        centreId,
      });
      return login(name, TEST_ADMIN_PASSWORD);
    },
    async close() {
      await app.close();
      if (!opts.db) await db.close();
    },
  };
}
