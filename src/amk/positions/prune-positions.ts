/**
 * Retention of positions (NN-4): reports older than the configured age are deleted by the daily
 * job `amk.prune-positions`, in batches that each commit on their own (a crash loses nothing and
 * repeats nothing). The latest position of a terminal stays (the picture shows it as stale).
 */
import type { JobContext } from '../../platform/jobs/scheduler.ts';

export async function prunePositions(job: JobContext, retentionMs: number): Promise<number> {
  const before = new Date(job.clock.nowMs() - retentionMs);
  return job.batches<{ issi: string; observed_at: string }>({
    size: 5000,
    next: async (tx, size) =>
      (
        await tx.query<{ issi: string; observed_at: string }>(
          `SELECT issi, observed_at::text AS observed_at FROM amk_positions WHERE observed_at < $1 LIMIT ${size}`,
          [before],
        )
      ).rows,
    apply: async (tx, items) => {
      await tx.query(
        `DELETE FROM amk_positions p USING unnest($1::text[], $2::timestamptz[]) AS d(issi, observed_at)
          WHERE p.issi = d.issi AND p.observed_at = d.observed_at`,
        [items.map((i) => i.issi), items.map((i) => i.observed_at)],
      );
    },
  });
}
