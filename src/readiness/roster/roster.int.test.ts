import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { readinessModule } from '../module.ts';
import { api, buildPerson, buildTrainingSetup, buildUnit, complete, type Api } from '../testing/factories.ts';

const RO = '/api/v1/readiness/roster';
const WEEK = '2025-03-03';

describe.each(dbKinds())('Roster check and CMP-6 report on %s', (kind) => {
  let t: TestApp;
  let a: Api;
  beforeAll(async () => {
    t = await createTestApp({ kind, modules: [readinessModule] });
    a = api(t);
  });
  afterAll(async () => t.close());

  async function trainedOperator(lvId: string, name: string) {
    const s = await buildTrainingSetup(a, lvId);
    const p = await buildPerson(a, lvId, { name, hprNumber: String(Math.floor(1e6 + Math.random() * 8e6)) });
    await complete(a, { personId: p.id, courseId: s.eLearning.id, completedAt: '2025-01-10' });
    await complete(a, {
      personId: p.id,
      courseId: s.controlRoom.id,
      completedAt: '2025-02-01',
      instructorPersonId: s.instructor.id,
    });
    return p as { id: string; name: string; hprNumber: string };
  }

  it('CMP-4 imports a roster by JSON, stores it and reports each violation with its paragraph and people', async () => {
    const lv = await buildUnit(a);
    const op = await trainedOperator(lv.id, 'Oda Operatør');
    const r = await a.post(`${RO}/rosters`, {
      unitId: lv.id,
      weekStart: WEEK,
      shifts: [
        {
          unitId: lv.id,
          unitKind: 'lv-sentral',
          start: '2025-03-03T08:00+01:00',
          end: '2025-03-03T16:00+01:00',
          assignments: [{ person: op.id, role: 'operator' }],
        },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body.check.ok).toBe(false);
    const competence = r.body.check.violations.filter((v: { kind: string }) => v.kind === 'competence');
    expect(competence.length).toBeGreaterThan(0);
    expect(competence[0].paragraph).toMatch(/§/);
    expect(competence[0].people).toEqual([{ id: op.id, name: 'Oda Operatør' }]);
    // The unit by its name, for the reader (issue 8: no raw ids on screens).
    expect(competence[0]).toMatchObject({ unitId: lv.id, unitName: lv.name });
    const again = await a.get(`${RO}/rosters/${r.body.id}`);
    expect(again.body.shifts[0].assignments[0]).toMatchObject({ personId: op.id, role: 'operator' });
    const list = await a.get(`${RO}/rosters?unitId=${lv.id}`);
    expect(list.body.items).toEqual([expect.objectContaining({ id: r.body.id, shifts: 1 })]);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE entity_id = $1`,
      [r.body.id],
    );
    expect(audit.rows.map((x) => x.action)).toEqual(['readiness.roster.import']);
  });

  it('TR-1 refuses a roster that puts an untrained operator on a control room, naming what is missing', async () => {
    const lv = await buildUnit(a);
    const p = await buildPerson(a, lv.id, { name: 'Ulf Utrent', employeeNumber: 'E-77' });
    const csv = `unit_id,unit_kind,start,end,person_id,role\n${lv.id},lv-sentral,2025-03-04T08:00+01:00,2025-03-04T16:00+01:00,E-77,operator\n`;
    const r = await a.post(
      `${RO}/rosters/import?unitId=${lv.id}&weekStart=${WEEK}`,
      csv,
      t.adminToken,
      'text/csv',
    );
    expect(r.status).toBe(422);
    expect(r.body.detail).toContain('TR-1: Ulf Utrent may not be rostered');
    expect(r.body.errors[0]).toMatchObject({ line: 2, column: 'person_id' });
    expect((await a.get(`${RO}/rosters?unitId=${lv.id}`)).body.items).toEqual([]);
    expect(p.id).toBeDefined();
  });

  it('refuses a roster CSV with bad rows by line and stores nothing; refuses unknown people and non-Mondays', async () => {
    const lv = await buildUnit(a);
    const csv = `unit_id,unit_kind,start,end,person_id,role\n${lv.id},lv-sentral,2025-03-04T08:00,2025-03-04T16:00+01:00,x,operator\n${lv.id},lv-sentral,2025-03-04T08:00+01:00,2025-03-04T16:00+01:00,x,driver\n`;
    const r = await a.post(
      `${RO}/rosters/import?unitId=${lv.id}&weekStart=${WEEK}`,
      csv,
      t.adminToken,
      'text/csv',
    );
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { line: number }) => e.line)).toEqual([2, 3]);
    const unknown = await a.post(`${RO}/rosters/import?unitId=${lv.id}&weekStart=${WEEK}`, {
      csv: `unit_id,unit_kind,start,end,person_id,role\n${lv.id},lv-sentral,2025-03-04T08:00+01:00,2025-03-04T16:00+01:00,nobody,operator\n`,
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].message).toContain('nobody');
    const tuesday = await a.post(`${RO}/rosters`, {
      unitId: lv.id,
      weekStart: '2025-03-04',
      shifts: [
        {
          unitId: lv.id,
          unitKind: 'lv-sentral',
          start: '2025-03-04T08:00+01:00',
          end: '2025-03-04T16:00+01:00',
          assignments: [{ person: 'x', role: 'operator' }],
        },
      ],
    });
    expect(tuesday.status).toBe(422);
    const operator = await t.tokenFor('operator', lv.id);
    expect(
      (await a.post(`${RO}/rosters/import?unitId=${lv.id}&weekStart=${WEEK}`, csv, operator, 'text/csv'))
        .status,
    ).toBe(403);
  });

  it('CMP-6 reports a municipality and a health trust on a date as JSON, PDF and CSV', async () => {
    const lv = await buildUnit(a, { name: 'Bergen legevaktsentral test' });
    await trainedOperator(lv.id, 'Rita Rapport');
    const q = `kommunenummer=4601&date=2025-03-05`;
    const r = await a.get(`/api/v1/readiness/reports/documentation?${q}`);
    expect(r.status).toBe(200);
    expect(r.body.scope).toMatchObject({ kind: 'municipality', id: 'kommune-4601', name: 'Bergen' });
    const mine = r.body.units.find((u: { unit: { id: string } }) => u.unit.id === lv.id);
    expect(mine.ready).toBe(false);
    expect(mine.agreements.every((x: { status: string }) => x.status === 'missing')).toBe(true);
    expect(mine.training.people).toBe(2);
    const pdf = await a.get(`/api/v1/readiness/reports/documentation.pdf?${q}`);
    expect(pdf.raw.subarray(0, 4).toString()).toBe('%PDF');
    const csv = await a.get(`/api/v1/readiness/reports/documentation.csv?${q}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const nb = csv.raw.toString('utf8');
    expect(nb).toContain('Bergen legevaktsentral test');
    // Issue 8: bokmål by default (headers, words, dates), `;` for a Norwegian spreadsheet, English
    // on request, and no requirement ids as words in either.
    expect(nb.split('\r\n')[0]).toBe(
      '\uFEFFomfang;dato;enhet_id;enhet;enhetstype;del;punkt;status;hjemmel;personer;detaljer',
    );
    expect(nb).toContain(';05.03.2025;');
    expect(nb).toContain('Avtale mangler: Kommunikasjonssentralavtale (DSB)');
    expect(nb).not.toMatch(/\b(ON|TR|CMP)-\d/);
    expect(nb).not.toContain('not registered');
    const en = (await a.get(`/api/v1/readiness/reports/documentation.csv?${q}&lang=en`)).raw.toString('utf8');
    expect(en.split('\r\n')[0]).toBe(
      '\uFEFFscope;date;unit_id;unit_name;unit_kind;section;item;status;paragraph;people;detail',
    );
    expect(en).toContain('Agreement missing: Communication-centre agreement (DSB)');
    expect(en).not.toMatch(/\b(ON|TR|CMP)-\d/);
    const pdfEn = await a.get(`/api/v1/readiness/reports/documentation.pdf?${q}&lang=en`);
    expect(pdfEn.headers['content-disposition']).toContain('documentation-kommune-4601-2025-03-05.pdf');
    expect(pdf.headers['content-disposition']).toContain('dokumentasjon-kommune-4601-2025-03-05.pdf');
    const trust = await a.get(
      '/api/v1/readiness/reports/documentation?healthTrustId=hf-helse-bergen-hf&date=2025-03-05',
    );
    expect(trust.body.scope.kind).toBe('health-trust');
    expect(
      (await a.get('/api/v1/readiness/reports/documentation?kommunenummer=4601&healthTrustId=x')).status,
    ).toBe(400);
    expect((await a.get('/api/v1/readiness/reports/documentation?kommunenummer=9999')).status).toBe(404);
    const oslo = await t.tokenFor('centre-leader', 'kommune-0301');
    // Outside the organisation: the answer of a municipality that does not exist (issue 8: no leak).
    const hidden = await a.get(`/api/v1/readiness/reports/documentation?${q}`, oslo);
    const missing = await a.get('/api/v1/readiness/reports/documentation?kommunenummer=9999', oslo);
    expect(hidden.status).toBe(404);
    expect({ ...hidden.body, detail: hidden.body.detail.replace('4601', 'K') }).toEqual({
      ...missing.body,
      detail: missing.body.detail.replace('9999', 'K'),
    });
  });
});
