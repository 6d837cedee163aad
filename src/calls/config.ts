/**
 * The calls module's configuration slice: how long call records are kept (docs/calls.md,
 * "Retention of call metadata").
 */
import { z } from 'zod';

export const callsConfigSchema = z
  .object({
    /**
     * Days a call's events and record are kept after the call ended (default 1,096: three years,
     * the reporting horizon). Its rollup cells — counts without personal data — are kept.
     */
    NODMELD_CALLS_RETENTION_DAYS: z.coerce.number().int().min(30).max(36_600).default(1_096),
    /**
     * Days a call keeps its calling number (unset: as long as the call). After it the number is
     * blanked in the call's record and events; the rest of the record stays until the retention.
     */
    NODMELD_CALLS_NUMBER_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_600).optional(),
  })
  .refine(
    (c) =>
      c.NODMELD_CALLS_NUMBER_RETENTION_DAYS === undefined ||
      c.NODMELD_CALLS_NUMBER_RETENTION_DAYS <= c.NODMELD_CALLS_RETENTION_DAYS,
    {
      message: 'NODMELD_CALLS_NUMBER_RETENTION_DAYS must not exceed NODMELD_CALLS_RETENTION_DAYS',
      path: ['NODMELD_CALLS_NUMBER_RETENTION_DAYS'],
    },
  )
  .transform((c) => ({
    retentionDays: c.NODMELD_CALLS_RETENTION_DAYS,
    numberRetentionDays: c.NODMELD_CALLS_NUMBER_RETENTION_DAYS ?? null,
  }));

export type CallsConfig = z.infer<typeof callsConfigSchema>;
