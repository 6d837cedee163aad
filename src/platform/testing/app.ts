/**
 * Integration-test harness: a fresh migrated database (PGlite or PostgreSQL), the kernel with the
 * given modules initialised on it (nothing listens: use `app.inject`), and a signed-in
 * administrator.
 */
import type { FastifyInstance } from 'fastify';
import { parseConfig } from '../config.ts';
import { createTestDb, type DbKind } from '../db/testing.ts';
import type { Db } from '../db/types.ts';
import { createLogger } from '../logger.ts';
import { SYSTEM_ACTOR, type Membership, type Role } from '../auth/actor.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { AnyModule } from '../module.ts';
import { System } from '../system.ts';
import type { Clock, Timers } from '../time/clock.ts';
import type { BlobStore } from '../storage/blob-store.ts';

export const TEST_ADMIN_PASSWORD = 'test-admin-password-1';
export const TEST_API_TOKEN = 'test-integration-token-0123456789abcdef';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  system: System;
  auth: AuthService;
  /** The API of a mounted module. */
  use<Api>(module: AnyModule<Api>): Api;
  /** Bearer token of the bootstrap administrator. */
  adminToken: string;
  /** The configured integration token (NODMELD_API_TOKEN). */
  apiToken: string;
  /** Creates a user with the role (and centre) and returns a session token for it. */
  tokenFor(role: Role, centreId?: string | null, username?: string): Promise<string>;
  /** Creates a user holding these memberships and returns a session token for it. */
  tokenWith(memberships: Membership[]): Promise<string>;
  close(): Promise<void>;
}

export async function createTestApp(opts: {
  kind?: DbKind;
  modules?: readonly AnyModule[];
  env?: Record<string, string>;
  /** Reuse an existing database (it is not closed by `close`). */
  db?: Db;
  /** The clock every module and job reads (default the wall clock): a SimClock for time travel. */
  clock?: Clock & Timers;
  /** The blob store (default: the filesystem store of NODMELD_STORAGE_DIR). */
  blobs?: BlobStore;
}): Promise<TestApp> {
  const db = opts.db ?? (await createTestDb(opts.kind ?? 'pglite'));
  const config = parseConfig(
    {
      NODMELD_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
      NODMELD_API_TOKEN: TEST_API_TOKEN,
      NODMELD_LOG_LEVEL: 'silent',
      NODMELD_SIP_ENABLED: 'false',
      NODMELD_DATA_POLL_MS: '100000',
      NODMELD_SIMULATE: 'off',
      NODMELD_NODNETT_MOVE: 'off',
      ...opts.env,
    },
    opts.modules ?? [],
  );
  const system = await System.create({
    platform: config.platform,
    modules: config.modules,
    db,
    logger: createLogger('silent'),
    ...(opts.clock ? { clock: opts.clock } : {}),
    blobs: opts.blobs,
  });
  system.phase = 'running';
  const { app, auth } = system;
  await auth.bootstrapAdmin(TEST_ADMIN_PASSWORD);
  const login = async (username: string, password: string) => (await auth.login(username, password)).token;
  const adminToken = await login('admin', TEST_ADMIN_PASSWORD);
  let n = 0;
  return {
    app,
    db,
    system,
    auth,
    use: (m) => system.api(m),
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
      await auth.createUser(actor, {
        username: name,
        displayName: name,
        password: TEST_ADMIN_PASSWORD,
        role,
        centreId,
      });
      return login(name, TEST_ADMIN_PASSWORD);
    },
    async tokenWith(memberships) {
      const name = `member-${++n}-${Math.random().toString(36).slice(2, 8)}`;
      await auth.createUser(SYSTEM_ACTOR, {
        username: name,
        displayName: name,
        password: TEST_ADMIN_PASSWORD,
        role: memberships[0]!.role,
        memberships,
      });
      return login(name, TEST_ADMIN_PASSWORD);
    },
    async close() {
      await system.stop();
      if (!opts.db) await db.close();
    },
  };
}
