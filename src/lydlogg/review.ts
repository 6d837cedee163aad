/**
 * Reviewing recordings (issue 12; docs/lydlogg.md, "Review"): the waveform a player draws, and
 * the leaders' search of a centre's recordings (by date, call, held or not, near deletion).
 *
 * The waveform is computed from the decoded audio as it streams out of the blob store (memory:
 * one array of peaks), then kept as a small blob `recording-waveforms/<id>/<points>` (sealed like
 * every blob) so the next player does not decode again; the retention deletes it with the
 * recording. Reading it is an access of the recording: it needs `recordings.listen`, a reason,
 * and it is in the access log (`recording.waveform`).
 */
import type { Actor } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Db } from '../platform/db/types.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { readAll, type BlobStore } from '../platform/storage/blob-store.ts';
import { WaveformBuilder, WaveformUnsupported, type Waveform } from './domain/waveform.ts';
import { recordingsPolicy } from './policy.ts';
import {
  ROW,
  problem,
  resourceOf,
  toRecording,
  visible,
  type Recording,
  type RecordingRow,
} from './recordings.ts';

export const waveformPrefix = (recordingId: string) => `recording-waveforms/${recordingId}/`;

export interface RecordingWaveform extends Waveform {
  recordingId: string;
  durationMs: number;
}

export async function recordingWaveform(
  deps: { db: Db; blobs: BlobStore },
  actor: Actor,
  id: string,
  opts: { reason: string; points: number },
): Promise<RecordingWaveform> {
  const row = await visible(deps.db, actor, id, 'recordings.listen');
  if (row.state !== 'present') throw notFound('The recording');
  let builder: WaveformBuilder;
  try {
    builder = new WaveformBuilder({
      container: row.container as 'wav' | 'raw' | 'ogg',
      codec: row.codec,
      channels: row.channels,
      size: Number(row.size_bytes),
      points: opts.points,
    });
  } catch (e) {
    if (e instanceof WaveformUnsupported) {
      throw problem('unprocessable', e.message, 'recording.waveform.unsupported', { codec: row.codec });
    }
    throw e;
  }
  await recordAudit(deps.db, actor, {
    action: 'recording.waveform',
    entityType: 'recording',
    entityId: id,
    centreId: row.centre_id,
    details: { reason: opts.reason, callId: row.call_id },
  });
  const out = (w: Waveform): RecordingWaveform => ({
    recordingId: id,
    durationMs: Number(row.duration_ms),
    ...w,
  });
  const cacheKey = `${waveformPrefix(id)}${opts.points}`;
  const cached = await deps.blobs.get(cacheKey).catch(() => null);
  if (cached) {
    try {
      return out(JSON.parse((await readAll(cached.stream)).toString('utf8')) as Waveform);
    } catch {
      // A damaged cache entry: computed again below and replaced.
    }
  }
  const body = await deps.blobs.get(row.blob_key);
  if (!body) throw new AppError('internal', `The file of recording ${id} is missing (run the verification)`);
  for await (const piece of body.stream as AsyncIterable<Buffer>) builder.push(piece);
  const wave = builder.finish();
  // A cache that cannot be written costs a decode next time, nothing more.
  await deps.blobs
    .put(cacheKey, Buffer.from(JSON.stringify(wave)), { contentType: 'application/json' })
    .catch(() => undefined);
  return out(wave);
}

export interface RecordingSearch {
  centreId: string;
  /** Recording dates (Europe/Oslo), inclusive. */
  from?: string;
  to?: string;
  callId?: string;
  held?: boolean;
  /** Unheld recordings the retention may delete within this many days of `today`. */
  dueWithinDays?: number;
  today: string;
  limit: number;
}

export interface FoundRecording {
  recording: Recording;
  /** The case references of its active holds. */
  caseReferences: string[];
}

/** A centre's stored recordings for its leaders, newest first; the search is audited. */
export async function searchRecordings(db: Db, actor: Actor, q: RecordingSearch): Promise<FoundRecording[]> {
  const dueBy =
    q.dueWithinDays === undefined
      ? null
      : new Date(Date.parse(`${q.today}T00:00:00Z`) + q.dueWithinDays * 86_400_000)
          .toISOString()
          .slice(0, 10);
  const r = await db.query<RecordingRow & { case_refs: string | null }>(
    `SELECT ${ROW}, (SELECT string_agg(DISTINCT h.case_reference, '\n') FROM recording_holds h
                     WHERE h.recording_id = recordings.id AND h.released_at IS NULL) AS case_refs
     FROM recordings
     WHERE centre_id = $1 AND state = 'present'
       AND ($2::date IS NULL OR recording_date >= $2::date)
       AND ($3::date IS NULL OR recording_date <= $3::date)
       AND ($4::text IS NULL OR call_id = $4)
       AND ($5::boolean IS NULL OR (active_holds > 0) = $5)
       AND ($6::date IS NULL OR (active_holds = 0 AND deletable_from <= $6::date))
     ORDER BY started_at DESC, id LIMIT $7`,
    [q.centreId, q.from ?? null, q.to ?? null, q.callId ?? null, q.held ?? null, dueBy, q.limit],
  );
  const rows = r.rows.filter((row) => recordingsPolicy.can(actor, 'recordings.search', resourceOf(row)));
  await recordAudit(db, actor, {
    action: 'recordings.searched',
    entityType: 'recordings',
    entityId: q.centreId,
    centreId: q.centreId,
    details: {
      from: q.from ?? null,
      to: q.to ?? null,
      callId: q.callId ?? null,
      held: q.held ?? null,
      dueWithinDays: q.dueWithinDays ?? null,
      found: rows.length,
    },
  });
  return rows.map((row) => ({
    recording: toRecording(row),
    caseReferences: row.case_refs ? row.case_refs.split('\n').sort() : [],
  }));
}
