/**
 * Reviewing recordings over HTTP on PGlite and PostgreSQL (issue 12; LV-5, REC-1): the waveform
 * (a reason, the access log, the cache, deleted with the recording; Opus left to the browser), the leaders' search (dates,
 * call, held, near deletion) and the access log's filters.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import { dbKinds } from '../platform/db/testing.ts';
import { osloDate } from '../platform/time/calendar.ts';
import { holdRecording } from './recordings.ts';
import { runRetention } from './retention/retention.ts';
import { wav } from './testing/audio.ts';
import { createRecordingsTestApp, uniqueId, type RecordingsTestApp } from './testing/app.ts';

describe.each(dbKinds())('recordings review on %s (issue 12; LV-5, REC-1)', (kind) => {
  let t: RecordingsTestApp;
  let leader: string;
  let bergenLeader: string;
  let operator: string;
  beforeAll(async () => {
    t = await createRecordingsTestApp(kind);
    leader = await t.tokenFor('centre-leader', 'lv-oslo');
    bergenLeader = await t.tokenFor('centre-leader', 'lv-bergen');
    operator = await t.tokenFor('operator', 'lv-oslo');
  });
  afterAll(async () => t?.close());

  const keys = async (prefix: string) => {
    const out: string[] = [];
    for await (const b of t.lydlogg.deps.blobs.list(prefix)) out.push(b.key);
    return out;
  };

  it('the waveform: a reason required, the access logged, cached, and deleted with the recording by the retention (LV-5)', async () => {
    const id = uniqueId('wave');
    const call = uniqueId('call');
    expect(
      (
        await t.upload({
          recordingId: id,
          callId: call,
          bytes: wav({ frames: 16000 }),
          durationMs: 2000,
          startedAt: '2020-01-10T10:00:00Z',
        })
      ).statusCode,
    ).toBe(201);
    expect((await t.get(`/api/v1/recordings/${id}/waveform`, operator)).json()).toMatchObject({
      detailCode: 'recording.reason-required',
    });
    const r = await t.get(
      `/api/v1/recordings/${id}/waveform?points=50&reason=${encodeURIComponent('Klage på svar')}`,
      operator,
    );
    expect(r.statusCode).toBe(200);
    const wave = r.json<{ points: number; peaks: number[]; durationMs: number }>();
    expect(wave).toMatchObject({ recordingId: id, points: 50, durationMs: 2000 });
    expect(wave.peaks).toHaveLength(50);
    expect(wave.peaks.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(await keys(`recording-waveforms/${id}/`)).toEqual([`recording-waveforms/${id}/50`]);
    const again = await t.get(`/api/v1/recordings/${id}/waveform?points=50`, operator, {
      'x-nodmeld-reason': 'igjen',
    });
    expect(again.json()).toEqual(wave);
    const log = await t.get(
      `/api/v1/recordings/access-log?centre=lv-oslo&recordingId=${id}&kind=waveform`,
      leader,
    );
    expect(log.json<{ entries: { kind: string; reason: string }[] }>().entries.map((e) => e.reason)).toEqual([
      'igjen',
      'Klage på svar',
    ]);
    const job = {
      transaction: <T>(fn: Parameters<RecordingsTestApp['db']['transaction']>[0]) =>
        t.db.transaction(fn) as Promise<T>,
    };
    await runRetention(job, { db: t.db, blobs: t.lydlogg.deps.blobs, now: new Date(), batch: 100 });
    expect(await keys(`recording-waveforms/${id}/`)).toEqual([]);
    expect((await t.get(`/api/v1/recordings/${id}/waveform?reason=x`, operator)).statusCode).toBe(404);
  });

  it('a real Opus recording: stored with its duration; no waveform from the server (422 with a code: the browser decodes it from the one logged read of the whole file); another centre’s recording: 404', async () => {
    const id = uniqueId('opus');
    const real = await readFile(new URL('./testing/fixtures/silence-then-tone.opus', import.meta.url));
    const up = await t.upload({
      recordingId: id,
      bytes: real,
      contentType: 'audio/ogg',
      codec: 'opus',
      durationMs: 3000,
    });
    expect(up.statusCode).toBe(201);
    expect(up.json().recording).toMatchObject({ container: 'ogg', codec: 'opus', durationMs: 3000 });
    const r = await t.get(`/api/v1/recordings/${id}/waveform?reason=x`, operator);
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({
      detailCode: 'recording.waveform.unsupported',
    });
    // What the player reads for the browser to decode: the file whole, as uploaded, logged as a playback.
    const whole = await t.get(`/api/v1/recordings/${id}/audio?reason=lydb%C3%B8lge`, operator);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('audio/ogg');
    expect(whole.rawPayload.equals(real)).toBe(true);
    const log = await t.get(`/api/v1/recordings/access-log?centre=lv-oslo&recordingId=${id}`, leader);
    expect(
      log
        .json()
        .entries.map((e: { kind: string; reason: string; range: string | null }) => [e.kind, e.reason]),
    ).toEqual([['play', 'lydbølge']]);
    const bergen = await t.tokenFor('operator', 'lv-bergen');
    expect((await t.get(`/api/v1/recordings/${id}/waveform?reason=x`, bergen)).statusCode).toBe(404);
  });

  it('the leaders’ search: by dates, call, held, and near deletion; only their centre; audited', async () => {
    const call = uniqueId('scall');
    const today = osloDate(new Date());
    const nearStart = new Date(Date.now() - (3 * 365 - 5) * 86_400_000).toISOString();
    const ids = { old: uniqueId('s'), recent: uniqueId('s'), held: uniqueId('s') };
    await t.upload({ recordingId: ids.old, callId: call, startedAt: nearStart });
    await t.upload({ recordingId: ids.recent, callId: call, startedAt: new Date().toISOString() });
    await t.upload({ recordingId: ids.held, callId: call, startedAt: nearStart });
    await holdRecording(t.db, t.lydlogg.deps.clock, SYSTEM_ACTOR, ids.held, {
      caseKind: 'complaint',
      caseReference: 'HT-2026/17',
      reason: 'klage',
    });
    const search = async (q: string, token = leader) => {
      const r = await t.get(`/api/v1/recordings?centre=lv-oslo&callId=${call}${q}`, token);
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ recordings: { recording: { id: string }; caseReferences: string[] }[] }>().recordings;
    };
    expect((await search('')).map((x) => x.recording.id).sort()).toEqual(Object.values(ids).sort());
    expect((await search('&held=true')).map((x) => x.recording.id)).toEqual([ids.held]);
    expect((await search('&held=true'))[0]!.caseReferences).toEqual(['HT-2026/17']);
    expect((await search('&held=false')).map((x) => x.recording.id).sort()).toEqual(
      [ids.old, ids.recent].sort(),
    );
    expect((await search('&dueWithinDays=30')).map((x) => x.recording.id)).toEqual([ids.old]);
    expect((await search(`&from=${today}&to=${today}`)).map((x) => x.recording.id)).toEqual([ids.recent]);
    expect((await t.get(`/api/v1/recordings?centre=lv-oslo`, bergenLeader)).statusCode).toBe(403);
    expect((await t.get(`/api/v1/recordings?centre=lv-oslo`, operator)).statusCode).toBe(403);
    expect((await t.get(`/api/v1/recordings?centre=lv-oslo&held=maybe`, leader)).statusCode).toBe(400);
    const audit = await t.db.query(
      `SELECT 1 FROM audit_events WHERE action = 'recordings.searched' AND entity_id = 'lv-oslo'`,
    );
    expect(audit.rows.length).toBeGreaterThan(0);
  });

  it('the access log filters by user, kind and date', async () => {
    const id = uniqueId('log');
    await t.upload({ recordingId: id });
    await t.get(`/api/v1/recordings/${id}/audio?reason=lytt`, operator);
    await t.get(`/api/v1/recordings/${id}/audio?reason=last&download=1`, leader);
    const entries = async (q: string) =>
      (await t.get(`/api/v1/recordings/access-log?centre=lv-oslo&recordingId=${id}${q}`, leader)).json<{
        entries: { kind: string; actor: string }[];
      }>().entries;
    expect((await entries('')).map((e) => e.kind)).toEqual(['download', 'play']);
    expect((await entries('&kind=play')).map((e) => e.kind)).toEqual(['play']);
    const operatorName = (await entries('&kind=play'))[0]!.actor;
    expect(
      (await entries(`&actor=${encodeURIComponent(operatorName.slice(1, 6).toUpperCase())}`)).map(
        (e) => e.kind,
      ),
    ).toContain('play');
    expect(await entries('&from=2000-01-01&to=2000-01-02')).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await entries(`&from=${today}&to=${today}`)).toHaveLength(2);
  });
});
