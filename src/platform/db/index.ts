import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import type { Db } from './types.ts';

export type { Db, Queryable } from './types.ts';
export { migrate } from './migrate.ts';

/** Opens PostgreSQL when a URL is given, else embedded PGlite in `dataDir` (in-memory when undefined). */
export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(opts.dataDir);
}
