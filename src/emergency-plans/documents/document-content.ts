/**
 * Downloading a plan's document (LV-7): every download is audited before a byte is sent, so no
 * download goes unrecorded (a database that cannot take the audit row refuses the download, 503).
 * A client that has the same bytes (If-None-Match with the document's ETag, its SHA-256) gets a 304
 * without the bytes and without an audit row: nothing was handed out. A whole read is verified
 * against the stored SHA-256 by the blob store; a HEAD request hands out no bytes and is not audited; a blob missing behind a row (a blob store restored
 * from an older backup) is a 503 `plan.document-unavailable`, logged as an error.
 */
import type { Readable } from 'node:stream';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { notFound, refusal } from '../../platform/errors.ts';
import { loadDocument, type PlanDocument } from '../plan-store.ts';
import type { DocumentDeps } from './attach-document.ts';

export const etagOf = (sha256: string) => `"${sha256}"`;

/** Whether an If-None-Match header names this ETag (or `*`). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

export type DocumentContent =
  | { status: 'not-modified' | 'head'; document: PlanDocument }
  | { status: 'ok'; document: PlanDocument; stream: Readable };

export async function openDocumentContent(
  deps: Pick<DocumentDeps, 'db' | 'blobs' | 'logger' | 'directory'>,
  actor: Actor,
  documentId: string,
  ifNoneMatch: string | undefined,
  /** A HEAD request: the headers only, no bytes (and so no audit row). */
  headOnly = false,
): Promise<DocumentContent> {
  const doc = await loadDocument(deps.db, documentId);
  if (!doc) throw notFound('The document');
  const { planId, blobKey, municipality, ...document } = doc;
  if (matchesEtag(ifNoneMatch, etagOf(doc.sha256))) return { status: 'not-modified', document };
  if (headOnly) return { status: 'head', document };
  const blob = await deps.blobs.get(blobKey);
  if (!blob) {
    deps.logger.error({ documentId, key: blobKey }, 'a plan document’s blob is missing');
    throw refusal('unavailable', 'The document’s content is not available', {
      code: 'plan.document-unavailable',
    });
  }
  try {
    await recordAudit(deps.db, actor, {
      action: 'emergency-plan.document-downloaded',
      entityType: 'emergency-plan-document',
      entityId: documentId,
      centreId: deps.directory.place(municipality)?.centreId ?? null,
      details: { planId, municipality, filename: doc.filename, size: doc.size, sha256: doc.sha256 },
    });
  } catch (err) {
    blob.stream.destroy();
    throw err;
  }
  return { status: 'ok', document, stream: blob.stream };
}
