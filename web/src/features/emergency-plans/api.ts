/**
 * The emergency-plan API (/api/v1/emergency-plans; LV-7): the municipalities with their plans, one
 * municipality, one plan, the changes, and the documents (uploaded as the file itself). The types
 * come from the server's response schemas (type-only: nothing is bundled); the value lists from the
 * register's zod-free module.
 */
import type { z } from 'zod';
import type * as S from '../../../../src/emergency-plans/http/schema.ts';
import type { MunicipalityStatus, ReviewStatus } from '../../../../src/emergency-plans/domain/review.ts';
import type {
  ContactAvailability,
  DocumentMediaType,
  PlanKind,
} from '../../../../src/emergency-plans/domain/plan-values.ts';
import { api, apiAll } from '../../shared/api/client.ts';

export {
  contactAvailabilities as CONTACT_AVAILABILITIES,
  documentTypes as DOCUMENT_TYPES,
  planKinds as PLAN_KINDS,
} from '../../../../src/emergency-plans/domain/plan-values.ts';
export { municipalityStatuses as MUNICIPALITY_STATUSES } from '../../../../src/emergency-plans/domain/review.ts';
export { telUri } from '../../../../src/emergency-plans/domain/document-check.ts';

export type { ContactAvailability, DocumentMediaType, MunicipalityStatus, PlanKind, ReviewStatus };
export type Plan = z.infer<typeof S.planSchema>;
export type PlanContact = Plan['contacts'][number];
export type PlanDocument = z.infer<typeof S.documentSchema>;
export type MunicipalitySummary = z.infer<typeof S.municipalitySummarySchema>;
export type MunicipalityPlans = z.infer<typeof S.municipalityPlansSchema>;
export type PlanInput = z.input<typeof S.createPlanBody>;
export type ContactInput = z.input<typeof S.contactBody>;

/** The push that says a municipality's plan changed (src/emergency-plans/events.ts). */
export const PLAN_CHANGED = 'emergency-plans.plan.changed';
export interface PlanChanged {
  planId: string;
  municipality: string;
  centreId: string | null;
  change: string;
  revision: number;
}

const base = '/api/v1/emergency-plans';
export const documentPath = (id: string) => `${base}/documents/${encodeURIComponent(id)}`;

export const plansApi = {
  municipalities: (query: { q?: string; centre?: string; status?: string }, signal?: AbortSignal) =>
    apiAll<z.infer<typeof S.municipalityListSchema>>(`${base}/municipalities`, { query, signal }),
  municipality: (number: string, signal?: AbortSignal) =>
    api<MunicipalityPlans>('GET', `${base}/municipalities/${encodeURIComponent(number)}`, { signal }),
  plan: (id: string, signal?: AbortSignal) =>
    api<Plan>('GET', `${base}/plans/${encodeURIComponent(id)}`, { signal }),
  create: (municipality: string, body: PlanInput) =>
    api<Plan>('POST', `${base}/municipalities/${encodeURIComponent(municipality)}/plans`, { body }),
  update: (id: string, body: PlanInput & { revision: number }) =>
    api<Plan>('PUT', `${base}/plans/${encodeURIComponent(id)}`, { body }),
  remove: (id: string, revision: number) =>
    api<void>('DELETE', `${base}/plans/${encodeURIComponent(id)}`, { query: { revision } }),
  upload: (planId: string, file: Blob, mediaType: string, filename: string, title: string) =>
    api<PlanDocument>('POST', `${base}/plans/${encodeURIComponent(planId)}/documents`, {
      file: { content: file, contentType: mediaType },
      query: { filename, title: title || undefined },
    }),
  removeDocument: (id: string) => api<void>('DELETE', documentPath(id)),
};
