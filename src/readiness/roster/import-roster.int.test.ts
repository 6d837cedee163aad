/**
 * The roster import as a use case (CMP-4, TR-1), called directly: the unit's scope first, all
 * shifts or none, each refusal by line and column with its message code, one audit row per
 * import (import, then replace), and people outside the caller's scope reading like nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../platform/errors.ts';
import { dbKinds } from '../../platform/db/testing.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { readinessModule } from '../module.ts';
import {
  ADMIN,
  api,
  buildPerson,
  buildUnit,
  leaderOf,
  refusalOf,
  uniq,
  type Api,
} from '../testing/factories.ts';
import { importRoster, importRosterCsv } from './import-roster.ts';

const WEEK = '2025-03-03';
const HEADER = 'unit_id;unit_kind;start;end;person_id;role';
const SHIFT = '2025-03-04T08:00+01:00;2025-03-04T16:00+01:00';

let hprSeq = 0;
const hpr = () => String(5_000_000 + Math.floor(Math.random() * 90_000) * 10 + (hprSeq++ % 10));

describe.each(dbKinds())('CMP-4 importRosterCsv (the use case) on %s', (kind) => {
  let t: TestApp;
  let a: Api;
  beforeAll(async () => {
    t = await createTestApp({ kind, modules: [readinessModule] });
    a = api(t);
  });
  afterAll(async () => t.close());

  /** A person with the given fields, echoed back so the test can write them into the CSV. */
  const person = async (unitId: string, fields: Record<string, string>) =>
    ({ ...(await buildPerson(a, unitId, fields)), ...fields }) as {
      id: string;
      name: string;
      hprNumber: string;
      employeeNumber: string;
    };
  const rostersOf = async (unitId: string) =>
    (
      await t.db.query<{ id: string }>('SELECT id FROM readiness_rosters WHERE unit_id = $1', [unitId])
    ).rows.map((r) => r.id);
  const auditsOf = async (unitId: string) =>
    (
      await t.db.query<{ action: string; entity_id: string; details: Record<string, unknown> }>(
        `SELECT action, entity_id, details FROM audit_events
          WHERE action LIKE 'readiness.roster.%' AND details->>'unitId' = $1 ORDER BY id`,
        [unitId],
      )
    ).rows;

  it('stores a semicolon file with a byte-order mark and writes one audit row; a second import replaces it', async () => {
    const unit = await buildUnit(a);
    const p1 = await person(unit.id, { hprNumber: hpr() });
    const p2 = await person(unit.id, { employeeNumber: uniq('E') });
    const csv = `\uFEFF${HEADER}\r\nA-1;ambulance-car;${SHIFT};${p1.hprNumber};driver\r\nA-1;ambulance-car;${SHIFT};${p2.employeeNumber};crew\r\n`;
    const first = await importRosterCsv(t.db, ADMIN, { unitId: unit.id, weekStart: WEEK }, csv);
    expect(first).toMatchObject({ unitId: unit.id, weekStart: WEEK, source: 'csv' });
    expect(first.shifts).toEqual([expect.objectContaining({ unitId: 'A-1', lines: [2, 3] })]);
    expect(first.shifts[0]!.assignments.map((x) => x.personId).sort()).toEqual([p1.id, p2.id].sort());
    const second = await importRosterCsv(t.db, ADMIN, { unitId: unit.id, weekStart: WEEK }, csv);
    expect(await rostersOf(unit.id)).toEqual([second.id]);
    const audits = await auditsOf(unit.id);
    expect(audits.map((x) => [x.action, x.entity_id])).toEqual([
      ['readiness.roster.import', first.id],
      ['readiness.roster.replace', second.id],
    ]);
    expect(audits[1]!.details).toMatchObject({
      count: 1,
      ids: [second.id],
      source: 'csv',
      shifts: 1,
      replaced: [first.id],
    });
  });

  it('refuses a malformed file by line and column with codes, and stores nothing', async () => {
    const unit = await buildUnit(a);
    const e = await refusalOf(
      importRosterCsv(
        t.db,
        ADMIN,
        { unitId: unit.id, weekStart: WEEK },
        [
          HEADER,
          `A-1;ambulance-car;${SHIFT};X1;driver`,
          `A-1;ambulance-car;${SHIFT};X1;driver`,
          `A-1;amk;${SHIFT};X2;driver`,
          `A-1;ambulance-car;2025-03-04T16:00+01:00;2025-03-04T08:00+01:00;X3;crew`,
        ].join('\n'),
      ),
    );
    expect(e.code).toBe('unprocessable');
    expect(e.extra.detailCode).toBe('csv.refused');
    expect(e.extra.detailParams).toEqual({ rows: 3 });
    expect(e.extra.errors).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'person_id',
        path: 'line 3, column person_id',
        code: 'csv.duplicate-in-file',
        params: { value: 'X1', otherLine: 2 },
      }),
      expect.objectContaining({ line: 4, column: 'role', code: 'csv.role-not-for-unit-kind' }),
      expect.objectContaining({ line: 5, column: 'end', code: 'csv.end-not-after-start' }),
    ]);
    expect(await rostersOf(unit.id)).toEqual([]);
    expect(await auditsOf(unit.id)).toEqual([]);
  });

  it('refuses unknown people on their own line and shifts outside the week, all or nothing', async () => {
    const unit = await buildUnit(a);
    const known = await person(unit.id, { hprNumber: hpr() });
    const e = await refusalOf(
      importRosterCsv(
        t.db,
        ADMIN,
        { unitId: unit.id, weekStart: WEEK },
        [
          HEADER,
          `A-1;ambulance-car;${SHIFT};${known.hprNumber};driver`,
          `A-1;ambulance-car;${SHIFT};nobody-${hpr()};crew`,
          `A-2;ambulance-car;2025-03-11T08:00+01:00;2025-03-11T16:00+01:00;${known.hprNumber};driver`,
        ].join('\n'),
      ),
    );
    expect(e.extra.errors).toEqual([
      expect.objectContaining({ line: 3, column: 'person_id', code: 'csv.person-not-found' }),
      expect.objectContaining({
        line: 4,
        column: 'start',
        code: 'csv.shift-outside-week',
        params: { start: '2025-03-11T08:00+01:00', end: '2025-03-11T16:00+01:00', weekStart: WEEK },
      }),
    ]);
    expect(await rostersOf(unit.id)).toEqual([]);
  });

  it('TR-1: refuses an untrained operator on a control room on that person’s line, storing nothing', async () => {
    const unit = await buildUnit(a);
    const p = await person(unit.id, { name: 'Ulf Utrent', hprNumber: hpr() });
    const e = await refusalOf(
      importRosterCsv(
        t.db,
        ADMIN,
        { unitId: unit.id, weekStart: WEEK },
        `${HEADER}\n${unit.id};lv-sentral;${SHIFT};${p.hprNumber};operator\n`,
      ),
    );
    expect(e.message).toContain('TR-1: Ulf Utrent may not be rostered');
    expect(e.extra.errors).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'person_id',
        code: 'csv.untrained-on-shift',
        params: { name: 'Ulf Utrent', start: '2025-03-04T08:00+01:00' },
      }),
    ]);
    expect(await rostersOf(unit.id)).toEqual([]);
    expect(await auditsOf(unit.id)).toEqual([]);
  });

  it('refuses a week that does not start on a Monday with its code', async () => {
    const unit = await buildUnit(a);
    const e = await refusalOf(
      importRoster(t.db, ADMIN, { unitId: unit.id, weekStart: '2025-03-04', shifts: [] }),
    );
    expect(e.extra).toMatchObject({
      detailCode: 'roster.week-not-monday',
      detailParams: { date: '2025-03-04' },
    });
  });

  it("checks the unit's scope before reading the file, and a person of another unit reads like nobody", async () => {
    const mine = await buildUnit(a);
    const other = await buildUnit(a, { parentId: 'kommune-0301', municipalities: ['0301'] });
    const theirs = await person(other.id, { hprNumber: hpr() });
    const leader = leaderOf(mine.id);
    const garbage = 'not,a,roster\n"unterminated\n';
    const outside = await refusalOf(
      importRosterCsv(t.db, leader, { unitId: other.id, weekStart: WEEK }, garbage),
    );
    expect(outside.code).toBe('not-found');
    expect(outside.extra.errors).toBeUndefined();
    const row = (ref: string) => `${HEADER}\nA-1;ambulance-car;${SHIFT};${ref};driver\n`;
    const hidden = await refusalOf(
      importRosterCsv(t.db, leader, { unitId: mine.id, weekStart: WEEK }, row(theirs.hprNumber)),
    );
    const missing = await refusalOf(
      importRosterCsv(t.db, leader, { unitId: mine.id, weekStart: WEEK }, row('9999999')),
    );
    const strip = (x: AppError) =>
      JSON.stringify(x.extra).replaceAll(theirs.hprNumber, 'REF').replaceAll('9999999', 'REF');
    expect(strip(hidden)).toBe(strip(missing));
    expect(hidden.extra.errors).toEqual([
      expect.objectContaining({ line: 2, column: 'person_id', code: 'csv.person-not-found' }),
    ]);
    expect(await rostersOf(mine.id)).toEqual([]);
    expect(await rostersOf(other.id)).toEqual([]);
  });
});
