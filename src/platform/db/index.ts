import type { Logger } from 'pino';
import { openPglite } from './pglite.ts';
import { openPostgres, type PostgresOptions } from './postgres.ts';
import type { Db } from './types.ts';

export type { Db, Queryable } from './types.ts';
export { migrate } from './migrate.ts';

/**
 * Opens PostgreSQL when a URL is given, else embedded PGlite in `dataDir` (in-memory when
 * undefined). `postgres` holds the connection timeouts (see postgres.ts); PGlite needs none.
 */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir?: string;
  postgres?: PostgresOptions;
  logger?: Logger;
}): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, { ...opts.postgres, logger: opts.logger });
  return openPglite(opts.dataDir);
}
