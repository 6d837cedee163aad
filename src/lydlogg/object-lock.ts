/**
 * The store's object lock under the recordings (docs/lydlogg.md, "Object lock"), when the blob
 * store offers one (S3 with object lock, `NODMELD_S3_OBJECT_LOCK`): each stored recording is put
 * under retention until the start of the Oslo day it may be deleted from, and nodmeld's legal
 * holds are mirrored as the store's legal hold (on while a hold is active, off when the last is
 * released).
 *
 * nodmeld's database stays the authority: the lock is a second wall that holds even against
 * someone who can delete in the bucket. So a lock call that fails does not undo the hold or the
 * upload it follows — it is logged, and the verification (`lydlogg.verify`) sets the retention of
 * every present recording and the legal hold of every held one again (both calls are idempotent).
 * The retention is set after the upload is committed, not with the PUT: an upload that fails after
 * its bytes are stored must be able to remove them, and a locked object could not be removed for
 * three years.
 */
import type { Logger } from 'pino';
import type { BlobStore } from '../platform/storage/blob-store.ts';
import { retainUntilOf } from './domain/retention-rule.ts';

export interface RecordingLocks {
  /** The store's lock mode. */
  mode: 'GOVERNANCE' | 'COMPLIANCE';
  /** Retention of a recording's file until its deletion date; true when the store took it. */
  retain(blobKey: string, deletableFrom: string): Promise<boolean>;
  /** The store's legal hold on (or off) for these files; the keys whose call failed. */
  legalHold(blobKeys: readonly string[], on: boolean): Promise<string[]>;
}

/** The recordings' locks over `blobs`, or undefined when the store has none. */
export function recordingLocks(blobs: BlobStore, logger?: Pick<Logger, 'warn'>): RecordingLocks | undefined {
  const locking = blobs.locking;
  if (!locking) return undefined;
  return {
    mode: locking.mode,
    async retain(blobKey, deletableFrom) {
      try {
        await locking.retain(blobKey, retainUntilOf(deletableFrom));
        return true;
      } catch (e) {
        logger?.warn(
          { blobKey, err: e },
          'the object store did not take the retention (the verification sets it again)',
        );
        return false;
      }
    },
    async legalHold(blobKeys, on) {
      const failed: string[] = [];
      for (const key of blobKeys) {
        try {
          await locking.setLegalHold(key, on);
        } catch (e) {
          failed.push(key);
          logger?.warn(
            { blobKey: key, on, err: e },
            'the object store did not take the legal hold (the verification sets it again)',
          );
        }
      }
      return failed;
    },
  };
}
