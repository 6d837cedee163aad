import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../testing-app.ts';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each(dbKinds())('routing API on %s', (kind) => {
  let t: RoutingTestApp;
  let leaderBergen: string;
  let leaderOslo: string;
  let operations: string;
  beforeAll(async () => {
    t = await createRoutingTestApp({ kind });
    leaderBergen = await t.tokenFor('centre-leader', 'lv-bergen');
    leaderOslo = await t.tokenFor('centre-leader', 'lv-oslo');
    operations = await t.tokenFor('operations');
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (url: string, token: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url, headers: auth(token), payload });
  const put = (url: string, token: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'PUT', url, headers: auth(token), payload });
  const decide = (body: Record<string, unknown>, token = t.apiToken) =>
    post('/api/v1/routing/decisions', token, body);

  it('RT-1/RT-2: routes a fixed incumbent number by its series and returns the trace and data version', async () => {
    const r = await decide({ calledNumber: '116117', callingNumber: '+4755501234', network: 'fixed' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-request-id']).toMatch(/^[\w.-]+$/);
    const d = r.json();
    expect(d).toMatchObject({
      outcome: 'connect',
      centreId: 'lv-bergen',
      connectTo: '55000001',
      method: 'number-series',
      municipality: '4601',
      municipalityName: 'Bergen',
      county: '46',
      dataVersion: t.routing.runtime.current().version,
    });
    expect(d.trace.length).toBeGreaterThan(1);
  });

  it('answers with the call id it was asked with, or a new one, and tells it to the decision listeners', async () => {
    const told: (string | undefined)[] = [];
    const off = t.routing.decider.onDecided((n) => told.push(n.callId));
    try {
      const given = await decide({
        calledNumber: '116117',
        callingNumber: '55501234',
        network: 'fixed',
        callId: 'a84b4c76e66710@pc33.example.no',
      });
      expect(given.json().callId).toBe('a84b4c76e66710@pc33.example.no');
      const made = (
        await decide({ calledNumber: '116117', callingNumber: '55501234', network: 'fixed' })
      ).json();
      expect(made.callId).toMatch(/^[0-9a-f-]{36}$/);
      expect(told).toEqual(['a84b4c76e66710@pc33.example.no', made.callId]);
      const bad = await decide({
        calledNumber: '116117',
        callingNumber: '55501234',
        network: 'fixed',
        callId: 'a b',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ path: 'body.callId', code: 'rule.call-id' });
    } finally {
      off();
    }
  });

  it('RT-3: routes a mobile call by the position given', async () => {
    const d = (
      await decide({
        calledNumber: '116117',
        callingNumber: '91234567',
        network: 'mobile',
        position: { municipality: '5001' },
      })
    ).json();
    expect(d).toMatchObject({ outcome: 'connect', centreId: 'lv-trondheim', method: 'mobile-position' });
  });

  it('RT-5: an unpositioned mobile call goes to the fallback menu', async () => {
    const d = (await decide({ calledNumber: '116117', callingNumber: '91234567', network: 'mobile' })).json();
    expect(d.outcome).toBe('menu');
  });

  it('RT-10: a part-day centre hands its calls to its partner outside hours (Europe/Oslo)', async () => {
    const day = (
      await decide({
        calledNumber: '116117',
        callingNumber: '57000123',
        network: 'fixed',
        at: '2026-11-18T10:00:00+01:00',
      })
    ).json();
    const night = (
      await decide({
        calledNumber: '116117',
        callingNumber: '57000123',
        network: 'fixed',
        at: '2026-11-18T23:00:00+01:00',
      })
    ).json();
    expect(day).toMatchObject({ centreId: 'lv-kinn', method: 'number-series' });
    expect(night).toMatchObject({ centreId: 'lv-bergen', method: 'schedule' });
  });

  it('refuses bad input with problem+json naming the field, and a non-116117 number with 422', async () => {
    const bad = await decide({ calledNumber: '116117', callingNumber: 'abc', network: 'satellite' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.callingNumber', 'body.network']));
    const other = await decide({ calledNumber: '113', callingNumber: '22000000', network: 'fixed' });
    expect(other.statusCode).toBe(422);
    expect(other.headers['x-request-id']).toBeDefined();
  });

  it('requires authentication for decisions', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/routing/decisions',
      payload: { calledNumber: '116117', callingNumber: '22000000', network: 'fixed' },
    });
    expect(r.statusCode).toBe(401);
  });

  it('RT-7: a centre leader may move only their own centre; the change is applied and audited', async () => {
    const refused = await post('/api/v1/routing/reroutes', leaderOslo, {
      fromCentreId: 'lv-bergen',
      toCentreId: 'lv-oslo',
      kind: 'urgent',
      reason: 'not mine',
    });
    expect(refused.statusCode).toBe(403);
    const created = await post('/api/v1/routing/reroutes', leaderBergen, {
      fromCentreId: 'lv-bergen',
      toCentreId: 'lv-sogndal',
      kind: 'urgent',
      reason: 'telephone exchange down',
    });
    expect(created.statusCode).toBe(201);
    const reroute = created.json();
    expect(reroute.status).toBe('active');
    const d = (await decide({ calledNumber: '116117', callingNumber: '55501234', network: 'fixed' })).json();
    expect(d).toMatchObject({ centreId: 'lv-sogndal', method: 'reroute', locatedBy: 'number-series' });

    const ended = await post(`/api/v1/routing/reroutes/${reroute.id}/end`, operations, {
      reason: 'exchange repaired',
    });
    expect(ended.statusCode).toBe(200);
    const after = (
      await decide({ calledNumber: '116117', callingNumber: '55501234', network: 'fixed' })
    ).json();
    expect(after.centreId).toBe('lv-bergen');
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE entity_type = 'reroute' AND entity_id = $1 ORDER BY id`,
      [reroute.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['reroute.create', 'reroute.end']);
  });

  it('RT-7: refuses a re-route that would close a cycle, with 409 naming the cycle', async () => {
    const a = await post('/api/v1/routing/reroutes', operations, {
      fromCentreId: 'lv-trondheim',
      toCentreId: 'lv-namdal',
      kind: 'urgent',
      reason: 'staffing',
    });
    expect(a.statusCode).toBe(201);
    const cyc = await post('/api/v1/routing/reroutes', operations, {
      fromCentreId: 'lv-namdal',
      toCentreId: 'lv-trondheim',
      kind: 'urgent',
      reason: 'staffing',
    });
    expect(cyc.statusCode).toBe(409);
    expect(cyc.json()).toMatchObject({ code: 'conflict', reason: 'cycle' });
    await post(`/api/v1/routing/reroutes/${a.json().id}/end`, operations, { reason: 'done' });
  });

  it('RT-7: refuses a planned re-route requested after the deadline the day before', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    tomorrow.setUTCHours(23, 0, 0, 0);
    const r = await post('/api/v1/routing/reroutes', operations, {
      fromCentreId: 'lv-oslo',
      toCentreId: 'lv-hamar',
      kind: 'planned',
      reason: 'maintenance',
      startsAt: tomorrow.toISOString(),
      endsAt: new Date(tomorrow.getTime() + 3600_000).toISOString(),
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().detail).toMatch(/daytime|working day|must be requested/);
  });

  it('RT-11: an unavailable centre gets its calls at its alternative answering site', async () => {
    const marked = await put('/api/v1/routing/centres/lv-oslo/availability', leaderOslo, {
      unavailable: true,
      reason: 'fire alarm, building evacuated',
    });
    expect(marked.statusCode).toBe(204);
    const d = (await decide({ calledNumber: '116117', callingNumber: '22123456', network: 'fixed' })).json();
    expect(d).toMatchObject({ centreId: 'lv-oslo', connectTo: '22000099', alternativeSite: true });
    const centre = (
      await t.app.inject({ url: '/api/v1/routing/centres/lv-oslo', headers: auth(t.apiToken) })
    ).json();
    expect(centre).toMatchObject({
      unavailable: true,
      availability: { reason: 'fire alarm, building evacuated', changedBy: expect.any(String) },
    });
    const m = (
      await t.app.inject({ url: '/api/v1/routing/municipalities/0301', headers: auth(t.apiToken) })
    ).json();
    expect(m.servedNow).toMatchObject({ centreId: 'lv-oslo', alternativeSite: true });
    await put('/api/v1/routing/centres/lv-oslo/availability', leaderOslo, {
      unavailable: false,
      reason: 'back in the building',
    });
    const back = (
      await decide({ calledNumber: '116117', callingNumber: '22123456', network: 'fixed' })
    ).json();
    expect(back.connectTo).toBe('22000001');
  });

  it('RT-4/RT-5: drives a fallback-menu session by postcode to a decision', async () => {
    const s = await post('/api/v1/routing/menu-sessions', t.apiToken, {
      entry: 'fallback',
      language: 'en',
      callingNumber: '91234567',
    });
    expect(s.statusCode).toBe(201);
    const session = s.json();
    expect(session.prompt.language).toBe('en');
    let step = (
      await post(`/api/v1/routing/menu-sessions/${session.id}/input`, t.apiToken, { digits: '1' })
    ).json();
    const postcode = t.routing.runtime.current().data.postcodes.find((p) => p.municipality === '5001')!.code;
    step = (
      await post(`/api/v1/routing/menu-sessions/${session.id}/input`, t.apiToken, { digits: postcode })
    ).json();
    expect(step.ended).toBe(true);
    expect(step.decision).toMatchObject({
      outcome: 'connect',
      centreId: 'lv-trondheim',
      method: 'menu-postcode',
    });
    const again = await post(`/api/v1/routing/menu-sessions/${session.id}/input`, t.apiToken, {
      digits: '1',
    });
    expect(again.statusCode).toBe(409);
  });

  it('RT-4: a timeout in the top menu ends with area routing', async () => {
    const s = (
      await post('/api/v1/routing/menu-sessions', t.apiToken, { entry: 'top', callingNumber: '55501234' })
    ).json();
    const step = (
      await post(`/api/v1/routing/menu-sessions/${s.id}/input`, t.apiToken, { digits: 'timeout' })
    ).json();
    expect(step).toMatchObject({ ended: true, outcome: 'area-routing', decision: null });
    const stored = await t.db.query<{ ended: boolean }>('SELECT ended FROM menu_sessions WHERE id = $1', [
      s.id,
    ]);
    expect(stored.rows[0]!.ended).toBe(true);
  });

  it('lists centres and municipalities with the centre serving each now', async () => {
    const c = (await t.app.inject({ url: '/api/v1/routing/centres', headers: auth(t.apiToken) })).json();
    expect(c.items.length).toBe(t.routing.runtime.current().data.centres.length);
    const m = (
      await t.app.inject({
        url: '/api/v1/routing/municipalities?at=2026-11-18T23:00:00%2B01:00',
        headers: auth(t.apiToken),
      })
    ).json();
    const kinn = m.items.find((x: { number: string }) => x.number === '4602');
    expect(kinn).toMatchObject({
      homeCentreId: 'lv-kinn',
      servedNow: { centreId: 'lv-bergen', method: 'schedule' },
    });
  });

  it('lists the counties and the AMK centres of the data in force (report pickers)', async () => {
    const c = (await t.app.inject({ url: '/api/v1/routing/counties', headers: auth(t.apiToken) })).json();
    expect(c.total).toBe(t.routing.runtime.current().data.counties.length);
    expect(c.items).toContainEqual({ number: '46', name: 'Vestland' });
    const a = (await t.app.inject({ url: '/api/v1/routing/amk-centres', headers: auth(t.apiToken) })).json();
    expect(a.items).toContainEqual({ id: 'amk-bergen', name: 'AMK Bergen', healthTrust: 'Helse Bergen HF' });
    const page = (
      await t.app.inject({ url: '/api/v1/routing/amk-centres?limit=1', headers: auth(t.apiToken) })
    ).json();
    expect(page.items).toHaveLength(1);
    expect(page.next).not.toBeNull();
  });

  it('RT-8/RT-9: exports the routing table and phone list as CSV and JSON', async () => {
    const csv = await t.app.inject({
      url: '/api/v1/routing/exports/routing-table?format=csv',
      headers: auth(t.apiToken),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines.length).toBe(t.routing.runtime.current().data.municipalities.length + 1);
    const json = (
      await t.app.inject({ url: '/api/v1/routing/exports/phone-list', headers: auth(t.apiToken) })
    ).json();
    expect(json.items.length).toBe(t.routing.runtime.current().data.centres.length);
  });

  it('looks up a number series: a ported number by its original series (RT-2)', async () => {
    const r = (
      await t.app.inject({ url: '/api/v1/routing/number-series?number=55123456', headers: auth(t.apiToken) })
    ).json();
    expect(r.ported).toMatchObject({ number: '55123456', originalPrefix: '55' });
    expect(r.decision.centreId).toBe('lv-bergen');
  });

  it('documents every routing endpoint in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const p of [
      '/api/v1/routing/decisions',
      '/api/v1/routing/menu-sessions',
      '/api/v1/routing/menu-sessions/{id}/input',
      '/api/v1/routing/reroutes',
      '/api/v1/routing/exports/routing-table',
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });
});
