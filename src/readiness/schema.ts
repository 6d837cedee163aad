/**
 * zod schemas of the readiness context (ON-1 … ON-3, TR-1 … TR-7, CMP-6): the HTTP request and
 * response shapes. The OpenAPI document is generated from them. Calendar dates are `YYYY-MM-DD`.
 */
import { z } from 'zod';
import { pageQueryShape, pageSchema } from '../platform/http/paging.ts';
import { patchSchema } from '../platform/http/patch-schema.ts';
import { isIsoDate } from './competence/dates.ts';
import { ROSTER_ROLES, UNIT_KINDS as ROSTER_UNIT_KINDS } from './competence/types.ts';
import { rule } from '../platform/http/field-errors.ts';
import * as V from './vocabulary.ts';

// The value lists live in vocabulary.ts (no imports: the web bundles it); re-exported for the server.
export * from './vocabulary.ts';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, rule('date', 'a date YYYY-MM-DD'))
  .refine(isIsoDate, rule('calendar-date', 'not a calendar date'));
export const isoDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/,
    rule('date-time', 'a date-time with offset, e.g. 2025-03-03T08:00+01:00'),
  );
const text = (max = 200) => z.string().trim().min(1).max(max);
const optText = (max = 200) => z.string().trim().max(max).nullish();

// ---------------------------------------------------------------- organisations (ON-1)

export const unitKind = z.enum(V.UNIT_KINDS);
export type UnitKind = z.infer<typeof unitKind>;

export const unitIdParam = z.object({ id: z.string().min(1).max(100) });
export const uuidParam = z.object({ id: z.uuid() });

export const milestonesSchema = z.object({
  /** ON-3: local project established. */
  localProjectStart: isoDate.nullish(),
  plannedGoLive: isoDate.nullish(),
  /** ON-2: equipment installed, tested, test report approved (payment starts). */
  installedAt: isoDate.nullish(),
  testedAt: isoDate.nullish(),
  testReportApprovedAt: isoDate.nullish(),
  goLiveAt: isoDate.nullish(),
});
export type Milestones = z.infer<typeof milestonesSchema>;

export const createUnitBody = z.object({
  /** Optional stable id (slug); generated from kind and name when absent. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,99}$/, rule('slug', 'lower-case letters, digits and -'))
    .optional(),
  kind: unitKind,
  name: text(),
  parentId: z.string().min(1).max(100).nullish(),
  kommunenummer: z
    .string()
    .regex(/^\d{4}$/, rule('digits', '4 digits', { count: 4 }))
    .nullish(),
  /** Routing data: Centre.id for an LV-sentral, AmkCentre.id for an AMK area/centre. */
  centreId: optText(100),
  controlRoomSystem: optText(),
  orgNumber: z
    .string()
    .regex(/^\d{9}$/, rule('digits', '9 digits', { count: 9 }))
    .nullish(),
  /** Municipalities covered (an LV-sentral's district, a trust's catchment area). */
  municipalities: z
    .array(z.string().regex(/^\d{4}$/, rule('digits', '4 digits', { count: 4 })))
    .max(400)
    .optional(),
  notes: optText(2000),
});
export type CreateUnitBody = z.infer<typeof createUnitBody>;
/** PATCH: only the fields sent change (no defaults; see patch-schema.ts). */
export const updateUnitBody = patchSchema(createUnitBody.omit({ id: true, kind: true }));

export const unitSchema = z.object({
  id: z.string(),
  kind: unitKind,
  name: z.string(),
  parentId: z.string().nullable(),
  kommunenummer: z.string().nullable(),
  centreId: z.string().nullable(),
  controlRoomSystem: z.string().nullable(),
  orgNumber: z.string().nullable(),
  municipalities: z.array(z.string()),
  milestones: milestonesSchema,
  notes: z.string().nullable(),
});
export type Unit = z.infer<typeof unitSchema>;

export const listUnitsQuery = z.object({
  kind: unitKind.optional(),
  parentId: z.string().optional(),
  kommunenummer: z.string().optional(),
  q: z.string().max(100).optional(),
  ...pageQueryShape,
});

export const leaderBody = z.object({
  role: z.enum(V.LEADER_ROLES),
  name: text(),
  email: z.email().nullish(),
  phone: optText(30),
  fromDate: isoDate.nullish(),
  toDate: isoDate.nullish(),
});
export const leaderSchema = leaderBody.extend({ id: z.string(), unitId: z.string() });

export const equipmentBody = z
  .object({
    kind: z.enum(V.EQUIPMENT_KINDS),
    form: z.enum(V.TERMINAL_FORMS).nullish(),
    label: text(),
    model: optText(),
    /** Radio terminals: the terminal type a TR-1 course covers; defaults to the model. */
    terminalType: optText(),
    /** Operator positions: the control-room system; defaults to the unit's system. */
    controlRoomSystem: optText(),
    issi: z
      .string()
      .regex(/^\d{1,8}$/, rule('issi', 'ISSI: 1–8 digits'))
      .nullish(),
    serialNumber: optText(100),
    status: z.enum(['active', 'retired']).default('active'),
  })
  .refine((e) => e.kind !== 'radio-terminal' || !!e.form, {
    path: ['form'],
    message: rule('terminal-form', 'a radio terminal needs its form: handheld, vehicle or desk'),
  });
export type EquipmentBody = z.infer<typeof equipmentBody>;
/** PATCH: only the fields sent change (a rename keeps a retired terminal retired). */
export const updateEquipmentBody = patchSchema(z.object(equipmentBody.shape).omit({ kind: true }));
export const equipmentSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  kind: z.enum(V.EQUIPMENT_KINDS),
  form: z.enum(V.TERMINAL_FORMS).nullable(),
  label: z.string(),
  model: z.string().nullable(),
  terminalType: z.string().nullable(),
  controlRoomSystem: z.string().nullable(),
  issi: z.string().nullable(),
  serialNumber: z.string().nullable(),
  status: z.enum(['active', 'retired']),
});
export type Equipment = z.infer<typeof equipmentSchema>;

/** CSV import body: `text/csv`, or JSON `{ "csv": "…" }`. */
export const csvBody = z.union([z.string().min(1, 'the CSV is empty'), z.object({ csv: z.string().min(1) })]);
export const csvImportResult = z.object({ imported: z.number().int(), ids: z.array(z.string()) });
/** 422 problem `errors` of a refused CSV import: every bad row, nothing imported. */
export const csvRowError = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  message: z.string(),
});

// ---------------------------------------------------------------- onboarding (ON-2, ON-3)

export const agreementType = z.enum(V.AGREEMENT_TYPES);
export type AgreementType = z.infer<typeof agreementType>;
export type AgreementStatus = (typeof V.AGREEMENT_STATUSES)[number];

export const createAgreementBody = z.object({
  type: agreementType,
  /** Customer agreements: the operator position or radio terminal it covers. */
  equipmentId: z.uuid().nullish(),
  /** Defaults: DSB (communication-centre, customer), HDO (service-level, data-processing). */
  counterparty: optText(),
  status: z.enum(V.AGREEMENT_STATUSES).default('draft'),
  draftedAt: isoDate.nullish(),
  sentAt: isoDate.nullish(),
  signedAt: isoDate.nullish(),
  terminatedAt: isoDate.nullish(),
  reference: optText(),
  notes: optText(2000),
});
/** PATCH: only the fields sent change (a note keeps a signed agreement signed). */
export const updateAgreementBody = patchSchema(createAgreementBody.omit({ type: true, equipmentId: true }));
export const agreementSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  type: agreementType,
  equipmentId: z.string().nullable(),
  counterparty: z.string(),
  status: z.enum(V.AGREEMENT_STATUSES),
  draftedAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  signedAt: z.string().nullable(),
  terminatedAt: z.string().nullable(),
  reference: z.string().nullable(),
  notes: z.string().nullable(),
});
export type Agreement = z.infer<typeof agreementSchema>;

export const dateQuery = z.object({ date: isoDate.optional() });

export const paymentPeriodSchema = z.object({
  /** e.g. 2025-Q3 */
  quarter: z.string(),
  from: z.string(),
  to: z.string(),
});
/** A competence element someone lacks: its code in the element catalogue and its parameters. */
export const missingElementSchema = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export const blockerSchema = z.object({
  /** agreement-missing | agreement-not-signed | customer-agreement-missing | staff-untrained | no-staff | not-installed | test-report-not-approved */
  code: z.string(),
  message: z.string(),
  agreementType: agreementType.optional(),
  equipmentId: z.string().optional(),
  personId: z.string().optional(),
  personName: z.string().optional(),
  missingElements: z.array(missingElementSchema).optional(),
});
export const timelineWarningSchema = z.object({
  /** agreements-late | installation-late | test-report-late | go-live-late | over-twelve-months */
  code: z.string(),
  severity: z.enum(['warning', 'overdue']),
  milestone: z.string(),
  due: z.string(),
  message: z.string(),
});
/** One unit of the onboarding overview: is it ready, and what blocks or delays it. */
export const onboardingOverviewItem = z.object({
  unit: unitSchema,
  ready: z.boolean(),
  blockers: z.array(blockerSchema),
  warnings: z.array(timelineWarningSchema),
  paymentStart: z.string().nullable(),
});
export const onboardingOverview = pageSchema(onboardingOverviewItem).extend({ date: z.string() });
export const onboardingStatusSchema = z.object({
  unit: unitSchema,
  date: z.string(),
  agreements: z.array(agreementSchema),
  /** Per required agreement type: the state on the date. */
  requiredAgreements: z.array(
    z.object({
      type: agreementType,
      equipmentId: z.string().nullable(),
      equipmentLabel: z.string().nullable(),
      status: z.string(),
      label: z.string(),
    }),
  ),
  milestones: milestonesSchema,
  paymentStart: z.string().nullable(),
  paymentPeriods: z.array(paymentPeriodSchema),
  ready: z.boolean(),
  blockers: z.array(blockerSchema),
  timeline: z.object({
    localProjectStart: z.string().nullable(),
    expectedGoLiveEarliest: z.string().nullable(),
    expectedGoLiveLatest: z.string().nullable(),
    milestones: z.array(z.object({ milestone: z.string(), due: z.string(), doneAt: z.string().nullable() })),
    warnings: z.array(timelineWarningSchema),
  }),
});
export type OnboardingStatus = z.infer<typeof onboardingStatusSchema>;

// ---------------------------------------------------------------- training (TR-1 … TR-7)

/** The competence facts of a person (the competence rules' PersonFacts without id and name). */
const period = { from: isoDate, to: isoDate.optional() };
export const competenceFactsSchema = z.object({
  authorisations: z
    .array(
      z.object({
        profession: z.enum(['doctor', 'nurse', 'ambulance-worker', 'paramedic', 'other-health']),
        kind: z.enum(['authorisation', 'licence']),
        ...period,
      }),
    )
    .default([]),
  specialities: z
    .array(
      z.object({
        code: z.enum([
          'general-medicine',
          'anaesthesiology',
          'emergency-medicine',
          'internal-medicine',
          'surgery',
          'paediatrics',
          'psychiatry',
          'other',
        ]),
        approvedAt: isoDate,
      }),
    )
    .default([]),
  courses: z
    .array(
      z.object({
        kind: z.enum([
          'acute-medicine',
          'violence-abuse',
          'lv-operator-training',
          'amk-operator-training',
          'emergency-driving',
          'ambulance-competence',
          'air-ambulance-competence',
          'rescue-crew-competence',
        ]),
        completedAt: isoDate,
        validTo: isoDate.optional(),
        reference: z.string().max(200).optional(),
      }),
    )
    .default([]),
  approvedGp: z
    .object({ approvedAt: isoDate, basis: z.enum(['supervised-service-3a', 'eea-section-10']) })
    .optional(),
  onCallShifts: z.array(z.object({ asOf: isoDate, count: z.number().int().min(0) })).default([]),
  gpMunicipalService: z.array(z.object(period)).default([]),
  supervisedServiceMonths: z.number().min(0).max(600).default(0),
  drivingLicences: z
    .array(
      z.object({
        licenceClass: z.enum(['B', 'BE', 'C1', 'C1E', 'C', 'CE', 'D1', 'D1E', 'D', 'DE']),
        ...period,
      }),
    )
    .default([]),
  education: z
    .array(
      z.object({
        level: z.enum(['upper-secondary', 'vocational', 'bachelor', 'master', 'doctorate', 'other']),
        field: z.enum(['health', 'other']),
        title: z.string().max(200).optional(),
        completedAt: isoDate,
      }),
    )
    .default([]),
  clinicalPracticeMonths: z.number().min(0).max(600).default(0),
  exemptions: z
    .array(
      z.object({
        kind: z.enum(['county-governor-substitute', 'course-time-limited', 'driving-substitute']),
        from: isoDate,
        to: isoDate,
        grantedBy: z.string().min(1).max(200),
        grantedByRole: z.enum(['county-governor', 'health-trust', 'municipality']),
        reference: z.string().max(200).optional(),
      }),
    )
    .default([]),
  engagements: z
    .array(
      z.object({
        substitute: z.boolean(),
        ...period,
        unitId: z.string().optional(),
      }),
    )
    .default([]),
});
export type CompetenceFacts = z.infer<typeof competenceFactsSchema>;

export const createPersonBody = z.object({
  name: text(),
  /** HPR number (helsepersonellregisteret), optional. */
  hprNumber: z
    .string()
    .regex(/^\d{4,9}$/, rule('hpr-number', 'HPR number: 4–9 digits'))
    .nullish(),
  employeeNumber: optText(50),
  employerUnitId: z.string().min(1).max(100),
  email: z.email().nullish(),
  active: z.boolean().default(true),
  competence: competenceFactsSchema.optional(),
});
/**
 * PATCH: only the fields sent change (an e-mail edit keeps an inactive person inactive); inside
 * `competence`, only the lists sent are replaced.
 */
export const updatePersonBody = patchSchema(createPersonBody);
export const personSchema = z.object({
  id: z.string(),
  name: z.string(),
  hprNumber: z.string().nullable(),
  employeeNumber: z.string().nullable(),
  employerUnitId: z.string(),
  email: z.string().nullable(),
  active: z.boolean(),
  competence: competenceFactsSchema,
});
export type Person = z.infer<typeof personSchema>;
export const listPeopleQuery = z.object({
  unitId: z.string().optional(),
  q: z.string().max(100).optional(),
  ...pageQueryShape,
});

export const courseKind = z.enum(V.COURSE_KINDS);
export type CourseKind = z.infer<typeof courseKind>;
export const createCourseBody = z
  .object({
    code: z.string().regex(/^[A-Za-z0-9._-]{2,50}$/, rule('course-code', 'letters, digits, . _ - (2–50)')),
    name: text(),
    kind: courseKind,
    /** control-room courses: the control-room system taught (e.g. the ICCS). */
    controlRoomSystem: optText(),
    /** radio-terminal courses: the terminal type taught. */
    terminalType: optText(),
    /** instructor courses: what graduates may teach. */
    instructorScope: z.enum(['control-room', 'radio-terminal']).nullish(),
    /** TR-5: months a completion stays valid before re-certification; absent = no expiry. */
    validityMonths: z.number().int().min(1).max(240).nullish(),
    /** TR-6: the first material version. */
    initialVersion: z.string().min(1).max(50).default('1.0'),
    initialVersionReleasedAt: isoDate.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'control-room' && !c.controlRoomSystem)
      ctx.addIssue({
        code: 'custom',
        path: ['controlRoomSystem'],
        message: rule('required', 'a control-room course names its system'),
      });
    if (c.kind === 'radio-terminal' && !c.terminalType)
      ctx.addIssue({
        code: 'custom',
        path: ['terminalType'],
        message: rule('required', 'a radio-terminal course names its terminal type'),
      });
    if (c.kind === 'instructor' && !c.instructorScope)
      ctx.addIssue({
        code: 'custom',
        path: ['instructorScope'],
        message: rule('required', 'an instructor course names what it qualifies to teach'),
      });
  });
export const courseVersionBody = z.object({
  version: z.string().min(1).max(50),
  releasedAt: isoDate,
  reason: z.enum(V.COURSE_VERSION_REASONS),
  notes: optText(2000),
});
export const courseVersionSchema = courseVersionBody.extend({
  id: z.string(),
  courseId: z.string(),
  notes: z.string().nullable(),
});
export const courseSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: courseKind,
  controlRoomSystem: z.string().nullable(),
  terminalType: z.string().nullable(),
  instructorScope: z.enum(['control-room', 'radio-terminal']).nullable(),
  validityMonths: z.number().nullable(),
  versions: z.array(courseVersionSchema),
  currentVersion: z.string().nullable(),
});
export type Course = z.infer<typeof courseSchema>;

export const createCompletionBody = z.object({
  personId: z.uuid(),
  courseId: z.uuid(),
  completedAt: isoDate,
  /** Material version; defaults to the version current on the completion date (TR-6). */
  version: z.string().max(50).optional(),
  /** Attended courses: the instructor (TR-4); must be qualified for the course on the date. */
  instructorPersonId: z.uuid().nullish(),
  unitId: z.string().max(100).nullish(),
  location: optText(),
});
export const completionSchema = z.object({
  id: z.string(),
  certificateNumber: z.string(),
  personId: z.string(),
  personName: z.string(),
  courseId: z.string(),
  courseCode: z.string(),
  courseName: z.string(),
  courseKind: courseKind,
  version: z.string().nullable(),
  completedAt: z.string(),
  validTo: z.string().nullable(),
  instructorPersonId: z.string().nullable(),
  instructorName: z.string().nullable(),
  unitId: z.string().nullable(),
  location: z.string().nullable(),
  /** TR-3: an attended course after the e-learning gives the final course certificate. */
  finalCertificate: z.boolean(),
});
export type Completion = z.infer<typeof completionSchema>;
export const listCompletionsQuery = z.object({
  personId: z.uuid().optional(),
  courseId: z.uuid().optional(),
  unitId: z.string().optional(),
  ...pageQueryShape,
});

export const instructorBody = z.object({
  personId: z.uuid(),
  level: z.enum(['area', 'local']),
  scope: z.enum(['control-room', 'radio-terminal']),
  fromDate: isoDate,
  toDate: isoDate.nullish(),
});
export const instructorSchema = instructorBody.extend({
  id: z.string(),
  personName: z.string(),
  toDate: z.string().nullable(),
  /** Courses this instructor may teach on today's date. */
  mayTeach: z.array(z.object({ courseId: z.string(), code: z.string(), name: z.string() })),
});

export const assignmentBody = z
  .object({
    kind: z.enum(V.ASSIGNMENT_KINDS),
    /** operator-position: the position (equipment id). */
    equipmentId: z.uuid().nullish(),
    /** terminal-type: the radio-terminal type. */
    terminalType: optText(),
    fromDate: isoDate,
    toDate: isoDate.nullish(),
  })
  .superRefine((a, ctx) => {
    if (a.kind === 'operator-position' && !a.equipmentId)
      ctx.addIssue({
        code: 'custom',
        path: ['equipmentId'],
        message: rule('required', 'name the operator position'),
      });
    if (a.kind === 'terminal-type' && !a.terminalType)
      ctx.addIssue({
        code: 'custom',
        path: ['terminalType'],
        message: rule('required', 'name the terminal type'),
      });
  });
export const assignmentSchema = z.object({
  id: z.string(),
  personId: z.string(),
  kind: z.enum(V.ASSIGNMENT_KINDS),
  equipmentId: z.string().nullable(),
  terminalType: z.string().nullable(),
  controlRoomSystem: z.string().nullable(),
  fromDate: z.string(),
  toDate: z.string().nullable(),
});

/** What a person's training allows on a date (TR-1 … TR-5). */
export const trainingStatusSchema = z.object({
  person: personSchema,
  date: z.string(),
  completions: z.array(completionSchema.extend({ valid: z.boolean() })),
  eLearning: z.object({
    valid: z.boolean(),
    validTo: z.string().nullable(),
    /** TR-5: re-certification due within 60 days, or overdue. */
    recertificationDue: z.boolean(),
  }),
  mayUse: z.array(
    z.object({
      kind: z.enum(['control-room', 'radio-terminal']),
      name: z.string(),
      validTo: z.string().nullable(),
    }),
  ),
  assignments: z.array(
    assignmentSchema.extend({
      ok: z.boolean(),
      missing: z.array(z.string()),
      missingElements: z.array(missingElementSchema),
    }),
  ),
});

export const procedureBody = z
  .object({
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    title: text(),
    version: z.string().min(1).max(50),
    /** Level 3 (local procedures): the unit that owns it. */
    unitId: z.string().max(100).nullish(),
    /** Level 3: the level 1 and level 2 procedures it is anchored in (TR-7). */
    anchoredIn: z.array(z.uuid()).default([]),
    validFrom: isoDate,
    url: z.url().nullish(),
  })
  .superRefine((p, ctx) => {
    if (p.level === 3 && !p.unitId)
      ctx.addIssue({
        code: 'custom',
        path: ['unitId'],
        message: rule('required', 'a local (level 3) procedure belongs to a unit'),
      });
  });
export const procedureSchema = z.object({
  id: z.string(),
  level: z.number(),
  title: z.string(),
  version: z.string(),
  unitId: z.string().nullable(),
  anchoredIn: z.array(z.string()),
  validFrom: z.string(),
  url: z.string().nullable(),
});

// ---------------------------------------------------------------- roster (TR-1, CMP-1 … CMP-5)

/** Roster roles and unit kinds come from the competence rules (one list). */
export { ROSTER_ROLES };
export const SHIFT_UNIT_KINDS = ROSTER_UNIT_KINDS;
export const shiftInput = z.object({
  /** The unit or vehicle staffed: a readiness unit id, or a vehicle id such as "A-12". */
  unitId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/, rule('unit-id', '1–100 letters, digits or . _ : @ -')),
  unitKind: z.enum(SHIFT_UNIT_KINDS),
  start: isoDateTime,
  /** Exclusive end. */
  end: isoDateTime,
  assignments: z
    .array(
      z.object({
        /** Person id, HPR number or employee number. */
        person: z.string().min(1).max(100),
        role: z.enum(ROSTER_ROLES),
      }),
    )
    .min(1),
});
export type ShiftInput = z.infer<typeof shiftInput>;
export const rosterBody = z.object({
  /** The unit the roster belongs to (a municipality, legevakt, LV-sentral or ambulance station). */
  unitId: z.string().min(1).max(100),
  /** Monday of the week (ISO week); the check covers Monday 00:00 to the next Monday 00:00, Oslo time. */
  weekStart: isoDate,
  shifts: z.array(shiftInput).min(1).max(5000),
});
/**
 * CSV roster import: `text/csv` with the header `unit_id,unit_kind,start,end,person_id,role`
 * (one row per person per shift; person_id = person id, HPR number or employee number).
 */
export const rosterImportQuery = z.object({ unitId: z.string().min(1).max(100), weekStart: isoDate });
export const violationSchema = z.object({
  /** competence | composition | backup | coverage | training | unknown-person | invalid-shift */
  kind: z.string(),
  paragraph: z.string(),
  requirementId: z.string(),
  unitId: z.string(),
  /** The unit's name when it is registered (a roster may name units that are not). */
  unitName: z.string().optional(),
  unitKind: z.string(),
  shiftId: z.string().optional(),
  start: z.string(),
  end: z.string(),
  message: z.string(),
  messageNb: z.string(),
  people: z.array(z.object({ id: z.string(), name: z.string() })),
  missing: z.array(
    z.object({
      code: z.string(),
      element: z.string(),
      paragraph: z.string(),
      personId: z.string().optional(),
    }),
  ),
  lines: z.array(z.number()).optional(),
});
export type Violation = z.infer<typeof violationSchema>;
export const rosterSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  weekStart: z.string(),
  source: z.enum(['csv', 'api']),
  importedAt: z.string(),
  shifts: z.array(
    shiftInput.extend({
      id: z.string(),
      assignments: z.array(
        z.object({
          person: z.string(),
          personId: z.string(),
          personName: z.string(),
          role: z.enum(ROSTER_ROLES),
        }),
      ),
      lines: z.array(z.number()).nullable(),
    }),
  ),
  check: z.object({ ok: z.boolean(), checkedShifts: z.number(), violations: z.array(violationSchema) }),
});
export const rosterSummarySchema = z.object({
  id: z.string(),
  unitId: z.string(),
  weekStart: z.string(),
  source: z.enum(['csv', 'api']),
  importedAt: z.string(),
  shifts: z.number(),
});

// ---------------------------------------------------------------- reports (CMP-6)

export const documentationQuery = z
  .object({
    kommunenummer: z
      .string()
      .regex(/^\d{4}$/, rule('digits', '4 digits', { count: 4 }))
      .optional(),
    healthTrustId: z.string().max(100).optional(),
    date: isoDate.optional(),
    /** The language of the PDF and CSV: bokmål (default) or English. */
    lang: z.enum(['nb', 'en']).optional(),
  })
  .refine((q) => !!q.kommunenummer !== !!q.healthTrustId, {
    message: rule('one-of-municipality-or-trust', 'give exactly one of kommunenummer or healthTrustId'),
    path: ['kommunenummer'],
  });
export const documentationReportSchema = z.object({
  scope: z.object({ kind: z.enum(['municipality', 'health-trust']), id: z.string(), name: z.string() }),
  date: z.string(),
  generatedAt: z.string(),
  units: z.array(
    z.object({
      unit: unitSchema,
      ready: z.boolean(),
      blockers: z.array(blockerSchema),
      agreements: z.array(
        z.object({
          type: agreementType,
          label: z.string(),
          equipmentId: z.string().nullable(),
          equipmentLabel: z.string().nullable(),
          status: z.string(),
        }),
      ),
      equipment: z.object({ operatorPositions: z.number(), radioTerminals: z.number() }),
      paymentStart: z.string().nullable(),
      timelineWarnings: z.array(timelineWarningSchema),
      training: z.object({
        people: z.number(),
        trained: z.number(),
        untrained: z.array(
          z.object({
            personId: z.string(),
            name: z.string(),
            missing: z.array(z.string()),
            missingElements: z.array(missingElementSchema),
          }),
        ),
      }),
      competence: z.object({ rosters: z.number(), violations: z.array(violationSchema) }),
    }),
  ),
  procedures: z.array(procedureSchema),
  summary: z.object({
    units: z.number(),
    ready: z.number(),
    agreementsSigned: z.number(),
    agreementsRequired: z.number(),
    people: z.number(),
    trained: z.number(),
    violations: z.number(),
  }),
});
export type DocumentationReport = z.infer<typeof documentationReportSchema>;
