/**
 * Recordings on the S3-compatible blob store, selected by the settings (NODMELD_BLOB_STORE=s3;
 * issue 12, REC-1), on PGlite and PostgreSQL:
 *
 * - against s3rver (a real S3 implementation from npm): the server starts with S3 selected,
 *   a recording is uploaded (sealed by the one encrypting store: the object in the bucket is
 *   ciphertext), played with a range, and deleted by the retention after its three years;
 * - against the object-lock test server (`s3-lock-testing.ts`; s3rver answers the lock calls
 *   with NotImplemented): each recording is put under COMPLIANCE retention until the start of
 *   the Oslo day it may be deleted from; a hold turns the store's legal hold on and its release
 *   off; a deletion the store refuses (retention not yet run out by the store's clock) leaves the
 *   recording `present` with its object and is done by a later run; a legal hold left on in the
 *   store (a release that did not reach it) is lifted by the retention of an unheld recording;
 *   the verification sets lost locks again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { readAll } from '../../platform/storage/blob-store.ts';
import { startLockingS3, type LockingS3UnderTest } from '../../platform/storage/s3-lock-testing.ts';
import { startS3Store, type S3UnderTest } from '../../platform/storage/s3-testing.ts';
import { SimClock } from '../../platform/time/clock.ts';
import { wav } from '../testing/audio.ts';
import { createRecordingsTestApp, uniqueId, type RecordingsTestApp } from '../testing/app.ts';

const s3Env = (endpoint: string, bucket: string, lock = 'off') => ({
  NODMELD_BLOB_STORE: 's3',
  NODMELD_S3_ENDPOINT: endpoint,
  NODMELD_S3_BUCKET: bucket,
  NODMELD_S3_ACCESS_KEY_ID: 'S3RVER',
  NODMELD_S3_SECRET_ACCESS_KEY: 'S3RVER',
  NODMELD_S3_ALLOW_HTTP: 'true',
  NODMELD_S3_OBJECT_LOCK: lock,
});

describe.each(dbKinds())('recordings on S3 selected by the settings, on %s (REC-1)', (kind) => {
  let s3: S3UnderTest;
  let t: RecordingsTestApp;
  const clock = new SimClock({ start: Date.parse('2025-03-05T12:00:00Z') });
  beforeAll(async () => {
    s3 = await startS3Store();
    t = await createRecordingsTestApp(kind, s3Env(s3.endpoint, s3.bucket), clock);
    await t.system.jobs.start({ poll: false });
  });
  afterAll(async () => {
    await t?.close();
    await s3?.cleanup();
  });

  it('upload → play → retention delete, end to end against s3rver; the bucket holds only ciphertext', async () => {
    const id = uniqueId('s3');
    const audio = wav({ frames: 8000 });
    const up = await t.upload({ recordingId: id, bytes: audio });
    expect(up.statusCode).toBe(201);
    const { blob_key: blobKey } = (
      await t.db.query<{ blob_key: string }>('SELECT blob_key FROM recordings WHERE id = $1', [id])
    ).rows[0]!;
    const raw = await s3.store.get(blobKey);
    const stored = await readAll(raw!.stream);
    expect(stored.subarray(0, 5).toString('latin1')).toBe('NMENC');
    expect(stored.includes(audio.subarray(44, 200))).toBe(false);

    const play = await t.get(`/api/v1/recordings/${id}/audio?reason=test`, undefined, {
      range: 'bytes=0-99',
    });
    expect(play.statusCode).toBe(206);
    expect(play.rawPayload).toEqual(audio.subarray(0, 100));

    clock.set(Date.parse('2028-03-05T23:00:00Z')); // 00:00 on 6 March 2028 in Oslo
    await t.system.jobs.requestRun('lydlogg.retention');
    await t.system.jobs.tick();
    await t.system.jobs.idle();
    expect(t.lydlogg.lastRetention()).toMatchObject({ deleted: 1, refused: [] });
    expect(await s3.store.head(blobKey)).toBeNull();
    const tomb = await t.db.query('SELECT 1 FROM recording_tombstones WHERE recording_id = $1', [id]);
    expect(tomb.rows).toHaveLength(1);
  });
});

describe.each(dbKinds())('recordings under S3 object lock, on %s (REC-1)', (kind) => {
  let s3: LockingS3UnderTest;
  let t: RecordingsTestApp;
  let leader: string;
  const clock = new SimClock({ start: Date.parse('2025-03-05T12:00:00Z') });
  beforeAll(async () => {
    s3 = await startLockingS3({ mode: 'COMPLIANCE' });
    s3.setNow(clock.nowMs());
    t = await createRecordingsTestApp(kind, s3Env(s3.endpoint, s3.bucket, 'compliance'), clock);
    await t.system.jobs.start({ poll: false });
    leader = await t.tokenFor('centre-leader', 'lv-oslo');
  });
  afterAll(async () => {
    await t?.close();
    await s3?.cleanup();
  });

  const blobKeyOf = async (id: string) =>
    (await t.db.query<{ blob_key: string }>('SELECT blob_key FROM recordings WHERE id = $1', [id])).rows[0]
      ?.blob_key;
  const stateOf = async (id: string) =>
    (await t.db.query<{ state: string }>('SELECT state FROM recordings WHERE id = $1', [id])).rows[0]
      ?.state ?? 'gone';
  const run = async (job = 'lydlogg.retention') => {
    await t.system.jobs.requestRun(job);
    await t.system.jobs.tick();
    await t.system.jobs.idle();
    return t.system.jobs.get(job);
  };

  it('retention until the deletion date, legal holds mirrored, refusals kept and retried, stale store holds lifted', async () => {
    const [a, b, c] = [uniqueId('lock-a'), uniqueId('lock-b'), uniqueId('lock-c')];
    for (const id of [a, b, c]) expect((await t.upload({ recordingId: id })).statusCode).toBe(201);
    const [ka, kb, kc] = [await blobKeyOf(a), await blobKeyOf(b), await blobKeyOf(c)];
    // 5 March 2025 → deletable from 6 March 2028: retained until 00:00 Oslo that day (23:00 UTC).
    for (const k of [ka, kb, kc])
      expect(s3.versionsOf(k!)[0]!.retention).toEqual({
        mode: 'COMPLIANCE',
        until: new Date('2028-03-05T23:00:00.000Z'),
      });

    // A hold turns the store's legal hold on; its release turns it off.
    const held = await t.post(
      `/api/v1/recordings/${a}/holds`,
      { caseKind: 'complaint', caseReference: 'SAK-1', reason: 'klage' },
      leader,
    );
    expect(held.statusCode).toBe(201);
    expect(s3.versionsOf(ka!)[0]!.legalHold).toBe(true);
    const rel = await t.post(
      `/api/v1/recordings/holds/${held.json().id}/release`,
      { reason: 'ferdig' },
      leader,
    );
    expect(rel.statusCode).toBe(200);
    expect(s3.versionsOf(ka!)[0]!.legalHold).toBe(false);
    // b stays held; c's store hold is left on as if its release had not reached the store.
    expect(
      (
        await t.post(
          `/api/v1/recordings/${b}/holds`,
          { caseKind: 'supervision', caseReference: 'SAK-2', reason: 'tilsyn' },
          leader,
        )
      ).statusCode,
    ).toBe(201);
    await t.lydlogg.deps.blobs.locking!.setLegalHold(kc!, true);

    // nodmeld's date has come, the store's clock is a minute behind: it refuses; nothing is lost.
    clock.set(Date.parse('2028-03-05T23:00:00Z'));
    s3.setNow(Date.parse('2028-03-05T22:59:00Z'));
    expect((await run())?.lastOutcome).toBe('succeeded');
    const first = t.lydlogg.lastRetention()!;
    expect(first.deleted).toBe(0);
    expect([...first.refused].sort()).toEqual([a, c].sort());
    expect([await stateOf(a), await stateOf(b), await stateOf(c)]).toEqual(['present', 'present', 'present']);
    expect(s3.versionsOf(ka!)).toHaveLength(1);
    const play = await t.get(`/api/v1/recordings/${a}/audio?reason=test`);
    expect(play.statusCode).toBe(200);

    // The next run, the store's retention over: a and c go (c's stale store hold lifted first); b is held.
    s3.setNow(Date.parse('2028-03-06T01:00:00Z'));
    clock.set(Date.parse('2028-03-06T01:40:00Z'));
    expect((await run())?.lastOutcome).toBe('succeeded');
    expect(t.lydlogg.lastRetention()).toMatchObject({ deleted: 2, refused: [] });
    expect([await stateOf(a), await stateOf(b), await stateOf(c)]).toEqual(['gone', 'present', 'gone']);
    expect(s3.versionsOf(ka!)).toEqual([]);
    expect(s3.versionsOf(kc!)).toEqual([]);
    expect(s3.versionsOf(kb!)[0]).toMatchObject({ legalHold: true });

    // The verification sets a lost lock again: b's store hold lifted behind nodmeld's back.
    await t.lydlogg.deps.blobs.locking!.setLegalHold(kb!, false);
    expect((await run('lydlogg.verify'))?.lastOutcome).toBe('succeeded');
    expect(t.lydlogg.lastVerify()).toMatchObject({ relocked: 1, lockFailures: [] });
    expect(s3.versionsOf(kb!)[0]).toMatchObject({ legalHold: true });
  });

  it('the store keeps a recording before its date: a delete straight at the bucket is refused (BlobRetainedError)', async () => {
    const id = uniqueId('lock-d');
    expect((await t.upload({ recordingId: id, startedAt: '2028-03-06T10:00:00Z' })).statusCode).toBe(201);
    const key = (await blobKeyOf(id))!;
    await expect(t.lydlogg.deps.blobs.delete(key)).rejects.toThrow(/locked/);
    expect(await stateOf(id)).toBe('present');
    expect((await t.get(`/api/v1/recordings/${id}/audio?reason=test`)).statusCode).toBe(200);
  });
});
