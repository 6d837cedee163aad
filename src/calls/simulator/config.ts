/**
 * The simulator module's configuration slice. Background traffic ("a living system" for a new
 * user) is `auto` by default: on for the embedded database on disk — what `nodmeld start` gives a
 * new user — and off for the in-memory database, PostgreSQL and under the test runner, so tests
 * and production never get random traffic. `NODMELD_SIMULATE=off` turns it off, `on` forces it.
 */
import { z } from 'zod';

export const simulatorConfigSchema = z
  .object({
    NODMELD_SIMULATE: z.enum(['auto', 'on', 'off']).default('auto'),
    /** Volume of the background traffic as a share of the national volume (0.02 ≈ 7 calls an hour). */
    NODMELD_SIMULATE_SCALE: z.coerce.number().positive().max(1).default(0.02),
    /** Simulated seconds per second of the background traffic. */
    NODMELD_SIMULATE_SPEED: z.coerce.number().positive().max(3600).default(1),
    /**
     * Centres whose calls ring for people at the console instead of the model's operators:
     * `auto` (default) — the centres where an enabled user is an operator (the demo operator's
     * Bergen on a new installation); `none`; or a comma-separated list of centre ids.
     */
    NODMELD_SIMULATE_PEOPLE: z
      .string()
      .trim()
      .regex(/^(auto|none|[a-z0-9-]+(,[a-z0-9-]+)*)$/, 'auto, none or a comma-separated list of centre ids')
      .default('auto'),
    /** Calls an hour (on average over the day) at each people's centre together. */
    NODMELD_SIMULATE_PEOPLE_PER_HOUR: z.coerce.number().positive().max(3600).default(12),
    // Read only to resolve `auto` (the platform validates them).
    NODMELD_DATA_DIR: z.string().optional(),
    DATABASE_URL: z.string().optional(),
    VITEST: z.string().optional(),
  })
  .transform((c) => ({
    NODMELD_SIMULATE: c.NODMELD_SIMULATE,
    NODMELD_SIMULATE_SCALE: c.NODMELD_SIMULATE_SCALE,
    NODMELD_SIMULATE_SPEED: c.NODMELD_SIMULATE_SPEED,
    people:
      c.NODMELD_SIMULATE_PEOPLE === 'auto'
        ? ('auto' as const)
        : c.NODMELD_SIMULATE_PEOPLE === 'none'
          ? ('none' as const)
          : c.NODMELD_SIMULATE_PEOPLE.split(','),
    peoplePerHour: c.NODMELD_SIMULATE_PEOPLE_PER_HOUR,
    backgroundTraffic:
      c.NODMELD_SIMULATE === 'on' ||
      (c.NODMELD_SIMULATE === 'auto' && !c.DATABASE_URL && c.NODMELD_DATA_DIR !== 'memory' && !c.VITEST),
  }));

export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;
