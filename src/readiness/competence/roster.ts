/**
 * Roster check: a week of shifts for a municipality's legevakt, LV-sentral, AMK and ambulance
 * units, checked against §6, §7, §8, §11, §12 c, §13 f, §15 l–m and TR-1. Every violation names
 * its paragraph, the shift (or the uncovered interval) and the people involved.
 */
import { ambulanceCrew, type AmbulanceCrewContext } from './ambulance-crew.ts';
import { localDateOf, parseInstant } from './dates.ts';
import { doctorOnCall, qualifiesAsBackupDoctor, SECTION_7 } from './doctor-on-call.ts';
import { missing } from './elements.ts';
import { mayUseEquipment, type TrainingPolicy } from './equipment-training.ts';
import { formatInstant, offsetMinutesOf, uncovered, type Interval } from './intervals.ts';
import { amkDoctor, amkOperator, lvOperator, SECTION_15M, type LvOperatorContext } from './operators.ts';
import { otherPersonnel } from './other-personnel.ts';
import type {
  AmbulanceKind,
  CrewMember,
  DrivingLicenceClass,
  Equipment,
  IsoDateTime,
  MissingElement,
  PersonFacts,
  RequirementId,
  RosterRole,
  RosterShift,
  RosterViolation,
  RosterViolationKind,
  RuleResult,
  TrainingCompletion,
  UnitKind,
} from './types.ts';

export { UNIT_KINDS } from './types.ts';

/** Which roles each unit kind takes. */
export const ROLES_BY_UNIT_KIND: Record<UnitKind, readonly RosterRole[]> = {
  legevakt: ['doctor-on-call', 'backup-doctor', 'health-personnel'],
  'lv-sentral': ['operator', 'health-personnel'],
  amk: ['operator', 'amk-doctor'],
  'ambulance-car': ['driver', 'crew'],
  'ambulance-boat': ['skipper', 'crew'],
  'ambulance-plane': ['nurse', 'crew', 'pilot'],
  'ambulance-helicopter': ['doctor', 'rescue-crew', 'crew', 'pilot'],
};

const AMBULANCE_KIND: Partial<Record<UnitKind, AmbulanceKind>> = {
  'ambulance-car': 'car',
  'ambulance-boat': 'boat',
  'ambulance-plane': 'plane',
  'ambulance-helicopter': 'helicopter',
};

export interface RosterRange {
  from: IsoDateTime;
  /** Exclusive end. */
  to: IsoDateTime;
}

export interface RosterCheckOptions {
  lvOperator?: LvOperatorContext;
  /** Licence class per ambulance car unit id (default C1). */
  licenceClassByUnit?: ReadonlyMap<string, DrivingLicenceClass>;
  /** Whether a back-up doctor on a shift can turn out (§7 annet ledd); default: yes. */
  backupCanTurnOut?: (personId: string, shift: RosterShift) => boolean;
  /** TR-1: the equipment each unit's staff use, and the training completions to check against. */
  equipment?: {
    byUnit: ReadonlyMap<string, Equipment>;
    completions: readonly TrainingCompletion[];
    policy?: TrainingPolicy;
  };
}

export interface RosterReport {
  ok: boolean;
  /** Shifts overlapping the range that were checked. */
  checkedShifts: number;
  violations: RosterViolation[];
}

interface TimedShift {
  shift: RosterShift;
  id: string;
  interval: Interval;
}

const ROLE_LABEL: Record<RosterRole, { en: string; nb: string }> = {
  'doctor-on-call': { en: 'Doctor on call', nb: 'Lege i vakt' },
  'backup-doctor': { en: 'Back-up doctor', nb: 'Bakvaktlege' },
  'health-personnel': { en: 'Health personnel', nb: 'Helsepersonell' },
  operator: { en: 'Operator', nb: 'Operatør' },
  'amk-doctor': { en: 'AMK doctor', nb: 'AMK-lege' },
  driver: { en: 'Driver', nb: 'Sjåfør' },
  crew: { en: 'Crew member', nb: 'Besetningsmedlem' },
  skipper: { en: 'Skipper', nb: 'Båtfører' },
  nurse: { en: 'Nurse', nb: 'Sykepleier' },
  doctor: { en: 'Doctor', nb: 'Lege' },
  'rescue-crew': { en: 'Rescue crew member', nb: 'Redningsmann' },
  pilot: { en: 'Pilot', nb: 'Flyger' },
};

function list(elements: readonly MissingElement[], nb: boolean): string {
  return elements.map((m) => (nb ? m.elementNb : m.element)).join('; ');
}

/** CMP-1 … CMP-4, LV-1, TR-1: every violation in `shifts` within `range`. */
export function checkRoster(
  shifts: readonly RosterShift[],
  people: ReadonlyMap<string, PersonFacts>,
  range: RosterRange,
  options: RosterCheckOptions = {},
): RosterReport {
  const from = parseInstant(range.from);
  const to = parseInstant(range.to);
  if (from === null || to === null || to <= from)
    throw new RangeError(
      `roster range must be two ISO date-times with offset, from < to; got ${range.from} – ${range.to}`,
    );
  const offset = offsetMinutesOf(range.from);
  const fmt = (ms: number): string => formatInstant(ms, offset);
  const violations: RosterViolation[] = [];
  const timed: TimedShift[] = [];

  for (const shift of shifts) {
    const id = shift.id ?? `${shift.unitId}/${shift.start}`;
    const start = parseInstant(shift.start);
    const end = parseInstant(shift.end);
    const base = {
      unitId: shift.unitId,
      unitKind: shift.unitKind,
      shiftId: id,
      start: shift.start,
      end: shift.end,
    };
    const lines = shift.lines ? { lines: shift.lines } : {};
    if (start === null || end === null || end <= start || !ROLES_BY_UNIT_KIND[shift.unitKind]) {
      violations.push({
        ...base,
        ...lines,
        kind: 'invalid-shift',
        requirementId: 'CMP-6',
        paragraph: 'roster format',
        personIds: shift.assignments.map((a) => a.personId),
        message: 'Shift has an invalid unit kind or start/end (ISO date-times with offset, end after start).',
        messageNb:
          'Vakten har ugyldig enhetstype eller start/slutt (ISO-tidspunkt med tidssone, slutt etter start).',
        missing: [],
      });
      continue;
    }
    if (end <= from || start >= to) continue;
    timed.push({ shift, id, interval: { start, end } });
  }

  for (const t of timed) violations.push(...checkShift(t, people, options));
  violations.push(...checkBackups(timed, people, options, fmt));
  violations.push(...checkCoverage(timed, people, { start: from, end: to }, fmt));
  return { ok: violations.length === 0, checkedShifts: timed.length, violations };
}

function violationOf(
  t: TimedShift,
  kind: RosterViolationKind,
  result: Pick<RuleResult, 'requirementId' | 'paragraph' | 'missing'>,
  personIds: string[],
  prefix: { en: string; nb: string },
): RosterViolation {
  return {
    kind,
    requirementId: result.requirementId,
    paragraph: result.paragraph,
    unitId: t.shift.unitId,
    unitKind: t.shift.unitKind,
    shiftId: t.id,
    start: t.shift.start,
    end: t.shift.end,
    personIds,
    message: `${prefix.en}: lacks ${list(result.missing, false)}`,
    messageNb: `${prefix.nb}: mangler ${list(result.missing, true)}`,
    missing: result.missing,
    ...(t.shift.lines ? { lines: t.shift.lines } : {}),
  };
}

function checkShift(
  t: TimedShift,
  people: ReadonlyMap<string, PersonFacts>,
  options: RosterCheckOptions,
): RosterViolation[] {
  const out: RosterViolation[] = [];
  const { shift } = t;
  const date = localDateOf(shift.start);
  const members: CrewMember[] = [];
  const allowed = ROLES_BY_UNIT_KIND[shift.unitKind];

  for (const a of shift.assignments) {
    const facts = people.get(a.personId);
    const who = (f: PersonFacts | undefined) => ({
      en: `${ROLE_LABEL[a.role].en} ${f ? `${f.name} (${a.personId})` : a.personId}`,
      nb: `${ROLE_LABEL[a.role].nb} ${f ? `${f.name} (${a.personId})` : a.personId}`,
    });
    if (!allowed.includes(a.role)) {
      out.push({
        ...violationOf(
          t,
          'invalid-shift',
          { requirementId: 'CMP-6', paragraph: 'roster format', missing: [] },
          [a.personId],
          who(facts),
        ),
        message: `${who(facts).en}: role not used on a ${shift.unitKind} (allowed: ${allowed.join(', ')})`,
        messageNb: `${who(facts).nb}: rollen brukes ikke på ${shift.unitKind} (tillatt: ${allowed.join(', ')})`,
      });
      continue;
    }
    if (facts === undefined) {
      const m = [missing('known-person', '§18', { personId: a.personId })];
      out.push(
        violationOf(
          t,
          'unknown-person',
          { requirementId: 'CMP-6', paragraph: '§18', missing: m },
          [a.personId],
          who(facts),
        ),
      );
      continue;
    }
    members.push({ facts, role: a.role });
    for (const result of rulesFor(shift.unitKind, a.role, facts, date, options)) {
      if (!result.ok) out.push(violationOf(t, 'competence', result, [a.personId], who(facts)));
    }
    const equipment = options.equipment?.byUnit.get(shift.unitId);
    if (equipment && options.equipment) {
      const training = mayUseEquipment(
        facts,
        equipment,
        date,
        options.equipment.completions,
        options.equipment.policy,
      );
      if (!training.ok) out.push(violationOf(t, 'training', training, [a.personId], who(facts)));
    }
  }

  const ambulance = AMBULANCE_KIND[shift.unitKind];
  if (ambulance) {
    const licenceClass = options.licenceClassByUnit?.get(shift.unitId);
    const context: AmbulanceCrewContext = licenceClass ? { licenceClass } : {};
    const crew = ambulanceCrew(ambulance, members, date, context);
    if (!crew.ok) {
      const label = { en: `${shift.unitKind} crew`, nb: `Besetning ${shift.unitKind}` };
      out.push(
        violationOf(
          t,
          'composition',
          crew,
          members.map((m) => m.facts.id),
          label,
        ),
      );
    }
  }
  return out;
}

/** The per-person rules that apply to `role` on a unit of `unitKind`. */
function rulesFor(
  unitKind: UnitKind,
  role: RosterRole,
  facts: PersonFacts,
  date: string,
  options: RosterCheckOptions,
): RuleResult[] {
  switch (role) {
    case 'doctor-on-call': {
      const r = doctorOnCall(facts, date);
      // A doctor who needs a back-up is checked against the back-up roster (checkBackups).
      return r.needsBackup ? [] : [r];
    }
    case 'backup-doctor':
      return [qualifiesAsBackupDoctor(facts, date)];
    case 'health-personnel':
      return [otherPersonnel(facts, date)];
    case 'operator':
      return unitKind === 'amk'
        ? [amkOperator(facts, date)]
        : [lvOperator(facts, date, options.lvOperator), otherPersonnel(facts, date)];
    case 'amk-doctor':
      return [amkDoctor(facts, date)];
    case 'driver':
    case 'crew':
    case 'skipper':
    case 'nurse':
    case 'doctor':
    case 'rescue-crew':
    case 'pilot':
      return []; // assessed as a crew by §11
  }
}

/** §7 annet ledd: a doctor on call who may not be alone needs a qualified back-up for the whole shift. */
function checkBackups(
  timed: readonly TimedShift[],
  people: ReadonlyMap<string, PersonFacts>,
  options: RosterCheckOptions,
  fmt: (ms: number) => string,
): RosterViolation[] {
  const out: RosterViolation[] = [];
  const byUnit = groupByUnit(timed);
  // A back-up's qualification depends only on who and which day: answer each pair once.
  const qualified = new Map<string, boolean>();
  const isQualified = (backup: PersonFacts, date: string): boolean => {
    const key = `${backup.id}\u0000${date}`;
    let answer = qualified.get(key);
    if (answer === undefined) {
      answer = qualifiesAsBackupDoctor(backup, date).ok;
      qualified.set(key, answer);
    }
    return answer;
  };
  for (const t of timed) {
    if (t.shift.unitKind !== 'legevakt') continue;
    for (const a of t.shift.assignments) {
      if (a.role !== 'doctor-on-call') continue;
      const facts = people.get(a.personId);
      if (!facts) continue;
      const primary = doctorOnCall(facts, localDateOf(t.shift.start));
      if (!primary.needsBackup) continue;
      const covers: Interval[] = [];
      const backups = new Set<string>();
      for (const other of byUnit.get(t.shift.unitId) ?? []) {
        for (const b of other.shift.assignments) {
          if (b.role !== 'backup-doctor' || b.personId === a.personId) continue;
          const backup = people.get(b.personId);
          if (!backup || !isQualified(backup, localDateOf(other.shift.start))) continue;
          if (options.backupCanTurnOut && !options.backupCanTurnOut(b.personId, other.shift)) continue;
          covers.push(other.interval);
          if (other.interval.end > t.interval.start && other.interval.start < t.interval.end)
            backups.add(b.personId);
        }
      }
      for (const gap of uncovered(t.interval, covers)) {
        const m = [missing('backup-doctor', SECTION_7.second, { personId: a.personId })];
        out.push({
          kind: 'backup',
          requirementId: 'CMP-1',
          paragraph: SECTION_7.second,
          unitId: t.shift.unitId,
          unitKind: t.shift.unitKind,
          shiftId: t.id,
          start: fmt(gap.start),
          end: fmt(gap.end),
          personIds: [a.personId, ...backups],
          message: `Doctor on call ${facts.name} (${a.personId}) does not meet §7 første ledd (${list(primary.missing, false)}) and has no qualified back-up doctor who can turn out from ${fmt(gap.start)} to ${fmt(gap.end)}`,
          messageNb: `Lege i vakt ${facts.name} (${a.personId}) oppfyller ikke § 7 første ledd (${list(primary.missing, true)}) og har ikke kvalifisert bakvakt som kan rykke ut fra ${fmt(gap.start)} til ${fmt(gap.end)}`,
          missing: [...m, ...primary.missing],
          ...(t.shift.lines ? { lines: t.shift.lines } : {}),
        });
      }
    }
  }
  return out;
}

function groupByUnit(timed: readonly TimedShift[]): Map<string, TimedShift[]> {
  const byUnit = new Map<string, TimedShift[]>();
  for (const t of timed) {
    const list = byUnit.get(t.shift.unitId);
    if (list) list.push(t);
    else byUnit.set(t.shift.unitId, [t]);
  }
  return byUnit;
}

interface CoverageRule {
  unitKind: UnitKind;
  requirementId: RequirementId;
  paragraph: string;
  element: 'lv-staffed' | 'doctor-available' | 'amk-doctor-coverage';
  /** Does this assignment count towards coverage? */
  counts: (role: RosterRole, facts: PersonFacts | undefined, date: string) => boolean;
}

const COVERAGE: readonly CoverageRule[] = [
  {
    unitKind: 'lv-sentral',
    requirementId: 'LV-1',
    paragraph: '§12 bokstav c',
    element: 'lv-staffed',
    counts: (role) => role === 'operator',
  },
  {
    unitKind: 'legevakt',
    requirementId: 'CMP-1',
    paragraph: '§6 første ledd',
    element: 'doctor-available',
    counts: (role) => role === 'doctor-on-call',
  },
  {
    unitKind: 'amk',
    requirementId: 'CMP-4',
    paragraph: SECTION_15M,
    element: 'amk-doctor-coverage',
    counts: (role, facts, date) => role === 'amk-doctor' && facts !== undefined && amkDoctor(facts, date).ok,
  },
];

/** Gaps in round-the-clock coverage over the whole range, per unit. */
function checkCoverage(
  timed: readonly TimedShift[],
  people: ReadonlyMap<string, PersonFacts>,
  range: Interval,
  fmt: (ms: number) => string,
): RosterViolation[] {
  const out: RosterViolation[] = [];
  for (const [unitId, unitShifts] of groupByUnit(timed)) {
    const unitKind = unitShifts[0]!.shift.unitKind;
    const rule = COVERAGE.find((c) => c.unitKind === unitKind);
    if (!rule) continue;
    const covers = unitShifts
      .filter((t) =>
        t.shift.assignments.some((a) =>
          rule.counts(a.role, people.get(a.personId), localDateOf(t.shift.start)),
        ),
      )
      .map((t) => t.interval);
    for (const gap of uncovered(range, covers)) {
      const m = missing(rule.element, rule.paragraph);
      out.push({
        kind: 'coverage',
        requirementId: rule.requirementId,
        paragraph: rule.paragraph,
        unitId,
        unitKind,
        start: fmt(gap.start),
        end: fmt(gap.end),
        personIds: [],
        message: `${unitId}: ${m.element.toLowerCase()} — not covered from ${fmt(gap.start)} to ${fmt(gap.end)}`,
        messageNb: `${unitId}: ${m.elementNb.toLowerCase()} — ikke dekket fra ${fmt(gap.start)} til ${fmt(gap.end)}`,
        missing: [m],
      });
    }
  }
  return out;
}
