/**
 * The export of a case (issue 12; docs/lydlogg.md, "Case export"): every recording held for a
 * case reference, as one streamed, uncompressed tar that the recipient can verify with
 * `nodmeld lydlogg verify-export`:
 *
 *   manifest.json          format, case, who exported, when, why, and per recording: ids, call,
 *                          centre, start, duration, codec, file name, size and SHA-256
 *   manifest.json.sha256   the SHA-256 of manifest.json (also in the response header
 *                          `x-nodmeld-manifest-sha256` and in the audit trail: the recipient
 *                          compares it with the one the sender states, out of band)
 *   recordings/<id>.<ext>  each recording's audio as it was uploaded
 *
 * The manifest comes first, from the SHA-256 stored at ingest; each file is hashed again as it
 * streams out of the blob store, and a file whose bytes differ (or fail their authentication)
 * breaks the stream off — the recipient's archive then lacks its end and fails verification,
 * never passes with other bytes. The export and each recording in it are in the audit trail
 * (the recording's access log: `export`, with the case reference and the reason) before a byte
 * is sent. Memory: one chunk of one file at a time.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Db } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { BlobIntegrityError, type BlobStore } from '../../platform/storage/blob-store.ts';
import type { Clock } from '../../platform/time/clock.ts';
import { recordingsPolicy } from '../policy.ts';
import { ROW, problem, resourceOf, type RecordingRow } from '../recordings.ts';
import { TAR_END, tarHeader, tarPadding } from './tar.ts';

export const EXPORT_FORMAT = 'nodmeld-lydlogg-export/1';

export interface ManifestEntry {
  recordingId: string;
  callId: string;
  centreId: string;
  startedAt: string;
  durationMs: number;
  codec: string;
  file: string;
  size: number;
  sha256: string;
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  exportId: string;
  caseReference: string;
  exportedBy: string;
  exportedAt: string;
  reason: string;
  recordings: ManifestEntry[];
}

export interface CaseExport {
  exportId: string;
  fileName: string;
  manifestSha256: string;
  /** The archive's bytes, exactly `size` of them. */
  size: number;
  stream: AsyncIterable<Buffer>;
}

const extOf = (container: string) => (container === 'ogg' ? 'ogg' : container === 'wav' ? 'wav' : 'g711');
const padded = (n: number) => n + ((512 - (n % 512)) % 512);

/** A file name safe on every system, from a case reference. */
export const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'sak';

export async function exportCase(
  deps: { db: Db; blobs: BlobStore; clock: Clock },
  actor: Actor,
  input: { caseReference: string; reason: string },
): Promise<CaseExport> {
  const r = await deps.db.query<RecordingRow>(
    `SELECT ${ROW} FROM recordings
     WHERE state = 'present' AND id IN (
       SELECT recording_id FROM recording_holds WHERE case_reference = $1 AND released_at IS NULL)
     ORDER BY started_at, id`,
    [input.caseReference],
  );
  const rows = r.rows.filter((row) => recordingsPolicy.can(actor, 'recordings.export', resourceOf(row)));
  if (rows.length === 0) {
    throw problem('not-found', 'No recording you may export is held for this case', 'recording.export.none');
  }
  const now = deps.clock.now();
  const exportId = randomUUID();
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    exportId,
    caseReference: input.caseReference,
    exportedBy: actor.name,
    exportedAt: now.toISOString(),
    reason: input.reason,
    recordings: rows.map((row) => ({
      recordingId: row.id,
      callId: row.call_id,
      centreId: row.centre_id,
      startedAt: new Date(row.started_at).toISOString(),
      durationMs: Number(row.duration_ms),
      codec: row.codec,
      file: `recordings/${row.id}.${extOf(row.container)}`,
      size: Number(row.size_bytes),
      sha256: row.sha256!,
    })),
  };
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const manifestSha256 = createHash('sha256').update(manifestBytes).digest('hex');
  const hashFile = Buffer.from(`${manifestSha256}  manifest.json\n`);
  await deps.db.transaction(async (tx) => {
    for (const row of rows) {
      await recordAudit(tx, actor, {
        action: 'recording.export',
        entityType: 'recording',
        entityId: row.id,
        centreId: row.centre_id,
        details: { reason: input.reason, caseReference: input.caseReference, exportId, callId: row.call_id },
      });
    }
    await recordAudit(tx, actor, {
      action: 'recordings.exported',
      entityType: 'recording-export',
      entityId: exportId,
      centreId: rows[0]!.centre_id,
      details: {
        caseReference: input.caseReference,
        reason: input.reason,
        manifestSha256,
        recordings: rows.map((x) => x.id),
      },
    });
  });
  const size =
    2 * 512 +
    padded(manifestBytes.length) +
    padded(hashFile.length) +
    manifest.recordings.reduce((n, e) => n + 512 + padded(e.size), 0) +
    TAR_END.length;
  async function* archive(): AsyncGenerator<Buffer> {
    yield tarHeader('manifest.json', manifestBytes.length, now);
    yield Buffer.concat([manifestBytes, tarPadding(manifestBytes.length)]);
    yield tarHeader('manifest.json.sha256', hashFile.length, now);
    yield Buffer.concat([hashFile, tarPadding(hashFile.length)]);
    for (const [i, e] of manifest.recordings.entries()) {
      const row = rows[i]!;
      const blob = await deps.blobs.get(row.blob_key);
      if (!blob)
        throw new AppError('internal', `The file of recording ${row.id} is missing (run the verification)`);
      yield tarHeader(e.file, e.size, now);
      const hash = createHash('sha256');
      let seen = 0;
      for await (const piece of blob.stream as AsyncIterable<Buffer>) {
        hash.update(piece);
        seen += piece.length;
        if (seen > e.size) break;
        yield piece;
      }
      if (seen !== e.size || hash.digest('hex') !== e.sha256) {
        throw new BlobIntegrityError(row.blob_key, 'the recording differs from its stored SHA-256');
      }
      yield tarPadding(e.size);
    }
    yield TAR_END;
  }
  return {
    exportId,
    fileName: `lydlogg-${safeName(input.caseReference)}-${now.toISOString().slice(0, 10)}.tar`,
    manifestSha256,
    size,
    stream: archive(),
  };
}
