/**
 * Retention of call metadata (docs/calls.md): the events and the record of every call that ended
 * more than the retention period ago are deleted, together, in batches; the rollup cells stay (the
 * official history: counts, no personal data), so every figure and report of the period is the
 * same after the prune. One audit row per run says how many calls went and up to when.
 *
 * Runs daily as the calls module's job `calls.prune`: on one instance of the cluster, each batch a
 * fenced transaction that deletes the calls it takes, so a crash or a take-over mid-way loses
 * nothing and deletes nothing twice (the next run goes on where it stopped).
 */
import { recordAudit } from '../../platform/audit.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import type { JobContext } from '../../platform/jobs/scheduler.ts';

/** When a call counts as over: its end, else its start, else its last change (an incomplete call). */
const OVER_BEFORE = `(started_at < $1::timestamptz AND COALESCE(ended_at, started_at) < $1::timestamptz)
   OR (started_at IS NULL AND COALESCE(ended_at, updated_at) < $1::timestamptz)`;

export interface PruneCallsResult {
  /** Calls ended before this instant were deleted (ISO). */
  cutoff: string;
  calls: number;
}

export async function pruneCalls(
  job: Pick<JobContext, 'batches' | 'transaction'>,
  opts: { now: Date; retentionDays: number; batch?: number },
): Promise<PruneCallsResult> {
  const cutoff = new Date(opts.now.getTime() - opts.retentionDays * 86_400_000).toISOString();
  const calls = await job.batches<string>({
    size: opts.batch ?? 1_000,
    async next(tx, size) {
      const r = await tx.query<{ id: string }>(`SELECT id FROM calls WHERE ${OVER_BEFORE} LIMIT $2`, [
        cutoff,
        size,
      ]);
      return r.rows.map((x) => x.id);
    },
    async apply(tx, ids) {
      const json = JSON.stringify(ids);
      await tx.query(
        'DELETE FROM call_events WHERE call_id IN (SELECT jsonb_array_elements_text($1::jsonb))',
        [json],
      );
      await tx.query('DELETE FROM calls WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))', [json]);
    },
  });
  if (calls > 0) {
    await job.transaction((tx) =>
      recordAudit(tx, SYSTEM_ACTOR, {
        action: 'calls.pruned',
        entityType: 'calls',
        entityId: cutoff,
        details: { calls, retentionDays: opts.retentionDays },
      }),
    );
  }
  return { cutoff, calls };
}
