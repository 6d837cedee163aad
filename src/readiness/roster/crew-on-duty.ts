/**
 * Who crews a unit now, by its roster, with the competence rules' verdict on that shift (CMP-3,
 * §11 for ambulances): what the AMK picture shows beside a resource (issue 14, NN-5). The same
 * check as a stored roster's (`checkRoster` with the registers' facts and training), on the shift
 * that covers the instant. Null when no roster shift covers it.
 */
import type { Queryable } from '../../platform/db/types.ts';
import type { Row } from '../rows.ts';
import { parseInstant } from '../competence/dates.ts';
import { checkRoster } from '../competence/roster.ts';
import type { PersonFacts, RosterRole, RosterShift, UnitKind } from '../competence/types.ts';
import { personFacts, toPerson } from '../training/store.ts';
import { ruleOptions } from './store.ts';

export interface CrewMemberOnDuty {
  personId: string;
  name: string;
  role: string;
}

export interface CrewViolation {
  kind: string;
  paragraph: string;
  requirementId: string;
  /** Competence-element codes the crew lacks (readiness/competence/elements.ts). */
  missing: string[];
  personIds: string[];
}

export interface CrewOnDuty {
  unitId: string;
  shift: { start: string; end: string };
  crew: CrewMemberOnDuty[];
  /** Whether the crew meets the rules (no violation). */
  ok: boolean;
  violations: CrewViolation[];
}

/** The crew of `unitId` at `atMs` and the rules' verdict, or null when no shift covers the instant. */
export async function crewOnDuty(q: Queryable, unitId: string, atMs: number): Promise<CrewOnDuty | null> {
  const { rows } = await q.query<Row>(
    `SELECT s.roster_id, s.shift_no, s.shift_unit_kind, s.start_at, s.end_at, s.person_id, s.role, p.name AS person_name
       FROM readiness_roster_shifts s JOIN readiness_people p ON p.id = s.person_id
      WHERE s.shift_unit_id = $1`,
    [unitId],
  );
  const covering = rows.filter((r) => {
    const start = parseInstant(String(r.start_at));
    const end = parseInstant(String(r.end_at));
    return start !== null && end !== null && start <= atMs && atMs < end;
  });
  if (covering.length === 0) return null;
  // One shift: the latest-starting one covering the instant (a roster has no overlaps of a unit).
  const first = covering.sort(
    (a, b) => parseInstant(String(b.start_at))! - parseInstant(String(a.start_at))!,
  )[0]!;
  const same = covering.filter((r) => r.roster_id === first.roster_id && r.shift_no === first.shift_no);
  const shift: RosterShift = {
    id: `${unitId}/${String(first.start_at)}`,
    unitId,
    unitKind: first.shift_unit_kind as UnitKind,
    start: String(first.start_at),
    end: String(first.end_at),
    assignments: same.map((r) => ({ personId: String(r.person_id), role: r.role as RosterRole })),
  };
  const people = await q.query<Row>('SELECT * FROM readiness_people WHERE id = ANY($1::uuid[])', [
    same.map((r) => String(r.person_id)),
  ]);
  const facts = new Map<string, PersonFacts>();
  for (const pr of people.rows) {
    const p = toPerson(pr);
    facts.set(p.id, personFacts(p));
  }
  const report = checkRoster(
    [shift],
    facts,
    { from: shift.start, to: shift.end },
    await ruleOptions(q, [shift], [...facts.keys()]),
  );
  return {
    unitId,
    shift: { start: shift.start, end: shift.end },
    crew: same.map((r) => ({
      personId: String(r.person_id),
      name: String(r.person_name),
      role: String(r.role),
    })),
    ok: report.ok,
    violations: report.violations.map((v) => ({
      kind: v.kind,
      paragraph: v.paragraph,
      requirementId: v.requirementId,
      missing: v.missing.map((m) => m.code),
      personIds: v.personIds,
    })),
  };
}
