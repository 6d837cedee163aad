/**
 * Test databases. Every test file gets its own migrated database:
 * - PGlite: one migrated template per worker process, cloned per call (a fresh instance costs ~2 s
 *   and ~700 MB; a clone well under a second);
 * - PostgreSQL (when TEST_DATABASE_URL is set): a fresh schema per call on that server, dropped by
 *   `close()`.
 * Use `dbKinds()` with `describe.each` to run one suite against both (contract tests).
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { wrapPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { migrate } from './migrate.ts';
import type { Db } from './types.ts';

export type DbKind = 'pglite' | 'postgres';

let template: Promise<PGlite> | undefined;

async function pgliteTemplate(): Promise<PGlite> {
  template ??= (async () => {
    const p = new PGlite();
    await p.waitReady;
    await migrate(wrapPglite(p));
    return p;
  })();
  return template;
}

/** The database kinds this run tests against: always PGlite, plus PostgreSQL when configured. */
export function dbKinds(): DbKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh, migrated database of the given kind. Close it in afterAll. */
export async function createTestDb(kind: DbKind = 'pglite'): Promise<Db> {
  if (kind === 'pglite') {
    const t = await pgliteTemplate();
    return wrapPglite(await t.clone());
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openPostgres(u.toString(), 4);
  await migrate(db);
  const close = db.close.bind(db);
  return {
    ...db,
    async close() {
      await close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}
