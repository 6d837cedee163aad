/** zod schemas of the documentation report (CMP-6): the HTTP request and response shapes (OpenAPI). */
import { z } from 'zod';
import { rule } from '../../platform/http/field-errors.ts';
import { isoDate } from '../schema-parts.ts';
import { unitSchema } from '../organisations/schema.ts';
import {
  agreementType,
  missingElementSchema,
  blockerSchema,
  timelineWarningSchema,
} from '../onboarding/schema.ts';
import { procedureSchema } from '../training/schema.ts';
import { violationSchema } from '../roster/schema.ts';

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
