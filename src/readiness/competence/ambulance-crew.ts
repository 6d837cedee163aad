/**
 * §11 Bemanning og helsefaglig kompetanse i ambulansetjenesten (CMP-3): ambulance car, boat,
 * plane and helicopter crews; the substitute exemption for driving; §21 tredje ledd.
 */
import { assertIsoDate } from './dates.ts';
import { missing } from './elements.ts';
import {
  exemptionsOn,
  hasCourse,
  holdsAuthorisation,
  holdsLicenceFor,
  isDoctor,
  isHealthPersonnel,
  shortSubstituteEngagement,
} from './facts.ts';
import {
  deferralNotes,
  requirement,
  ruleResult,
  sortOut,
  type Outcome,
  type Requirement,
} from './requirements.ts';
import type {
  AmbulanceKind,
  CrewMember,
  DrivingLicenceClass,
  ExemptionAssessment,
  IsoDate,
  PersonFacts,
  RuleResult,
} from './types.ts';

export const SECTION_11 = {
  car: '§11 første ledd',
  boat: '§11 tredje ledd',
  air: '§11 fjerde ledd',
  substitute: '§11 sjette ledd',
} as const;

export interface AmbulanceCrewContext {
  /** Licence class the ambulance car needs. Default C1: most ambulance cars weigh over 3,500 kg. */
  licenceClass?: DrivingLicenceClass;
}

const isAmbulanceWorker = (p: PersonFacts, date: IsoDate): boolean =>
  holdsAuthorisation(p, ['ambulance-worker'], date, { licence: false });

interface CrewAssessment {
  requirements: Requirement[];
  exemptions: ExemptionAssessment[];
  notes: string[];
}

/** §11 sjette ledd: a driving exemption is usable for a substitute engagement of at most two months. */
function drivingExemption(p: PersonFacts, date: IsoDate): ExemptionAssessment | undefined {
  if (exemptionsOn(p, 'driving-substitute', date).length === 0) return undefined;
  const reasons = shortSubstituteEngagement(p, date, 2)
    ? []
    : [missing('substitute-two-months', SECTION_11.substitute, { personId: p.id })];
  return {
    kind: 'driving-substitute',
    status: reasons.length ? 'refused' : 'valid',
    paragraph: SECTION_11.substitute,
    reasons,
  };
}

/** The requirements of §11 første ledd for a car crew of one or two persons. */
function assessCar(
  crew: readonly CrewMember[],
  date: IsoDate,
  licenceClass: DrivingLicenceClass,
): CrewAssessment {
  const p = SECTION_11.car;
  const t = 'section-11-car' as const;
  const requirements: Requirement[] = [requirement(crew.length >= 2, missing('crew-two-persons', p))];
  const exemptions: ExemptionAssessment[] = [];
  const notes: string[] = [];
  const workers = crew.filter((m) => isAmbulanceWorker(m.facts, date));
  requirements.push(requirement(workers.length >= 1, missing('ambulance-worker', p), t));
  if (workers.length === 1 && crew.length >= 2) {
    const other = crew.find((m) => m !== workers[0])!.facts;
    const personId = other.id;
    requirements.push(
      requirement(isHealthPersonnel(other, date), missing('other-health-personnel', p, { personId }), t),
      requirement(
        hasCourse(other, 'ambulance-competence', date) || holdsAuthorisation(other, ['paramedic'], date),
        missing('ambulance-competence', p, { personId }),
        t,
      ),
    );
  }
  let qualifiedDrivers = 0;
  let exempted = 0;
  for (const m of crew) {
    const personId = m.facts.id;
    const licence = holdsLicenceFor(m.facts, licenceClass, date);
    const certificate = hasCourse(m.facts, 'emergency-driving', date);
    if (licence && certificate) {
      qualifiedDrivers++;
      continue;
    }
    const exemption = drivingExemption(m.facts, date);
    if (exemption) exemptions.push(exemption);
    if (exemption?.status === 'valid') {
      exempted++;
      notes.push(
        `${m.facts.name}: exempted from the licence and certificate requirement as a substitute (§11 sjette ledd).`,
      );
    } else {
      requirements.push(
        requirement(licence, missing('driving-licence', p, { personId, params: { class: licenceClass } }), t),
        requirement(certificate, missing('emergency-driving-certificate', p, { personId }), t),
      );
    }
    if (m.role === 'driver')
      requirements.push(requirement(false, missing('driver-qualified', p, { personId }), t));
  }
  if (exempted > 0)
    requirements.push(
      requirement(qualifiedDrivers >= 1, missing('one-qualified-driver', SECTION_11.substitute), t),
    );
  return { requirements, exemptions, notes };
}

/** Picks the two-person sub-crew closest to meeting §11 første ledd (the others are extra). */
function bestCarCrew(members: readonly CrewMember[], date: IsoDate, licenceClass: DrivingLicenceClass) {
  const candidates: CrewMember[][] = [];
  if (members.length <= 2) candidates.push([...members]);
  else
    for (let i = 0; i < members.length; i++)
      for (let j = i + 1; j < members.length; j++) candidates.push([members[i]!, members[j]!]);
  let best: { crew: CrewMember[]; assessment: CrewAssessment; outcome: Outcome } | undefined;
  for (const crew of candidates) {
    const assessment = assessCar(crew, date, licenceClass);
    const outcome = sortOut(assessment.requirements, date);
    if (best === undefined || outcome.missing.length < best.outcome.missing.length)
      best = { crew, assessment, outcome };
  }
  return best!;
}

function car(members: readonly CrewMember[], date: IsoDate, context: AmbulanceCrewContext): RuleResult {
  const licenceClass = context.licenceClass ?? 'C1';
  const best = bestCarCrew(members, date, licenceClass);
  const notes = [...best.assessment.notes, ...deferralNotes(best.outcome, date)];
  if (members.length > 2)
    notes.push(
      `Crew of ${members.length}: assessed as ${best.crew.map((m) => m.facts.name).join(' and ')}; the others are additional personnel.`,
    );
  const paragraph =
    best.outcome.missing.every((m) => m.paragraph === SECTION_11.substitute) &&
    best.outcome.missing.length > 0
      ? SECTION_11.substitute
      : SECTION_11.car;
  return ruleResult('CMP-3', paragraph, best.outcome, { notes, exemptions: best.assessment.exemptions });
}

function boat(members: readonly CrewMember[], date: IsoDate): RuleResult {
  const p = SECTION_11.boat;
  const outcome = sortOut(
    [
      requirement(
        members.some((m) => m.role === 'skipper'),
        missing('skipper', p),
      ),
      requirement(
        members.some((m) => m.role !== 'skipper' && isAmbulanceWorker(m.facts, date)),
        missing('boat-ambulance-worker', p),
      ),
    ],
    date,
  );
  const notes = [
    "The skipper's own qualifications follow maritime rules and are not checked here.",
    ...deferralNotes(outcome, date),
  ];
  return ruleResult('CMP-3', p, outcome, { notes });
}

function plane(members: readonly CrewMember[], date: IsoDate): RuleResult {
  const p = SECTION_11.air;
  const nurses = members.filter((m) => holdsAuthorisation(m.facts, ['nurse'], date));
  const qualified = nurses.some((m) => hasCourse(m.facts, 'air-ambulance-competence', date));
  const outcome = sortOut([requirement(qualified, missing('flight-nurse', p))], date);
  const notes = deferralNotes(outcome, date);
  if (!qualified && nurses.length > 0)
    notes.push(
      `Nurse without documented air-ambulance competence: ${nurses.map((m) => m.facts.name).join(', ')}.`,
    );
  return ruleResult('CMP-3', p, outcome, { notes });
}

function helicopter(members: readonly CrewMember[], date: IsoDate): RuleResult {
  const p = SECTION_11.air;
  const doctors = members.filter(
    (m) => isDoctor(m.facts, date) && hasCourse(m.facts, 'air-ambulance-competence', date),
  );
  const rescuers = members.filter((m) => hasCourse(m.facts, 'rescue-crew-competence', date));
  // The doctor and the rescue crew member must be two different people.
  const rescueMet =
    doctors.length === 0
      ? rescuers.length > 0
      : doctors.some((d) => rescuers.some((r) => r.facts.id !== d.facts.id));
  const outcome = sortOut(
    [
      requirement(doctors.length > 0, missing('helicopter-doctor', p)),
      requirement(rescueMet, missing('rescue-crew', p)),
    ],
    date,
  );
  return ruleResult('CMP-3', p, outcome, { notes: deferralNotes(outcome, date) });
}

/**
 * CMP-3, §11: does the crew of an ambulance of `kind` meet the staffing and competence rules on
 * `date`? Members with role `pilot` are counted only on planes and helicopters, and not assessed.
 */
export function ambulanceCrew(
  kind: AmbulanceKind,
  members: readonly CrewMember[],
  date: IsoDate,
  context: AmbulanceCrewContext = {},
): RuleResult {
  assertIsoDate(date);
  const crew = members.filter((m) => m.role !== 'pilot');
  switch (kind) {
    case 'car':
      return car(crew, date, context);
    case 'boat':
      return boat(crew, date);
    case 'plane':
      return plane(crew, date);
    case 'helicopter':
      return helicopter(crew, date);
  }
}
