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
  })
  .transform((c) => ({ retentionDays: c.NODMELD_CALLS_RETENTION_DAYS }));

export type CallsConfig = z.infer<typeof callsConfigSchema>;
