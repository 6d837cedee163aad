/**
 * Roster register: a week's roster of a unit (a municipality's legevakt and LV-sentral, AMK,
 * ambulance stations), stored and read back checked with the competence rules (CMP-1 … CMP-4,
 * LV-1) against today's registers. Importing one (validation, TR-1, audit) is the use case in
 * import-roster.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Row } from '../rows.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { notFound, nullIfNotFound } from '../../platform/errors.ts';
import { formatOsloDateTime, startOfOsloDay } from '../../platform/time/calendar.ts';
import { offsetOf, offsetPage, type PageQuery } from '../../platform/http/paging.ts';
import { addDays } from '../competence/dates.ts';
import { checkRoster } from '../competence/roster.ts';
import type {
  Equipment as RuleEquipment,
  PersonFacts,
  RosterShift,
  RosterViolation,
} from '../competence/types.ts';
import { CONTROL_ROOM_KINDS, getUnit } from '../organisations/store.ts';
import type { ShiftInput, Violation } from '../schema.ts';
import { listCompletions, personFacts, toPerson, trainingCompletions } from '../training/store.ts';

/** Monday 00:00 to the next Monday 00:00, Oslo time, as ISO date-times with their offsets. */
export function weekRange(weekStart: string): { from: string; to: string } {
  return {
    from: formatOsloDateTime(startOfOsloDay(weekStart)),
    to: formatOsloDateTime(startOfOsloDay(addDays(weekStart, 7))),
  };
}

export function isMonday(date: string): boolean {
  return new Date(`${date}T12:00:00Z`).getUTCDay() === 1;
}

export interface ShiftWithLines extends ShiftInput {
  lines?: number[];
}

/** What the competence rules need besides the people: each control room's system and the training done. */
export async function ruleOptions(q: Queryable, shifts: readonly RosterShift[], personIds: string[]) {
  const byUnit = new Map<string, RuleEquipment>();
  for (const id of new Set(shifts.map((s) => s.unitId))) {
    const unit = await nullIfNotFound(getUnit(q, id));
    if (unit && CONTROL_ROOM_KINDS.includes(unit.kind) && unit.controlRoomSystem)
      byUnit.set(id, { kind: 'control-room', system: unit.controlRoomSystem });
  }
  const completions = trainingCompletions(await listCompletions(q, { all: true }, { personIds }));
  return { equipment: { byUnit, completions } };
}

export function toViolation(
  v: RosterViolation,
  names: ReadonlyMap<string, string>,
  unitNames: ReadonlyMap<string, string> = new Map(),
): Violation {
  return {
    kind: v.kind,
    paragraph: v.paragraph,
    requirementId: v.requirementId,
    unitId: v.unitId,
    ...(unitNames.has(v.unitId) ? { unitName: unitNames.get(v.unitId)! } : {}),
    unitKind: v.unitKind,
    ...(v.shiftId ? { shiftId: v.shiftId } : {}),
    start: v.start,
    end: v.end,
    message: v.message,
    messageNb: v.messageNb,
    people: v.personIds.map((id) => ({ id, name: names.get(id) ?? id })),
    missing: v.missing.map((m) => ({
      code: m.code,
      element: m.element,
      paragraph: m.paragraph,
      ...(m.personId ? { personId: m.personId } : {}),
    })),
    ...(v.lines ? { lines: v.lines } : {}),
  };
}

/**
 * Writes a checked roster: deletes an earlier roster of the same unit and week and stores this
 * one's shifts with the people their references resolved to. The caller validates and audits.
 */
export async function replaceRoster(
  q: Queryable,
  input: { unitId: string; weekStart: string; source: 'csv' | 'api'; shifts: readonly ShiftWithLines[] },
  personIdOf: ReadonlyMap<string, string>,
): Promise<{ id: string; replaced: string[] }> {
  const old = await q.query<{ id: string }>(
    'SELECT id FROM readiness_rosters WHERE unit_id = $1 AND week_start = $2',
    [input.unitId, input.weekStart],
  );
  for (const o of old.rows) {
    await q.query('DELETE FROM readiness_roster_shifts WHERE roster_id = $1', [o.id]);
    await q.query('DELETE FROM readiness_rosters WHERE id = $1', [o.id]);
  }
  const id = randomUUID();
  await q.query('INSERT INTO readiness_rosters (id, unit_id, week_start, source) VALUES ($1,$2,$3,$4)', [
    id,
    input.unitId,
    input.weekStart,
    input.source,
  ]);
  for (const [i, s] of input.shifts.entries()) {
    for (const [j, a] of s.assignments.entries()) {
      await q.query(
        `INSERT INTO readiness_roster_shifts (id, roster_id, shift_no, line, shift_unit_id, shift_unit_kind, start_at, end_at, person_ref, person_id, role)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
        [
          randomUUID(),
          id,
          i + 1,
          s.lines?.[j] ?? null,
          s.unitId,
          s.unitKind,
          s.start,
          s.end,
          a.person,
          personIdOf.get(a.person),
          a.role,
        ],
      );
    }
  }
  return { id, replaced: old.rows.map((r) => r.id) };
}

/** One page of the rosters of the units (all units when null), newest week first. */
export async function listRosters(q: Queryable, unitIds: string[] | null, page: PageQuery) {
  const where = unitIds ? 'WHERE r.unit_id = ANY($1::text[])' : '';
  const params = unitIds ? [unitIds] : [];
  const count = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM readiness_rosters r ${where}`,
    params,
  );
  const { rows } = await q.query<Row>(
    `SELECT r.*, (SELECT count(DISTINCT shift_no)::int FROM readiness_roster_shifts s WHERE s.roster_id = r.id) AS shifts
       FROM readiness_rosters r ${where} ORDER BY r.week_start DESC, r.unit_id, r.id
      LIMIT ${page.limit} OFFSET ${offsetOf(page)}`,
    params,
  );
  const items = rows.map((r) => ({
    id: String(r.id),
    unitId: String(r.unit_id),
    weekStart: String(r.week_start),
    source: r.source as 'csv' | 'api',
    importedAt: new Date(r.imported_at as string).toISOString(),
    shifts: Number(r.shifts),
  }));
  return offsetPage(items, Number(count.rows[0]?.n ?? 0), page);
}

/** A stored roster with its shifts, checked against today's registers. */
export async function getRoster(q: Queryable, id: string) {
  const r = await q.query<Row>('SELECT * FROM readiness_rosters WHERE id = $1', [id]);
  const roster = r.rows[0];
  if (!roster) throw notFound(`The roster ${id}`);
  const { rows } = await q.query<Row>(
    `SELECT s.*, p.name AS person_name FROM readiness_roster_shifts s JOIN readiness_people p ON p.id = s.person_id
      WHERE s.roster_id = $1 ORDER BY s.shift_no, s.line NULLS LAST, p.name`,
    [id],
  );
  const ppl = await q.query<Row>(
    'SELECT * FROM readiness_people WHERE id IN (SELECT person_id FROM readiness_roster_shifts WHERE roster_id = $1)',
    [id],
  );
  const facts = new Map<string, PersonFacts>();
  const names = new Map<string, string>();
  for (const pr of ppl.rows) {
    const p = toPerson(pr);
    facts.set(p.id, personFacts(p));
    names.set(p.id, p.name);
  }
  const byNo = new Map<number, Row[]>();
  for (const row of rows) byNo.set(Number(row.shift_no), [...(byNo.get(Number(row.shift_no)) ?? []), row]);
  const shifts = [...byNo.entries()].map(([no, rs]) => {
    const f = rs[0]!;
    const lines = rs
      .map((x) => (x.line === null ? null : Number(x.line)))
      .filter((x): x is number => x !== null);
    return {
      id: `${String(f.shift_unit_id)}/${String(f.start_at)}/${no}`,
      unitId: String(f.shift_unit_id),
      unitKind: f.shift_unit_kind as ShiftInput['unitKind'],
      start: String(f.start_at),
      end: String(f.end_at),
      assignments: rs.map((x) => ({
        person: String(x.person_ref),
        personId: String(x.person_id),
        personName: String(x.person_name),
        role: x.role as ShiftInput['assignments'][number]['role'],
      })),
      lines: lines.length ? lines : null,
    };
  });
  const ruleShifts: RosterShift[] = shifts.map((s) => ({
    id: s.id,
    unitId: s.unitId,
    unitKind: s.unitKind,
    start: s.start,
    end: s.end,
    assignments: s.assignments.map((a) => ({ personId: a.personId, role: a.role })),
    ...(s.lines ? { lines: s.lines } : {}),
  }));
  // The units of the shifts by name, so no reader sees a unit's id.
  const unitIds = [...new Set(shifts.map((s) => s.unitId))];
  const units = await q.query<{ id: string; name: string }>(
    'SELECT id, name FROM readiness_units WHERE id = ANY($1::text[])',
    [unitIds],
  );
  const unitNames = new Map(units.rows.map((u) => [u.id, u.name]));
  const report = checkRoster(
    ruleShifts,
    facts,
    weekRange(String(roster.week_start)),
    await ruleOptions(q, ruleShifts, [...facts.keys()]),
  );
  return {
    id: String(roster.id),
    unitId: String(roster.unit_id),
    weekStart: String(roster.week_start),
    source: roster.source as 'csv' | 'api',
    importedAt: new Date(roster.imported_at as string).toISOString(),
    shifts,
    check: {
      ok: report.ok,
      checkedShifts: report.checkedShifts,
      violations: report.violations.map((v) => toViolation(v, names, unitNames)),
    },
  };
}
