/**
 * Removing a document from a plan (LV-7): its row, the audit row (with the file's name, size and
 * SHA-256) and the event in one transaction; the blob is deleted after the commit (if that fails,
 * the orphan is never served and the sweep deletes it).
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { notFound } from '../../platform/errors.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import { planChanged } from '../events.ts';
import { deleteBlobs, type MaintainDeps } from '../maintain-plans.ts';
import { isUuid } from '../plan-store.ts';

export async function removeDocument(deps: MaintainDeps, actor: Actor, documentId: string): Promise<void> {
  if (!isUuid(documentId)) throw notFound('The document');
  const key = await deps.db.transaction(async (tx) => {
    const r = await tx.query<{
      plan_id: string;
      blob_key: string;
      filename: string;
      size_bytes: number;
      sha256: string;
      kommunenummer: string;
      revision: number;
    }>(
      `SELECT d.plan_id, d.blob_key, d.filename, d.size_bytes, d.sha256, p.kommunenummer, p.revision
         FROM emergency_plan_documents d JOIN emergency_plans p ON p.id = d.plan_id
        WHERE d.id = $1 FOR UPDATE OF p`,
      [documentId],
    );
    const d = r.rows[0];
    if (!d) throw notFound('The document');
    await tx.query('DELETE FROM emergency_plan_documents WHERE id = $1', [documentId]);
    const centreId = deps.directory.place(d.kommunenummer)?.centreId ?? null;
    await recordChange(tx, actor, {
      audit: {
        action: 'emergency-plan.document-removed',
        entityType: 'emergency-plan-document',
        entityId: documentId,
        centreId,
        details: {
          planId: d.plan_id,
          municipality: d.kommunenummer,
          filename: d.filename,
          size: Number(d.size_bytes),
          sha256: d.sha256,
        },
      },
      event: planChanged.of({
        planId: d.plan_id,
        municipality: d.kommunenummer,
        centreId,
        change: 'document-removed',
        revision: d.revision,
      }),
    });
    return d.blob_key;
  });
  await deleteBlobs(deps, [key]);
}
