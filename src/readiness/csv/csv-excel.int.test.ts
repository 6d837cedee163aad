/**
 * Issue 8: CSV imports take what a Norwegian Excel writes — semicolons, a UTF-8 byte-order mark,
 * CRLF line ends, quoted fields with `;` and `""` inside — in every import (people, equipment,
 * roster). A file that is not UTF-8 (Excel's plain "CSV" is Windows-1252) is refused with its
 * line, never stored with its æ, ø and å garbled.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { readinessModule } from '../module.ts';
import { buildUnit, api, type Api } from '../testing/factories.ts';

const R = '/api/v1/readiness';
const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url));

describe.each(dbKinds())('Excel-style CSV imports on %s (issue 8)', (kind) => {
  let t: TestApp;
  let a: Api;
  beforeAll(async () => {
    t = await createTestApp({ kind, modules: [readinessModule] });
    a = api(t);
  });
  afterAll(async () => t?.close());

  const postCsv = async (url: string, bytes: Buffer) => {
    const r = await t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'text/csv' },
      payload: bytes,
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of test responses
    return { status: r.statusCode, body: r.json<Record<string, any>>() };
  };

  it('people: semicolons, BOM, CRLF, quoted ; and "" — names kept exactly', async () => {
    const r = await postCsv(`${R}/training/people/import`, await fixture('people-excel.csv'));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.imported).toBe(3);
    const people = (await a.get(`${R}/training/people?unitId=kommune-4601&limit=1000`)).body.items as {
      name: string;
      hprNumber: string;
      employeeNumber: string;
    }[];
    expect(people.map((p) => [p.name, p.hprNumber, p.employeeNumber]).sort()).toEqual([
      ['Berg, Åse "Lege"', '2345678', 'A-102'],
      ['Hansen; Kari', '1234567', 'A-100'],
      ['Ørjan Æsebø', '7654321', 'A-101'],
    ]);
  });

  it('equipment: the same file shape for operator positions and terminals', async () => {
    const unit = await buildUnit(a);
    const r = await postCsv(
      `${R}/organisations/${unit.id}/equipment/import`,
      await fixture('equipment-excel.csv'),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const items = (await a.get(`${R}/organisations/${unit.id}/equipment`)).body.items as { label: string }[];
    expect(items.map((e) => e.label).sort()).toEqual(['Bil 2 "reserve"', 'Håndterminal 1; vakt']);
  });

  it('roster: the semicolon file the import used to refuse is read, rows keep their lines', async () => {
    const unit = await buildUnit(a);
    const r = await postCsv(
      `${R}/roster/rosters/import?unitId=${unit.id}&weekStart=2025-03-03`,
      await fixture('roster-excel.csv'),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.shifts).toHaveLength(1);
    expect(r.body.shifts[0]).toMatchObject({ unitId: 'lv-excel', unitKind: 'legevakt', lines: [2, 3] });
    expect(r.body.shifts[0].assignments.map((x: { person: string }) => x.person).sort()).toEqual([
      '1234567',
      '7654321',
    ]);
  });

  it('a Latin-1 (Windows-1252) copy is refused with the line of each bad byte, nothing imported', async () => {
    const text = (await fixture('people-excel.csv')).toString('utf8').replace(/^\uFEFF/, '');
    const latin1 = Buffer.from(
      text.replace(/1234567|7654321|2345678/g, (n) => `9${n.slice(1)}`),
      'latin1',
    );
    const r = await postCsv(`${R}/training/people/import`, latin1);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('invalid-encoding');
    // Line 3 (Ørjan Æsebø) and line 4 (Åse): the first bad byte of each.
    expect(r.body.errors).toEqual([
      expect.objectContaining({ path: 'body', code: 'not-utf8', line: 3, column: 1 }),
      expect.objectContaining({ path: 'body', code: 'not-utf8', line: 4, column: 8 }),
    ]);
    const n = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM readiness_people WHERE hpr_number LIKE '9%'`,
    );
    expect(n.rows[0]!.n).toBe(0);
  });

  it('a file the browser already decoded wrongly (U+FFFD in JSON { csv }) is refused with its line', async () => {
    const csv = 'name;employer_unit_id\nKari;kommune-4601\n\uFFFDrjan;kommune-4601\n';
    const r = await a.post(`${R}/training/people/import`, { csv });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'invalid-encoding' });
    expect(r.body.errors).toEqual([expect.objectContaining({ path: 'body.csv', line: 3, column: 1 })]);
  });
});
