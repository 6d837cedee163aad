/** zod schemas of onboarding (agreements, milestones, readiness; ON-2, ON-3): the HTTP request and response shapes (OpenAPI). */
import { z } from 'zod';
import { pageSchema } from '../../platform/http/paging.ts';
import { patchSchema } from '../../platform/http/patch-schema.ts';
import * as V from '../vocabulary.ts';
import { isoDate, optText } from '../schema-parts.ts';
import { milestonesSchema, unitSchema } from '../organisations/schema.ts';

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
