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
import { DatabaseUnavailableError } from './unavailable.ts';

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
  const schema = await createTestSchema(url);
  const db = await openPostgres(schema.url, { max: 4 });
  await migrate(db);
  const close = db.close.bind(db);
  return {
    ...db,
    async close() {
      await close();
      await schema.drop();
    },
  };
}

/**
 * A fresh, empty schema on the PostgreSQL server at `url`: `url` returned with that schema as its
 * search_path (connect through it, e.g. via a fault proxy's `urlFor`), and `drop()`.
 */
export async function createTestSchema(
  url: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  await admin.end();
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${name}`);
  return {
    name,
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${name} CASCADE`);
      await c.end();
    },
  };
}

/**
 * `db` behind a fault switch (tests of code above the database port): `down` makes every call
 * fail as an unreachable PostgreSQL does, `hang` holds every call until `release()` (a partition
 * without timeouts), `up` passes calls through. For faults of the PostgreSQL adapter itself use
 * the fault proxy (fault-proxy.ts) instead.
 */
export function withFaultSwitch(db: Db): {
  db: Db;
  set(mode: 'up' | 'down' | 'hang'): void;
  /** Calls held by `hang` so far and not yet released. */
  hung(): number;
  /** Lets the held calls proceed (their answers arrive late). */
  release(): void;
} {
  let mode: 'up' | 'down' | 'hang' = 'up';
  const held: (() => void)[] = [];
  const gate = <T>(run: () => Promise<T>): Promise<T> => {
    if (mode === 'down') return Promise.reject(new DatabaseUnavailableError('database-unreachable'));
    if (mode === 'hang') return new Promise<void>((resolve) => held.push(resolve)).then(run);
    return run();
  };
  return {
    db: {
      ...db,
      query: (sql, params) => gate(() => db.query(sql, params)),
      exec: (sql) => gate(() => db.exec(sql)),
      transaction: (fn) => gate(() => db.transaction(fn)),
    },
    set(m) {
      mode = m;
    },
    hung: () => held.length,
    release() {
      for (const resolve of held.splice(0)) resolve();
    },
  };
}
