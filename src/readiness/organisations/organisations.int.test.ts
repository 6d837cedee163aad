import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { readinessModule } from '../module.ts';
import { api, buildUnit, uniq, type Api } from '../testing/factories.ts';

const R = '/api/v1/readiness/organisations';

describe.each(dbKinds())('ON-1 organisation register on %s', (kind) => {
  let t: TestApp;
  let a: Api;
  beforeAll(async () => {
    t = await createTestApp({ kind, modules: [readinessModule] });
    a = api(t);
  });
  afterAll(async () => t.close());

  it('ON-1 seeds the 357 municipalities linked by kommunenummer, and the health trusts', async () => {
    const r = await a.get(`${R}?kind=municipality&limit=1000`);
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(357);
    const bergen = await a.get(`${R}/kommune-4601`);
    expect(bergen.body).toMatchObject({
      kind: 'municipality',
      name: 'Bergen',
      kommunenummer: '4601',
      parentId: 'hf-helse-bergen-hf',
    });
    const trust = await a.get(`${R}/hf-helse-bergen-hf`);
    expect(trust.body.municipalities).toContain('4601');
  });

  it('ON-1 creates an LV-sentral linked to the routing centre, with leaders and equipment, and audits each change', async () => {
    const lv = await buildUnit(a, { centreId: 'lv-bergen' });
    expect(lv).toMatchObject({ kind: 'lv-sentral', centreId: 'lv-bergen', municipalities: ['4601'] });
    const leader = await a.post(`${R}/${lv.id}/leaders`, {
      role: 'local-project-leader',
      name: 'Per Prosjekt',
      email: 'per@example.no',
    });
    expect(leader.status).toBe(201);
    const bad = await a.post(`${R}/${lv.id}/leaders`, { role: 'area-leader', name: 'Ola' });
    expect(bad.status).toBe(422);
    const pos = await a.post(`${R}/${lv.id}/equipment`, { kind: 'operator-position', label: 'Plass 1' });
    expect(pos.status).toBe(201);
    expect(pos.body.controlRoomSystem).toBe('ICCS Frequentis');
    const term = await a.post(`${R}/${lv.id}/equipment`, {
      kind: 'radio-terminal',
      form: 'handheld',
      label: 'H1',
      model: 'Sepura STP9100',
      issi: '2010001',
    });
    expect(term.body).toMatchObject({ form: 'handheld', terminalType: 'Sepura STP9100' });
    const dup = await a.post(`${R}/${lv.id}/equipment`, {
      kind: 'radio-terminal',
      form: 'vehicle',
      label: 'V1',
      model: 'X',
      issi: '2010001',
    });
    expect(dup.status).toBe(409);
    expect((await a.get(`${R}/${lv.id}/equipment`)).body.items).toHaveLength(2);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE entity_id IN ($1, $2) ORDER BY id`,
      [lv.id, term.body.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'readiness.unit.create',
      'readiness.leader.add',
      'readiness.equipment.add',
    ]);
  });

  it('ON-1 validates input: names each bad field (400) and refuses a wrong parent (422)', async () => {
    const r = await a.post(R, { kind: 'hospital', name: '', kommunenummer: '12' });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body.kind', 'body.name', 'body.kommunenummer']),
    );
    const wrong = await a.post(R, { kind: 'ambulance-station', name: 'Stasjon', parentId: 'kommune-4601' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toContain('cannot belong to a municipality');
    const radio = await a.post(`${R}/kommune-4601/equipment`, { kind: 'radio-terminal', label: 'x' });
    expect(radio.status).toBe(400);
    expect(radio.body.errors[0].path).toBe('body.form');
  });

  it('ON-1 least privilege: operators cannot write; bound users see only their own organisation; auditors see all', async () => {
    const lv = await buildUnit(a);
    const operator = await t.tokenFor('operator', lv.id);
    expect((await a.post(R, { kind: 'amk-area', name: 'AMK Vest' }, operator)).status).toBe(403);
    expect((await a.get(`${R}/${lv.id}`, operator)).status).toBe(200);
    // Outside the organisation: the same 404 as a unit that does not exist (issue 8: no leak).
    const hidden = await a.get(`${R}/kommune-0301`, operator);
    const missing = await a.get(`${R}/kommune-9999`, operator);
    expect(hidden.status).toBe(404);
    expect({ ...hidden.body, detail: hidden.body.detail.replace('0301', 'K') }).toEqual({
      ...missing.body,
      detail: missing.body.detail.replace('9999', 'K'),
    });
    const visible = (await a.get(`${R}?limit=1000`, operator)).body.items.map((u: { id: string }) => u.id);
    expect(visible).toEqual([lv.id]);
    const byCentre = await t.tokenFor('centre-leader', 'lv-bergen-x');
    expect((await a.get(`${R}?limit=1000`, byCentre)).body.items).toEqual([]);
    const auditor = await t.tokenFor('auditor');
    expect((await a.get(`${R}/kommune-0301`, auditor)).status).toBe(200);
    expect((await a.post(R, { kind: 'amk-area', name: 'AMK' }, auditor)).status).toBe(403);
    const local = await t.tokenFor('readiness-admin', 'kommune-4601');
    const inside = await a.post(
      R,
      { id: uniq('legevakt'), kind: 'legevakt', name: 'Bergen legevakt', parentId: 'kommune-4601' },
      local,
    );
    expect(inside.status).toBe(201);
    const outside = await a.post(
      R,
      { kind: 'legevakt', name: 'Oslo legevakt', parentId: 'kommune-0301' },
      local,
    );
    // A parent outside the organisation reads like a parent that does not exist (no leak).
    const nowhere = await a.post(
      R,
      { kind: 'legevakt', name: 'Oslo legevakt', parentId: 'kommune-9999' },
      local,
    );
    expect(outside.status).toBe(422);
    expect(outside.body.detail.replace('0301', 'K')).toBe(nowhere.body.detail.replace('9999', 'K'));
  });

  it('ON-1 imports terminals from CSV all-or-nothing, reporting bad rows by line and column', async () => {
    const lv = await buildUnit(a);
    const bad =
      'kind,form,label,model,issi\nradio-terminal,handheld,H1,Sepura,3000001\nradio-terminal,,H2,Sepura,3000002\nradio-terminal,pocket,H3,Sepura,abc\n';
    const r = await a.post(`${R}/${lv.id}/equipment/import`, bad, t.adminToken, 'text/csv');
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, column: 'form' }),
        expect.objectContaining({ line: 4, column: 'form' }),
        expect.objectContaining({ line: 4, column: 'issi' }),
      ]),
    );
    expect((await a.get(`${R}/${lv.id}/equipment`)).body.items).toHaveLength(0);
    const good = await a.post(`${R}/${lv.id}/equipment/import`, {
      csv: 'kind;form;label;model\nradio-terminal;vehicle;"Bil, 1";Motorola MTM\noperator-position;;Plass 2;\n',
    });
    expect(good.status).toBe(201);
    expect(good.body.imported).toBe(2);
    expect(
      (await a.get(`${R}/${lv.id}/equipment`)).body.items.map((e: { label: string }) => e.label).sort(),
    ).toEqual(['Bil, 1', 'Plass 2']);
  });

  it('publishes the readiness routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/readiness/organisations'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/v1/readiness/training/completions/{id}/certificate.pdf']).toBeDefined();
  });
});
