/**
 * Crash safety of recordings on PGlite and PostgreSQL (issue 12; docs/lydlogg.md, "Crash safety"):
 * the work is stopped between its steps as a killed process stops (a step that never returns) or
 * fails there (the blob store or the database down), and after each stop no `present` recording
 * lacks its file and no file lacks its row; a restarted run finishes the deletions begun, the
 * verification clears dead uploads, and reports tampered files, missing files and orphans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { dbKinds } from '../../platform/db/testing.ts';
import { SimClock } from '../../platform/time/clock.ts';
import { FsBlobStore } from '../../platform/storage/fs-blob-store.ts';
import { readAll } from '../../platform/storage/blob-store.ts';
import { ingestRecording, type FaultPoint, type RecordingDeps } from '../recordings.ts';
import { pieces, wav } from '../testing/audio.ts';
import { createRecordingsTestApp, uniqueId, type RecordingsTestApp } from '../testing/app.ts';
import { runRetention } from './retention.ts';
import { verifyRecordings } from './verify.ts';

const never = () => new Promise<void>(() => undefined);
const tick = () => new Promise((r) => setTimeout(r, 20));

describe.each(dbKinds())('recordings crash safety on %s (issue 12)', (kind) => {
  let t: RecordingsTestApp;
  const clock = new SimClock({ start: Date.parse('2024-03-01T12:00:00Z') });
  beforeAll(async () => {
    t = await createRecordingsTestApp(kind, { NODMELD_RECORDING_UPLOAD_STALE_MS: '60000' }, clock);
  });
  afterAll(async () => t?.close());

  const deps = (stopAt?: { point: FaultPoint; how: 'kill' | 'fail' }): RecordingDeps => ({
    ...t.lydlogg.deps,
    faults: (point) => {
      if (point !== stopAt?.point) return;
      if (stopAt.how === 'kill') return never();
      throw new Error(`simulated failure at ${point}`);
    },
  });
  const job = {
    transaction: <T>(fn: Parameters<RecordingsTestApp['db']['transaction']>[0]) =>
      t.db.transaction(fn) as Promise<T>,
  };
  const retention = (d: RecordingDeps) =>
    runRetention(job, { db: t.db, blobs: d.blobs, now: clock.now(), batch: 10, faults: d.faults });

  /** No `present` row without its file; no file under recordings/ without a row. */
  async function invariant(): Promise<{ rows: number; files: number }> {
    const rows = await t.db.query<{ id: string; state: string; blob_key: string }>(
      'SELECT id, state, blob_key FROM recordings',
    );
    for (const r of rows.rows.filter((x) => x.state === 'present')) {
      expect(await t.lydlogg.deps.blobs.head(r.blob_key), `file of ${r.id}`).not.toBeNull();
    }
    const keys = new Set(rows.rows.map((r) => r.blob_key));
    let files = 0;
    for await (const b of t.lydlogg.deps.blobs.list('recordings/')) {
      files++;
      expect(keys.has(b.key), `row of ${b.key}`).toBe(true);
    }
    return { rows: rows.rows.length, files };
  }
  const stateOf = async (id: string) =>
    (await t.db.query<{ state: string }>('SELECT state FROM recordings WHERE id = $1', [id])).rows[0]
      ?.state ?? 'gone';
  const tombstoned = async (id: string) =>
    (await t.db.query('SELECT 1 FROM recording_tombstones WHERE recording_id = $1', [id])).rows.length === 1;
  const upload = async (startedAt = '2020-01-10T10:00:00Z') => {
    const id = uniqueId('crash');
    const r = await t.upload({ recordingId: id, startedAt, token: t.apiToken });
    expect(r.statusCode).toBe(201);
    return id;
  };

  it('killed after marking, or after deleting the file: the invariant holds and a restart finishes the deletion', async () => {
    for (const point of ['retention.marked', 'retention.blob-deleted'] as const) {
      const id = await upload();
      void retention(deps({ point, how: 'kill' }));
      for (let i = 0; i < 100 && (await stateOf(id)) !== 'deleting'; i++) await tick();
      await tick();
      expect(await stateOf(id)).toBe('deleting');
      await invariant();
      // A hold on a recording being deleted is refused, not lost.
      const leader = await t.tokenFor('centre-leader', 'lv-oslo');
      const hold = await t.post(
        `/api/v1/recordings/${id}/holds`,
        { caseKind: 'complaint', caseReference: 'k', reason: 'r' },
        leader,
      );
      expect(hold.json()).toMatchObject({ detailCode: 'recording.deleted' });
      // The restart.
      const r = await retention(deps());
      expect(r.resumed).toBe(1);
      expect(await stateOf(id)).toBe('gone');
      expect(await tombstoned(id)).toBe(true);
      await invariant();
    }
  });

  it('the blob store failing mid-deletion fails the run; the next run finishes it', async () => {
    const id = await upload();
    await expect(retention(deps({ point: 'retention.marked', how: 'fail' }))).rejects.toThrow(/simulated/);
    expect(await stateOf(id)).toBe('deleting');
    await invariant();
    await retention(deps());
    expect(await stateOf(id)).toBe('gone');
    await invariant();
  });

  it('an upload killed after its row, or after its file: the invariant holds; once stale the verification clears it; a retry succeeds', async () => {
    for (const point of ['ingest.row-written', 'ingest.blob-stored'] as const) {
      const id = uniqueId('killed-upload');
      const audio = wav({ frames: 8000 });
      const input = {
        callId: 'call-k',
        recordingId: id,
        centreId: 'lv-oslo',
        startedAt: '2024-03-01T10:00:00Z',
        durationMs: 1000,
        channels: 1,
        codec: 'pcm-s16le' as const,
        contentType: 'audio/wav',
      };
      void ingestRecording(deps({ point, how: 'kill' }), SYSTEM_ACTOR, { ...input, body: pieces(audio) });
      for (let i = 0; i < 100 && (await stateOf(id)) !== 'uploading'; i++) await tick();
      await tick();
      await tick();
      expect(await stateOf(id)).toBe('uploading');
      await invariant();
      // A retry while the dead upload is not yet stale: 409, retry later.
      const early = await t.upload({
        recordingId: id,
        callId: 'call-k',
        startedAt: input.startedAt,
        bytes: audio,
        token: t.apiToken,
      });
      expect(early.json()).toMatchObject({ detailCode: 'recording.upload-in-progress' });
      clock.set(clock.nowMs() + 61_000);
      const report = await verifyRecordings({ ...t.lydlogg.deps, now: clock.now(), uploadStaleMs: 60_000 });
      expect(report.clearedUploads).toBe(1);
      expect(await stateOf(id)).toBe('gone');
      await invariant();
      const retry = await t.upload({
        recordingId: id,
        callId: 'call-k',
        startedAt: input.startedAt,
        bytes: audio,
        token: t.apiToken,
      });
      expect(retry.statusCode).toBe(201);
      await invariant();
    }
  });

  it('the database failing at the end of an upload: the file goes, the row is cleared by the sweep', async () => {
    const id = uniqueId('db-down');
    const failing: RecordingDeps = {
      ...t.lydlogg.deps,
      db: {
        ...t.db,
        query: t.db.query.bind(t.db),
        exec: t.db.exec.bind(t.db),
        close: t.db.close.bind(t.db),
        kind: t.db.kind,
        transaction: () => Promise.reject(new Error('database unreachable')),
      },
    };
    await expect(
      ingestRecording(failing, SYSTEM_ACTOR, {
        callId: 'call-d',
        recordingId: id,
        centreId: 'lv-oslo',
        startedAt: '2024-03-01T10:00:00Z',
        durationMs: 1000,
        channels: 1,
        codec: 'pcm-s16le',
        contentType: 'audio/wav',
        body: pieces(wav({ frames: 8000 })),
      }),
    ).rejects.toThrow(/unreachable/);
    expect(await stateOf(id)).toBe('uploading');
    const { files } = await invariant();
    expect(files).toBeGreaterThanOrEqual(0);
    clock.set(clock.nowMs() + 61_000);
    await verifyRecordings({ ...t.lydlogg.deps, now: clock.now(), uploadStaleMs: 60_000 });
    expect(await stateOf(id)).toBe('gone');
  });

  it('the verification reports a tampered file, a missing file and an orphan, and changes none of them', async () => {
    const tampered = await upload('2025-01-01T10:00:00Z');
    const missing = await upload('2025-01-01T10:00:00Z');
    const blobs = t.lydlogg.deps.blobs;
    const keyOf = async (id: string) =>
      (await t.db.query<{ blob_key: string }>('SELECT blob_key FROM recordings WHERE id = $1', [id])).rows[0]!
        .blob_key;
    // Flip a sealed byte behind the encrypting store's back (the filesystem store under it).
    const disk = new FsBlobStore({ dir: t.blobDir });
    const got = await disk.get(await keyOf(tampered));
    const bytes = await readAll(got!.stream);
    bytes[bytes.length - 100]! ^= 1;
    await disk.put(await keyOf(tampered), bytes);
    await blobs.delete(await keyOf(missing));
    await blobs.put('recordings/orphan-x/attempt', Buffer.from('stray'));
    const report = await verifyRecordings({ ...t.lydlogg.deps, now: clock.now(), uploadStaleMs: 60_000 });
    expect(report.mismatches.map((m) => m.id)).toEqual([tampered]);
    expect(report.mismatches[0]!.why).toMatch(/authentication/);
    expect(report.missing).toEqual([missing]);
    expect(report.orphans).toEqual(['recordings/orphan-x/attempt']);
    expect(await stateOf(tampered)).toBe('present');
    await blobs.delete('recordings/orphan-x/attempt');
  });
});
