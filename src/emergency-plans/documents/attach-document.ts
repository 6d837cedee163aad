/**
 * Attaching a document to a plan (LV-7), never half-written:
 *
 * 1. the request is checked before a byte is stored: the media type on the allow-list (415
 *    `plan.document-type`), a file name, the declared length within the limit (413);
 * 2. the bytes stream into the blob store under a new key, checked as they go
 *    (upload-stream.ts): a failed check or a broken upload stores nothing; a blob store that fails
 *    is a 503 (`storage-unavailable`) and nothing is written to the database;
 * 3. only then, in one transaction: the plan locked (it may have been removed meanwhile: 404), the
 *    document's row with the blob's size and SHA-256, the audit row and the event.
 *
 * When the transaction fails (the database goes away after the blob was written) the blob is
 * deleted at once; if that fails too, or the process dies between 2 and 3, the blob is an orphan:
 * no row points to it, so it is never listed or served, and the daily sweep
 * (sweep-orphan-documents.ts) deletes it.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError, notFound, refusal } from '../../platform/errors.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import { cleanFilename, isAllowedMediaType, mediaTypeOf } from '../domain/document-check.ts';
import { documentMediaTypes } from '../domain/plan-values.ts';
import { planChanged } from '../events.ts';
import { deleteBlobs, type MaintainDeps } from '../maintain-plans.ts';
import { loadDocument, type PlanDocument } from '../plan-store.ts';
import { checkedUpload, tooLarge } from './upload-stream.ts';

export interface DocumentDeps extends MaintainDeps {
  maxDocumentBytes: number;
}

export interface Upload {
  /** The request's Content-Type. */
  contentType: string | undefined;
  /** The request's Content-Length, when it sent one. */
  contentLength: number | undefined;
  filename: string;
  title?: string | null;
  body: AsyncIterable<Uint8Array>;
}

/** Blob keys of the register: one folder per plan. */
export const BLOB_PREFIX = 'emergency-plans/';
export const blobKeyOf = (planId: string, documentId: string) => `${BLOB_PREFIX}${planId}/${documentId}`;

export function typeNotAllowed(mediaType: string) {
  return refusal(
    'unsupported-media-type',
    `Documents of type ${mediaType || '(none)'} are not taken; allowed: ${documentMediaTypes.join(', ')}`,
    { code: 'plan.document-type', params: { mediaType: mediaType || '–' } },
    { allowed: documentMediaTypes },
  );
}

export async function attachDocument(
  deps: DocumentDeps,
  actor: Actor,
  planId: string,
  upload: Upload,
): Promise<PlanDocument> {
  const mediaType = mediaTypeOf(upload.contentType);
  if (!isAllowedMediaType(mediaType)) throw typeNotAllowed(mediaType);
  const filename = cleanFilename(upload.filename);
  if (!filename) {
    throw new AppError('validation', 'The request query is invalid', {
      errors: [{ path: 'query.filename', code: 'required', message: 'a file name' }],
    });
  }
  if (upload.contentLength !== undefined && upload.contentLength > deps.maxDocumentBytes) {
    throw tooLarge(deps.maxDocumentBytes);
  }
  const plan = await deps.db.query<{ kommunenummer: string }>(
    'SELECT kommunenummer FROM emergency_plans WHERE id = $1',
    [planId],
  );
  if (plan.rows.length === 0) throw notFound('The plan');
  const documentId = randomUUID();
  const key = blobKeyOf(planId, documentId);
  let stored: { size: number; sha256: string };
  try {
    stored = await deps.blobs.put(
      key,
      checkedUpload(upload.body, { mediaType, maxBytes: deps.maxDocumentBytes }),
      {
        contentType: mediaType,
        metadata: { planId, documentId },
      },
    );
  } catch (err) {
    if (err instanceof AppError) throw err;
    deps.logger.error({ err, key }, 'the blob store could not store a plan document');
    throw refusal(
      'unavailable',
      'The document store is unavailable; nothing was stored. Try again shortly.',
      { code: 'plan.storage-unavailable' },
      { reason: 'storage-unavailable' },
    );
  }
  try {
    await deps.db.transaction(async (tx) => {
      const locked = await tx.query<{ kommunenummer: string; revision: number }>(
        'SELECT kommunenummer, revision FROM emergency_plans WHERE id = $1 FOR UPDATE',
        [planId],
      );
      const p = locked.rows[0];
      if (!p) throw notFound('The plan');
      await tx.query(
        `INSERT INTO emergency_plan_documents (id, plan_id, blob_key, filename, title, media_type,
           size_bytes, sha256, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          documentId,
          planId,
          key,
          filename,
          upload.title ?? null,
          mediaType,
          stored.size,
          stored.sha256,
          actor.name,
        ],
      );
      const centreId = deps.directory.place(p.kommunenummer)?.centreId ?? null;
      await recordChange(tx, actor, {
        audit: {
          action: 'emergency-plan.document-added',
          entityType: 'emergency-plan-document',
          entityId: documentId,
          centreId,
          details: {
            planId,
            municipality: p.kommunenummer,
            filename,
            mediaType,
            size: stored.size,
            sha256: stored.sha256,
          },
        },
        event: planChanged.of({
          planId,
          municipality: p.kommunenummer,
          centreId,
          change: 'document-added',
          revision: p.revision,
        }),
      });
    });
  } catch (err) {
    // Nothing points to the blob: delete it now (or leave it to the sweep if that fails too).
    await deleteBlobs(deps, [key]);
    throw err;
  }
  const doc = await loadDocument(deps.db, documentId);
  if (!doc) throw notFound('The document');
  const { planId: _p, blobKey: _k, municipality: _m, ...view } = doc;
  return view;
}
