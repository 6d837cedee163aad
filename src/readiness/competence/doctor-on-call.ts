/**
 * §7 Kompetansekrav til lege i vakt (CMP-1): may a doctor be on call alone, or only with a
 * qualified back-up doctor; the county governor's limited exemption; the back-up doctor.
 */
import { assertIsoDate } from './dates.ts';
import { missing } from './elements.ts';
import {
  exemptionsOn,
  gpMunicipalServiceDays,
  hasCourse,
  hasSpeciality,
  isApprovedGp,
  isDoctor,
  onCallShiftsOn,
  shortSubstituteEngagement,
} from './facts.ts';
import {
  courseRequirements,
  deferralNotes,
  requirement,
  ruleResult,
  sortOut,
  type Requirement,
} from './requirements.ts';
import type {
  Alternative,
  DoctorOnCallResult,
  ExemptionAssessment,
  IsoDate,
  MissingElement,
  PersonFacts,
  RuleResult,
} from './types.ts';

export const SECTION_7 = {
  first: '§7 første ledd',
  a: '§7 første ledd bokstav a',
  b: '§7 første ledd bokstav b',
  second: '§7 annet ledd',
  third: '§7 tredje ledd',
} as const;

/** "40 legevakter". */
export const REQUIRED_ON_CALL_SHIFTS = 40;
/** "ett år som allmennlege": counted as 365 days of municipal GP service (periods may add up). */
export const REQUIRED_GP_SERVICE_DAYS = 365;
/** "minst et og et halvt års veiledet tjeneste". */
export const REQUIRED_SUPERVISED_SERVICE_MONTHS = 18;

function doctorRequirement(facts: PersonFacts, date: IsoDate): Requirement {
  return requirement(
    isDoctor(facts, date),
    missing('doctor-authorisation', SECTION_7.first, { personId: facts.id }),
  );
}

/** §7 første ledd bokstav a: specialist in general medicine + violence/abuse course. */
function letterA(facts: PersonFacts, date: IsoDate): Requirement[] {
  const personId = facts.id;
  return [
    requirement(
      hasSpeciality(facts, ['general-medicine'], date),
      missing('general-medicine-specialist', SECTION_7.a, { personId }),
      'section-7-basic',
    ),
    requirement(
      hasCourse(facts, 'violence-abuse', date),
      missing('violence-abuse-course', SECTION_7.a, { personId }),
      'section-7-courses',
    ),
  ];
}

/** §7 første ledd bokstav b: approved GP + 40 shifts or one year + both courses. */
function letterB(facts: PersonFacts, date: IsoDate): Requirement[] {
  const personId = facts.id;
  const experienced =
    onCallShiftsOn(facts, date) >= REQUIRED_ON_CALL_SHIFTS ||
    gpMunicipalServiceDays(facts, date) >= REQUIRED_GP_SERVICE_DAYS;
  return [
    requirement(
      isApprovedGp(facts, date),
      missing('approved-gp', SECTION_7.b, { personId }),
      'section-7-basic',
    ),
    requirement(experienced, missing('on-call-experience', SECTION_7.b, { personId }), 'section-7-basic'),
    ...courseRequirements(facts, date, SECTION_7.b, 'section-7-courses'),
  ];
}

const BASIC = new Set([
  'doctor-authorisation',
  'general-medicine-specialist',
  'approved-gp',
  'on-call-experience',
]);

interface FirstParagraph {
  isDoctor: boolean;
  alternatives: Alternative[];
  /** The letter met ('a' preferred), or null. */
  met: 'a' | 'b' | null;
  /** The alternative closest to being met (fewest missing basic qualifications, then fewest missing). */
  closest: Alternative;
}

function firstParagraph(facts: PersonFacts, date: IsoDate): FirstParagraph {
  const doctor = doctorRequirement(facts, date);
  const a = sortOut([doctor, ...letterA(facts, date)], date);
  const b = sortOut([doctor, ...letterB(facts, date)], date);
  const alternatives: Alternative[] = [
    { paragraph: SECTION_7.a, ...a },
    { paragraph: SECTION_7.b, ...b },
  ];
  const met = a.missing.length === 0 ? 'a' : b.missing.length === 0 ? 'b' : null;
  // Report the letter the doctor is closer to: fewest missing basic qualifications first (an
  // approved GP lacking a course hears about the course, not about becoming a specialist).
  const rank = (o: { missing: MissingElement[] }): [number, number] => [
    o.missing.filter((m) => BASIC.has(m.code)).length,
    o.missing.length,
  ];
  const [ra, rb] = [rank(a), rank(b)];
  // On a full tie, an approved GP who is not a specialist hears about letter b.
  const tieToB = isApprovedGp(facts, date) && !hasSpeciality(facts, ['general-medicine'], date);
  const preferB = rb[0] < ra[0] || (rb[0] === ra[0] && (rb[1] < ra[1] || (rb[1] === ra[1] && tieToB)));
  const closest = preferB ? alternatives[1]! : alternatives[0]!;
  return { isDoctor: sortOut([doctor], date).missing.length === 0, alternatives, met, closest };
}

/** Checks one §7 tredje ledd exemption against the conditions the regulation sets. */
function assessSubstituteExemption(
  facts: PersonFacts,
  date: IsoDate,
  grantedByRole: string,
): ExemptionAssessment {
  const personId = facts.id;
  const reasons: MissingElement[] = [];
  if (grantedByRole !== 'county-governor')
    reasons.push(missing('granted-by-county-governor', SECTION_7.third, { personId }));
  if (!shortSubstituteEngagement(facts, date, 2))
    reasons.push(missing('substitute-two-months', SECTION_7.third, { personId }));
  if (facts.supervisedServiceMonths < REQUIRED_SUPERVISED_SERVICE_MONTHS)
    reasons.push(missing('supervised-service-18-months', SECTION_7.third, { personId }));
  return {
    kind: 'county-governor-substitute',
    status: reasons.length === 0 ? 'valid' : 'refused',
    paragraph: SECTION_7.third,
    reasons,
  };
}

function describe(alternative: Alternative): string {
  return `${alternative.paragraph} lacks ${alternative.missing.map((m) => m.element.toLowerCase()).join('; ')}`;
}

/**
 * CMP-1, §7 første ledd and tredje ledd: may `facts` be on call alone on `date`?
 * `mayBeAlone` when letter a or b is met (requirements not yet in force under §21 count as met), or
 * when a valid county governor exemption covers the date. Otherwise `needsBackup` (a doctor) or
 * neither (not a doctor).
 */
export function doctorOnCall(facts: PersonFacts, date: IsoDate): DoctorOnCallResult {
  assertIsoDate(date);
  const first = firstParagraph(facts, date);
  if (first.met !== null) {
    const chosen = first.met === 'a' ? first.alternatives[0]! : first.alternatives[1]!;
    const base = ruleResult('CMP-1', chosen.paragraph, chosen, {
      notes: [
        `May be on call alone, without a qualified back-up doctor (${chosen.paragraph}).`,
        ...deferralNotes(chosen, date),
      ],
    });
    return {
      ...base,
      mayBeAlone: true,
      needsBackup: false,
      basis: first.met,
      alternatives: first.alternatives,
    };
  }

  const exemptions = exemptionsOn(facts, 'county-governor-substitute', date).map((e) =>
    assessSubstituteExemption(facts, date, e.grantedByRole),
  );
  if (first.isDoctor && exemptions.some((e) => e.status === 'valid')) {
    const base = ruleResult(
      'CMP-1',
      SECTION_7.third,
      { missing: [], notYetInForce: [] },
      {
        exemptions,
        notes: [
          'May be on call alone under the county governor exemption for a substitute of at most two months (§7 tredje ledd).',
          'The exemption does not make this doctor a qualified back-up doctor: no exemption can be made for back-up doctors.',
        ],
      },
    );
    return {
      ...base,
      mayBeAlone: true,
      needsBackup: false,
      basis: 'exemption',
      alternatives: first.alternatives,
    };
  }

  const notes = first.isDoctor
    ? [
        'May be on call only with a qualified back-up doctor who can turn out (§7 annet ledd).',
        `Neither letter is met: ${first.alternatives.map(describe).join('; or ')}.`,
      ]
    : ['Not a doctor with a valid authorisation or licence on this date: cannot be the doctor on call.'];
  for (const e of exemptions) {
    if (e.status === 'refused')
      notes.push(
        `County governor exemption cannot be used: ${e.reasons.map((r) => r.element.toLowerCase()).join('; ')}.`,
      );
  }
  const outcome = first.isDoctor
    ? first.closest
    : {
        missing: [missing('doctor-authorisation', SECTION_7.first, { personId: facts.id })],
        notYetInForce: [],
      };
  const base = ruleResult('CMP-1', SECTION_7.first, outcome, { notes, exemptions });
  return {
    ...base,
    mayBeAlone: false,
    needsBackup: first.isDoctor,
    basis: 'none',
    alternatives: first.alternatives,
  };
}

export interface BackupDoctorResult extends RuleResult {
  alternatives: Alternative[];
}

/**
 * CMP-1, §7 annet ledd: does `facts` qualify as back-up doctor on `date`? The same requirements
 * as §7 første ledd apply, and exemptions are never accepted ("Det kan ikke gjøres unntak for
 * leger som skal ha bakvakt").
 */
export function qualifiesAsBackupDoctor(facts: PersonFacts, date: IsoDate): BackupDoctorResult {
  assertIsoDate(date);
  const first = firstParagraph(facts, date);
  const exemptions: ExemptionAssessment[] = exemptionsOn(facts, 'county-governor-substitute', date).map(
    () => ({
      kind: 'county-governor-substitute',
      status: 'refused',
      paragraph: SECTION_7.third,
      reasons: [missing('exemption-not-for-backup', SECTION_7.third, { personId: facts.id })],
    }),
  );
  const chosen =
    first.met === 'a' ? first.alternatives[0]! : first.met === 'b' ? first.alternatives[1]! : first.closest;
  const notes =
    first.met !== null
      ? [
          `Qualified as back-up doctor (${SECTION_7.second}, jf. ${chosen.paragraph}).`,
          ...deferralNotes(chosen, date),
        ]
      : [`Not qualified as back-up doctor: ${first.alternatives.map(describe).join('; or ')}.`];
  if (exemptions.length > 0)
    notes.push('A county governor exemption does not count for a back-up doctor (§7 tredje ledd).');
  return {
    ...ruleResult('CMP-1', SECTION_7.second, chosen, { notes, exemptions }),
    alternatives: first.alternatives,
  };
}

export interface DoctorPairResult extends RuleResult {
  primary: DoctorOnCallResult;
  backup?: BackupDoctorResult;
}

/**
 * CMP-1, §7 første og annet ledd: is the doctor on call, together with `backup` (if any), lawful
 * on `date`? `context.backupCanTurnOut` states whether the back-up doctor can turn out when
 * necessary; when it is not given the answer says it was not checked.
 */
export function doctorPairOnCall(
  primary: PersonFacts,
  backup: PersonFacts | undefined,
  date: IsoDate,
  context: { backupCanTurnOut?: boolean } = {},
): DoctorPairResult {
  const p = doctorOnCall(primary, date);
  if (p.mayBeAlone) {
    const notes = ['The doctor on call meets §7 første ledd or is exempted: no back-up doctor is required.'];
    return { ...ruleResult('CMP-1', p.paragraph, p, { notes, exemptions: p.exemptions }), primary: p };
  }
  if (!p.needsBackup) return { ...ruleResult('CMP-1', SECTION_7.first, p, { notes: p.notes }), primary: p };

  const gaps: MissingElement[] = [];
  const notes = [...p.notes];
  if (backup === undefined) {
    gaps.push(missing('backup-doctor', SECTION_7.second, { personId: primary.id }));
    return {
      ...ruleResult('CMP-1', SECTION_7.second, { missing: gaps, notYetInForce: [] }, { notes }),
      primary: p,
    };
  }
  if (backup.id === primary.id) {
    gaps.push(missing('backup-other-person', SECTION_7.second, { personId: primary.id }));
    return {
      ...ruleResult('CMP-1', SECTION_7.second, { missing: gaps, notYetInForce: [] }, { notes }),
      primary: p,
    };
  }
  const b = qualifiesAsBackupDoctor(backup, date);
  if (!b.ok) gaps.push(missing('backup-qualified', SECTION_7.second, { personId: backup.id }), ...b.missing);
  if (context.backupCanTurnOut === false)
    gaps.push(missing('backup-turn-out', SECTION_7.second, { personId: backup.id }));
  if (context.backupCanTurnOut === undefined)
    notes.push('Whether the back-up doctor can turn out when necessary was not checked.');
  notes.push(...b.notes);
  return {
    ...ruleResult(
      'CMP-1',
      SECTION_7.second,
      { missing: gaps, notYetInForce: b.notYetInForce },
      { notes, exemptions: b.exemptions },
    ),
    primary: p,
    backup: b,
  };
}
