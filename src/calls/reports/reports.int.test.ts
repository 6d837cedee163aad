/**
 * The call report route (RT-13) on the whole kernel: JSON, CSV and PDF; access by scope (a
 * centre's people, the municipality's, the AMK area's; national only nationally); bad periods and
 * unknown subjects as problems. The report reads no table of its own yet (in-memory source until
 * the calls store lands), so PGlite alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../platform/testing/pdf-text.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../../routing/testing-app.ts';
import { callsModule } from '../module.ts';
import { scriptCallEvents } from '../testing/call-events.ts';
import { callReportSchema } from './schema.ts';

const at = (iso: string) => Date.parse(iso);
const Q = 'from=2026-03-02&to=2026-03-08';

describe('GET /api/v1/calls/reports/:subject/:id (RT-13)', () => {
  let t: RoutingTestApp;
  const get = (url: string, token = t.adminToken) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await createRoutingTestApp({ more: [callsModule] });
    const results = await t.use(callsModule).record([
      ...scriptCallEvents({
        callId: 'b-1',
        centreId: 'lv-bergen',
        municipality: '4601',
        offeredAt: at('2026-03-02T08:00:00+01:00'),
        answerMs: 30_000,
        talkMs: 1,
      }),
      ...scriptCallEvents({
        callId: 'b-2',
        centreId: 'lv-bergen',
        municipality: '4627',
        offeredAt: at('2026-03-03T20:00:00+01:00'),
        answerMs: 400_000,
        talkMs: 1,
        misrouted: true,
        transferToAmk: true,
      }),
      ...scriptCallEvents({
        callId: 'o-1',
        centreId: 'lv-oslo',
        municipality: '0301',
        offeredAt: at('2026-03-04T12:00:00+01:00'),
        abandonAfterMs: 50_000,
      }),
    ]);
    expect(results.filter((r) => r.outcome === 'refused')).toEqual([]);
  });
  afterAll(async () => t?.close());

  it('answers a centre’s report as JSON with the official figures, names and lists', async () => {
    const r = await get(`/api/v1/calls/reports/centre/lv-bergen?${Q}`);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.subject).toEqual({ kind: 'centre', id: 'lv-bergen', name: 'Bergen legevaktsentral' });
    expect(body.period).toEqual({ from: '2026-03-02', to: '2026-03-08', days: 7, granularity: 'day' });
    expect(body.figures).toMatchObject({
      calls: 2,
      answered: 2,
      answeredWithin2Minutes: 1,
      shareWithin2Minutes: 0.5,
    });
    expect(body.series).toHaveLength(7);
    expect(body.lists.misrouted.total).toBe(1);
    expect(body.lists.transfersToAmk.calls[0].callId).toBe('b-2');
    expect(body.names.centres['lv-bergen']).toBe('Bergen legevaktsentral');
    expect(r.body).not.toContain('41234567');
  });

  it('the JSON is exactly its response schema (no field missing, none undeclared)', async () => {
    for (const url of [
      `/api/v1/calls/reports/centre/lv-bergen?${Q}`,
      `/api/v1/calls/reports/municipality/4627?${Q}&granularity=hour`,
      `/api/v1/calls/reports/national/NO?${Q}&service=amk`,
    ]) {
      const body = (await get(url)).json();
      expect(callReportSchema.parse(body)).toEqual(body);
    }
    // Unstorable text in the path is a 400 naming the field, never a 500 (issue 8).
    const nul = await get(`/api/v1/calls/reports/centre/lv-%00bergen?${Q}`);
    expect(nul.statusCode).toBe(400);
  });

  it('municipality and national reports', async () => {
    const m = (await get(`/api/v1/calls/reports/municipality/4627?${Q}`)).json();
    expect(m.subject).toEqual({ kind: 'municipality', id: '4627', name: 'Askøy' });
    expect(m.figures.calls).toBe(1);
    const n = (await get(`/api/v1/calls/reports/national/NO?${Q}&granularity=week`)).json();
    expect(n.figures.calls).toBe(3);
    expect(n.series.map((p: { period: string }) => p.period)).toEqual(['2026-W10']);
  });

  it('county and AMK-area reports: the county’s callers, the area’s calls; each read only by those it concerns', async () => {
    const county = (await get(`/api/v1/calls/reports/county/46?${Q}`)).json();
    expect(county.subject).toEqual({ kind: 'county', id: '46', name: 'Vestland' });
    expect(county.service).toBe('legevakt');
    expect(county.figures.calls).toBe(2);
    expect(county.lists.misrouted.total).toBe(1);
    // An AMK area's report is of its 113 calls by default, of its legevaktsentraler's on request.
    const area113 = (await get(`/api/v1/calls/reports/amk-area/amk-bergen?${Q}`)).json();
    expect(area113).toMatchObject({ subject: { kind: 'amk-area', id: 'amk-bergen' }, service: 'amk' });
    expect(area113.figures.calls).toBe(0);
    const area = (await get(`/api/v1/calls/reports/amk-area/amk-bergen?${Q}&service=legevakt`)).json();
    expect(area.figures.calls).toBe(2);
    const pdf = await get(`/api/v1/calls/reports/county/46?${Q}&format=pdf`);
    expect(pdfText(pdf.rawPayload)).toContain('Anrop og svartid – innringere fra Vestland');

    const member = await t.tokenWith([{ role: 'operations', scope: { level: 'area', id: 'amk-bergen' } }]);
    const otherArea = await t.tokenWith([{ role: 'operations', scope: { level: 'area', id: 'amk-oslo' } }]);
    const leader = await t.tokenFor('centre-leader', 'lv-bergen');
    const status = async (url: string, token: string) => (await get(`${url}?${Q}`, token)).statusCode;
    expect(await status('/api/v1/calls/reports/amk-area/amk-bergen', member)).toBe(200);
    expect(await status('/api/v1/calls/reports/amk-area/amk-bergen', otherArea)).toBe(403);
    expect(await status('/api/v1/calls/reports/amk-area/amk-bergen', leader)).toBe(403);
    expect(await status('/api/v1/calls/reports/county/46', member)).toBe(403);
    expect(await status('/api/v1/calls/reports/county/46', await t.tokenFor('operations'))).toBe(200);
    expect((await get(`/api/v1/calls/reports/county/99?${Q}`)).statusCode).toBe(404);
    expect((await get(`/api/v1/calls/reports/amk-area/lv-bergen?${Q}`)).statusCode).toBe(404);
  });

  it('CSV and PDF, bokmål by default and English on request', async () => {
    const csv = await get(`/api/v1/calls/reports/centre/lv-bergen?${Q}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('anropsrapport-lv-bergen-2026-03-02-2026-03-08.csv');
    expect(csv.body.split('\r\n')[0]).toBe('\uFEFFdel;punkt;anrop;andel_prosent;sekunder;detaljer');
    const pdf = await get(`/api/v1/calls/reports/centre/lv-bergen?${Q}&format=pdf&lang=en`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain('call-report-lv-bergen-2026-03-02-2026-03-08.pdf');
    expect(pdfText(pdf.rawPayload)).toContain('Calls and answer times – Bergen legevaktsentral');
  });

  it('access: the centre’s people, its AMK area, the municipality’s; national only nationally', async () => {
    const leader = await t.tokenFor('centre-leader', 'lv-bergen');
    const other = await t.tokenFor('centre-leader', 'lv-oslo');
    const area = await t.tokenWith([{ role: 'operations', scope: { level: 'area', id: 'amk-bergen' } }]);
    const kommune = await t.tokenWith([
      { role: 'readiness-admin', scope: { level: 'unit', id: 'kommune-4627' } },
    ]);
    const integration = await t.tokenFor('integration');
    const status = async (url: string, token: string) => (await get(`${url}?${Q}`, token)).statusCode;
    expect(await status('/api/v1/calls/reports/centre/lv-bergen', leader)).toBe(200);
    expect(await status('/api/v1/calls/reports/centre/lv-bergen', area)).toBe(200);
    expect(await status('/api/v1/calls/reports/centre/lv-bergen', other)).toBe(403);
    expect(await status('/api/v1/calls/reports/centre/lv-bergen', kommune)).toBe(403);
    // Askøy is served by Bergen: its people, Bergen's and the AMK area's may read its report.
    expect(await status('/api/v1/calls/reports/municipality/4627', kommune)).toBe(200);
    expect(await status('/api/v1/calls/reports/municipality/4627', leader)).toBe(200);
    expect(await status('/api/v1/calls/reports/municipality/4627', area)).toBe(200);
    expect(await status('/api/v1/calls/reports/municipality/4627', other)).toBe(403);
    expect(await status('/api/v1/calls/reports/municipality/0301', kommune)).toBe(403);
    // The municipality reader role (issue 11): its own callers' report and nothing of the centre's.
    const reader = await t.tokenWith([
      { role: 'municipality-reader', scope: { level: 'unit', id: 'kommune-4627' } },
    ]);
    expect(await status('/api/v1/calls/reports/municipality/4627', reader)).toBe(200);
    expect(await status('/api/v1/calls/reports/municipality/4601', reader)).toBe(403);
    expect(await status('/api/v1/calls/reports/centre/lv-bergen', reader)).toBe(403);
    expect((await get('/api/v1/calls?centre=lv-bergen', reader)).statusCode).toBe(403);
    expect(await status('/api/v1/calls/reports/national/NO', leader)).toBe(403);
    expect(await status('/api/v1/calls/reports/national/NO', area)).toBe(403);
    expect(await status('/api/v1/calls/reports/national/NO', await t.tokenFor('operations'))).toBe(200);
    expect(await status('/api/v1/calls/reports/centre/lv-bergen', integration)).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/calls/reports/centre/lv-bergen?${Q}` })).statusCode,
    ).toBe(401);
  });

  it('bad input is a problem naming the field; an unknown subject is a 404 with its code', async () => {
    const reversed = await get('/api/v1/calls/reports/centre/lv-bergen?from=2026-03-08&to=2026-03-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.headers['content-type']).toContain('application/problem+json');
    expect(reversed.json().errors).toEqual([
      expect.objectContaining({ path: 'query.to', code: 'rule.report-period-reversed' }),
    ]);
    const fine = await get(
      '/api/v1/calls/reports/centre/lv-bergen?from=2026-01-01&to=2026-03-31&granularity=hour',
    );
    expect(fine.json().errors[0]).toMatchObject({
      path: 'query.granularity',
      code: 'rule.report-granularity-too-fine',
    });
    expect(
      (await get('/api/v1/calls/reports/centre/lv-bergen?from=2026-02-30&to=2026-03-01')).statusCode,
    ).toBe(400);
    expect((await get(`/api/v1/calls/reports/region/x?${Q}`)).statusCode).toBe(400);
    const unknown = await get(`/api/v1/calls/reports/centre/lv-nowhere?${Q}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({
      detailCode: 'calls.report-subject-unknown',
      detailParams: { id: 'lv-nowhere' },
    });
    expect((await get(`/api/v1/calls/reports/national/SE?${Q}`)).statusCode).toBe(404);
  });
});
