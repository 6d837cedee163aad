/**
 * The Nødnett module's configuration slice (docs/nodnett.md). Until a production gateway exists
 * the network is the simulator (`NODMELD_NODNETT=simulator`, the default) or nothing (`off`: the
 * routes answer 503). The simulated terminals move and report in the background only when asked
 * (`NODMELD_NODNETT_MOVE=on`) or, by default (`auto`), for the embedded database on disk — what
 * `nodmeld start` gives a new user — never under the test runner, on PostgreSQL or in memory.
 */
import { z } from 'zod';

export const nodnettConfigSchema = z
  .object({
    NODMELD_NODNETT: z.enum(['simulator', 'off']).default('simulator'),
    NODMELD_NODNETT_SEED: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .default(1),
    /** Terminals of the simulated network (the embedded default runs it lightly). */
    NODMELD_NODNETT_TERMINALS: z.coerce.number().int().min(0).max(20_000).default(200),
    NODMELD_NODNETT_MOVE: z.enum(['auto', 'on', 'off']).default('auto'),
    /**
     * Register the AMK units the simulated terminals belong to (demo-resources.ts): `auto` = where
     * the terminals move (the embedded default), `on` also elsewhere (a demo on PostgreSQL), `off` never.
     */
    NODMELD_NODNETT_DEMO_RESOURCES: z.enum(['auto', 'on', 'off']).default('auto'),
    // Read only to resolve `auto` (the platform validates them).
    NODMELD_DATA_DIR: z.string().optional(),
    DATABASE_URL: z.string().optional(),
    VITEST: z.string().optional(),
  })
  .transform((c) => {
    const moving =
      c.NODMELD_NODNETT === 'simulator' &&
      (c.NODMELD_NODNETT_MOVE === 'on' ||
        (c.NODMELD_NODNETT_MOVE === 'auto' &&
          !c.DATABASE_URL &&
          c.NODMELD_DATA_DIR !== 'memory' &&
          !c.VITEST));
    return {
      mode: c.NODMELD_NODNETT,
      seed: c.NODMELD_NODNETT_SEED,
      terminals: c.NODMELD_NODNETT_TERMINALS,
      moving,
      demoResources:
        c.NODMELD_NODNETT === 'simulator' &&
        (c.NODMELD_NODNETT_DEMO_RESOURCES === 'on' ||
          (c.NODMELD_NODNETT_DEMO_RESOURCES === 'auto' && moving)),
    };
  });

export type NodnettConfig = z.infer<typeof nodnettConfigSchema>;
