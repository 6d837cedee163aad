/**
 * Test factories for the competence rules: `buildPerson(overrides)` and ready-made people who
 * meet (or fail) a rule, so each test case states only what differs.
 */
import { emptyPersonFacts } from './person-facts.ts';
import type {
  Authorisation,
  CourseCompletion,
  CourseKind,
  Exemption,
  PersonFacts,
  Profession,
  TrainingCompletion,
} from './types.ts';

let counter = 0;

export function buildPerson(overrides: Partial<PersonFacts> = {}): PersonFacts {
  counter++;
  return { ...emptyPersonFacts(`p${counter}`, `Person ${counter}`), ...overrides };
}

export function authorised(
  profession: Profession,
  from = '2010-01-01',
  extra: Partial<Authorisation> = {},
): Authorisation {
  return { profession, kind: 'authorisation', from, ...extra };
}

export function course(kind: CourseKind, completedAt = '2015-06-01', validTo?: string): CourseCompletion {
  return validTo === undefined ? { kind, completedAt } : { kind, completedAt, validTo };
}

/** A doctor with authorisation only. */
export function buildDoctor(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return buildPerson({ authorisations: [authorised('doctor')], ...overrides });
}

/** §7 første ledd bokstav a: specialist in general medicine + violence/abuse course. */
export function buildSpecialist(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return buildDoctor({
    specialities: [{ code: 'general-medicine', approvedAt: '2012-03-01' }],
    courses: [course('violence-abuse')],
    ...overrides,
  });
}

/** §7 første ledd bokstav b: approved GP, 40 on-call shifts, both courses. */
export function buildApprovedGp(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return buildDoctor({
    approvedGp: { approvedAt: '2014-01-01', basis: 'supervised-service-3a' },
    onCallShifts: [{ asOf: '2015-01-01', count: 40 }],
    courses: [course('acute-medicine'), course('violence-abuse')],
    ...overrides,
  });
}

export function countyGovernorExemption(kind: Exemption['kind'], from: string, to: string): Exemption {
  return {
    kind,
    from,
    to,
    grantedBy: 'Statsforvalteren i Vestland',
    grantedByRole: 'county-governor',
    reference: '2021/123',
  };
}

/** §7 tredje ledd: a substitute doctor (one month) with 18 months of supervised service and an exemption. */
export function buildExemptedSubstitute(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return buildDoctor({
    supervisedServiceMonths: 18,
    engagements: [{ substitute: true, from: '2021-06-01', to: '2021-06-30' }],
    exemptions: [countyGovernorExemption('county-governor-substitute', '2021-06-01', '2021-06-30')],
    ...overrides,
  });
}

/** Health personnel with both §8 courses. */
export function buildNurse(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return buildPerson({
    authorisations: [authorised('nurse')],
    courses: [course('acute-medicine'), course('violence-abuse')],
    ...overrides,
  });
}

/** An authorised ambulance worker who may drive a C1 ambulance with blue lights. */
export function buildAmbulanceWorker(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return buildPerson({
    authorisations: [authorised('ambulance-worker')],
    drivingLicences: [{ licenceClass: 'C1', from: '2010-01-01' }],
    courses: [course('emergency-driving', '2012-01-01')],
    ...overrides,
  });
}

/** §13 bokstav f: nurse with bachelor, clinical practice and LV operator training. */
export function buildLvOperator(overrides: Partial<PersonFacts> = {}): PersonFacts {
  return buildNurse({
    education: [
      { level: 'bachelor', field: 'health', title: 'Bachelor i sykepleie', completedAt: '2009-06-15' },
    ],
    clinicalPracticeMonths: 24,
    courses: [course('acute-medicine'), course('violence-abuse'), course('lv-operator-training')],
    ...overrides,
  });
}

export function training(
  personId: string,
  courseKind: TrainingCompletion['courseKind'],
  completedAt: string,
  extra: Partial<TrainingCompletion> = {},
): TrainingCompletion {
  return { personId, courseKind, completedAt, ...extra };
}

/** §11 sjette ledd: an ambulance worker on a substitute engagement, exempted from licence and certificate. */
export function buildDrivingSubstitute(engagementTo = '2021-06-30'): PersonFacts {
  return buildAmbulanceWorker({
    drivingLicences: [],
    courses: [],
    engagements: [{ substitute: true, from: '2021-06-01', to: engagementTo }],
    exemptions: [
      {
        kind: 'driving-substitute',
        from: '2021-06-01',
        to: engagementTo,
        grantedBy: 'Helse Bergen HF',
        grantedByRole: 'health-trust',
      },
    ],
  });
}
