/**
 * Issue 9 part 7: a database error never turns into "not found". The database is real (PGlite or
 * PostgreSQL) behind a wrapper whose queries on one table fail as an unreachable database does
 * (DatabaseUnavailableError); a lookup of that table that used to read every failure as "there is
 * no such unit / course" (a 422 naming the field, or a CSV row refusal) must answer 503 instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dbKinds } from '../platform/db/testing.ts';
import type { Db, Queryable } from '../platform/db/types.ts';
import { DatabaseUnavailableError } from '../platform/db/unavailable.ts';
import { createTestApp, type TestApp } from '../platform/testing/app.ts';
import { readinessModule } from './module.ts';
import { api, buildCourse, buildPerson, buildUnit, type Api } from './testing/factories.ts';

const R = '/api/v1/readiness';

/** A real database whose queries on the table `down` (when set) fail as an outage would. */
function partlyDown(real: Db): Db & { down: string | null } {
  const wrap =
    (q: Queryable): Queryable['query'] =>
    (text: string, params?: readonly unknown[]) =>
      wrapper.down && new RegExp(`\\b${wrapper.down}\\b`).test(text)
        ? Promise.reject(new DatabaseUnavailableError('database-unreachable'))
        : q.query(text, params);
  const wrapper = {
    down: null as string | null,
    kind: real.kind,
    query: wrap(real),
    exec: (sql: string) => real.exec(sql),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      real.transaction((tx) => fn({ query: wrap(tx), exec: (sql: string) => tx.exec(sql) })),
    close: () => real.close(),
  };
  return wrapper;
}

describe.each(dbKinds())('a database error is not "not found" on %s (issue 9)', (kind) => {
  let t: TestApp;
  let db: Db & { down: string | null };
  let a: Api;
  beforeAll(async () => {
    db = partlyDown(await createTestDb(kind));
    t = await createTestApp({ modules: [readinessModule], db });
    a = api(t);
  });
  afterAll(async () => {
    db.down = null;
    await t?.close();
    await db?.close();
  });

  it('creating a person while the units cannot be read is a 503, not "the employer unit does not exist"', async () => {
    const unit = await buildUnit(a);
    db.down = 'readiness_units';
    const r = await a.post(`${R}/training/people`, { name: 'Kari Nordmann', employerUnitId: unit.id });
    db.down = null;
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('unavailable');
    expect(JSON.stringify(r.body)).not.toContain('employer-unit-missing');
    // With the database back, the same request succeeds: the unit was there all along.
    expect(
      (await a.post(`${R}/training/people`, { name: 'Kari Nordmann', employerUnitId: unit.id })).status,
    ).toBe(201);
  });

  it('a completions CSV while the courses cannot be read is a 503, not a row refused for an unknown course', async () => {
    const unit = await buildUnit(a);
    const person = await buildPerson(a, unit.id);
    const course = await buildCourse(a);
    const csv = `person;course_code;completed_at\r\n${person.id};${course.code};2025-01-15\r\n`;
    db.down = 'readiness_courses';
    const r = await a.post(`${R}/training/completions/import`, { csv });
    db.down = null;
    expect(r.status).toBe(503);
    expect(JSON.stringify(r.body)).not.toContain('csv.course-not-found');
  });
});
