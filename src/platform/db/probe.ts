/**
 * The database part of `/readyz`: does the database answer `SELECT 1` within a short deadline?
 * It never throws and never reports the driver's error text (only a stable `reason`).
 *
 * One probe query at a time: while one is in flight (a partition can hold it up to the query
 * timeout) later probes wait for the same query instead of taking more pooled connections, and
 * each caller still gets its answer within `timeoutMs`.
 */
import type { Db } from './types.ts';
import { databaseUnavailableReason, type DatabaseUnavailableReason } from './unavailable.ts';

export interface DatabaseProbeResult {
  kind: Db['kind'];
  status: 'up' | 'down';
  /** Why it is down: unreachable, timeout, or `database-error` for any other failure. */
  reason?: DatabaseUnavailableReason | 'database-error';
  /** Time the answer took (up), or the time waited (down). */
  latencyMs: number;
}

/** Returns a probe function bound to `db` with its own deadline. */
export function createDatabaseProbe(db: Db, timeoutMs: number): () => Promise<DatabaseProbeResult> {
  let inflight: Promise<DatabaseProbeResult['reason'] | null> | null = null;
  return async () => {
    const started = performance.now();
    inflight ??= db.query('SELECT 1').then(
      () => null,
      (err: unknown) => databaseUnavailableReason(err) ?? 'database-error',
    );
    const query = inflight;
    void query.finally(() => {
      if (inflight === query) inflight = null;
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([query, deadline]);
    clearTimeout(timer);
    const latencyMs = Math.round(performance.now() - started);
    if (outcome === null) return { kind: db.kind, status: 'up', latencyMs };
    return {
      kind: db.kind,
      status: 'down',
      reason: outcome === 'timeout' ? 'database-timeout' : outcome,
      latencyMs,
    };
  };
}
