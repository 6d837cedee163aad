/**
 * Facts and answers of the competence and staffing rules (CMP-1 … CMP-5, TR-1).
 *
 * Everything here is plain data: the registers (database, HTTP, CSV import) map their rows to
 * these shapes and call the pure rule functions. Dates are calendar dates `YYYY-MM-DD`
 * (Norwegian local date); a `to` date is the last day something is valid (inclusive).
 */

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** A point in time, ISO 8601 with an explicit offset or `Z`, e.g. `2025-03-03T08:00+01:00`. */
export type IsoDateTime = string;

/** Requirement IDs from REQUIREMENTS.md that these rules prove. */
export type RequirementId = 'CMP-1' | 'CMP-2' | 'CMP-3' | 'CMP-4' | 'CMP-5' | 'CMP-6' | 'TR-1' | 'LV-1';

/**
 * Health professions relevant to akuttmedisinforskriften. `paramedic` (paramediker) is kept apart
 * from `ambulance-worker` (ambulansearbeider): §11 asks for authorisation as ambulansearbeider.
 */
export type Profession = 'doctor' | 'nurse' | 'ambulance-worker' | 'paramedic' | 'other-health';

/** Authorisation (autorisasjon) or licence (lisens) under helsepersonelloven §§ 48–49. */
export interface Authorisation {
  profession: Profession;
  kind: 'authorisation' | 'licence';
  from: IsoDate;
  /** Last valid day; absent = open-ended. Suspended or revoked authorisations end here. */
  to?: IsoDate;
}

/** Approved medical specialities (spesialistgodkjenning). */
export type SpecialityCode =
  | 'general-medicine'
  | 'anaesthesiology'
  | 'emergency-medicine'
  | 'internal-medicine'
  | 'surgery'
  | 'paediatrics'
  | 'psychiatry'
  | 'other';

export interface Speciality {
  code: SpecialityCode;
  approvedAt: IsoDate;
}

/**
 * Courses and employer-documented competences.
 * - `acute-medicine`: kurs i akuttmedisin (§7 b, §8, §15 m).
 * - `violence-abuse`: kurs i volds- og overgrepshåndtering (§7 a/b, §8).
 * - `lv-operator-training`: tilleggsopplæring for arbeid som operatør på LV-sentral (§13 f).
 * - `amk-operator-training`: tilleggsopplæring for arbeid som operatør på AMK (§15 l).
 * - `emergency-driving`: kompetansebevis for førere av utrykningskjøretøy (§11 første ledd).
 * - `ambulance-competence`: nødvendig ambulansefaglig kompetanse, documented by the employer (§11).
 * - `air-ambulance-competence`: nødvendig kompetanse for ambulansefly/-helikopter (§11 fjerde ledd).
 * - `rescue-crew-competence`: redningsmann med nødvendig kompetanse (§11 fjerde ledd).
 */
export type CourseKind =
  | 'acute-medicine'
  | 'violence-abuse'
  | 'lv-operator-training'
  | 'amk-operator-training'
  | 'emergency-driving'
  | 'ambulance-competence'
  | 'air-ambulance-competence'
  | 'rescue-crew-competence';

export interface CourseCompletion {
  kind: CourseKind;
  completedAt: IsoDate;
  /** Last valid day, when the course or certificate expires. */
  validTo?: IsoDate;
  /** Free text: course provider, certificate number. */
  reference?: string;
}

/** Godkjenning som allmennlege (§7 første ledd bokstav b). */
export interface ApprovedGp {
  approvedAt: IsoDate;
  /**
   * `supervised-service-3a`: forskrift om veiledet tjeneste for allmennleger § 3 første ledd
   * bokstav a, jf. § 8 eller § 11 fjerde ledd; `eea-section-10`: forskrift om autorisasjon, lisens
   * og spesialistgodkjenning for helsepersonell med yrkeskvalifikasjoner fra andre EØS-land § 10.
   */
  basis: 'supervised-service-3a' | 'eea-section-10';
}

/** A documented count of completed on-call shifts (legevakter) as of a date. */
export interface OnCallShiftCount {
  asOf: IsoDate;
  count: number;
}

/** A period of work as GP (allmennlege) in the municipal health and care service. */
export interface ServicePeriod {
  from: IsoDate;
  /** Last day; absent = still ongoing. */
  to?: IsoDate;
}

export type EducationLevel = 'upper-secondary' | 'vocational' | 'bachelor' | 'master' | 'doctorate' | 'other';

export interface Education {
  level: EducationLevel;
  field: 'health' | 'other';
  title?: string;
  completedAt: IsoDate;
}

export type DrivingLicenceClass = 'B' | 'BE' | 'C1' | 'C1E' | 'C' | 'CE' | 'D1' | 'D1E' | 'D' | 'DE';

export interface DrivingLicence {
  licenceClass: DrivingLicenceClass;
  from: IsoDate;
  /** Last valid day (heavier classes need renewal). */
  to?: IsoDate;
}

/**
 * - `county-governor-substitute`: §7 tredje ledd, granted by the county governor (statsforvalteren)
 *   for a doctor in a substitute position of at most two months.
 * - `course-time-limited`: §8 annet ledd, time-limited exemption granted by the county governor on
 *   the municipality's request.
 * - `driving-substitute`: §11 sjette ledd, for a substitute of at most two months on an ambulance
 *   car: the driving licence class and emergency-driving certificate.
 */
export type ExemptionKind = 'county-governor-substitute' | 'course-time-limited' | 'driving-substitute';

export interface Exemption {
  kind: ExemptionKind;
  from: IsoDate;
  /** Last day of the exemption. Every exemption in the regulation is time-limited. */
  to: IsoDate;
  /** Who granted it, e.g. "Statsforvalteren i Vestland". */
  grantedBy: string;
  grantedByRole: 'county-governor' | 'health-trust' | 'municipality';
  reference?: string;
}

/** An engagement (employment) relevant to the substitute exemptions of §7 and §11. */
export interface Engagement {
  substitute: boolean;
  from: IsoDate;
  /** Last day; a substitute engagement without an end is not "of at most two months". */
  to?: IsoDate;
  unitId?: string;
}

/** Everything the competence rules know about one person. */
export interface PersonFacts {
  id: string;
  name: string;
  authorisations: Authorisation[];
  specialities: Speciality[];
  courses: CourseCompletion[];
  approvedGp?: ApprovedGp;
  /** Snapshots of completed on-call shifts; the latest with `asOf` ≤ the date is used. */
  onCallShifts: OnCallShiftCount[];
  /** Periods as allmennlege in the municipal health and care service. */
  gpMunicipalService: ServicePeriod[];
  /** Completed supervised service (veiledet tjeneste, forskrift 2005 nr. 1653 § 4), in months. */
  supervisedServiceMonths: number;
  drivingLicences: DrivingLicence[];
  education: Education[];
  /** Documented clinical practice, in months (§13 f). */
  clinicalPracticeMonths: number;
  exemptions: Exemption[];
  engagements: Engagement[];
}

/** One element a person or a crew lacks, in plain English and bokmål, with its legal basis. */
export interface MissingElement {
  /** Stable machine code, e.g. `violence-abuse-course`. */
  code: string;
  /** The values filled into the element's text (a terminal type, a number of months …). */
  params?: Record<string, string | number>;
  element: string;
  elementNb: string;
  paragraph: string;
  /** The person the element concerns, when the rule looks at more than one person. */
  personId?: string;
}

/** An element the rule would require but which was not yet in force on the date (§21, §22). */
export interface DeferredElement extends MissingElement {
  inForceFrom: IsoDate;
}

export interface ExemptionAssessment {
  kind: ExemptionKind;
  status: 'valid' | 'refused';
  paragraph: string;
  /** Why a refused exemption cannot be used. */
  reasons: MissingElement[];
}

/** The answer of every rule. */
export interface RuleResult {
  ok: boolean;
  requirementId: RequirementId;
  /** The paragraph the answer rests on, e.g. "§7 første ledd bokstav a". */
  paragraph: string;
  missing: MissingElement[];
  /** Requirements that would apply but were not in force on the date: never violations. */
  notYetInForce: DeferredElement[];
  notes: string[];
  /** Exemptions looked at (valid ones used, refused ones explained). */
  exemptions: ExemptionAssessment[];
}

/** An alternative way to satisfy a rule (e.g. §7 bokstav a or b) and what it lacks. */
export interface Alternative {
  paragraph: string;
  missing: MissingElement[];
  notYetInForce: DeferredElement[];
}

export interface DoctorOnCallResult extends RuleResult {
  /** True when the doctor may be on call without a qualified back-up doctor. */
  mayBeAlone: boolean;
  /** True when the doctor may work only with a qualified back-up doctor (§7 annet ledd). */
  needsBackup: boolean;
  /** How the doctor qualifies: letter a, letter b, a county governor exemption or none. */
  basis: 'a' | 'b' | 'exemption' | 'none';
  alternatives: Alternative[];
}

export type AmbulanceKind = 'car' | 'boat' | 'plane' | 'helicopter';

/** Roles on a roster and in a crew. See docs/competence-rules.md for which unit kind takes which. */
/** Roles on a roster shift: the one list the rules, the API schemas and the CSV parser use. */
export const ROSTER_ROLES = [
  'doctor-on-call',
  'backup-doctor',
  'health-personnel',
  'operator',
  'amk-doctor',
  'driver',
  'crew',
  'skipper',
  'nurse',
  'doctor',
  'rescue-crew',
  'pilot',
] as const;
export type RosterRole = (typeof ROSTER_ROLES)[number];

export interface CrewMember {
  facts: PersonFacts;
  role: RosterRole;
}

/** Equipment a person wants to use (TR-1). */
export type Equipment =
  { kind: 'radio-terminal'; terminalType: string } | { kind: 'control-room'; system: string };

/**
 * A Nødnett training completion (TR-1 … TR-5).
 * - `e-learning`: the common e-learning pre-course on Nakos (TR-2), also used as periodic
 *   re-certification (TR-5).
 * - `control-room`: attended course for one control-room system (`system`).
 * - `radio-terminal`: attended course for one terminal type (`terminalType`).
 */
export interface TrainingCompletion {
  personId: string;
  courseKind: 'e-learning' | 'control-room' | 'radio-terminal';
  system?: string;
  terminalType?: string;
  completedAt: IsoDate;
  validTo?: IsoDate;
  courseVersion?: string;
}

/** Kinds of unit a roster covers. */
/** Kinds of unit a roster shift staffs. */
export const UNIT_KINDS = [
  'legevakt',
  'lv-sentral',
  'amk',
  'ambulance-car',
  'ambulance-boat',
  'ambulance-plane',
  'ambulance-helicopter',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface RosterAssignment {
  personId: string;
  role: RosterRole;
}

/** One shift of one unit: who works it, in which role. */
export interface RosterShift {
  /** Stable id for reports; default `${unitId}/${start}`. */
  id?: string;
  unitId: string;
  unitKind: UnitKind;
  start: IsoDateTime;
  /** Exclusive end. */
  end: IsoDateTime;
  assignments: RosterAssignment[];
  /** CSV line numbers the shift came from, when imported from CSV. */
  lines?: number[];
}

export type RosterViolationKind =
  'competence' | 'composition' | 'backup' | 'coverage' | 'training' | 'unknown-person' | 'invalid-shift';

/** One breach found in a roster, with its legal basis, the shift or gap and the people involved. */
export interface RosterViolation {
  kind: RosterViolationKind;
  requirementId: RequirementId;
  paragraph: string;
  unitId: string;
  unitKind: UnitKind;
  /** The shift's id; absent for coverage gaps, which span shifts. */
  shiftId?: string;
  /** The shift, or for coverage and back-up gaps the uncovered interval. */
  start: IsoDateTime;
  end: IsoDateTime;
  personIds: string[];
  message: string;
  messageNb: string;
  missing: MissingElement[];
  lines?: number[];
}
