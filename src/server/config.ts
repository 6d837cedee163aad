/**
 * The one typed configuration module, in the composition root because it composes the settings
 * of the contexts (positioning, SIP). Nothing else reads `process.env`. Validation fails fast at
 * start-up with a message naming each bad variable.
 */
import { z } from 'zod';
import { positioningSettingsSchema } from '../routing/positioning/settings.ts';
import { sipEnvSchema } from '../telephony/sip/config.ts';

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  /** Embedded database folder; "memory" keeps it in memory (demos, tests). */
  NODMELD_DATA_DIR: z.string().min(1).default('.data/pglite'),
  NODMELD_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  NODMELD_API_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  NODMELD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  NODMELD_SIP_ENABLED: bool.default(true),
  // SIP redirect server (issue 3): host, port, trunks, gateways, menu URI … validated here too.
  ...sipEnvSchema.shape,
  NODMELD_DATA_POLL_MS: z.coerce.number().int().min(100).default(2000),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses configuration from an environment-like object (defaults to the process environment). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const r = configSchema.safeParse(cleaned);
  if (!r.success) {
    throw new ConfigError(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return r.data;
}

/** Reads one optional variable for tests and tools that take their own settings (e.g. TEST_DATABASE_URL). */
export function envValue(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}
