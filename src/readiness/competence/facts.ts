/**
 * Questions asked of PersonFacts on a date. Each answer only counts what was valid on that date:
 * something completed later, or expired before, does not count.
 */
import { daysInclusive, lastsAtMostMonths, within } from './dates.ts';
import type {
  CourseKind,
  DrivingLicenceClass,
  Engagement,
  Exemption,
  ExemptionKind,
  IsoDate,
  PersonFacts,
  Profession,
  SpecialityCode,
} from './types.ts';

/** Authorisation (or, when `licence` is allowed, licence) in one of `professions`, valid on `date`. */
export function holdsAuthorisation(
  facts: PersonFacts,
  professions: readonly Profession[],
  date: IsoDate,
  options: { licence: boolean } = { licence: true },
): boolean {
  return facts.authorisations.some(
    (a) =>
      professions.includes(a.profession) &&
      (a.kind === 'authorisation' || options.licence) &&
      within(date, a.from, a.to),
  );
}

export const HEALTH_PROFESSIONS: readonly Profession[] = [
  'doctor',
  'nurse',
  'ambulance-worker',
  'paramedic',
  'other-health',
];

export function isHealthPersonnel(facts: PersonFacts, date: IsoDate): boolean {
  return holdsAuthorisation(facts, HEALTH_PROFESSIONS, date);
}

export function isDoctor(facts: PersonFacts, date: IsoDate): boolean {
  return holdsAuthorisation(facts, ['doctor'], date);
}

export function hasCourse(facts: PersonFacts, kind: CourseKind, date: IsoDate): boolean {
  return facts.courses.some((c) => c.kind === kind && within(date, c.completedAt, c.validTo));
}

export function hasSpeciality(facts: PersonFacts, codes: readonly SpecialityCode[], date: IsoDate): boolean {
  return facts.specialities.some((s) => codes.includes(s.code) && s.approvedAt <= date);
}

export function isApprovedGp(facts: PersonFacts, date: IsoDate): boolean {
  return facts.approvedGp !== undefined && facts.approvedGp.approvedAt <= date;
}

/** Completed on-call shifts documented on or before `date` (the latest snapshot). */
export function onCallShiftsOn(facts: PersonFacts, date: IsoDate): number {
  let best: { asOf: IsoDate; count: number } | undefined;
  for (const s of facts.onCallShifts) {
    if (s.asOf <= date && (best === undefined || s.asOf > best.asOf)) best = s;
  }
  return best?.count ?? 0;
}

/** Days worked as GP in the municipal service up to and including `date` (overlaps counted once). */
export function gpMunicipalServiceDays(facts: PersonFacts, date: IsoDate): number {
  const periods = facts.gpMunicipalService
    .filter((p) => p.from <= date)
    .map((p) => ({ from: p.from, to: p.to === undefined || p.to > date ? date : p.to }))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let days = 0;
  let coveredTo: IsoDate | undefined;
  for (const p of periods) {
    if (coveredTo !== undefined && p.to <= coveredTo) continue;
    const from = coveredTo !== undefined && p.from <= coveredTo ? nextDay(coveredTo) : p.from;
    days += daysInclusive(from, p.to);
    coveredTo = p.to;
  }
  return days;
}

function nextDay(date: IsoDate): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Exemptions of `kind` whose period covers `date`. */
export function exemptionsOn(facts: PersonFacts, kind: ExemptionKind, date: IsoDate): Exemption[] {
  return facts.exemptions.filter((e) => e.kind === kind && within(date, e.from, e.to));
}

/** A substitute engagement covering `date` that lasts at most `months` months. */
export function shortSubstituteEngagement(
  facts: PersonFacts,
  date: IsoDate,
  months: number,
): Engagement | undefined {
  return facts.engagements.find(
    (e) =>
      e.substitute &&
      e.to !== undefined &&
      within(date, e.from, e.to) &&
      lastsAtMostMonths(e.from, e.to, months),
  );
}

/**
 * Licence classes that include the right to drive `required`. Every heavier class in Norway requires
 * class B first, and C includes C1, D includes D1 (trafikkopplæringsforskriften / førerkortforskriften).
 */
const INCLUDES: Record<DrivingLicenceClass, readonly DrivingLicenceClass[]> = {
  B: ['B', 'BE', 'C1', 'C1E', 'C', 'CE', 'D1', 'D1E', 'D', 'DE'],
  BE: ['BE', 'C1E', 'CE', 'D1E', 'DE'],
  C1: ['C1', 'C1E', 'C', 'CE'],
  C1E: ['C1E', 'CE'],
  C: ['C', 'CE'],
  CE: ['CE'],
  D1: ['D1', 'D1E', 'D', 'DE'],
  D1E: ['D1E', 'DE'],
  D: ['D', 'DE'],
  DE: ['DE'],
};

export function holdsLicenceFor(facts: PersonFacts, required: DrivingLicenceClass, date: IsoDate): boolean {
  const accepted = INCLUDES[required];
  return facts.drivingLicences.some((l) => accepted.includes(l.licenceClass) && within(date, l.from, l.to));
}

/** Health education at bachelor level or above, completed on or before `date`. */
export function hasBachelorHealthEducation(facts: PersonFacts, date: IsoDate): boolean {
  return facts.education.some(
    (e) =>
      e.field === 'health' &&
      (e.level === 'bachelor' || e.level === 'master' || e.level === 'doctorate') &&
      e.completedAt <= date,
  );
}
