/** zod schemas of training (people, courses, completions, assignments, instructors, procedures; TR-1 … TR-7): the HTTP request and response shapes (OpenAPI). */
import { z } from 'zod';
import { pageQueryShape } from '../../platform/http/paging.ts';
import { patchSchema } from '../../platform/http/patch-schema.ts';
import { rule } from '../../platform/http/field-errors.ts';
import * as V from '../vocabulary.ts';
import { isoDate, text, optText } from '../schema-parts.ts';
import { missingElementSchema } from '../onboarding/schema.ts';

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
