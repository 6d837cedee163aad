/**
 * Issue 8 "Readiness CSV imports pass the scope gate for another unit's data" (and issue 9 part 3):
 * a project leader bound to unit A can never get an import past the gate with a row of unit B's
 * data; the gate runs on every row before the rest of the file is looked at, so the refusal tells
 * nothing about B's records (no duplicate or look-up errors), and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../../platform/db/testing.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { readinessModule } from '../module.ts';
import { api, buildCourse, buildPerson, buildUnit, uniq, type Api } from '../testing/factories.ts';

const R = '/api/v1/readiness/training';

describe.each(dbKinds())('readiness CSV imports check every row’s scope first (issue 8) on %s', (kind) => {
  let t: TestApp;
  let a: Api;
  let leaderOfA: string;
  let unitA: string;
  let unitB: string;
  let personA: { id: string };
  let personBHpr: string;
  let courseCode: string;
  beforeAll(async () => {
    t = await createTestApp({ kind, modules: [readinessModule] });
    a = api(t);
    unitA = (await buildUnit(a)).id;
    unitB = (await buildUnit(a, { parentId: 'kommune-0301', municipalities: ['0301'] })).id;
    personA = await buildPerson(a, unitA);
    personBHpr = String(9_000_000 + Math.floor(Math.random() * 900_000));
    await buildPerson(a, unitB, { hprNumber: personBHpr });
    courseCode = (await buildCourse(a)).code;
    leaderOfA = await t.tokenFor('readiness-admin', unitA);
  });
  afterAll(async () => t?.close());

  const importCsv = (what: 'people' | 'completions', csv: string) =>
    a.post(`${R}/${what}/import`, csv, leaderOfA, 'text/csv');
  const count = async (table: string) =>
    Number((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n);

  it('refuses a completion row that tags unit B, though the person is in A', async () => {
    const before = await count('readiness_completions');
    const r = await importCsv(
      'completions',
      `person,course_code,completed_at,unit_id\n${personA.id},${courseCode},2025-01-10,${unitB}\n`,
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ line: 2, column: 'unit_id' })]);
    expect(await count('readiness_completions')).toBe(before);
  });

  it('refuses a completion row for a person of B with only the gate’s error, before the course is looked up', async () => {
    const r = await importCsv(
      'completions',
      `person,course_code,completed_at\n${personBHpr},${courseCode},2025-01-10\n${personA.id},NO-SUCH-COURSE,2025-01-10\n`,
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ line: 2, column: 'person' })]);
    expect(JSON.stringify(r.body)).not.toContain('NO-SUCH-COURSE');
  });

  it('refuses people rows employed in B with only the gate’s errors (no duplicate check of B’s data)', async () => {
    const before = await count('readiness_people');
    const hpr = String(8_000_000 + Math.floor(Math.random() * 900_000));
    const r = await importCsv(
      'people',
      `name,hpr_number,employer_unit_id\n${uniq('Ola')},${hpr},${unitB}\n${uniq('Kari')},${hpr},${unitA}\n`,
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([expect.objectContaining({ line: 2, column: 'employer_unit_id' })]);
    expect(await count('readiness_people')).toBe(before);
  });

  it('still imports rows that all lie within A', async () => {
    const r = await importCsv(
      'completions',
      `person,course_code,completed_at,unit_id\n${personA.id},${courseCode},2025-01-10,${unitA}\n`,
    );
    expect(r.status).toBe(201);
    expect(r.body.imported).toBe(1);
  });

  it('refuses a single completion recorded on unit B, though the person is in A', async () => {
    const r = await a.post(
      `${R}/completions`,
      { personId: personA.id, courseId: (await buildCourse(a)).id, completedAt: '2025-01-11', unitId: unitB },
      leaderOfA,
    );
    expect(r.status).toBe(404);
  });
});
