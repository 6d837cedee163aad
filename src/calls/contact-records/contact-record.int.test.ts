/**
 * The contact record over HTTP on PGlite and PostgreSQL (issue 11; LV-3, LV-6): a draft saved and
 * read back (it survives a reload), a bad identity number refused, signing only when complete, a
 * signed record only amended (with its reason, the earlier versions kept), two editors never
 * losing each other's change, every read audited, another centre's operator refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../../routing/testing-app.ts';
import { callsModule } from '../module.ts';
import { scriptCallEvents } from '../testing/call-events.ts';

let serial = 0;
const FNR = '13097248022';

describe.each(dbKinds())('contact records on %s (issue 11; LV-3, LV-6)', (kind) => {
  let t: RoutingTestApp;
  let oslo: string;
  let bergen: string;
  const req = (
    method: 'GET' | 'PUT' | 'POST',
    url: string,
    token: string,
    payload?: Record<string, unknown>,
  ) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload && { payload }) });
  const path = (callId: string, tail = '') => `/api/v1/calls/${callId}/contact-record${tail}`;
  const newCall = async () => {
    const callId = `record-${Date.now().toString(36)}-${++serial}`;
    const r = await req('POST', '/api/v1/calls/events', t.adminToken, {
      events: scriptCallEvents({
        callId,
        centreId: 'lv-oslo',
        municipality: '0301',
        offeredAt: Date.now() - 60_000,
        answerMs: 10_000,
      }),
    });
    expect(r.json()).toMatchObject({ refused: 0 });
    return callId;
  };
  const complete = {
    caller: { name: 'Kari', callbackNumber: '41234567', relation: 'relative' },
    patient: { kind: 'identified', nationalId: FNR },
    location: { address: 'Storgata 1', municipality: '0301' },
    hastegrad: 'haster',
    hastegradReason: 'feber og nakkestivhet',
    advice: 'til legevakten nå, lege varslet',
    forwardedTo: [{ target: 'doctor-on-call', note: 'varslet kl. 14.05' }],
  };

  beforeAll(async () => {
    t = await createRoutingTestApp({ kind, more: [callsModule] });
    oslo = await t.tokenFor('operator', 'lv-oslo');
    bergen = await t.tokenFor('operator', 'lv-bergen');
  });
  afterAll(async () => t?.close());

  it('saves a draft and reads it back; a second save needs the version it was made on', async () => {
    const callId = await newCall();
    expect((await req('GET', path(callId), oslo)).json()).toEqual({ record: null });
    const first = await req('PUT', path(callId), oslo, { content: { advice: 'råd gitt' }, version: 0 });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'draft',
      version: 1,
      content: { advice: 'råd gitt', forwardedTo: [] },
    });
    const stale = await req('PUT', path(callId), oslo, { content: { advice: 'annet' }, version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      detailCode: 'contact.version-conflict',
      detailParams: { version: 1 },
    });
    const second = await req('PUT', path(callId), oslo, { content: complete, version: 1 });
    expect(second.json()).toMatchObject({ version: 2, content: { hastegrad: 'haster' } });
    const read = (await req('GET', path(callId), oslo)).json();
    expect(read.record).toMatchObject({ status: 'draft', version: 2, content: complete });
    expect(read.record.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('refuses an identity number that is not a fødselsnummer or D-nummer, with the field named', async () => {
    const callId = await newCall();
    const r = await req('PUT', path(callId), oslo, {
      content: { patient: { kind: 'identified', nationalId: '13097248023' } },
      version: 0,
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toMatchObject([
      { path: 'body.content.patient.nationalId', code: 'contact.national-id-invalid' },
    ]);
    expect((await req('GET', path(callId), oslo)).json()).toEqual({ record: null });
  });

  it('signs only a complete record; then only amends it, with a reason, keeping every version', async () => {
    const callId = await newCall();
    await req('PUT', path(callId), oslo, { content: { advice: 'råd' }, version: 0 });
    const early = await req('POST', path(callId, '/sign'), oslo, { version: 1 });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'body.content.patient',
      'body.content.hastegrad',
      'body.content.hastegradReason',
    ]);
    await req('PUT', path(callId), oslo, { content: complete, version: 1 });
    const signed = await req('POST', path(callId, '/sign'), oslo, { version: 2 });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'signed', version: 3 });
    expect(signed.json().signedBy).toBeTruthy();
    const overwrite = await req('PUT', path(callId), oslo, { content: complete, version: 3 });
    expect(overwrite.statusCode).toBe(409);
    expect(overwrite.json().detailCode).toBe('contact.signed');
    const amended = await req('POST', path(callId, '/amend'), oslo, {
      content: { ...complete, advice: 'til legevakten nå; ambulanse bestilt av AMK' },
      reason: 'AMK sendte ambulanse',
      version: 3,
    });
    expect(amended.statusCode).toBe(200);
    const record = amended.json();
    expect(record).toMatchObject({ status: 'signed', version: 4 });
    expect(record.versions.map((v: { change: string }) => v.change)).toEqual([
      'amended',
      'signed',
      'saved',
      'saved',
    ]);
    expect(record.versions[0]).toMatchObject({ reason: 'AMK sendte ambulanse' });
    expect(record.versions[1].content.advice).toBe(complete.advice);
    const noReason = await req('POST', path(callId, '/amend'), oslo, {
      content: complete,
      reason: ' ',
      version: 4,
    });
    expect(noReason.statusCode).toBe(400);
  });

  it('two operators saving at once: one wins, the other is told, nothing lost silently', async () => {
    const callId = await newCall();
    const other = await t.tokenFor('operator', 'lv-oslo');
    const [a, b] = await Promise.all([
      req('PUT', path(callId), oslo, { content: { advice: 'a' }, version: 0 }),
      req('PUT', path(callId), other, { content: { advice: 'b' }, version: 0 }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });

  it('another centre’s operator can neither read nor write it; every read is audited', async () => {
    const callId = await newCall();
    await req('PUT', path(callId), oslo, { content: complete, version: 0 });
    expect((await req('GET', path(callId), bergen)).statusCode).toBe(404);
    expect((await req('PUT', path(callId), bergen, { content: complete, version: 1 })).statusCode).toBe(404);
    const auditor = await t.tokenFor('auditor');
    expect((await req('GET', path(callId), auditor)).statusCode).toBe(403);
    await req('GET', path(callId), oslo);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE entity_type = 'contact-record' AND entity_id = $1 ORDER BY id`,
      [callId],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['contact-record.saved', 'contact-record.read']);
  });
});
