/**
 * The retention of recordings (REC-1, §20; docs/lydlogg.md, "Retention" and "Crash safety"): the
 * job `lydlogg.retention` deletes every recording whose 3 years have passed (domain/retention-rule.ts)
 * and that no active hold keeps, in batches, idempotently, on one instance (the kernel's scheduler).
 *
 * The order of a deletion, so that a kill at any point leaves no `present` row without its file and
 * no file without its row:
 *   1. one fenced transaction marks a batch `deleting` (only rows still `present` and unheld — a
 *      hold committed first wins; a hold after this is refused);
 *   2. each file is deleted from the blob store (deleting a file already gone is not an error);
 *   3. one fenced transaction deletes the rows and writes a tombstone for each (what, when, which
 *      rule) and one audit row for the batch.
 * A run first finishes every row left `deleting` by a run that died (steps 2–3 again), then takes
 * new batches. Deleting is done twice at most, never lost.
 *
 * A store with object lock may refuse step 2 (`BlobRetainedError`: its retention has not run out,
 * or its legal hold is on). The row is `deleting` with no active hold, so a legal hold the store
 * still has is a mirror that missed its release: it is lifted and the delete tried once more. A
 * file still refused stays, and so does its row: it goes back to `present` ("not deleted, retry
 * later"; counted as `refused`, logged, in the audit row), is not taken again in this run, and the
 * next run tries again. A recording is never marked gone while its object exists.
 */
import { waveformPrefix } from '../review.ts';
import { recordAudit } from '../../platform/audit.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/types.ts';
import { BlobRetainedError, type BlobStore } from '../../platform/storage/blob-store.ts';
import type { RecordingLocks } from '../object-lock.ts';
import { osloDate } from '../../platform/time/calendar.ts';
import { RETENTION_RULE } from '../domain/retention-rule.ts';
import { dateOf, type Faults } from '../recordings.ts';

/** What a retention run needs of a job: fenced transactions, the clock's now, a stop signal. */
export interface RetentionJob {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  readonly signal?: AbortSignal;
}

export interface RetentionResult {
  /** The Oslo date the rule was applied on. */
  asOf: string;
  deleted: number;
  /** Deletions a dead run had begun, finished by this one. */
  resumed: number;
  /** Recordings whose file the store refused to delete (object lock): kept, tried again next run. */
  refused: string[];
}

interface RetentionDeps {
  db: Db;
  blobs: BlobStore;
  now: Date;
  batch: number;
  faults?: Faults;
  locks?: RecordingLocks | undefined;
}

interface Marked {
  id: string;
  call_id: string;
  centre_id: string;
  recording_date: string;
  sha256: string | null;
  size_bytes: string | number | null;
  blob_key: string;
}

const MARKED_COLUMNS =
  'id, call_id, centre_id, recording_date::text AS recording_date, sha256, size_bytes, blob_key';

export async function runRetention(job: RetentionJob, deps: RetentionDeps): Promise<RetentionResult> {
  const asOf = osloDate(deps.now);
  let resumed = 0;
  const refused: string[] = [];
  // Deletions a dead run began (marked `deleting`): finish them first.
  for (;;) {
    const r = await deps.db.query<Marked>(
      `SELECT ${MARKED_COLUMNS} FROM recordings WHERE state = 'deleting' ORDER BY id LIMIT $1`,
      [deps.batch],
    );
    if (r.rows.length === 0) break;
    resumed += await finish(job, deps, r.rows, refused);
    if (job.signal?.aborted) return { asOf, deleted: resumed, resumed, refused };
  }
  let deleted = resumed;
  for (;;) {
    if (job.signal?.aborted) break;
    const marked = await job.transaction(async (tx) => {
      const r = await tx.query<Marked>(
        `UPDATE recordings SET state = 'deleting', deleting_since = $3
         WHERE id IN (
           SELECT id FROM recordings
           WHERE state = 'present' AND active_holds = 0 AND deletable_from <= $1::date
             AND NOT (id = ANY($4::text[]))
           ORDER BY deletable_from, id LIMIT $2
         ) AND state = 'present' AND active_holds = 0
         RETURNING ${MARKED_COLUMNS}`,
        [asOf, deps.batch, deps.now.toISOString(), refused],
      );
      return r.rows;
    });
    if (marked.length === 0) break;
    for (const m of marked) await deps.faults?.('retention.marked', m.id);
    deleted += await finish(job, deps, marked, refused);
  }
  if (deleted > 0 || refused.length > 0) {
    await job.transaction((tx) =>
      recordAudit(tx, SYSTEM_ACTOR, {
        action: 'recordings.retention',
        entityType: 'recordings',
        entityId: asOf,
        details: { deleted, resumed, refused, rule: RETENTION_RULE },
      }),
    );
  }
  return { asOf, deleted, resumed, refused };
}

/** Deletes a marked recording's file; false when the store keeps it locked (see the file comment). */
async function deleteFile(deps: Pick<RetentionDeps, 'blobs' | 'locks'>, m: Marked): Promise<boolean> {
  try {
    await deps.blobs.delete(m.blob_key);
    return true;
  } catch (e) {
    if (!(e instanceof BlobRetainedError)) throw e;
  }
  if (!deps.locks) return false;
  // No active hold in nodmeld (the row is `deleting`, holds are refused): a legal hold the store
  // has is one whose release did not reach it. Lift it and try once more.
  if ((await deps.locks.legalHold([m.blob_key], false)).length > 0) return false;
  try {
    await deps.blobs.delete(m.blob_key);
    return true;
  } catch (e) {
    if (e instanceof BlobRetainedError) return false;
    throw e;
  }
}

/** Steps 2 and 3 for marked rows: the files, then the rows with their tombstones. */
async function finish(
  job: RetentionJob,
  deps: Pick<RetentionDeps, 'blobs' | 'now' | 'faults' | 'locks'>,
  marked: Marked[],
  refused: string[],
): Promise<number> {
  const rows: Marked[] = [];
  const kept: Marked[] = [];
  for (const m of marked) {
    // The waveform drawn from it first (derived from the audio; harmless if a kill leaves it for the rerun).
    for await (const w of deps.blobs.list(waveformPrefix(m.id))) await deps.blobs.delete(w.key);
    if (await deleteFile(deps, m)) rows.push(m);
    else kept.push(m);
    await deps.faults?.('retention.blob-deleted', m.id);
  }
  if (kept.length > 0) {
    // The file is there: the row goes back to `present`, to be tried by the next run.
    await job.transaction((tx) =>
      tx.query(
        `UPDATE recordings SET state = 'present', deleting_since = NULL
         WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND state = 'deleting'`,
        [JSON.stringify(kept.map((m) => m.id))],
      ),
    );
    refused.push(...kept.map((m) => m.id));
  }
  if (rows.length === 0) return 0;
  return job.transaction(async (tx) => {
    const ids = JSON.stringify(rows.map((m) => m.id));
    const gone = await tx.query<{ id: string }>(
      `DELETE FROM recordings WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) AND state = 'deleting' RETURNING id`,
      [ids],
    );
    const deletedIds = new Set(gone.rows.map((x) => x.id));
    const tombs = rows
      .filter((m) => deletedIds.has(m.id))
      .map((m) => ({
        recording_id: m.id,
        call_id: m.call_id,
        centre_id: m.centre_id,
        recording_date: dateOf(m.recording_date),
        sha256: m.sha256,
        size_bytes: m.size_bytes === null ? null : Number(m.size_bytes),
      }));
    if (tombs.length > 0) {
      await tx.query(
        `INSERT INTO recording_tombstones (recording_id, call_id, centre_id, recording_date, sha256, size_bytes, rule, deleted_at, deleted_by)
         SELECT t.recording_id, t.call_id, t.centre_id, t.recording_date::date, t.sha256, t.size_bytes::bigint, $2, $3, $4
         FROM jsonb_to_recordset($1::jsonb) AS t(recording_id text, call_id text, centre_id text, recording_date text, sha256 text, size_bytes text)
         ON CONFLICT (recording_id) DO NOTHING`,
        [JSON.stringify(tombs), RETENTION_RULE, deps.now.toISOString(), SYSTEM_ACTOR.name],
      );
    }
    return deletedIds.size;
  });
}

export interface DryRun {
  asOf: string;
  /** Recordings the next run would delete. */
  due: number;
  /** Recordings past their 3 years that a hold keeps. */
  held: number;
  /** The first of those due, in deletion order. */
  sample: { id: string; callId: string; centreId: string; recordingDate: string; deletableFrom: string }[];
}

/** What a run on `asOf` would delete (nothing is changed). */
export async function retentionDryRun(db: Queryable, asOf: string, limit: number): Promise<DryRun> {
  const counts = await db.query<{ due: string | number; held: string | number }>(
    `SELECT count(*) FILTER (WHERE active_holds = 0) AS due, count(*) FILTER (WHERE active_holds > 0) AS held
     FROM recordings WHERE state IN ('present', 'deleting') AND deletable_from <= $1::date`,
    [asOf],
  );
  const sample = await db.query<{
    id: string;
    call_id: string;
    centre_id: string;
    recording_date: string;
    deletable_from: string;
  }>(
    `SELECT id, call_id, centre_id, recording_date::text AS recording_date, deletable_from::text AS deletable_from FROM recordings
     WHERE state IN ('present', 'deleting') AND active_holds = 0 AND deletable_from <= $1::date
     ORDER BY deletable_from, id LIMIT $2`,
    [asOf, limit],
  );
  return {
    asOf,
    due: Number(counts.rows[0]!.due),
    held: Number(counts.rows[0]!.held),
    sample: sample.rows.map((r) => ({
      id: r.id,
      callId: r.call_id,
      centreId: r.centre_id,
      recordingDate: dateOf(r.recording_date),
      deletableFrom: dateOf(r.deletable_from),
    })),
  };
}
