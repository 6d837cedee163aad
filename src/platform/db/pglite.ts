import { PGlite, type PGliteInterface } from '@electric-sql/pglite';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Db, Queryable } from './types.ts';

/** Embedded PostgreSQL (PGlite). `dataDir` undefined means in-memory; its parent folders are created. */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) await mkdir(path.dirname(path.resolve(dataDir)), { recursive: true });
  const pg = dataDir ? new PGlite(dataDir) : new PGlite();
  await pg.waitReady;
  return wrapPglite(pg);
}

/** Wraps an existing PGlite instance (tests clone one prepared instance). */
export function wrapPglite(pg: PGliteInterface): Db {
  const q: Queryable = {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await pg.query<T>(sql, params as unknown[] | undefined);
      return { rows: r.rows };
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
  };
  return {
    kind: 'pglite',
    ...q,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pg.transaction(async (tx) =>
        fn({
          async query<R>(sql: string, params?: readonly unknown[]) {
            const r = await tx.query<R>(sql, params as unknown[] | undefined);
            return { rows: r.rows };
          },
          async exec(sql: string) {
            await tx.exec(sql);
          },
        }),
      );
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}
