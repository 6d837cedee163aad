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
    // Read only to resolve `auto` (the platform validates them).
    NODMELD_DATA_DIR: z.string().optional(),
    DATABASE_URL: z.string().optional(),
    VITEST: z.string().optional(),
  })
  .transform((c) => ({
    NODMELD_SIMULATE: c.NODMELD_SIMULATE,
    NODMELD_SIMULATE_SCALE: c.NODMELD_SIMULATE_SCALE,
    NODMELD_SIMULATE_SPEED: c.NODMELD_SIMULATE_SPEED,
    backgroundTraffic:
      c.NODMELD_SIMULATE === 'on' ||
      (c.NODMELD_SIMULATE === 'auto' && !c.DATABASE_URL && c.NODMELD_DATA_DIR !== 'memory' && !c.VITEST),
  }));

export type SimulatorConfig = z.infer<typeof simulatorConfigSchema>;
