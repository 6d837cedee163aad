/**
 * The national map's municipalities over HTTP (issue 11): every municipality of the reference
 * boundaries (Kartverket), compact and gzipped, with the centre that serves it by the routing data
 * in force; revalidated by ETag (304), and new when the data version changes.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { activateDataVersion, importDataSet } from '../data/store.ts';
import { buildDataSet } from '../domain/testing.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../testing-app.ts';
import { municipalityMapResponse } from '../http/map-routes.ts';
import { decodeMunicipality } from './shape-codec.ts';

const URL = '/api/v1/routing/map/municipalities';

describe('the national map’s municipalities (issue 11)', () => {
  let t: RoutingTestApp;
  let operator: string;
  const get = (headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url: URL, headers: { authorization: `Bearer ${operator}`, ...headers } });

  beforeAll(async () => {
    t = await createRoutingTestApp({});
    operator = await t.tokenFor('operator', 'lv-bergen');
  });
  afterAll(async () => t?.close());

  it('sends every municipality’s boundary gzipped, with its centre by the routing data and the credit to Kartverket', async () => {
    const r = await get({ 'accept-encoding': 'gzip, deflate, br' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers['content-type']).toContain('application/json');
    expect(r.headers.vary).toContain('accept-encoding');
    expect(r.rawPayload.length).toBeLessThan(100_000);
    const body = municipalityMapResponse.parse(JSON.parse(gunzipSync(r.rawPayload).toString('utf8')));
    expect(body.attribution).toMatchObject({ holder: 'Kartverket', licence: 'CC BY 4.0' });
    expect(body.dataVersion).toBe(t.routing.runtime.current().version);
    const withShape = body.municipalities.filter((m) => m.polygons.length > 0);
    expect(withShape).toHaveLength(357);
    const of = (nr: string) => body.municipalities.find((m) => m.number === nr)!;
    expect(of('0301')).toMatchObject({ name: 'Oslo', centreId: 'lv-oslo' });
    expect(of('4627')).toMatchObject({ name: 'Askøy', centreId: 'lv-bergen', amkId: 'amk-bergen' });
    expect(of('0301')).toMatchObject({ amkId: 'amk-oslo' });
    // Not in the (small) routing data of this test: a boundary without a centre.
    expect(of('1103')).toMatchObject({ name: 'Stavanger', centreId: null });
    // Bergen decodes to a shape around Bergen.
    const bergen = decodeMunicipality(of('4601').polygons, body.quantum);
    const lons = bergen.coordinates.flat(2).map((p) => p[0]);
    const lats = bergen.coordinates.flat(2).map((p) => p[1]);
    expect(Math.min(...lons)).toBeGreaterThan(4.8);
    expect(Math.max(...lons)).toBeLessThan(5.8);
    expect(Math.min(...lats)).toBeGreaterThan(60.1);
    expect(Math.max(...lats)).toBeLessThan(60.7);
  });

  it('without gzip the same body as JSON; with the ETag it answers 304 and nothing', async () => {
    const gz = await get({ 'accept-encoding': 'gzip' });
    const plain = await get();
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json()).toEqual(JSON.parse(gunzipSync(gz.rawPayload).toString('utf8')));
    const etag = String(gz.headers.etag);
    expect(etag).toMatch(/^W\/"map-\d+-[\w-]+"$/);
    expect(plain.headers.etag).toBe(etag);
    const again = await get({ 'if-none-match': etag, 'accept-encoding': 'gzip' });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect((await get({ 'if-none-match': 'W/"map-0-other"' })).statusCode).toBe(200);
  });

  it('a new routing data version: a new ETag and the municipalities’ new centres', async () => {
    const before = await get();
    const data = buildDataSet();
    // Askøy moves from Bergen to Kinn.
    for (const c of data.centres) {
      c.municipalities = c.municipalities.filter((m) => m !== '4627');
      if (c.id === 'lv-kinn') c.municipalities.push('4627');
    }
    const { version } = await importDataSet(t.db, data, { source: 'map test', actor: SYSTEM_ACTOR });
    await activateDataVersion(t.db, version, SYSTEM_ACTOR);
    await t.routing.runtime.syncNow();
    const after = await get({ 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const body = after.json<{
      dataVersion: number;
      municipalities: { number: string; centreId: string }[];
    }>();
    expect(body.dataVersion).toBe(version);
    expect(body.municipalities.find((m) => m.number === '4627')!.centreId).toBe('lv-kinn');
  });

  it('needs a signed-in caller', async () => {
    expect((await t.app.inject({ method: 'GET', url: URL })).statusCode).toBe(401);
  });
});
