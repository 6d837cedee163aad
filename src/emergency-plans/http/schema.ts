/**
 * zod schemas of the emergency-plan API (edges only), built from the zod-free value lists in
 * domain/plan-values.ts. The response schemas are checked against the use cases' types
 * (`satisfies`), and the web infers its types from them.
 */
import { z } from 'zod';
import { rule } from '../../platform/http/field-errors.ts';
import { pageQueryShape, pageSchema } from '../../platform/http/paging.ts';
import {
  contactAvailabilities,
  documentMediaTypes,
  MAX_CONTACTS,
  MAX_PHONES,
  planKinds,
  type DocumentMediaType,
} from '../domain/plan-values.ts';
import { isCalendarDate, municipalityStatuses, reviewStatuses } from '../domain/review.ts';
import type { PlanInput } from '../maintain-plans.ts';
import type { PlanContact, PlanDocument } from '../plan-store.ts';
import type {
  MunicipalityInfo,
  MunicipalityPlans,
  MunicipalitySummary,
  Plan,
  PlanSummary,
} from '../read-plans.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
/** Optional text: absent, null or blank all mean "none" (stored as null). */
const optText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, rule('date', 'a date YYYY-MM-DD'))
  .refine(isCalendarDate, rule('calendar-date', 'not a calendar date'));

export const municipalityNumber = z
  .string()
  .regex(/^\d{4}$/, rule('municipality-number', 'a four-digit municipality number (kommunenummer)'));

export const phoneNumber = z
  .string()
  .trim()
  .regex(
    /^\+?[0-9][0-9 ]{2,19}$/,
    rule('phone-number', 'a phone number: digits and spaces, optionally with a leading +'),
  );

export const contactBody = z.object({
  name: text(200),
  role: text(200),
  phones: z.array(phoneNumber).min(1).max(MAX_PHONES),
  availability: z.enum(contactAvailabilities),
  note: optText(500),
});

const planFields = {
  kind: z.enum(planKinds),
  title: text(200),
  version: optText(50),
  validFrom: isoDate.nullish().transform((v) => v ?? null),
  reviewBy: isoDate,
  responsible: optText(200),
  notes: optText(4000),
};

export const createPlanBody = z.object({
  ...planFields,
  contacts: z.array(contactBody).max(MAX_CONTACTS).default([]),
}) satisfies z.ZodType<PlanInput>;

/** A whole plan (its contacts replaced), with the revision it was edited on. */
export const updatePlanBody = z.object({
  ...planFields,
  contacts: z.array(contactBody).max(MAX_CONTACTS),
  revision: z.number().int().min(1),
});

export const revisionQuery = z.object({ revision: z.coerce.number().int().min(1) });

export const municipalityParams = z.object({ number: municipalityNumber });
export const idParams = z.object({ id: z.string().min(1).max(100) });

export const listQuery = z.object({
  ...pageQueryShape,
  q: z.string().trim().max(100).optional(),
  centre: z.string().max(100).optional(),
  status: z.enum(municipalityStatuses).optional(),
});

export const uploadQuery = z.object({
  filename: z.string().min(1).max(255),
  title: optText(200),
});

const contactSchema = z.object({
  order: z.number().int(),
  name: z.string(),
  role: z.string(),
  phones: z.array(z.string()),
  availability: z.enum(contactAvailabilities),
  note: z.string().nullable(),
}) satisfies z.ZodType<PlanContact>;

export const documentSchema = z.object({
  id: z.string(),
  filename: z.string(),
  title: z.string().nullable(),
  mediaType: z.enum(documentMediaTypes as [DocumentMediaType, ...DocumentMediaType[]]),
  size: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
}) satisfies z.ZodType<PlanDocument>;

const municipalityInfo = z.object({
  number: z.string(),
  name: z.string(),
  countyName: z.string().nullable(),
  centreId: z.string().nullable(),
  centreName: z.string().nullable(),
}) satisfies z.ZodType<MunicipalityInfo>;

export const planSchema = z.object({
  id: z.string(),
  municipality: municipalityInfo,
  kind: z.enum(planKinds),
  title: z.string(),
  version: z.string().nullable(),
  validFrom: z.string().nullable(),
  reviewBy: z.string(),
  reviewStatus: z.enum(reviewStatuses),
  responsible: z.string().nullable(),
  notes: z.string().nullable(),
  contacts: z.array(contactSchema),
  documents: z.array(documentSchema),
  revision: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  mayMaintain: z.boolean(),
}) satisfies z.ZodType<Plan>;

const planSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(planKinds),
  title: z.string(),
  version: z.string().nullable(),
  reviewBy: z.string(),
  reviewStatus: z.enum(reviewStatuses),
  contacts: z.array(contactSchema),
  documents: z.number().int(),
}) satisfies z.ZodType<PlanSummary>;

export const municipalitySummarySchema = municipalityInfo.extend({
  status: z.enum(municipalityStatuses),
  plans: z.array(planSummarySchema),
}) satisfies z.ZodType<MunicipalitySummary>;

export const municipalityListSchema = pageSchema(municipalitySummarySchema);

export const municipalityPlansSchema = z.object({
  municipality: municipalityInfo,
  status: z.enum(municipalityStatuses),
  plans: z.array(planSchema),
  mayMaintain: z.boolean(),
}) satisfies z.ZodType<MunicipalityPlans>;
