/** The emergency-plan module's configuration slice (docs/emergency-plans.md). */
import { z } from 'zod';
import { DEFAULT_MAX_DOCUMENT_MB } from './domain/plan-values.ts';

export const emergencyPlansConfigSchema = z
  .object({
    /** The largest document a plan may carry, in MiB (default 20). */
    NODMELD_EMERGENCY_PLANS_MAX_DOCUMENT_MB: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .default(DEFAULT_MAX_DOCUMENT_MB),
  })
  .transform((c) => ({ maxDocumentBytes: c.NODMELD_EMERGENCY_PLANS_MAX_DOCUMENT_MB * 1024 * 1024 }));

export type EmergencyPlansConfig = z.infer<typeof emergencyPlansConfigSchema>;
