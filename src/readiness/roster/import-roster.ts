/**
 * Imports a unit's roster for one week and checks it, from a CSV (columns unit_id, unit_kind,
 * start, end, person_id, role; commas or semicolons, a UTF-8 byte-order mark and CRLF accepted;
 * see competence/roster-csv.ts) or as JSON shifts. The unit must be in the caller's scope, checked
 * before anything else; every row must be well formed, lie within the week and name exactly one
 * person the caller may see (a person of another organisation reads like nobody); TR-1 is
 * enforced (nobody is rostered on a control room without the training for its system), the other
 * competence rules (CMP-1 … CMP-4, LV-1) are reported in the answer. Refusals name the line and
 * column with a message code. All shifts are stored or none, replacing an earlier roster of the
 * same unit and week: one transaction, one audit row (readiness.roster.import or .replace).
 */
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/types.ts';
import { refusal } from '../../platform/errors.ts';
import { assertUnitInScope, canSee, scopeOf } from '../access.ts';
import { parseRosterCsv } from '../competence/roster-csv.ts';
import { checkRoster } from '../competence/roster.ts';
import type { PersonFacts, RosterShift } from '../competence/types.ts';
import { CsvErrors, finishImport } from '../csv/csv-import.ts';
import { getUnit } from '../organisations/store.ts';
import { findPersonByRef, personFacts } from '../training/store.ts';
import { getRoster, isMonday, replaceRoster, ruleOptions, weekRange, type ShiftWithLines } from './store.ts';

/** The unit and week a roster is for. */
export interface RosterTarget {
  unitId: string;
  weekStart: string;
}

const CSV_REFUSED = 'The roster CSV was refused';
const JSON_REFUSED = 'The roster was refused';

/** The roster CSV import (POST /rosters/import): the route only reads the CSV text. */
export async function importRosterCsv(db: Db, actor: Actor, target: RosterTarget, csv: string) {
  return db.transaction(async (tx) => {
    await assertUnitInScope(tx, actor, target.unitId);
    const errors = new CsvErrors();
    const parsed = parseRosterCsv(csv);
    for (const e of parsed.ok ? [] : parsed.errors)
      errors.add(e.line, e.column, e.message, { code: e.code, ...(e.params ? { params: e.params } : {}) });
    errors.throwIfAny(CSV_REFUSED);
    const shifts: ShiftWithLines[] = (parsed.ok ? parsed.shifts : []).map((s) => ({
      unitId: s.unitId,
      unitKind: s.unitKind,
      start: s.start,
      end: s.end,
      assignments: s.assignments.map((a) => ({ person: a.personId, role: a.role })),
      ...(s.lines ? { lines: s.lines } : {}),
    }));
    return checkAndStore(tx, actor, { ...target, source: 'csv', shifts }, errors, CSV_REFUSED);
  });
}

/** The roster as JSON shifts (POST /rosters): the same checks; a row's "line" is its shift's number. */
export async function importRoster(db: Db, actor: Actor, input: RosterTarget & { shifts: ShiftWithLines[] }) {
  return db.transaction(async (tx) => {
    await assertUnitInScope(tx, actor, input.unitId);
    return checkAndStore(tx, actor, { ...input, source: 'api' }, new CsvErrors(), JSON_REFUSED);
  });
}

async function checkAndStore(
  tx: Queryable,
  actor: Actor,
  input: RosterTarget & { source: 'csv' | 'api'; shifts: ShiftWithLines[] },
  errors: CsvErrors,
  refused: string,
) {
  await getUnit(tx, input.unitId);
  if (!isMonday(input.weekStart))
    throw refusal('unprocessable', `weekStart ${input.weekStart} is not a Monday`, {
      code: 'roster.week-not-monday',
      params: { date: input.weekStart },
    });
  const scope = await scopeOf(tx, actor);
  const range = weekRange(input.weekStart);
  const lineOf = (i: number, s: ShiftWithLines, j = 0) => s.lines?.[j] ?? s.lines?.[0] ?? i + 1;
  const facts = new Map<string, PersonFacts>();
  const names = new Map<string, string>();
  const personIdOf = new Map<string, string>();
  const unknown = new Set<string>();
  for (const [i, s] of input.shifts.entries()) {
    if (Date.parse(s.end) <= Date.parse(range.from) || Date.parse(s.start) >= Date.parse(range.to))
      errors.add(
        lineOf(i, s),
        'start',
        `the shift ${s.start} – ${s.end} lies outside the week from ${input.weekStart}`,
        {
          code: 'csv.shift-outside-week',
          params: { start: s.start, end: s.end, weekStart: input.weekStart },
        },
      );
    for (const [j, a] of s.assignments.entries()) {
      if (!personIdOf.has(a.person) && !unknown.has(a.person)) {
        const p = await findPersonByRef(tx, a.person);
        // Outside the caller's scope reads like nobody: the answer tells nothing about another unit.
        if (p && canSee(scope, p.employerUnitId)) {
          personIdOf.set(a.person, p.id);
          facts.set(p.id, personFacts(p));
          names.set(p.id, p.name);
        } else unknown.add(a.person);
      }
      if (unknown.has(a.person))
        errors.add(
          lineOf(i, s, j),
          'person_id',
          `no single person has the id, HPR or employee number ${a.person}`,
          { code: 'csv.person-not-found', params: { value: a.person } },
        );
    }
  }
  errors.throwIfAny(refused);

  const shifts: RosterShift[] = input.shifts.map((s, i) => ({
    id: `${s.unitId}/${s.start}/${i + 1}`,
    unitId: s.unitId,
    unitKind: s.unitKind,
    start: s.start,
    end: s.end,
    assignments: s.assignments.map((a) => ({ personId: personIdOf.get(a.person)!, role: a.role })),
    ...(s.lines ? { lines: s.lines } : {}),
  }));
  const report = checkRoster(shifts, facts, range, await ruleOptions(tx, shifts, [...facts.keys()]));
  // TR-1 enforced: nobody is rostered to equipment they are not trained for, each refused on the
  // line of their own assignment.
  const untrained = new CsvErrors();
  const texts: string[] = [];
  for (const v of report.violations.filter((x) => x.kind === 'training')) {
    const i = shifts.findIndex((s) => s.id === v.shiftId);
    const shift = input.shifts[i];
    for (const personId of v.personIds) {
      const name = names.get(personId) ?? personId;
      const message = `TR-1: ${name} may not be rostered on ${v.unitId} ${v.start}: missing ${v.missing.map((m) => m.element).join('; ')}`;
      texts.push(message);
      const j = shift ? shift.assignments.findIndex((a) => personIdOf.get(a.person) === personId) : -1;
      untrained.add(shift ? lineOf(i, shift, Math.max(j, 0)) : (v.lines?.[0] ?? 0), 'person_id', message, {
        code: 'csv.untrained-on-shift',
        params: { name, start: v.start },
      });
    }
  }
  untrained.throwIfAny(
    `TR-1: the roster puts people on equipment they are not trained for (${texts.join(' ')})`,
  );

  const { id, replaced } = await replaceRoster(tx, input, personIdOf);
  await finishImport(
    tx,
    actor,
    errors,
    refused,
    {
      action: replaced.length ? 'readiness.roster.replace' : 'readiness.roster.import',
      entityType: 'readiness-roster',
      entityId: id,
      details: {
        unitId: input.unitId,
        weekStart: input.weekStart,
        source: input.source,
        shifts: shifts.length,
        violations: report.violations.length,
        replaced,
      },
    },
    [id],
  );
  return getRoster(tx, id);
}
