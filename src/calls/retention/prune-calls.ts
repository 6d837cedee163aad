/**
 * Retention of call metadata (docs/calls.md): the events and the record of every call that ended
 * more than the retention period ago are deleted, together, in batches; the rollup cells stay (the
 * official history: counts, no personal data), so every figure and report of the period is the
 * same after the prune. Where the controller keeps calling numbers for a shorter time, they are
 * blanked first in the records and events of calls that ended before that. One audit row per run
 * says how many calls went or lost their number, and up to when.
 *
 * Runs daily as the calls module's job `calls.prune`: on one instance of the cluster, each batch a
 * fenced transaction that deletes the calls it takes, so a crash or a take-over mid-way loses
 * nothing and deletes nothing twice (the next run goes on where it stopped).
 */
import { recordAudit } from '../../platform/audit.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import type { JobContext } from '../../platform/jobs/scheduler.ts';

/** When a call counts as over: its end, else its start, else its last change (an incomplete call). */
const OVER_BEFORE = `((started_at < $1::timestamptz AND COALESCE(ended_at, started_at) < $1::timestamptz)
   OR (started_at IS NULL AND COALESCE(ended_at, updated_at) < $1::timestamptz))`;

export interface PruneCallsResult {
  /** Calls ended before this instant were deleted (ISO). */
  cutoff: string;
  calls: number;
  /** Calls whose calling number was blanked (ended before the number retention). */
  numbersBlanked: number;
}

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();

export async function pruneCalls(
  job: Pick<JobContext, 'batches' | 'transaction'>,
  opts: { now: Date; retentionDays: number; numberRetentionDays?: number | null; batch?: number },
): Promise<PruneCallsResult> {
  const cutoff = daysBefore(opts.now, opts.retentionDays);
  const numbersBlanked =
    opts.numberRetentionDays == null
      ? 0
      : await blankNumbers(job, daysBefore(opts.now, opts.numberRetentionDays), opts.batch);
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
  if (calls > 0 || numbersBlanked > 0) {
    await job.transaction((tx) =>
      recordAudit(tx, SYSTEM_ACTOR, {
        action: 'calls.pruned',
        entityType: 'calls',
        entityId: cutoff,
        details: {
          calls,
          retentionDays: opts.retentionDays,
          numbersBlanked,
          numberRetentionDays: opts.numberRetentionDays ?? null,
        },
      }),
    );
  }
  return { cutoff, calls, numbersBlanked };
}

/**
 * Blanks the calling number of calls that ended before `cutoff`: in the call's record and in every
 * event that carried it (the fold of the events left gives the same record, so a late event cannot
 * bring the number back).
 */
async function blankNumbers(
  job: Pick<JobContext, 'batches'>,
  cutoff: string,
  batch: number | undefined,
): Promise<number> {
  return job.batches<string>({
    size: batch ?? 1_000,
    async next(tx, size) {
      const r = await tx.query<{ id: string }>(
        `SELECT id FROM calls WHERE calling_number IS NOT NULL AND ${OVER_BEFORE} LIMIT $2`,
        [cutoff, size],
      );
      return r.rows.map((x) => x.id);
    },
    async apply(tx, ids) {
      const json = JSON.stringify(ids);
      await tx.query(
        `UPDATE call_events SET payload = payload - 'callingNumber'
          WHERE call_id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND payload ? 'callingNumber'`,
        [json],
      );
      await tx.query(
        'UPDATE calls SET calling_number = NULL WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))',
        [json],
      );
    },
  });
}
