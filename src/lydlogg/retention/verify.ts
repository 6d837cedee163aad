/**
 * The verification of stored recordings (docs/lydlogg.md, "Crash safety"): the job
 * `lydlogg.verify` (weekly, and on request)
 *
 * 1. clears dead uploads: rows left `uploading` longer than the stale time (a process killed
 *    mid-upload) — their partial file first, then the row;
 * 2. re-reads every `present` recording: decrypts each chunk (a tampered or cut file fails its
 *    authentication) and compares the SHA-256 of the audio with the one stored at ingest;
 * 3. lists the files under `recordings/` that no row names (orphans);
 * 4. with a store that locks (object-lock.ts): sets the retention of every `present` recording to
 *    its deletion date and the legal hold of every held one again, so that a lock call that failed
 *    after an upload or a hold is made good (both calls are idempotent; `relocked`, `lockFailures`).
 *
 * It changes no recording and deletes no file of a `present` recording: mismatches, missing files
 * and orphans are reported (log, audit row, `/readyz` through the job's outcome) for a person to
 * look at. Re-reading every recording is I/O-heavy over a large store: it yields between
 * recordings and can be stopped at any point.
 */
import { createHash } from 'node:crypto';
import { recordAudit } from '../../platform/audit.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/types.ts';
import type { BlobStore } from '../../platform/storage/blob-store.ts';
import type { RecordingLocks } from '../object-lock.ts';
import { clearDeadUpload, dateOf } from '../recordings.ts';

export interface VerifyReport {
  checked: number;
  /** Recordings whose audio no longer matches (or fails to decrypt): id and why. */
  mismatches: { id: string; why: string }[];
  /** `present` recordings whose file is gone. */
  missing: string[];
  /** Files under `recordings/` that no row names. */
  orphans: string[];
  /** Dead uploads cleared. */
  clearedUploads: number;
  /** With object lock: recordings whose retention (and legal hold if held) was set again. */
  relocked: number;
  /** With object lock: recordings whose lock the store did not take. */
  lockFailures: string[];
}

export async function verifyRecordings(deps: {
  db: Db;
  blobs: BlobStore;
  now: Date;
  uploadStaleMs: number;
  signal?: AbortSignal;
  locks?: RecordingLocks | undefined;
}): Promise<VerifyReport> {
  const report: VerifyReport = {
    checked: 0,
    mismatches: [],
    missing: [],
    orphans: [],
    clearedUploads: 0,
    relocked: 0,
    lockFailures: [],
  };
  const staleBefore = new Date(deps.now.getTime() - deps.uploadStaleMs).toISOString();
  const dead = await deps.db.query<{ id: string; blob_key: string }>(
    `SELECT id, blob_key FROM recordings WHERE state = 'uploading' AND created_at < $1`,
    [staleBefore],
  );
  for (const row of dead.rows) {
    await clearDeadUpload(deps, row);
    report.clearedUploads++;
  }
  let after = '';
  for (;;) {
    if (deps.signal?.aborted) break;
    const page = await deps.db.query<{
      id: string;
      blob_key: string;
      size_bytes: string | number;
      sha256: string;
      deletable_from: string;
      active_holds: number;
    }>(
      `SELECT id, blob_key, size_bytes, sha256, deletable_from::text AS deletable_from, active_holds
       FROM recordings WHERE state = 'present' AND id > $1 ORDER BY id LIMIT 200`,
      [after],
    );
    if (page.rows.length === 0) break;
    for (const row of page.rows) {
      after = row.id;
      report.checked++;
      const why = await check(deps, row);
      if (why === 'missing') report.missing.push(row.id);
      else if (why) report.mismatches.push({ id: row.id, why });
      if (deps.locks && why !== 'missing') {
        const retained = await deps.locks.retain(row.blob_key, dateOf(row.deletable_from));
        const held = row.active_holds > 0 ? await deps.locks.legalHold([row.blob_key], true) : [];
        if (retained && held.length === 0) report.relocked++;
        else report.lockFailures.push(row.id);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  // Orphans: every file under recordings/ whose key no row names.
  for await (const blob of deps.blobs.list('recordings/')) {
    const r = await deps.db.query('SELECT 1 FROM recordings WHERE blob_key = $1', [blob.key]);
    if (r.rows.length === 0) report.orphans.push(blob.key);
  }
  await recordAudit(deps.db, SYSTEM_ACTOR, {
    action: 'recordings.verified',
    entityType: 'recordings',
    entityId: deps.now.toISOString().slice(0, 10),
    details: {
      checked: report.checked,
      mismatches: report.mismatches.map((m) => m.id),
      missing: report.missing,
      orphans: report.orphans.length,
      clearedUploads: report.clearedUploads,
      ...(deps.locks ? { relocked: report.relocked, lockFailures: report.lockFailures } : {}),
    },
  });
  return report;
}

async function check(
  deps: { blobs: BlobStore },
  row: { id: string; blob_key: string; size_bytes: string | number; sha256: string },
): Promise<string | null> {
  const size = Number(row.size_bytes);
  try {
    // A whole read through the port opens every chunk (a tampered or cut file fails it).
    const whole = await deps.blobs.get(row.blob_key);
    if (!whole) return 'missing';
    const h = createHash('sha256');
    let n = 0;
    for await (const plain of whole.stream as AsyncIterable<Buffer>) {
      h.update(plain);
      n += plain.length;
    }
    if (n !== size) return `size ${n}, stored ${size}`;
    const sha = h.digest('hex');
    return sha === row.sha256 ? null : `SHA-256 ${sha}, stored ${row.sha256}`;
  } catch (e) {
    return (e as Error).message;
  }
}
