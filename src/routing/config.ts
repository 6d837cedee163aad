/**
 * The routing module's configuration slice (environment variables) and what is derived from it.
 */
import { z } from 'zod';
import { DEFAULT_POLICY, type RoutingDataSet, type RoutingPolicy } from './domain/types.ts';
import { positioningSettingsSchema } from './positioning/settings.ts';
import { loadDataSetDir } from './data/load.ts';

export const routingConfigSchema = z.object({
  /** Data set imported on first start when the database has none (default: the national set). */
  NODMELD_REFERENCE_DATA_DIR: z.string().min(1).optional(),
  /** Overflow policy for calls without municipality (RT-6): random among overflow centres, or a fixed centre id. */
  NODMELD_OVERFLOW_CENTRE: z.string().min(1).optional(),
  /** Planned re-routes must be requested before this local time the day before (RT-7). */
  NODMELD_REROUTE_PLANNED_DEADLINE: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
    .default('12:00'),
  // Mobile positioning (RT-3): operators, deadline and circuit breaker.
  ...positioningSettingsSchema.shape,
  /**
   * Fallback poll interval for data-version and routing-state changes made by other instances
   * (they arrive as events at once; the poll only covers a bus that cannot listen).
   */
  NODMELD_DATA_POLL_MS: z.coerce.number().int().min(100).default(10_000),
});

export type RoutingConfig = z.infer<typeof routingConfigSchema>;

/**
 * The engine policy of live routing. The overflow centre is drawn at random per call (RT-6): the
 * pure engine takes its random source from the policy, and this is where live routing gives it one
 * (`Math.random`: the draw spreads load and guards no secret).
 */
export function routingPolicyFromConfig(
  config: Pick<RoutingConfig, 'NODMELD_OVERFLOW_CENTRE'>,
): RoutingPolicy {
  const policy: RoutingPolicy = { ...DEFAULT_POLICY, random: Math.random };
  return config.NODMELD_OVERFLOW_CENTRE
    ? { ...policy, overflow: { mode: 'fixed', centreId: config.NODMELD_OVERFLOW_CENTRE } }
    : policy;
}

/** Loads and validates a data set directory, throwing one readable error listing the problems. */
export async function loadDataSetOrThrow(dir: string): Promise<RoutingDataSet> {
  const r = await loadDataSetDir(dir);
  if (!r.ok) {
    const lines = r.errors.slice(0, 20).map((e) => `  ${e.file}:${e.line}: ${e.message}`);
    throw new Error(`The routing data in ${dir} is invalid:\n${lines.join('\n')}`);
  }
  return r.data;
}
