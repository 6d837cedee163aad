/**
 * The Nødnett module's configuration slice (docs/nodnett.md). Until a production gateway exists
 * the network is the simulator (`NODMELD_NODNETT=simulator`, the default) or nothing (`off`: the
 * routes answer 503). The simulated terminals move and report in the background only when asked
 * (`NODMELD_NODNETT_MOVE=on`) or, by default (`auto`), for the embedded database on disk — what
 * `nodmeld start` gives a new user — never under the test runner, on PostgreSQL or in memory.
 */
import { z } from 'zod';
import { SIMULATED_OPERATIONS_CENTRES } from './operations-centres.ts';
import { parseStatusPlan, SIMULATED_STATUS_PLAN } from './status-plan.ts';

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
    /**
     * The operations-centre directory (operations-centres.ts): where triple alerts go on Nødnett.
     * Default in simulator mode: the simulator's file with invented ISSIs.
     */
    NODMELD_NODNETT_OPERATIONS_CENTRES: z.string().min(1).optional(),
    /** The simulated recipients read an alert this many seconds after it was delivered (0: at once). */
    NODMELD_NODNETT_SIMULATED_READ_S: z.coerce.number().int().min(0).max(3600).default(20),
    /** The crews' status plan, `value=status,…` (status-plan.ts; default: the simulator's). */
    NODMELD_NODNETT_STATUS_PLAN: z
      .string()
      .transform((text, ctx) => {
        try {
          return parseStatusPlan(text);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
          return z.NEVER;
        }
      })
      .optional(),
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
      operationsCentres: c.NODMELD_NODNETT_OPERATIONS_CENTRES ?? SIMULATED_OPERATIONS_CENTRES,
      simulatedReadMs: c.NODMELD_NODNETT_SIMULATED_READ_S * 1000,
      statusPlan: c.NODMELD_NODNETT_STATUS_PLAN ?? SIMULATED_STATUS_PLAN,
      demoResources:
        c.NODMELD_NODNETT === 'simulator' &&
        (c.NODMELD_NODNETT_DEMO_RESOURCES === 'on' ||
          (c.NODMELD_NODNETT_DEMO_RESOURCES === 'auto' && moving)),
    };
  });

export type NodnettConfig = z.infer<typeof nodnettConfigSchema>;
