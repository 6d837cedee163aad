/**
 * Roster register and check: a week's roster of a unit (a municipality's legevakt and LV-sentral,
 * AMK, ambulance stations), stored and checked with the competence rules (CMP-1 … CMP-4, LV-1) and
 * TR-1. TR-1 is enforced on import: a shift on a control room whose operator lacks training for
 * its system is refused (422) naming what is missing; every other violation is reported.
 */
import { randomUUID } from 'node:crypto';
import type { Row } from '../rows.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { AppError, notFound, nullIfNotFound, unprocessable } from '../../platform/errors.ts';
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
import {
  findPersonByRef,
  listCompletions,
  personFacts,
  toPerson,
  trainingCompletions,
} from '../training/store.ts';
import type { CsvRowError } from '../csv/csv-import.ts';

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

interface LoadedPeople {
  facts: Map<string, PersonFacts>;
  names: Map<string, string>;
}

async function ruleOptions(q: Queryable, shifts: readonly RosterShift[], personIds: string[]) {
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

/** Stores a week's roster (replacing an earlier import of the same unit and week) and checks it. */
export async function importRoster(
  q: Queryable,
  actor: Actor,
  input: { unitId: string; weekStart: string; source: 'csv' | 'api'; shifts: ShiftWithLines[] },
) {
  await getUnit(q, input.unitId);
  if (!isMonday(input.weekStart)) throw unprocessable(`weekStart ${input.weekStart} is not a Monday`);
  const range = weekRange(input.weekStart);
  const errors: CsvRowError[] = [];
  const where = (i: number, s: ShiftWithLines) => s.lines?.[0] ?? i + 1;
  const people: LoadedPeople = { facts: new Map(), names: new Map() };
  const refToId = new Map<string, string>();
  for (const [i, s] of input.shifts.entries()) {
    if (Date.parse(s.end) <= Date.parse(range.from) || Date.parse(s.start) >= Date.parse(range.to))
      errors.push({
        line: where(i, s),
        column: 'start',
        message: `the shift ${s.start} – ${s.end} lies outside the week from ${input.weekStart}`,
      });
    for (const a of s.assignments) {
      if (refToId.has(a.person)) continue;
      const p = await findPersonByRef(q, a.person);
      if (!p) {
        errors.push({
          line: where(i, s),
          column: 'person_id',
          message: `no single person has the id, HPR or employee number ${a.person}`,
        });
        continue;
      }
      refToId.set(a.person, p.id);
      people.facts.set(p.id, personFacts(p));
      people.names.set(p.id, p.name);
    }
  }
  const refused = (message: string, list: CsvRowError[]) =>
    new AppError('unprocessable', message, {
      errors: list.map((e) => ({
        ...e,
        path: e.column ? `line ${e.line}, column ${e.column}` : `line ${e.line}`,
      })),
    });
  if (errors.length)
    throw refused(`The roster was refused: ${errors.length} error(s); nothing was stored`, errors);
  const shifts: RosterShift[] = input.shifts.map((s, i) => ({
    id: `${s.unitId}/${s.start}/${i + 1}`,
    unitId: s.unitId,
    unitKind: s.unitKind,
    start: s.start,
    end: s.end,
    assignments: s.assignments.map((a) => ({ personId: refToId.get(a.person)!, role: a.role })),
    ...(s.lines ? { lines: s.lines } : {}),
  }));
  const options = await ruleOptions(q, shifts, [...people.facts.keys()]);
  const report = checkRoster(shifts, people.facts, range, options);
  // TR-1 enforced: nobody is rostered to equipment they are not trained for.
  const training = report.violations.filter((v) => v.kind === 'training');
  if (training.length) {
    const list = training.map((v) => ({
      line: v.lines?.[0] ?? 0,
      column: 'person_id',
      message: `TR-1: ${v.personIds.map((id) => people.names.get(id)).join(', ')} may not be rostered on ${v.unitId} ${v.start}: missing ${v.missing.map((m) => m.element).join('; ')}`,
    }));
    throw refused(
      `TR-1: the roster puts people on equipment they are not trained for; nothing was stored. ${list.map((l) => l.message).join(' ')}`,
      list,
    );
  }
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
          refToId.get(a.person),
          a.role,
        ],
      );
    }
  }
  await recordAudit(q, actor, {
    action: old.rows.length ? 'readiness.roster.replace' : 'readiness.roster.import',
    entityType: 'readiness-roster',
    entityId: id,
    details: {
      unitId: input.unitId,
      weekStart: input.weekStart,
      source: input.source,
      shifts: shifts.length,
      violations: report.violations.length,
      replaced: old.rows.map((r) => r.id),
    },
  });
  return getRoster(q, id);
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
