/**
 * Outbox retention: events older than the retention period (NODMELD_EVENTS_RETENTION_DAYS, default
 * 7) are deleted, and the highest deleted position is remembered so a client resuming from before
 * it is told to reload (SSE `event: reset`) instead of silently missing events. The audit log is
 * the permanent record; the outbox only serves push and catch-up.
 *
 * Runs daily as the platform job `events.prune` (system.ts: once per cluster, fenced transactions);
 * it is idempotent and safe to run on several instances at once (the retention row is locked).
 */
import type { Queryable } from '../db/types.ts';

/** Where pruning writes: a database, or a job's fenced transactions (`JobContext.transaction`). */
export interface PruneTarget {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  query: Queryable['query'];
}

export interface PruneResult {
  deleted: number;
  /** Highest position removed so far (0 when none ever was). */
  prunedThrough: number;
}

/** Deletes events written before `now - retentionDays`, in batches of `batch` rows. */
export async function pruneEvents(
  db: PruneTarget,
  opts: { now: Date; retentionDays: number; batch?: number },
): Promise<PruneResult> {
  const cutoff = new Date(opts.now.getTime() - opts.retentionDays * 86_400_000).toISOString();
  const batch = opts.batch ?? 10_000;
  let deleted = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM events_retention WHERE id = 1 FOR UPDATE');
      const r = await tx.query<{ n: number; through: string | null }>(
        `WITH gone AS (
           DELETE FROM events WHERE position IN (
             SELECT position FROM events WHERE at < $1 ORDER BY position LIMIT $2)
           RETURNING position)
         SELECT count(*)::int AS n, max(position)::text AS through FROM gone`,
        [cutoff, batch],
      );
      const { n, through } = r.rows[0]!;
      if (through !== null) {
        await tx.query(
          'UPDATE events_retention SET pruned_through = GREATEST(pruned_through, $1::bigint) WHERE id = 1',
          [through],
        );
      }
      return n;
    });
    deleted += n;
    if (n < batch) break;
  }
  const r = await db.query<{ p: string }>(
    'SELECT pruned_through::text AS p FROM events_retention WHERE id = 1',
  );
  return { deleted, prunedThrough: Number(r.rows[0]!.p) };
}
