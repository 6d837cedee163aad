/**
 * The register's domain event (LV-7): a plan of a municipality was created, changed or removed,
 * or a document was added to it or removed. Scoped to the centre that serves the municipality, so
 * its operators' pages reload; it carries ids only (the contacts are read through the policy).
 */
import { z } from 'zod';
import { defineEvent, NATIONAL } from '../platform/events/define-event.ts';

export const planChanges = ['created', 'updated', 'removed', 'document-added', 'document-removed'] as const;

export const planChanged = defineEvent({
  type: 'emergency-plans.plan.changed',
  scope: (p) => (p.centreId ? { kind: 'centre', id: p.centreId } : NATIONAL),
  payload: z.object({
    planId: z.string(),
    municipality: z.string(),
    centreId: z.string().nullable(),
    change: z.enum(planChanges),
    revision: z.number().int(),
  }),
});
