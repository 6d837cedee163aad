/**
 * The control room's API on PGlite and PostgreSQL (issue 11; LV-1, LV-4, AMK-1): a centre's queue
 * (waiting calls only, oldest first, no calling numbers, never another centre's), answering with
 * one call (the event recorded, the detail audited, a second answer refused 409), and the live
 * service level counted as the official figures count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../../routing/testing-app.ts';
import { callsModule } from '../module.ts';
import { scriptCallEvents, type CallScript } from '../testing/call-events.ts';
import { STALE_AFTER_MS } from './read-queue.ts';

let serial = 0;
const uniqueCall = () => `queue-${Date.now().toString(36)}-${++serial}`;

describe.each(dbKinds())('the control room’s queue and answer on %s (issue 11)', (kind) => {
  let t: RoutingTestApp;
  let admin: string;
  let operatorOslo: string;
  let operatorBergen: string;
  const post = (events: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/calls/events',
      headers: { authorization: `Bearer ${admin}` },
      payload: { events },
    });
  const get = (url: string, token: string) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const answer = (callId: string, token: string, positionId = 'pos-3') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/calls/${encodeURIComponent(callId)}/answer`,
      headers: { authorization: `Bearer ${token}` },
      payload: { positionId },
    });
  /** A call that reached the centre `agoMs` ago and is ringing now (no answer yet). */
  const waiting = async (s: Partial<CallScript> & { agoMs: number }) => {
    const callId = uniqueCall();
    const events = scriptCallEvents({
      callId,
      centreId: 'lv-oslo',
      municipality: '0301',
      offeredAt: Date.now() - s.agoMs,
      menuMs: 5_000,
      ...s,
    });
    expect((await post(events)).json()).toMatchObject({ refused: 0 });
    return callId;
  };
  const queueIds = async (token: string, centre = 'lv-oslo') => {
    const r = await get(`/api/v1/calls/queue?centre=${centre}`, token);
    expect(r.statusCode).toBe(200);
    return r.json<{ calls: { id: string }[] }>().calls.map((c) => c.id);
  };

  beforeAll(async () => {
    t = await createRoutingTestApp({ kind, more: [callsModule] });
    admin = t.adminToken;
    operatorOslo = await t.tokenFor('operator', 'lv-oslo');
    operatorBergen = await t.tokenFor('operator', 'lv-bergen');
  });
  afterAll(async () => t?.close());

  it('lists the centre’s waiting calls oldest first, with what routing knew and no calling number (LV-1)', async () => {
    const older = await waiting({ agoMs: 90_000 });
    const newer = await waiting({ agoMs: 20_000 });
    const done = await waiting({ agoMs: 60_000, answerMs: 10_000, talkMs: 5_000 });
    const lost = await waiting({ agoMs: 50_000, abandonAfterMs: 10_000 });
    const r = await get('/api/v1/calls/queue?centre=lv-oslo', operatorOslo);
    expect(r.statusCode).toBe(200);
    const body = r.json<{ at: string; calls: Record<string, unknown>[] }>();
    const ids = body.calls.map((c) => c.id);
    expect(ids.indexOf(older)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(older)).toBeLessThan(ids.indexOf(newer));
    expect(ids).not.toContain(done);
    expect(ids).not.toContain(lost);
    const call = body.calls.find((c) => c.id === older)!;
    expect(call).toMatchObject({
      state: 'ringing',
      service: 'legevakt',
      calledNumber: '116117',
      routing: {
        method: 'number-series',
        municipality: '0301',
        positioning: 'not-applicable',
        alternativeSite: false,
        rerouted: false,
      },
    });
    expect(typeof (call.routing as { municipalityName: unknown }).municipalityName).toBe('string');
    expect(JSON.stringify(body)).not.toContain('41234567');
    expect(Date.parse(body.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('leaves out a call whose telephone system never reported its end (older than the stale limit)', async () => {
    const stale = await waiting({ agoMs: STALE_AFTER_MS + 60_000 });
    expect(await queueIds(operatorOslo)).not.toContain(stale);
  });

  it('never shows one centre’s calls to another centre’s operator', async () => {
    const oslo = await waiting({ agoMs: 10_000 });
    expect(await queueIds(operatorBergen, 'lv-bergen')).not.toContain(oslo);
    expect((await get('/api/v1/calls/queue?centre=lv-oslo', operatorBergen)).statusCode).toBe(403);
    expect((await get('/api/v1/calls/service-level?centre=lv-oslo', operatorBergen)).statusCode).toBe(403);
    // Answering another centre's call is answered like a call that does not exist.
    expect((await answer(oslo, operatorBergen)).statusCode).toBe(404);
    expect((await answer('no-such-call', operatorOslo)).statusCode).toBe(404);
    expect((await get('/api/v1/calls/queue?centre=lv-nowhere', admin)).statusCode).toBe(404);
    expect(await queueIds(operatorOslo)).toContain(oslo);
  });

  it('answers a call once: the event recorded, the detail with the caller, the read audited; a second answer is refused', async () => {
    const callId = await waiting({ agoMs: 30_000 });
    const r = await answer(callId, operatorOslo, 'pos-7');
    expect(r.statusCode).toBe(200);
    expect(r.json().call).toMatchObject({
      id: callId,
      state: 'answered',
      callingNumber: '41234567',
      answeredBy: { positionId: 'pos-7' },
    });
    // Counted as soon as it is answered: rang 25 s (30 s ago, 5 s in the voice menu).
    expect(r.json().call.answerMs).toBeGreaterThanOrEqual(25_000);
    expect(r.json().call.answerMs).toBeLessThan(35_000);
    expect(await queueIds(operatorOslo)).not.toContain(callId);
    const again = await answer(callId, operatorOslo);
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json()).toMatchObject({
      detailCode: 'call.not-waiting',
      detailParams: { state: 'answered' },
    });
    const audit = await t.db.query<{ action: string; entity_id: string }>(
      `SELECT action, entity_id FROM audit_events WHERE action = 'call.answered' AND entity_id = $1`,
      [callId],
    );
    expect(audit.rows).toHaveLength(1);
    // The event carries the operator's position and user.
    const detail = await get(`/api/v1/calls/${encodeURIComponent(callId)}`, operatorOslo);
    const answered = (detail.json().events as { type: string; source: string; userId?: string }[]).find(
      (e) => e.type === 'answered',
    );
    expect(answered).toMatchObject({ source: 'operator' });
    expect(typeof answered?.userId).toBe('string');
  });

  it('two operators answering at once: exactly one is answered, the other told it is no longer waiting', async () => {
    const callId = await waiting({ agoMs: 15_000 });
    const second = await t.tokenFor('operator', 'lv-oslo');
    const [a, b] = await Promise.all([
      answer(callId, operatorOslo, 'pos-1'),
      answer(callId, second, 'pos-2'),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });

  it('a call still in the voice menu is not answered yet: 409 call.not-ringing, and it stays waiting', async () => {
    const callId = uniqueCall();
    const events = scriptCallEvents({
      callId,
      centreId: 'lv-oslo',
      municipality: '0301',
      offeredAt: Date.now() - 10_000,
      menuMs: 60_000,
    }).filter((e) => e.type !== 'ringing');
    expect((await post(events)).json()).toMatchObject({ refused: 0 });
    const r = await answer(callId, operatorOslo);
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ detailCode: 'call.not-ringing', detailParams: { state: 'queued' } });
    expect(await queueIds(operatorOslo)).toContain(callId);
  });

  it('an answer after the caller hung up is refused with the state it met', async () => {
    const callId = await waiting({ agoMs: 40_000, abandonAfterMs: 5_000 });
    const r = await answer(callId, operatorOslo);
    expect(r.statusCode).toBe(409);
    expect(r.json().detailParams).toEqual({ state: 'abandoned' });
  });

  it('the live service level counts as the official figures: last hour and today, waiting and longest wait (LV-4)', async () => {
    const before = (await get('/api/v1/calls/service-level?centre=lv-oslo', operatorOslo)).json();
    expect(before).toMatchObject({ service: 'legevakt', requiredShare: 0.8, thresholdMs: 120_000 });
    // One answered within 2 minutes (exactly 120 s counts), one after, one lost while ringing.
    await waiting({ agoMs: 400_000, answerMs: 120_000, talkMs: 60_000 });
    await waiting({ agoMs: 400_000, answerMs: 121_000, talkMs: 60_000 });
    await waiting({ agoMs: 400_000, abandonAfterMs: 30_000 });
    const oldest = await waiting({ agoMs: 200_000, menuMs: 0 });
    const after = (await get('/api/v1/calls/service-level?centre=lv-oslo', operatorOslo)).json();
    const d = (k: string) => after.lastHour.figures[k] - before.lastHour.figures[k];
    expect(d('calls')).toBe(3);
    expect(d('answered')).toBe(2);
    expect(d('unanswered')).toBe(1);
    expect(d('answeredWithin2Minutes')).toBe(1);
    // Today runs from midnight in Oslo (just after midnight the last hour reaches into yesterday).
    expect(new Date(after.today.from).getTime()).toBeLessThanOrEqual(Date.now());
    if (after.today.from <= after.lastHour.from) {
      expect(after.today.figures.calls).toBeGreaterThanOrEqual(after.lastHour.figures.calls);
    }
    expect(after.waiting).toBeGreaterThanOrEqual(1);
    expect(after.longestWaitMs).toBeGreaterThanOrEqual(199_000);
    expect(await queueIds(operatorOslo)).toContain(oldest);
  });

  it('the live figures equal the official computation: limits inclusive, exact median of an even count (LV-4)', async () => {
    const bergen = await t.tokenFor('operator', 'lv-bergen');
    for (const answerMs of [10_000, 120_000, 121_000, 700_000]) {
      await waiting({
        centreId: 'lv-bergen',
        municipality: '4601',
        agoMs: 1_000_000,
        answerMs,
        talkMs: 1_000,
      });
    }
    await waiting({ centreId: 'lv-bergen', municipality: '4601', agoMs: 1_000_000, abandonAfterMs: 50_000 });
    const r = (await get('/api/v1/calls/service-level?centre=lv-bergen', bergen)).json();
    expect(r.lastHour.figures).toMatchObject({
      calls: 5,
      answered: 4,
      unanswered: 1,
      abandonedBeforeRinging: 0,
      answeredWithin10Seconds: 1,
      answeredWithin2Minutes: 2,
      answeredWithin10Minutes: 3,
      shareWithin2Minutes: 0.4,
      medianAnswer: { minMs: 120_500, maxMs: 120_500, exact: true },
      longestAnswerMs: 700_000,
      target: { requirement: 'LV-4', share: 0.4, required: 0.8, met: false },
    });
  });

  const act = (callId: string, action: string, payload: Record<string, unknown>, token = operatorOslo) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/calls/${encodeURIComponent(callId)}/${action}`,
      headers: { authorization: `Bearer ${token}` },
      payload,
    });

  it('transfers and conferences an answered call, each with its outcome, audited (LV-2, AMK-4, AMK-6)', async () => {
    const callId = await waiting({ agoMs: 20_000 });
    const early = await act(callId, 'transfer', { target: { kind: 'amk', id: 'amk-oslo' } });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({
      detailCode: 'call.not-answered',
      detailParams: { state: 'ringing' },
    });
    expect((await answer(callId, operatorOslo)).statusCode).toBe(200);
    const conf = await act(callId, 'transfer', {
      target: { kind: 'amk', id: 'amk-oslo' },
      kind: 'conference',
      outcome: 'connected',
      hastegrad: 'haster',
    });
    expect(conf.statusCode).toBe(200);
    expect(conf.json().call.conferences).toMatchObject([
      { target: { kind: 'amk', id: 'amk-oslo' }, outcome: 'connected' },
    ]);
    const moved = await act(callId, 'transfer', {
      target: { kind: 'doctor-on-call', number: '99887766' },
      mode: 'attended',
      outcome: 'no-answer',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().call.transfers).toMatchObject([
      { target: { kind: 'doctor-on-call' }, outcome: 'no-answer' },
    ]);
    const ended = await act(callId, 'end', { hastegrad: 'haster' });
    expect(ended.json().call).toMatchObject({ state: 'ended', hastegrad: 'haster' });
    expect((await act(callId, 'end', {})).statusCode).toBe(409);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`,
      [callId],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['call.answered', 'call.conferenced', 'call.transferred', 'call.ended']),
    );
  });

  it('marks a call misrouted; the acute shortcut sends it to the AMK of where the caller is, as akutt (RT-12)', async () => {
    const plain = await waiting({ agoMs: 20_000 });
    await answer(plain, operatorOslo);
    const marked = await act(plain, 'misrouted', {
      reason: 'base-station-across-border',
      correctMunicipality: '4601',
      correctCentreId: 'lv-bergen',
    });
    expect(marked.statusCode).toBe(200);
    expect(marked.json().call).toMatchObject({
      misrouted: true,
      misrouting: { reason: 'base-station-across-border', correctCentreId: 'lv-bergen' },
      transfers: [],
    });

    const acute = await waiting({ agoMs: 20_000 });
    await answer(acute, operatorOslo);
    const r = await act(acute, 'misrouted', {
      reason: 'caller-elsewhere',
      correctMunicipality: '4601',
      acute: true,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().call).toMatchObject({
      misrouted: true,
      hastegrad: 'akutt',
      transfers: [{ target: { kind: 'amk', id: 'amk-bergen' }, outcome: 'connected' }],
    });
    // Without the caller's municipality: this centre's AMK.
    const here = await waiting({ agoMs: 20_000 });
    await answer(here, operatorOslo);
    const r2 = await act(here, 'misrouted', { reason: 'other', acute: true });
    expect(r2.json().call.transfers).toMatchObject([{ target: { kind: 'amk', id: 'amk-oslo' } }]);
    // The misrouting register (RT-12): searchable by reason and by the centre that should have had it.
    const register = await get(
      '/api/v1/calls?misrouted=true&reason=caller-elsewhere&limit=500',
      operatorOslo,
    );
    expect(register.statusCode).toBe(200);
    const items = register.json<{ items: { id: string; misrouting: unknown }[] }>().items;
    expect(items.map((c) => c.id)).toContain(acute);
    expect(items.map((c) => c.id)).not.toContain(plain);
    expect(items.find((c) => c.id === acute)!.misrouting).toMatchObject({
      reason: 'caller-elsewhere',
      correctMunicipality: '4601',
      correctCentreId: null,
    });
    const toBergen = await get('/api/v1/calls?correctCentre=lv-bergen&limit=500', operatorOslo);
    expect(toBergen.json<{ items: { id: string }[] }>().items.map((c) => c.id)).toEqual(
      expect.arrayContaining([plain]),
    );
    const notMisrouted = await get('/api/v1/calls?misrouted=false&limit=500', operatorOslo);
    expect(notMisrouted.json<{ items: { id: string }[] }>().items.map((c) => c.id)).not.toContain(plain);
    // Another centre's operator can do none of it.
    expect((await act(here, 'misrouted', { reason: 'other' }, operatorBergen)).statusCode).toBe(404);
    expect((await act(here, 'transfer', { target: { kind: 'amk' } }, operatorBergen)).statusCode).toBe(404);
    expect((await act(here, 'misrouted', { reason: 'not-a-reason' })).statusCode).toBe(400);
  });
});
