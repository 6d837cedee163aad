/**
 * Ingest and playback of recordings over HTTP on PGlite and PostgreSQL (issue 12; REC-1, LV-5,
 * AMK-5): WAV, raw G.711 and Ogg/Opus stored encrypted (no audio in the clear on disk), a retried
 * upload recognised by its SHA-256, other bytes under the id refused, bad or cut audio refused
 * with nothing left behind, playback with ranges and a stated reason, every access logged, and
 * another centre's operator refused.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../platform/db/testing.ts';
import { scriptCallEvents } from '../calls/testing/call-events.ts';
import { oggOpus, wav } from './testing/audio.ts';
import { createRecordingsTestApp, uniqueId, type RecordingsTestApp } from './testing/app.ts';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  };
  await walk(dir);
  return out;
}

describe.each(dbKinds())('recordings: ingest and playback on %s (issue 12; REC-1, LV-5, AMK-5)', (kind) => {
  let t: RecordingsTestApp;
  let oslo: string;
  let bergen: string;
  beforeAll(async () => {
    t = await createRecordingsTestApp(kind);
    oslo = await t.tokenFor('operator', 'lv-oslo');
    bergen = await t.tokenFor('operator', 'lv-bergen');
  });
  afterAll(async () => t?.close());

  const recordingFiles = async () => (await filesUnder(path.join(t.blobDir, 'objects', 'recordings'))).length;

  it('stores a WAV encrypted, recognises a retried upload of the same bytes, refuses other bytes (409)', async () => {
    const id = uniqueId('rec');
    const audio = wav({ frames: 16000, seed: 7 });
    const first = await t.upload({ recordingId: id, bytes: audio, durationMs: 2000 });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      created: true,
      recording: {
        id,
        callId: 'call-1',
        state: 'present',
        codec: 'pcm-s16le',
        container: 'wav',
        durationMs: 2000,
        sizeBytes: audio.length,
        sha256: createHash('sha256').update(audio).digest('hex'),
        recordingDate: '2025-03-05',
        deletableFrom: '2028-03-06',
        held: false,
      },
    });
    const files = await filesUnder(path.join(t.blobDir, 'objects', 'recordings', id));
    expect(files).toHaveLength(1);
    // No run of the audio is on disk in the clear.
    expect((await readFile(files[0]!)).includes(audio.subarray(1000, 1064))).toBe(false);
    const again = await t.upload({ recordingId: id, bytes: audio, durationMs: 2000 });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, recording: { id } });
    expect(await filesUnder(path.join(t.blobDir, 'objects', 'recordings', id))).toHaveLength(1);
    const other = await t.upload({
      recordingId: id,
      bytes: wav({ frames: 16000, seed: 8 }),
      durationMs: 2000,
    });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ detailCode: 'recording.other-content' });
  });

  it('stores raw G.711 and Ogg/Opus', async () => {
    const g711 = await t.upload({
      recordingId: uniqueId('g711'),
      bytes: Buffer.alloc(24000, 0xd5),
      contentType: 'audio/PCMA',
      codec: 'g711-alaw',
      durationMs: 3000,
    });
    expect(g711.statusCode).toBe(201);
    expect(g711.json().recording).toMatchObject({ container: 'raw', codec: 'g711-alaw', durationMs: 3000 });
    const opus = await t.upload({
      recordingId: uniqueId('opus'),
      bytes: oggOpus({ packets: 250, channels: 2 }),
      contentType: 'audio/ogg',
      codec: 'opus',
      channels: 2,
      durationMs: 5000,
    });
    expect(opus.statusCode).toBe(201);
    expect(opus.json().recording).toMatchObject({ container: 'ogg', sampleRate: 48000, durationMs: 5000 });
  });

  it('refuses cut, corrupt, mis-declared or unsupported audio with a code, leaving no row and no file', async () => {
    const before = await recordingFiles();
    const w = wav({ frames: 8000 });
    const cases = [
      { bytes: w.subarray(0, w.length - 10), code: 'recording.audio.truncated' },
      { bytes: Buffer.from('hello, not audio'), code: 'recording.audio.malformed' },
      { bytes: w, channels: 2, code: 'recording.audio.declared-mismatch' },
      { bytes: w, durationMs: 60_000, code: 'recording.audio.duration-mismatch' },
      { bytes: w, contentType: 'audio/mpeg', code: 'recording.audio.unsupported-type' },
    ];
    for (const c of cases) {
      const id = uniqueId('bad');
      const r = await t.upload({ recordingId: id, ...c });
      expect(r.statusCode, c.code).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ detailCode: c.code });
      const row = await t.db.query('SELECT 1 FROM recordings WHERE id = $1', [id]);
      expect(row.rows).toHaveLength(0);
    }
    expect(await recordingFiles()).toBe(before);
  });

  it('refuses an upload over the size limit (413) and leaves nothing', async () => {
    const small = await createRecordingsTestApp(kind, { NODMELD_RECORDING_MAX_BYTES: '2048' });
    try {
      const id = uniqueId('big');
      const r = await small.upload({ recordingId: id, bytes: wav({ frames: 4000 }), durationMs: 500 });
      expect(r.statusCode).toBe(413);
      expect(r.json()).toMatchObject({ detailCode: 'recording.too-large' });
      expect((await small.db.query('SELECT 1 FROM recordings')).rows).toHaveLength(0);
    } finally {
      await small.close();
    }
  });

  it('refuses uploads when no storage key is configured (503), storing nothing in the clear', async () => {
    const keyless = await createRecordingsTestApp(kind, { NODMELD_STORAGE_KEY: '' });
    try {
      const r = await keyless.upload({ recordingId: uniqueId('nokey') });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ detailCode: 'recording.no-key' });
    } finally {
      await keyless.close();
    }
  });

  it('plays a recording whole and by range (206) with a reason; without one 400; every access logged (LV-5)', async () => {
    const id = uniqueId('play');
    const audio = wav({ frames: 40000, seed: 3 });
    expect((await t.upload({ recordingId: id, bytes: audio, durationMs: 5000 })).statusCode).toBe(201);
    const url = `/api/v1/recordings/${id}/audio`;
    const none = await t.get(url, oslo);
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ detailCode: 'recording.reason-required' });
    const whole = await t.get(`${url}?reason=${encodeURIComponent('kvalitetssikring')}`, oslo);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/wav');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.equals(audio)).toBe(true);
    const part = await t.get(url, oslo, {
      range: 'bytes=70000-70999',
      'x-nodmeld-reason': 'klage%20fra%20pasient',
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 70000-70999/${audio.length}`);
    expect(part.rawPayload.equals(audio.subarray(70000, 71000))).toBe(true);
    const tail = await t.get(`${url}?reason=x&download=1`, oslo, { range: 'bytes=-100' });
    expect(tail.statusCode).toBe(206);
    expect(tail.headers['content-disposition']).toContain('attachment');
    expect(tail.rawPayload.equals(audio.subarray(audio.length - 100))).toBe(true);
    const outside = await t.get(`${url}?reason=x`, oslo, { range: `bytes=${audio.length}-` });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${audio.length}`);
    // Another centre's operator: as if it did not exist; nothing logged for them.
    expect((await t.get(`${url}?reason=x`, bergen)).statusCode).toBe(404);
    const leader = await t.tokenFor('centre-leader', 'lv-oslo');
    const log = await t.get(`/api/v1/recordings/access-log?centre=lv-oslo&recordingId=${id}`, leader);
    expect(log.statusCode).toBe(200);
    expect(
      log
        .json()
        .entries.map((e: { kind: string; reason: string; range: string | null }) => [
          e.kind,
          e.reason,
          e.range,
        ]),
    ).toEqual([
      ['download', 'x', `${audio.length - 100}-${audio.length - 1}`],
      ['play', 'klage fra pasient', '70000-70999'],
      ['play', 'kvalitetssikring', null],
    ]);
    expect(
      (
        await t.get(
          '/api/v1/recordings/access-log?centre=lv-oslo',
          await t.tokenFor('centre-leader', 'lv-bergen'),
        )
      ).statusCode,
    ).toBe(403);
  });

  it('a tampered file fails loudly on playback, never hands out altered audio', async () => {
    const id = uniqueId('tamper');
    const audio = wav({ frames: 40000 });
    expect((await t.upload({ recordingId: id, bytes: audio, durationMs: 5000 })).statusCode).toBe(201);
    const [file] = await filesUnder(path.join(t.blobDir, 'objects', 'recordings', id));
    const { open } = await import('node:fs/promises');
    const fh = await open(file!, 'r+');
    const b = Buffer.alloc(1);
    const at = (await fh.stat()).size - 5000;
    await fh.read(b, 0, 1, at);
    b[0]! ^= 0x40;
    await fh.write(b, 0, 1, at);
    await fh.close();
    const r = await t.get(`/api/v1/recordings/${id}/audio?reason=test`, oslo, { range: 'bytes=70000-79999' });
    // Headers may have gone out: the body is cut short, never the altered bytes.
    expect(r.rawPayload.equals(audio.subarray(70000, 80000))).toBe(false);
  });

  it('lists a call’s recordings for the centre’s operator, none for another centre', async () => {
    const callId = uniqueId('call');
    await t.upload({ callId, recordingId: uniqueId('a') });
    await t.upload({ callId, recordingId: uniqueId('b') });
    const mine = await t.get(`/api/v1/calls/${callId}/recordings`, oslo);
    expect(mine.json().recordings).toHaveLength(2);
    expect((await t.get(`/api/v1/calls/${callId}/recordings`, bergen)).statusCode).toBe(404);
  });

  it('the centre’s integration is refused for another centre; the national one may upload', async () => {
    const gwToken = await t.tokenWith([{ role: 'integration', scope: { level: 'centre', id: 'lv-bergen' } }]);
    const r = await t.upload({ recordingId: uniqueId('gw'), token: gwToken });
    expect(r.statusCode).toBe(403);
    expect((await t.upload({ recordingId: uniqueId('gw'), token: t.apiToken })).statusCode).toBe(201);
    const audit = await t.db.query<{ actor_name: string }>(
      `SELECT actor_name FROM audit_events WHERE action = 'recording.stored' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('a recording of a known call is made at a centre the call was at: refused (409) elsewhere, taken after a transfer to AMK; an unknown call as declared', async () => {
    const callId = uniqueId('known-call');
    const events = scriptCallEvents({
      callId,
      centreId: 'lv-oslo',
      municipality: '0301',
      offeredAt: Date.now() - 120_000,
      answerMs: 10_000,
    });
    expect((await t.post('/api/v1/calls/events', { events })).json()).toMatchObject({ refused: 0 });
    const elsewhere = await t.upload({
      callId,
      recordingId: uniqueId('else'),
      centreId: 'lv-bergen',
      token: t.apiToken,
    });
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json()).toMatchObject({
      detailCode: 'recording.centre-not-of-call',
      detailParams: { call: callId, centre: 'lv-bergen', centres: 'lv-oslo' },
    });
    expect((await t.db.query('SELECT 1 FROM recordings WHERE call_id = $1', [callId])).rows).toHaveLength(0);
    expect(
      (await t.upload({ callId, recordingId: uniqueId('own'), centreId: 'lv-oslo', token: t.apiToken }))
        .statusCode,
    ).toBe(201);
    // Transferred to AMK Oslo: AMK's recording of the call is the call's too.
    const transferred = {
      eventId: `${callId}:transfer-amk`,
      callId,
      occurredAt: new Date(Date.now() - 30_000).toISOString(),
      source: 'centre-telephony',
      type: 'transferred',
      target: { kind: 'amk', id: 'amk-oslo' },
      outcome: 'connected',
    };
    const ingested = (await t.post('/api/v1/calls/events', { events: [transferred] })).json<{
      refused: number;
    }>();
    expect(ingested.refused).toBe(0);
    expect(
      (await t.upload({ callId, recordingId: uniqueId('amk'), centreId: 'amk-oslo', token: t.apiToken }))
        .statusCode,
    ).toBe(201);
    // A call not in the record (yet): as declared.
    expect(
      (
        await t.upload({
          callId: uniqueId('unknown-call'),
          recordingId: uniqueId('u'),
          centreId: 'lv-bergen',
          token: t.apiToken,
        })
      ).statusCode,
    ).toBe(201);
  });
});
