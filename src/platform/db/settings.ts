/**
 * Database timeouts as environment variables (issue 8: no call to the database may wait without a
 * limit). The configuration module spreads `databaseSettingsSchema.shape` into its schema and
 * passes the parsed values to `databaseOptionsFromSettings`. They apply to PostgreSQL; embedded
 * PGlite runs in the process and has no connection to lose.
 */
import { z } from 'zod';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_QUERY_TIMEOUT_MS, type PostgresOptions } from './postgres.ts';

export const DEFAULT_PROBE_TIMEOUT_MS = 1_000;

const ms = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const databaseSettingsSchema = z.object({
  /** Longest wait for a database connection (new or from the pool). */
  NODMELD_DB_CONNECT_TIMEOUT_MS: ms(100, 120_000).default(DEFAULT_CONNECT_TIMEOUT_MS),
  /** Longest a statement may run (server statement_timeout; the client gives up 1 s later). */
  NODMELD_DB_QUERY_TIMEOUT_MS: ms(100, 3_600_000).default(DEFAULT_QUERY_TIMEOUT_MS),
  /** Longest `/readyz` waits for the database's answer before reporting it down. */
  NODMELD_DB_PROBE_TIMEOUT_MS: ms(50, 60_000).default(DEFAULT_PROBE_TIMEOUT_MS),
});

export type DatabaseSettings = z.infer<typeof databaseSettingsSchema>;

export function databaseOptionsFromSettings(s: DatabaseSettings): PostgresOptions {
  return { connectTimeoutMs: s.NODMELD_DB_CONNECT_TIMEOUT_MS, queryTimeoutMs: s.NODMELD_DB_QUERY_TIMEOUT_MS };
}
