/**
 * Positioning settings (RT-3) as environment variables. The platform configuration module owns
 * `process.env`; it spreads `positioningSettingsSchema.shape` into its schema and hands the parsed
 * values to `positioningOptionsFromSettings`.
 */
import { z } from 'zod';
import { DEFAULT_BREAKER_OPTIONS } from './circuit-breaker.ts';
import {
  DEFAULT_POSITIONING_DEADLINE_MS,
  type PositioningOperator,
  type PositioningServiceOptions,
} from './positioning-service.ts';

/**
 * Parses `name=url,name=url` (e.g. `telenor=http://127.0.0.1:7101,telia=http://127.0.0.1:7102`).
 * Throws an Error naming the bad entry.
 */
export function parsePositioningOperators(value: string): PositioningOperator[] {
  const operators: PositioningOperator[] = [];
  for (const [i, entry] of value.split(',').entries()) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    const name = eq > 0 ? trimmed.slice(0, eq).trim() : '';
    const baseUrl = eq > 0 ? trimmed.slice(eq + 1).trim() : '';
    if (!/^[a-z0-9][a-z0-9_-]*$/i.test(name))
      throw new Error(
        `entry ${i + 1} "${trimmed}": expected name=url with a name of letters, digits, - or _`,
      );
    if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
      throw new Error(`entry ${i + 1} "${trimmed}": "${baseUrl}" is not an http(s) URL`);
    }
    if (operators.some((o) => o.name === name))
      throw new Error(`entry ${i + 1}: operator "${name}" is listed twice`);
    operators.push({ name, baseUrl });
  }
  return operators;
}

const ms = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const positioningSettingsSchema = z.object({
  /** `name=url,…`; unset means no positioning service (mobile calls take the unlocated path). */
  NODMELD_POSITIONING_OPERATORS: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      try {
        parsePositioningOperators(value);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    }),
  NODMELD_POSITIONING_DEADLINE_MS: ms(50, 9_000).default(DEFAULT_POSITIONING_DEADLINE_MS),
  NODMELD_POSITIONING_REQUEST_TIMEOUT_MS: ms(50, 9_000).optional(),
  NODMELD_POSITIONING_BREAKER_FAILURES: ms(1, 1_000).default(DEFAULT_BREAKER_OPTIONS.consecutiveFailures),
  NODMELD_POSITIONING_BREAKER_FAILURE_RATE: z.coerce
    .number()
    .gt(0)
    .max(1)
    .default(DEFAULT_BREAKER_OPTIONS.failureRateThreshold),
  NODMELD_POSITIONING_BREAKER_WINDOW_MS: ms(1_000, 3_600_000).default(DEFAULT_BREAKER_OPTIONS.windowMs),
  NODMELD_POSITIONING_BREAKER_MIN_REQUESTS: ms(1, 100_000).default(
    DEFAULT_BREAKER_OPTIONS.minRequestsInWindow,
  ),
  NODMELD_POSITIONING_BREAKER_COOLDOWN_MS: ms(0, 3_600_000).default(DEFAULT_BREAKER_OPTIONS.coolDownMs),
});

export type PositioningSettings = z.infer<typeof positioningSettingsSchema>;

/** Service options from parsed settings, or null when no operators are configured. */
export function positioningOptionsFromSettings(
  settings: PositioningSettings,
): PositioningServiceOptions | null {
  const operators = settings.NODMELD_POSITIONING_OPERATORS
    ? parsePositioningOperators(settings.NODMELD_POSITIONING_OPERATORS)
    : [];
  if (operators.length === 0) return null;
  const options: PositioningServiceOptions = {
    operators,
    deadlineMs: settings.NODMELD_POSITIONING_DEADLINE_MS,
    breaker: {
      consecutiveFailures: settings.NODMELD_POSITIONING_BREAKER_FAILURES,
      failureRateThreshold: settings.NODMELD_POSITIONING_BREAKER_FAILURE_RATE,
      windowMs: settings.NODMELD_POSITIONING_BREAKER_WINDOW_MS,
      minRequestsInWindow: settings.NODMELD_POSITIONING_BREAKER_MIN_REQUESTS,
      coolDownMs: settings.NODMELD_POSITIONING_BREAKER_COOLDOWN_MS,
    },
  };
  if (settings.NODMELD_POSITIONING_REQUEST_TIMEOUT_MS !== undefined)
    options.requestTimeoutMs = settings.NODMELD_POSITIONING_REQUEST_TIMEOUT_MS;
  return options;
}
