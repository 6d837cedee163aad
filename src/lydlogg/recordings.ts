/**
 * Keeping sound recordings (issue 12; REC-1, LV-5, AMK-5; docs/lydlogg.md): ingest, playback,
 * legal holds and the list of a call's recordings. The retention and the verification are in
 * retention/.
 *
 * Ingest order (crash safety: a file never exists without its row, a `present` row always has its
 * file): (1) the row is written as `uploading` with the blob key of this attempt; (2) the bytes
 * stream through the audio check and the SHA-256 into the blob port, which seals them (decision
 * 0008; a put is whole or nothing); (3) one transaction marks the row `present` with size and SHA-256, and the
 * audit row. A failure after (1) removes the blob and the row; a process killed after (1) leaves
 * an `uploading` row, which the sweep (retention/verify.ts) clears with its file once it is stale.
 *
 * Idempotent by recording id and content SHA-256: a retried upload of the same bytes answers the
 * stored recording (200, nothing stored twice); the same id with other bytes is a 409.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '../platform/auth/actor.ts';
import { recordAudit } from '../platform/audit.ts';
import type { Db, Queryable } from '../platform/db/types.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { BlobStore } from '../platform/storage/blob-store.ts';
import type { Clock } from '../platform/time/clock.ts';
import {
  audioChecker,
  AudioProblem,
  type AudioChecker,
  type AudioFacts,
  type Codec,
} from './domain/audio-format.ts';
import { deletableFromOf, recordingDateOf } from './domain/retention-rule.ts';
import {
  ACCESS_KINDS,
  type AccessKind,
  type HoldCaseKind,
  type RecordingState,
} from './domain/vocabulary.ts';
import type { RecordingLocks } from './object-lock.ts';
import { recordingsPolicy } from './policy.ts';
import { callsOfPatient } from '../calls/contact-records/contact-record-service.ts';
import { nationalIdProblem } from '../calls/contact-records/national-id.ts';
import { centresOfCall } from '../calls/read-calls.ts';

/**
 * Named points of the ingest and the deletion where a test can stop the work as a killed process
 * would stop it (a promise that never settles) or fail it (a rejected one).
 */
export type FaultPoint =
  'ingest.row-written' | 'ingest.blob-stored' | 'retention.marked' | 'retention.blob-deleted';
export type Faults = (point: FaultPoint, recordingId: string) => Promise<void> | void;

export interface RecordingDeps {
  db: Db;
  blobs: BlobStore;
  clock: Clock;
  maxBytes: number;
  uploadStaleMs: number;
  /** The AMK area of a centre (routing data), for access by area. */
  amkAreaOf?: (centreId: string) => string | null;
  faults?: Faults;
  /** The store's object lock, when it has one (object-lock.ts). */
  locks?: RecordingLocks;
}

export interface Recording {
  id: string;
  callId: string;
  centreId: string;
  state: RecordingState;
  startedAt: string;
  recordingDate: string;
  deletableFrom: string;
  durationMs: number;
  channels: number;
  codec: Codec;
  container: string;
  contentType: string;
  sampleRate: number;
  sizeBytes: number | null;
  sha256: string | null;
  held: boolean;
  createdAt: string;
}

export interface Hold {
  id: string;
  recordingId: string;
  caseKind: HoldCaseKind;
  caseReference: string;
  reason: string;
  heldBy: string;
  heldAt: string;
  releasedBy: string | null;
  releasedAt: string | null;
  releaseReason: string | null;
}

export interface RecordingRow {
  id: string;
  call_id: string;
  centre_id: string;
  amk_area: string | null;
  state: RecordingState;
  started_at: Date | string;
  recording_date: string;
  deletable_from: string;
  duration_ms: string | number;
  channels: number;
  codec: Codec;
  container: string;
  content_type: string;
  sample_rate: number;
  size_bytes: string | number | null;
  sha256: string | null;
  blob_key: string;
  key_id: string;
  chunk_size: number;
  active_holds: number;
  created_at: Date | string;
}

const iso = (v: Date | string) => new Date(v).toISOString();
/** A `date` column read as `::text` (YYYY-MM-DD; drivers would turn a Date into a time-zone question). */
export const dateOf = (v: string): string => v.slice(0, 10);

/** Every column of a recording row, dates as text. */
export const ROW = `id, call_id, centre_id, amk_area, state, started_at, recording_date::text AS recording_date,
  deletable_from::text AS deletable_from, duration_ms, channels, codec, container, content_type, sample_rate,
  size_bytes, sha256, blob_key, key_id, chunk_size, active_holds, created_at`;

export const toRecording = (r: RecordingRow): Recording => ({
  id: r.id,
  callId: r.call_id,
  centreId: r.centre_id,
  state: r.state,
  startedAt: iso(r.started_at),
  recordingDate: dateOf(r.recording_date),
  deletableFrom: dateOf(r.deletable_from),
  durationMs: Number(r.duration_ms),
  channels: r.channels,
  codec: r.codec,
  container: r.container,
  contentType: r.content_type,
  sampleRate: r.sample_rate,
  sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
  sha256: r.sha256,
  held: r.active_holds > 0,
  createdAt: iso(r.created_at),
});

export const problem = (
  code: ConstructorParameters<typeof AppError>[0],
  message: string,
  detailCode: string,
  params?: Record<string, string | number>,
) => new AppError(code, message, { detailCode, ...(params ? { detailParams: params } : {}) });

async function loadRow(q: Queryable, id: string, lock = false): Promise<RecordingRow | undefined> {
  const r = await q.query<RecordingRow>(
    `SELECT ${ROW} FROM recordings WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r.rows[0];
}

export const resourceOf = (r: Pick<RecordingRow, 'centre_id' | 'amk_area'>) => ({
  centreId: r.centre_id,
  amkId: r.amk_area,
});

export interface IngestInput {
  callId: string;
  recordingId: string;
  centreId: string;
  startedAt: string;
  durationMs: number;
  channels: number;
  codec: Codec;
  contentType: string;
  body: AsyncIterable<Uint8Array>;
}

/** Reads a body only to hash it (a retried upload of a stored recording), within the size limit. */
async function hashOnly(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<string> {
  const h = createHash('sha256');
  let size = 0;
  for await (const piece of body) {
    size += piece.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    h.update(piece);
  }
  return h.digest('hex');
}

const tooLarge = (maxBytes: number) =>
  new AppError('payload-too-large', `A recording is at most ${maxBytes} bytes`, {
    detailCode: 'recording.too-large',
    detailParams: { limit: maxBytes },
  });

/**
 * Stores a recording (see the file comment). Returns it and whether this call stored it (false:
 * the same bytes were already stored under the id).
 */
export async function ingestRecording(
  deps: RecordingDeps,
  actor: Actor,
  input: IngestInput,
): Promise<{ recording: Recording; created: boolean }> {
  // Sealed at the blob port (decision 0008): without a storage key recordings are never stored.
  const key = deps.blobs.encryption;
  if (!key) {
    throw problem(
      'unavailable',
      'Recordings cannot be stored: no storage key (NODMELD_STORAGE_KEY) is configured',
      'recording.no-key',
    );
  }
  if (
    !recordingsPolicy.can(actor, 'recordings.ingest', {
      centreId: input.centreId,
      amkId: deps.amkAreaOf?.(input.centreId) ?? null,
    })
  ) {
    throw new AppError('forbidden', 'You may not upload recordings for this centre');
  }
  let checker: AudioChecker;
  try {
    checker = audioChecker(input.contentType, { codec: input.codec, channels: input.channels });
  } catch (e) {
    throw asBadAudio(e);
  }
  const startedMs = Date.parse(input.startedAt);
  const recordingDate = recordingDateOf(startedMs);

  const tomb = await deps.db.query('SELECT 1 FROM recording_tombstones WHERE recording_id = $1', [
    input.recordingId,
  ]);
  if (tomb.rows.length > 0) {
    throw problem('conflict', 'A recording with this id was deleted by the retention', 'recording.deleted');
  }
  const existing = await loadRow(deps.db, input.recordingId);
  if (existing) {
    const again = await sameAsStored(deps, existing, input);
    if (again) return again;
  }

  // A recording of a known call is made at a centre the call was at: offered there, or transferred
  // or conferenced to it. A call not (yet) in the record is taken as declared.
  const centres = await centresOfCall(deps.db, input.callId);
  if (centres && !centres.includes(input.centreId)) {
    throw problem(
      'conflict',
      `The call ${input.callId} was never at ${input.centreId} (it was at ${centres.join(', ')})`,
      'recording.centre-not-of-call',
      { call: input.callId, centre: input.centreId, centres: centres.join(', ') },
    );
  }

  const blobKey = `recordings/${input.recordingId}/${randomUUID()}`;
  const nowIso = deps.clock.now().toISOString();
  const inserted = await deps.db.query(
    `INSERT INTO recordings (id, call_id, centre_id, amk_area, state, started_at, recording_date, deletable_from,
       duration_ms, channels, codec, container, content_type, sample_rate, blob_key, key_id, chunk_size, created_by, created_at)
     VALUES ($1, $2, $3, $4, 'uploading', $5, $6, $7, $8, $9, $10, 'unknown', $11, 0, $12, $13, $14, $15, $16)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      input.recordingId,
      input.callId,
      input.centreId,
      deps.amkAreaOf?.(input.centreId) ?? null,
      new Date(startedMs).toISOString(),
      recordingDate,
      deletableFromOf(recordingDate),
      input.durationMs,
      input.channels,
      input.codec,
      input.contentType,
      blobKey,
      key.keyId,
      key.chunkSize,
      actor.name,
      nowIso,
    ],
  );
  if (inserted.rows.length === 0) throw inProgress();
  await deps.faults?.('ingest.row-written', input.recordingId);

  const hash = createHash('sha256');
  let facts: AudioFacts | null = null;
  async function* checked(): AsyncGenerator<Uint8Array> {
    let size = 0;
    for await (const piece of input.body) {
      size += piece.byteLength;
      if (size > deps.maxBytes) throw tooLarge(deps.maxBytes);
      hash.update(piece);
      checker.push(piece);
      yield piece;
    }
    // Before the blob is committed: a cut or mis-declared file stores nothing.
    const f = checker.finish();
    const tolerance = Math.max(1000, f.durationMs * 0.02);
    if (Math.abs(f.durationMs - input.durationMs) > tolerance) {
      throw new AudioProblem(
        'recording.audio.duration-mismatch',
        `The audio lasts ${f.durationMs} ms, not the declared ${input.durationMs} ms`,
      );
    }
    facts = f;
  }
  let sha256: string;
  try {
    await deps.blobs.put(blobKey, checked(), {
      contentType: 'application/octet-stream',
      metadata: { recording: input.recordingId },
    });
    sha256 = hash.digest('hex');
  } catch (e) {
    await abandon(deps, input.recordingId, blobKey);
    throw asBadAudio(e);
  }
  await deps.faults?.('ingest.blob-stored', input.recordingId);
  const f = facts as AudioFacts | null;
  if (!f) throw new Error('unreachable: the audio was stored without its facts');
  let done: RecordingRow | undefined;
  try {
    done = await deps.db.transaction(async (tx) => {
      const r = await tx.query<RecordingRow>(
        `UPDATE recordings SET state = 'present', size_bytes = $3, sha256 = $4, container = $5, sample_rate = $6,
           duration_ms = $7, stored_at = $8
         WHERE id = $1 AND blob_key = $2 AND state = 'uploading' RETURNING ${ROW}`,
        [
          input.recordingId,
          blobKey,
          f.size,
          sha256,
          f.container,
          f.sampleRate,
          f.durationMs,
          deps.clock.now().toISOString(),
        ],
      );
      const row = r.rows[0];
      if (row) {
        await recordAudit(tx, actor, {
          action: 'recording.stored',
          entityType: 'recording',
          entityId: input.recordingId,
          centreId: input.centreId,
          details: { callId: input.callId, sha256, size: f.size, codec: f.codec, durationMs: f.durationMs },
        });
      }
      return row;
    });
  } catch (e) {
    // The database failed at the end: the row stays `uploading` (the sweep clears it), the file goes.
    await deps.blobs.delete(blobKey).catch(() => undefined);
    throw e;
  }
  if (!done) {
    // Taken as a dead upload meanwhile (stale) and cleared: this attempt's file goes too.
    await deps.blobs.delete(blobKey).catch(() => undefined);
    throw inProgress();
  }
  // Committed: now the store may lock the file until its deletion date (object-lock.ts).
  await deps.locks?.retain(blobKey, dateOf(done.deletable_from));
  return { recording: toRecording(done), created: true };
}

const inProgress = () =>
  new AppError('conflict', 'Another upload of this recording is in progress; retry later', {
    detailCode: 'recording.upload-in-progress',
    retryAfter: 30,
  });

function asBadAudio(e: unknown): unknown {
  if (e instanceof AudioProblem) return problem('bad-request', e.message, e.code);
  return e;
}

/** Removes a failed attempt: its file (if any), then its row — only while it is still this attempt's. */
async function abandon(deps: RecordingDeps, id: string, blobKey: string): Promise<void> {
  try {
    await deps.blobs.delete(blobKey);
    await deps.db.query(`DELETE FROM recordings WHERE id = $1 AND blob_key = $2 AND state = 'uploading'`, [
      id,
      blobKey,
    ]);
  } catch {
    // Left for the sweep: the row (if the database is down) names the file.
  }
}

/**
 * A recording already under the id: the same bytes (200, stored once), other bytes or another call
 * (409), an upload in progress (409, retry) — or a dead one, cleared so this upload can go on (null).
 */
async function sameAsStored(
  deps: RecordingDeps,
  row: RecordingRow,
  input: IngestInput,
): Promise<{ recording: Recording; created: false } | null> {
  if (row.state === 'uploading') {
    const age = deps.clock.nowMs() - new Date(row.created_at).getTime();
    if (age < deps.uploadStaleMs) throw inProgress();
    await clearDeadUpload(deps, row);
    return null;
  }
  if (row.state === 'deleting') {
    throw problem('conflict', 'The recording is being deleted by the retention', 'recording.deleted');
  }
  if (row.call_id !== input.callId) {
    throw problem('conflict', 'The recording id belongs to another call', 'recording.other-content');
  }
  const sha = await hashOnly(input.body, deps.maxBytes);
  if (sha !== row.sha256) {
    throw problem(
      'conflict',
      'A recording with this id and other content is stored',
      'recording.other-content',
    );
  }
  return { recording: toRecording(row), created: false };
}

/** Clears a dead upload: its file first, then the row (still only if it is the same attempt). */
export async function clearDeadUpload(
  deps: Pick<RecordingDeps, 'db' | 'blobs'>,
  row: Pick<RecordingRow, 'id' | 'blob_key'>,
): Promise<void> {
  await deps.blobs.delete(row.blob_key);
  await deps.db.query(`DELETE FROM recordings WHERE id = $1 AND blob_key = $2 AND state = 'uploading'`, [
    row.id,
    row.blob_key,
  ]);
}

/** The recording if the actor may do `action` on it, else 404 (whether or not it exists). */
export async function visible(
  q: Queryable,
  actor: Actor,
  id: string,
  action: 'recordings.listen' | 'recordings.hold',
  lock = false,
): Promise<RecordingRow> {
  const row = await loadRow(q, id, lock);
  if (!row || row.state === 'uploading' || !recordingsPolicy.can(actor, action, resourceOf(row))) {
    throw notFound('The recording');
  }
  return row;
}

export interface AudioRead {
  recording: Recording;
  /** Inclusive plaintext range sent. */
  start: number;
  end: number;
  size: number;
  stream: AsyncIterable<Buffer>;
}

/**
 * The audio of a recording (or a byte range of it), decrypted chunk by chunk, for someone allowed
 * to listen at its centre, with a stated reason. The access (who, when, which, why, which bytes)
 * is in the audit trail before any byte is sent.
 */
export async function readAudio(
  deps: Pick<RecordingDeps, 'db' | 'blobs'>,
  actor: Actor,
  id: string,
  opts: { reason: string; kind: 'play' | 'download'; range?: { start: number; end?: number } },
): Promise<AudioRead> {
  const row = await visible(deps.db, actor, id, 'recordings.listen');
  if (row.state !== 'present') throw notFound('The recording');
  const size = Number(row.size_bytes);
  const start = opts.range?.start ?? 0;
  const end = Math.min(opts.range?.end ?? size - 1, size - 1);
  if (!Number.isInteger(start) || start < 0 || start > end) {
    throw new AppError('bad-request', `The range is outside the recording (size ${size})`, {
      detailCode: 'recording.range-not-satisfiable',
      size,
    });
  }
  await recordAudit(deps.db, actor, {
    action: `recording.${opts.kind}`,
    entityType: 'recording',
    entityId: id,
    centreId: row.centre_id,
    details: {
      reason: opts.reason,
      callId: row.call_id,
      ...(opts.range ? { range: `${start}-${end}` } : {}),
    },
  });
  const body = await deps.blobs.get(row.blob_key, { range: { start, end } });
  if (!body) throw missingFile(id);
  if (body.info.size !== size) {
    throw new AppError('internal', `The file of recording ${id} has another size (run the verification)`);
  }
  return { recording: toRecording(row), start, end, size, stream: body.stream };
}

const missingFile = (id: string) =>
  new AppError('internal', `The file of recording ${id} is missing (run the verification)`);

/** A call's recordings the actor may listen to, with their holds (the read is audited); 404 if none. */
export async function listCallRecordings(
  db: Db,
  actor: Actor,
  callId: string,
): Promise<{ recording: Recording; holds: Hold[] }[]> {
  const r = await db.query<RecordingRow>(
    `SELECT ${ROW} FROM recordings WHERE call_id = $1 AND state <> 'uploading' ORDER BY started_at, id`,
    [callId],
  );
  const rows = r.rows.filter((row) => recordingsPolicy.can(actor, 'recordings.listen', resourceOf(row)));
  // A call whose recordings the actor may not hear answers like a call without any.
  if (rows.length === 0) throw notFound('A recording of the call');
  const holds = await db.query<HoldRow>(
    `SELECT * FROM recording_holds WHERE recording_id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY held_at`,
    [JSON.stringify(rows.map((x) => x.id))],
  );
  await recordAudit(db, actor, {
    action: 'recordings.list',
    entityType: 'call',
    entityId: callId,
    centreId: rows[0]!.centre_id,
    details: { recordings: rows.length },
  });
  return rows.map((row) => ({
    recording: toRecording(row),
    holds: holds.rows.filter((h) => h.recording_id === row.id).map(toHold),
  }));
}

interface HoldRow {
  id: string;
  recording_id: string;
  case_kind: HoldCaseKind;
  case_reference: string;
  reason: string;
  held_by: string;
  held_at: Date | string;
  released_by: string | null;
  released_at: Date | string | null;
  release_reason: string | null;
}

const toHold = (h: HoldRow): Hold => ({
  id: h.id,
  recordingId: h.recording_id,
  caseKind: h.case_kind,
  caseReference: h.case_reference,
  reason: h.reason,
  heldBy: h.held_by,
  heldAt: iso(h.held_at),
  releasedBy: h.released_by,
  releasedAt: h.released_at === null ? null : iso(h.released_at),
  releaseReason: h.release_reason,
});

export interface HoldInput {
  caseKind: HoldCaseKind;
  caseReference: string;
  reason: string;
}

async function holdLocked(
  tx: Queryable,
  actor: Actor,
  row: RecordingRow,
  input: HoldInput,
  nowIso: string,
): Promise<Hold> {
  if (row.state !== 'present') {
    throw problem('conflict', 'The recording is being deleted by the retention', 'recording.deleted');
  }
  const id = randomUUID();
  const r = await tx.query<HoldRow>(
    `INSERT INTO recording_holds (id, recording_id, case_kind, case_reference, reason, held_by, held_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [id, row.id, input.caseKind, input.caseReference, input.reason, actor.name, nowIso],
  );
  await tx.query(`UPDATE recordings SET active_holds = active_holds + 1 WHERE id = $1`, [row.id]);
  await recordAudit(tx, actor, {
    action: 'recording.held',
    entityType: 'recording',
    entityId: row.id,
    centreId: row.centre_id,
    details: {
      holdId: id,
      caseKind: input.caseKind,
      caseReference: input.caseReference,
      reason: input.reason,
    },
  });
  return toHold(r.rows[0]!);
}

/**
 * Holds a recording for a case: never deleted while a hold is active. One transaction with the
 * recording's row locked, so a retention run that has not yet marked it cannot take it (it skips
 * held rows), and one that has marked it makes the hold a 409 `recording.deleted`.
 */
export async function holdRecording(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  input: HoldInput,
  locks?: RecordingLocks,
): Promise<Hold> {
  const { hold, blobKey } = await db.transaction(async (tx) => {
    const row = await visible(tx, actor, id, 'recordings.hold', true);
    return {
      hold: await holdLocked(tx, actor, row, input, clock.now().toISOString()),
      blobKey: row.blob_key,
    };
  });
  // After the commit: nodmeld's hold is the authority, the store's legal hold a second wall.
  await locks?.legalHold([blobKey], true);
  return hold;
}

/** Holds every recording of a call the actor may hold, at once (one transaction); 404 if none. */
export async function holdCallRecordings(
  db: Db,
  clock: Clock,
  actor: Actor,
  callId: string,
  input: HoldInput,
  locks?: RecordingLocks,
): Promise<Hold[]> {
  const { holds, blobKeys } = await db.transaction(async (tx) => {
    const r = await tx.query<RecordingRow>(
      `SELECT ${ROW} FROM recordings WHERE call_id = $1 AND state = 'present' ORDER BY id FOR UPDATE`,
      [callId],
    );
    const rows = r.rows.filter((row) => recordingsPolicy.can(actor, 'recordings.hold', resourceOf(row)));
    if (rows.length === 0) throw notFound('A recording of the call');
    const nowIso = clock.now().toISOString();
    const holds: Hold[] = [];
    for (const row of rows) holds.push(await holdLocked(tx, actor, row, input, nowIso));
    return { holds, blobKeys: rows.map((row) => row.blob_key) };
  });
  await locks?.legalHold(blobKeys, true);
  return holds;
}

/**
 * Holds every recording of a patient the actor may hold, at once (REC-1: "also all recordings of a
 * patient"): the calls whose contact record names the patient by identity number (as the record
 * stands), every `present` recording of those calls in the actor's scope, one hold each, in one
 * transaction. The search itself is audited (`recording.patient-holds`: how many calls and
 * recordings, the case; the identity number masked to its date of birth). 400 for a number that is
 * not a fødselsnummer or D-nummer; 404 when no recording the actor may hold is found.
 */
export async function holdPatientRecordings(
  db: Db,
  clock: Clock,
  actor: Actor,
  nationalId: string,
  input: HoldInput,
  locks?: RecordingLocks,
): Promise<{ holds: Hold[]; calls: number }> {
  if (nationalIdProblem(nationalId)) {
    throw problem(
      'bad-request',
      'The identity number is not a valid fødselsnummer or D-nummer',
      'contact.national-id-invalid',
    );
  }
  const result = await db.transaction(async (tx) => {
    const callIds = await callsOfPatient(tx, nationalId);
    const r =
      callIds.length === 0
        ? { rows: [] as RecordingRow[] }
        : await tx.query<RecordingRow>(
            `SELECT ${ROW} FROM recordings WHERE call_id = ANY($1::text[]) AND state = 'present' ORDER BY id FOR UPDATE`,
            [callIds],
          );
    const rows = r.rows.filter((row) => recordingsPolicy.can(actor, 'recordings.hold', resourceOf(row)));
    await recordAudit(tx, actor, {
      action: 'recording.patient-holds',
      entityType: 'patient',
      entityId: `${nationalId.slice(0, 6)}*****`,
      centreId: null,
      details: {
        calls: callIds.length,
        recordings: rows.length,
        caseKind: input.caseKind,
        caseReference: input.caseReference,
      },
    });
    const nowIso = clock.now().toISOString();
    const holds: Hold[] = [];
    for (const row of rows) holds.push(await holdLocked(tx, actor, row, input, nowIso));
    return {
      holds,
      calls: new Set(rows.map((row) => row.call_id)).size,
      blobKeys: rows.map((row) => row.blob_key),
    };
  });
  // After the commit: the search stays in the audit trail when it found nothing.
  if (result.holds.length === 0) throw notFound('A recording of the patient');
  await locks?.legalHold(result.blobKeys, true);
  return { holds: result.holds, calls: result.calls };
}

/**
 * Releases a hold. With no other hold left the recording is under the 3-year rule again: past it,
 * the next retention run deletes it (no new period starts).
 */
export async function releaseHold(
  db: Db,
  clock: Clock,
  actor: Actor,
  holdId: string,
  reason: string,
  locks?: RecordingLocks,
): Promise<Hold> {
  const released = await db.transaction(async (tx) => {
    const h = await tx.query<HoldRow>(`SELECT * FROM recording_holds WHERE id = $1 FOR UPDATE`, [holdId]);
    const hold = h.rows[0];
    if (!hold) throw notFound('The hold');
    const row = await visible(tx, actor, hold.recording_id, 'recordings.hold', true);
    if (hold.released_at !== null) {
      throw problem('conflict', 'The hold is already released', 'recording.hold-released');
    }
    const r = await tx.query<HoldRow>(
      `UPDATE recording_holds SET released_by = $2, released_at = $3, release_reason = $4 WHERE id = $1 RETURNING *`,
      [holdId, actor.name, clock.now().toISOString(), reason],
    );
    const left = await tx.query<{ active_holds: number }>(
      `UPDATE recordings SET active_holds = active_holds - 1 WHERE id = $1 RETURNING active_holds`,
      [row.id],
    );
    await recordAudit(tx, actor, {
      action: 'recording.hold-released',
      entityType: 'recording',
      entityId: row.id,
      centreId: row.centre_id,
      details: { holdId, caseReference: hold.case_reference, reason },
    });
    return {
      hold: toHold(r.rows[0]!),
      blobKey: row.blob_key,
      lastHold: Number(left.rows[0]!.active_holds) === 0,
    };
  });
  // The last hold gone: the store's legal hold is lifted too (its retention still runs to the date).
  if (released.lastHold) await locks?.legalHold([released.blobKey], false);
  return released.hold;
}

export interface AccessEntry {
  at: string;
  actor: string | null;
  actorType: string;
  kind: string;
  recordingId: string;
  reason: string | null;
  range: string | null;
  /** For an export: the case whose recordings were exported. */
  caseReference: string | null;
}

/** What the access log lists: every read of a recording's audio or of what is drawn from it. */
export const ACCESS_ACTIONS: readonly string[] = ACCESS_KINDS.map((k) => `recording.${k}`);

export interface AccessLogFilter {
  centreId: string;
  recordingId?: string;
  /** Part of the user's name (case-insensitive). */
  actor?: string;
  kind?: AccessKind;
  /** Inclusive dates (YYYY-MM-DD, UTC days of the access). */
  from?: string;
  to?: string;
  limit: number;
}

/** The access log of a centre's recordings (or one recording), newest first, filtered. */
export async function readAccessLog(db: Db, opts: AccessLogFilter): Promise<AccessEntry[]> {
  const actions = opts.kind ? ACCESS_ACTIONS.filter((a) => a === `recording.${opts.kind}`) : ACCESS_ACTIONS;
  const r = await db.query<{
    at: Date | string;
    actor_name: string | null;
    actor_type: string;
    action: string;
    entity_id: string;
    details: Record<string, unknown> | string;
  }>(
    `SELECT at, actor_name, actor_type, action, entity_id, details FROM audit_events
     WHERE entity_type = 'recording' AND action IN (SELECT jsonb_array_elements_text($4::jsonb)) AND centre_id = $1
       AND ($2::text IS NULL OR entity_id = $2)
       AND ($5::text IS NULL OR lower(actor_name) LIKE '%' || lower($5) || '%')
       AND ($6::date IS NULL OR at >= $6::date)
       AND ($7::date IS NULL OR at < $7::date + 1)
     ORDER BY at DESC, id DESC LIMIT $3`,
    [
      opts.centreId,
      opts.recordingId ?? null,
      opts.limit,
      JSON.stringify(actions),
      opts.actor ?? null,
      opts.from ?? null,
      opts.to ?? null,
    ],
  );
  return r.rows.map((x) => {
    const d = (typeof x.details === 'string' ? JSON.parse(x.details) : x.details) as Record<string, unknown>;
    return {
      at: iso(x.at),
      actor: x.actor_name,
      actorType: x.actor_type,
      kind: x.action.slice('recording.'.length),
      recordingId: x.entity_id,
      reason: typeof d.reason === 'string' ? d.reason : null,
      range: typeof d.range === 'string' ? d.range : null,
      caseReference: typeof d.caseReference === 'string' ? d.caseReference : null,
    };
  });
}
