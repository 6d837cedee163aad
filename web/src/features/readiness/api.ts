/**
 * Types and calls of the readiness API (/api/v1/readiness). The types come straight from the
 * backend's zod schemas (`src/readiness/schema.ts`, type-only import: nothing of it is bundled),
 * so a change there shows up here as a type error; the value lists (unit kinds, agreement types …)
 * from `src/readiness/vocabulary.ts`, the plain-data module the schemas are built from.
 */
import type { z } from 'zod';
import type * as S from '../../../../src/readiness/schema.ts';
import { api, apiAll, type Page } from '../../shared/api/client.ts';

export type Unit = z.infer<typeof S.unitSchema>;
export type UnitKind = Unit['kind'];
export type CreateUnit = z.input<typeof S.createUnitBody>;
export type UpdateUnit = z.input<typeof S.updateUnitBody>;
export type Leader = z.infer<typeof S.leaderSchema>;
export type LeaderInput = z.input<typeof S.leaderBody>;
export type Equipment = z.infer<typeof S.equipmentSchema>;
export type EquipmentInput = z.input<typeof S.equipmentBody>;
export type CsvImportResult = z.infer<typeof S.csvImportResult>;
export type Agreement = z.infer<typeof S.agreementSchema>;
export type AgreementType = Agreement['type'];
export type AgreementStatus = Agreement['status'];
export type CreateAgreement = z.input<typeof S.createAgreementBody>;
export type UpdateAgreement = z.input<typeof S.updateAgreementBody>;
export type OnboardingStatus = z.infer<typeof S.onboardingStatusSchema>;
export type Person = z.infer<typeof S.personSchema>;
export type CreatePerson = z.input<typeof S.createPersonBody>;
export type Course = z.infer<typeof S.courseSchema>;
export type CourseKind = Course['kind'];
export type CreateCourse = z.input<typeof S.createCourseBody>;
export type CourseVersionInput = z.input<typeof S.courseVersionBody>;
export type Completion = z.infer<typeof S.completionSchema>;
export type CreateCompletion = z.input<typeof S.createCompletionBody>;
export type Instructor = z.infer<typeof S.instructorSchema>;
export type InstructorInput = z.input<typeof S.instructorBody>;
export type AssignmentInput = z.input<typeof S.assignmentBody>;
export type TrainingStatus = z.infer<typeof S.trainingStatusSchema>;
export type Violation = z.infer<typeof S.violationSchema>;
export type Roster = z.infer<typeof S.rosterSchema>;
export type RosterSummary = z.infer<typeof S.rosterSummarySchema>;
export type DocumentationReport = z.infer<typeof S.documentationReportSchema>;
export type Milestones = z.input<typeof S.milestonesSchema>;
export type Blocker = z.infer<typeof S.blockerSchema>;
export type TimelineWarning = z.infer<typeof S.timelineWarningSchema>;
export type Assignment = z.infer<typeof S.assignmentSchema>;
export type OnboardingOverviewItem = z.infer<typeof S.onboardingOverviewItem>;

// The value lists come from the server's own module (plain data, no imports: bundled as it is).
export {
  AGREEMENT_STATUSES,
  AGREEMENT_TYPES,
  COURSE_KINDS,
  COURSE_VERSION_REASONS,
  PARENT_KINDS,
  TERMINAL_FORMS,
  UNIT_KINDS,
} from '../../../../src/readiness/vocabulary.ts';

const R = '/api/v1/readiness';
const ORG = `${R}/organisations`;
const ONB = `${R}/onboarding`;
const TRN = `${R}/training`;
const ROS = `${R}/roster`;
export const REPORT_PATH = `${R}/reports/documentation`;
const enc = encodeURIComponent;

/** The list calls read every page (apiAll): the pages show whole lists. */
type Items<T> = Page<T>;
type Q = Record<string, string | number | undefined>;

export const readinessApi = {
  // ON-1 organisation register
  listUnits: (query: Q = {}, signal?: AbortSignal) => apiAll<Items<Unit>>(ORG, { query, signal }),
  getUnit: (id: string, signal?: AbortSignal) => api<Unit>('GET', `${ORG}/${enc(id)}`, { signal }),
  createUnit: (body: CreateUnit) => api<Unit>('POST', ORG, { body }),
  updateUnit: (id: string, body: UpdateUnit) => api<Unit>('PATCH', `${ORG}/${enc(id)}`, { body }),
  listLeaders: (id: string, signal?: AbortSignal) =>
    apiAll<Items<Leader>>(`${ORG}/${enc(id)}/leaders`, { signal }),
  addLeader: (id: string, body: LeaderInput) => api<Leader>('POST', `${ORG}/${enc(id)}/leaders`, { body }),
  listEquipment: (id: string, signal?: AbortSignal) =>
    apiAll<Items<Equipment>>(`${ORG}/${enc(id)}/equipment`, { signal }),
  addEquipment: (id: string, body: EquipmentInput) =>
    api<Equipment>('POST', `${ORG}/${enc(id)}/equipment`, { body }),
  importEquipment: (id: string, csv: string) =>
    api<CsvImportResult>('POST', `${ORG}/${enc(id)}/equipment/import`, { body: { csv } }),

  // ON-2 / ON-3 onboarding
  onboardingOverview: (date: string | undefined, signal?: AbortSignal) =>
    apiAll<Page<OnboardingOverviewItem> & { date: string }>(`${ONB}/overview`, {
      query: { date },
      signal,
    }),
  onboardingStatus: (id: string, date: string | undefined, signal?: AbortSignal) =>
    api<OnboardingStatus>('GET', `${ONB}/units/${enc(id)}`, { query: { date }, signal }),
  setMilestones: (id: string, body: Milestones) =>
    api<Unit>('PUT', `${ONB}/units/${enc(id)}/milestones`, { body }),
  createAgreement: (id: string, body: CreateAgreement) =>
    api<Agreement>('POST', `${ONB}/units/${enc(id)}/agreements`, { body }),
  updateAgreement: (agreementId: string, body: UpdateAgreement) =>
    api<Agreement>('PATCH', `${ONB}/agreements/${enc(agreementId)}`, { body }),

  // TR-1 … TR-7 training
  listPeople: (query: Q = {}, signal?: AbortSignal) =>
    apiAll<Items<Person>>(`${TRN}/people`, { query, signal }),
  createPerson: (body: CreatePerson) => api<Person>('POST', `${TRN}/people`, { body }),
  importPeople: (csv: string) => api<CsvImportResult>('POST', `${TRN}/people/import`, { body: { csv } }),
  personStatus: (id: string, date: string | undefined, signal?: AbortSignal) =>
    api<TrainingStatus>('GET', `${TRN}/people/${enc(id)}/status`, { query: { date }, signal }),
  assign: (personId: string, body: AssignmentInput) =>
    api<Assignment>('POST', `${TRN}/people/${enc(personId)}/assignments`, { body }),
  listCourses: (signal?: AbortSignal) => apiAll<Items<Course>>(`${TRN}/courses`, { signal }),
  createCourse: (body: CreateCourse) => api<Course>('POST', `${TRN}/courses`, { body }),
  addCourseVersion: (courseId: string, body: CourseVersionInput) =>
    api<unknown>('POST', `${TRN}/courses/${enc(courseId)}/versions`, { body }),
  listCompletions: (query: Q = {}, signal?: AbortSignal) =>
    apiAll<Items<Completion>>(`${TRN}/completions`, { query, signal }),
  recordCompletion: (body: CreateCompletion) => api<Completion>('POST', `${TRN}/completions`, { body }),
  importCompletions: (csv: string) =>
    api<CsvImportResult>('POST', `${TRN}/completions/import`, { body: { csv } }),
  certificatePath: (completionId: string) => `${TRN}/completions/${enc(completionId)}/certificate.pdf`,
  listInstructors: (signal?: AbortSignal) => apiAll<Items<Instructor>>(`${TRN}/instructors`, { signal }),
  addInstructor: (body: InstructorInput) => api<Instructor>('POST', `${TRN}/instructors`, { body }),

  // Roster check (TR-1, CMP-1 … CMP-5)
  listRosters: (unitId: string | undefined, signal?: AbortSignal) =>
    apiAll<Items<RosterSummary>>(`${ROS}/rosters`, { query: { unitId }, signal }),
  getRoster: (id: string, signal?: AbortSignal) =>
    api<Roster>('GET', `${ROS}/rosters/${enc(id)}`, { signal }),
  importRosterCsv: (unitId: string, weekStart: string, csv: string) =>
    api<Roster>('POST', `${ROS}/rosters/import`, { query: { unitId, weekStart }, body: { csv } }),

  // CMP-6 documentation report
  documentation: (query: Q, signal?: AbortSignal) =>
    api<DocumentationReport>('GET', REPORT_PATH, { query, signal }),
};
