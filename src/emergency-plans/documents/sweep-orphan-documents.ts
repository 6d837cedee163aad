/**
 * The orphan sweep (LV-7; the daily job `emergency-plans.sweep-orphan-documents`): deletes the
 * register's blobs that no document row points to — left by a process that died between storing
 * a document's bytes and committing its row, by a transaction that failed after the blob was
 * written while the blob store could not delete it, or by a removal whose blob delete failed.
 * Orphans are never served (every read goes through a row); the sweep only frees their space.
 *
 * A blob younger than the grace period (an hour) is left alone: its upload may still be about to
 * commit. Deleting is idempotent, so a run that dies mid-way is simply run again. One audit row per
 * run that deleted anything.
 */
import { recordAudit } from '../../platform/audit.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import type { JobContext } from '../../platform/jobs/scheduler.ts';
import type { BlobStore } from '../../platform/storage/blob-store.ts';
import { BLOB_PREFIX } from './attach-document.ts';

export const ORPHAN_GRACE_MS = 60 * 60 * 1000;

export interface SweepResult {
  /** Blobs of the register looked at. */
  blobs: number;
  /** Orphans deleted. */
  deleted: number;
}

export async function sweepOrphanDocuments(
  job: Pick<JobContext, 'db' | 'transaction' | 'signal'>,
  opts: { blobs: BlobStore; nowMs: number; graceMs?: number },
): Promise<SweepResult> {
  const grace = opts.graceMs ?? ORPHAN_GRACE_MS;
  let blobs = 0;
  const orphans: string[] = [];
  for await (const info of opts.blobs.list(BLOB_PREFIX)) {
    if (job.signal.aborted) break;
    blobs++;
    if (opts.nowMs - Date.parse(info.createdAt) < grace) continue;
    const row = await job.db.query('SELECT 1 FROM emergency_plan_documents WHERE blob_key = $1', [info.key]);
    if (row.rows.length === 0) orphans.push(info.key);
  }
  let deleted = 0;
  for (const key of orphans) {
    if (job.signal.aborted) break;
    if (await opts.blobs.delete(key)) deleted++;
  }
  if (deleted > 0) {
    await job.transaction((tx) =>
      recordAudit(tx, SYSTEM_ACTOR, {
        action: 'emergency-plan.orphan-documents-swept',
        entityType: 'emergency-plan-document',
        entityId: 'orphans',
        details: { deleted, blobs },
      }),
    );
  }
  return { blobs, deleted };
}
