import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { readinessModule } from '../module.ts';
import {
  api,
  buildCourse,
  buildPerson,
  buildTrainingSetup,
  buildUnit,
  complete,
  uniq,
  type Api,
} from '../testing/factories.ts';

const R = '/api/v1/readiness/training';

/** The text of a pdfkit page: its uncompressed strings are hex glyph runs; the Info dictionary holds literals. */
const pdfText = (raw: Buffer) => raw.toString('latin1');

describe.each(dbKinds())('TR training register on %s', (kind) => {
  let t: TestApp;
  let a: Api;
  beforeAll(async () => {
    t = await createTestApp({ kind, modules: [readinessModule] });
    a = api(t);
  });
  afterAll(async () => t.close());

  it('TR-2/TR-3 records e-learning then the attended course, and renders both certificates as PDF', async () => {
    const lv = await buildUnit(a);
    const s = await buildTrainingSetup(a, lv.id);
    const kari = await buildPerson(a, lv.id, { name: 'Kari Nordmann', hprNumber: '1234567' });
    const el = await complete(a, { personId: kari.id, courseId: s.eLearning.id, completedAt: '2025-01-10' });
    const kr = await a.post(`${R}/completions`, {
      personId: kari.id,
      courseId: s.controlRoom.id,
      completedAt: '2025-02-01',
      instructorPersonId: s.instructor.id,
      unitId: lv.id,
    });
    expect(kr.status).toBe(201);
    expect(kr.body).toMatchObject({
      finalCertificate: true,
      version: '1.0',
      instructorName: s.instructor.name,
      validTo: null,
    });
    expect(kr.body.certificateNumber).toMatch(/^NN-2025-\d{6}$/);
    const pdf = await a.get(`${R}/completions/${kr.body.id}/certificate.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.subarray(0, 4).toString()).toBe('%PDF');
    expect(pdfText(pdf.raw)).toContain('Kari Nordmann');
    expect(pdfText(pdf.raw)).toContain(kr.body.certificateNumber);
    const elPdf = await a.get(`${R}/completions/${el.id}/certificate.pdf`);
    expect(elPdf.raw.subarray(0, 4).toString()).toBe('%PDF');
    const audit = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'readiness.completion.record' AND entity_id = $1`,
      [kr.body.id],
    );
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('TR-2 refuses an attended course without the e-learning pre-course', async () => {
    const lv = await buildUnit(a);
    const s = await buildTrainingSetup(a, lv.id);
    const p = await buildPerson(a, lv.id);
    const r = await a.post(`${R}/completions`, {
      personId: p.id,
      courseId: s.controlRoom.id,
      completedAt: '2025-02-01',
      instructorPersonId: s.instructor.id,
    });
    expect(r.status).toBe(422);
    expect(r.body.detail).toContain('TR-2');
    expect(r.body.detail).toContain('e-learning');
  });

  it('TR-4 refuses a completion taught by someone without instructor training, and instructor registration without it', async () => {
    const lv = await buildUnit(a);
    const s = await buildTrainingSetup(a, lv.id);
    const p = await buildPerson(a, lv.id);
    const notInstructor = await buildPerson(a, lv.id, { name: 'Ola Uten Kurs' });
    await complete(a, { personId: p.id, courseId: s.eLearning.id, completedAt: '2025-01-10' });
    const r = await a.post(`${R}/completions`, {
      personId: p.id,
      courseId: s.controlRoom.id,
      completedAt: '2025-02-01',
      instructorPersonId: notInstructor.id,
    });
    expect(r.status).toBe(422);
    expect(r.body.detail).toContain('TR-4');
    expect(r.body.detail).toContain('Ola Uten Kurs is not registered as control-room instructor');
    const reg = await a.post(`${R}/instructors`, {
      personId: notInstructor.id,
      level: 'local',
      scope: 'control-room',
      fromDate: '2025-01-01',
    });
    expect(reg.status).toBe(422);
    expect(reg.body.detail).toContain('has not completed control-room instructor training');
    const list = await a.get(`${R}/instructors?date=2025-03-01`);
    const me = list.body.items.find((i: { personId: string }) => i.personId === s.instructor.id);
    expect(me.mayTeach.map((c: { code: string }) => c.code)).toContain(s.controlRoom.code);
  });

  it('TR-5/TR-6 sets validity from the course, picks the current material version and flags re-certification', async () => {
    const lv = await buildUnit(a);
    const el = await buildCourse(a, { validityMonths: 12 });
    const v2 = await a.post(`${R}/courses/${el.id}/versions`, {
      version: '2.0',
      releasedAt: '2025-06-01',
      reason: 'software',
      notes: 'LifeX',
    });
    expect(v2.status).toBe(201);
    expect(v2.body.currentVersion).toBe('2.0');
    const back = await a.post(`${R}/courses/${el.id}/versions`, {
      version: '1.5',
      releasedAt: '2024-01-01',
      reason: 'other',
    });
    expect(back.status).toBe(422);
    const p = await buildPerson(a, lv.id);
    const old = await a.post(`${R}/completions`, {
      personId: p.id,
      courseId: el.id,
      completedAt: '2025-03-01',
    });
    expect(old.body).toMatchObject({ version: '1.0', validTo: '2026-02-28' });
    const fresh = await a.post(`${R}/completions`, {
      personId: p.id,
      courseId: el.id,
      completedAt: '2025-07-01',
    });
    expect(fresh.body.version).toBe('2.0');
    const st = await a.get(`${R}/people/${p.id}/status?date=2026-06-15`);
    expect(st.body.eLearning).toMatchObject({ valid: true, validTo: '2026-06-30', recertificationDue: true });
    const later = await a.get(`${R}/people/${p.id}/status?date=2026-07-01`);
    expect(later.body.eLearning.valid).toBe(false);
  });

  it('TR-1 refuses assigning an operator position or terminal type without training, saying what is missing', async () => {
    const lv = await buildUnit(a);
    const s = await buildTrainingSetup(a, lv.id);
    const pos = (
      await a.post(`/api/v1/readiness/organisations/${lv.id}/equipment`, {
        kind: 'operator-position',
        label: 'Plass 1',
      })
    ).body;
    const p = await buildPerson(a, lv.id, { name: 'Nina Ny' });
    const refused = await a.post(`${R}/people/${p.id}/assignments`, {
      kind: 'operator-position',
      equipmentId: pos.id,
      fromDate: '2025-03-01',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toMatch(
      /^TR-1: Nina Ny may not use the operator position Plass 1 \(ICCS Frequentis\) from 2025-03-01: missing /,
    );
    expect(refused.body.missing.length).toBe(2);
    // Issue 8: the refusal as codes and parameters, for the web to say it in bokmål.
    expect(refused.body).toMatchObject({
      detailCode: 'training.untrained-position',
      detailParams: { name: 'Nina Ny', equipment: 'Plass 1', system: 'ICCS Frequentis', date: '2025-03-01' },
    });
    expect(refused.body.missingMessages.map((m: { code: string }) => m.code).sort()).toEqual([
      'element.control-room-course',
      'element.e-learning',
    ]);
    expect(refused.body.missingMessages).toContainEqual({
      code: 'element.control-room-course',
      params: { system: 'ICCS Frequentis' },
    });
    const terminal = await a.post(`${R}/people/${p.id}/assignments`, {
      kind: 'terminal-type',
      terminalType: 'Sepura STP9100',
      fromDate: '2025-03-01',
    });
    expect(terminal.status).toBe(422);
    expect(terminal.body.detail).toContain('Sepura STP9100');
    await complete(a, { personId: p.id, courseId: s.eLearning.id, completedAt: '2025-01-10' });
    await complete(a, {
      personId: p.id,
      courseId: s.controlRoom.id,
      completedAt: '2025-02-01',
      instructorPersonId: s.instructor.id,
    });
    const ok = await a.post(`${R}/people/${p.id}/assignments`, {
      kind: 'operator-position',
      equipmentId: pos.id,
      fromDate: '2025-03-01',
    });
    expect(ok.status).toBe(201);
    const st = await a.get(`${R}/people/${p.id}/status?date=2025-03-02`);
    expect(st.body.mayUse).toEqual([{ kind: 'control-room', name: 'ICCS Frequentis', validTo: null }]);
    expect(st.body.assignments[0]).toMatchObject({ ok: true, missing: [], missingElements: [] });
  });

  it('imports people and completions from CSV all-or-nothing with line and column errors', async () => {
    const lv = await buildUnit(a);
    const el = await buildCourse(a);
    const hpr = String(Math.floor(1e6 + Math.random() * 8e6));
    const bad = `name,hpr_number,employer_unit_id\nAnne A,${hpr},${lv.id}\n,123,${lv.id}\nBodil B,${hpr},nowhere\n`;
    const r = await a.post(`${R}/people/import`, bad, t.adminToken, 'text/csv');
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        {
          line: 3,
          column: 'name',
          code: 'required',
          message: 'name is required',
          path: 'line 3, column name',
        },
        expect.objectContaining({ line: 3, column: 'hpr_number', code: 'rule.hpr-number' }),
        // Issue 8: each row error carries a code and its parameters for the web to render in bokmål.
        expect.objectContaining({
          line: 4,
          column: 'hpr_number',
          code: 'csv.duplicate-in-file',
          params: { value: hpr, otherLine: 2 },
          message: expect.stringContaining('also on line 2'),
        }),
      ]),
    );
    expect((await a.get(`${R}/people?unitId=${lv.id}`)).body.items).toHaveLength(0);
    const good = await a.post(`${R}/people/import`, {
      csv: `name,hpr_number,employer_unit_id\nAnne A,${hpr},${lv.id}\nBodil B,,${lv.id}\n`,
    });
    expect(good.body.imported).toBe(2);
    const comp = await a.post(`${R}/completions/import`, {
      csv: `person,course_code,completed_at\n${hpr},${el.code},2025-01-05\n${hpr},NOPE,2025-01-05\n`,
    });
    expect(comp.status).toBe(422);
    expect(comp.body.errors).toEqual([expect.objectContaining({ line: 3, column: 'course_code' })]);
    expect((await a.get(`${R}/completions?unitId=${lv.id}`)).body.items).toHaveLength(0);
    const okComp = await a.post(
      `${R}/completions/import`,
      `person,course_code,completed_at\n${hpr},${el.code},2025-01-05\n`,
      t.adminToken,
      'text/csv',
    );
    expect(okComp.status).toBe(201);
  });

  it('refuses writes by auditors and operators, and hides people of other organisations', async () => {
    const lv = await buildUnit(a);
    const other = await buildUnit(a, {
      id: uniq('lv-oslo'),
      parentId: 'kommune-0301',
      municipalities: ['0301'],
    });
    const p = await buildPerson(a, other.id);
    const auditor = await t.tokenFor('auditor');
    expect((await a.post(`${R}/people`, { name: 'X', employerUnitId: lv.id }, auditor)).status).toBe(403);
    const operator = await t.tokenFor('operator', lv.id);
    // Outside the organisation: the same 404 as a person who does not exist (issue 8: no leak).
    const hidden = await a.get(`${R}/people/${p.id}`, operator);
    const missingId = '00000000-0000-4000-8000-000000000000';
    const missing = await a.get(`${R}/people/${missingId}`, operator);
    expect(hidden.status).toBe(404);
    expect({ ...hidden.body, detail: hidden.body.detail.replace(p.id, 'ID') }).toEqual({
      ...missing.body,
      detail: missing.body.detail.replace(missingId, 'ID'),
    });
    expect((await a.get(`${R}/people/${p.id}`, auditor)).status).toBe(200);
    const localAdmin = await t.tokenFor('readiness-admin', lv.id);
    expect((await a.post(`${R}/people`, { name: 'Y', employerUnitId: other.id }, localAdmin)).status).toBe(
      404,
    );
  });

  it('TR-7 anchors local procedures in level 1 and level 2', async () => {
    const lv = await buildUnit(a);
    const l1 = await a.post(`${R}/procedures`, {
      level: 1,
      title: 'Felles sambandsreglement',
      version: '3',
      validFrom: '2020-01-01',
    });
    const l2 = await a.post(`${R}/procedures`, {
      level: 2,
      title: 'Nasjonal veileder for Nødnett i helsetjenesten',
      version: '2018',
      validFrom: '2018-01-01',
    });
    const only1 = await a.post(`${R}/procedures`, {
      level: 3,
      title: 'Lokal prosedyre',
      version: '1',
      unitId: lv.id,
      anchoredIn: [l1.body.id],
      validFrom: '2024-01-01',
    });
    expect(only1.status).toBe(422);
    expect(only1.body.detail).toContain('TR-7');
    expect(only1.body).toMatchObject({ detailCode: 'training.procedure-not-anchored', field: 'anchoredIn' });
    const national = await a.post(
      `${R}/procedures`,
      { level: 2, title: 'Veileder', version: '1', validFrom: '2024-01-01' },
      await t.tokenFor('readiness-admin', lv.id),
    );
    expect(national.status).toBe(403);
    expect(national.body.detailCode).toBe('training.procedure-national-only');
    const ok = await a.post(`${R}/procedures`, {
      level: 3,
      title: 'Lokal prosedyre',
      version: '1',
      unitId: lv.id,
      anchoredIn: [l1.body.id, l2.body.id],
      validFrom: '2024-01-01',
    });
    expect(ok.status).toBe(201);
  });
});
