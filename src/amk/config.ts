/** The AMK module's configuration slice (docs/amk.md). */
import { z } from 'zod';

/**
 * Neighbouring AMK areas of the national default data set: areas whose municipalities share a
 * border, by the 2024 health-trust catchments (a configured list, not computed from boundaries;
 * `NODMELD_AMK_NEIGHBOURS` replaces it). Read symmetrically: a pair listed once counts both ways.
 */
export const DEFAULT_AMK_NEIGHBOURS: Readonly<Record<string, readonly string[]>> = {
  'amk-oslo': ['amk-innlandet', 'amk-vestre-viken'],
  'amk-innlandet': ['amk-vestre-viken', 'amk-forde', 'amk-more-og-romsdal', 'amk-st-olavs'],
  'amk-vestre-viken': ['amk-vestfold-telemark', 'amk-bergen'],
  'amk-vestfold-telemark': ['amk-sorlandet', 'amk-fonna'],
  'amk-sorlandet': ['amk-stavanger'],
  'amk-stavanger': ['amk-fonna'],
  'amk-fonna': ['amk-bergen'],
  'amk-bergen': ['amk-forde'],
  'amk-forde': ['amk-more-og-romsdal'],
  'amk-more-og-romsdal': ['amk-st-olavs'],
  'amk-st-olavs': ['amk-nord-trondelag'],
  'amk-nord-trondelag': ['amk-helgeland'],
  'amk-helgeland': ['amk-nordland'],
  'amk-nordland': ['amk-unn'],
  'amk-unn': ['amk-finnmark'],
};

/** `amk-a:amk-b,amk-c;amk-d:amk-e` → a symmetric neighbour map. */
export function parseNeighbours(text: string): Map<string, string[]> {
  const pairs: [string, string][] = [];
  for (const part of text.split(';')) {
    const [from, list] = part.split(':');
    if (!from?.trim() || list === undefined) continue;
    for (const to of list.split(',')) if (to.trim()) pairs.push([from.trim(), to.trim()]);
  }
  return symmetric(pairs);
}

export function symmetric(pairs: readonly (readonly [string, string])[]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    if (a === b) return;
    if (!out.has(a)) out.set(a, new Set());
    out.get(a)!.add(b);
  };
  for (const [a, b] of pairs) {
    add(a, b);
    add(b, a);
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}

const seconds = (dflt: number) => z.coerce.number().int().min(1).max(86_400).default(dflt);

export const amkConfigSchema = z
  .object({
    /** Seconds before an unacknowledged safety alarm goes to every operator of its AMK. */
    NODMELD_AMK_ALARM_TO_ALL_OPERATORS_S: seconds(30),
    /** Seconds after that before it goes to the neighbouring AMKs. */
    NODMELD_AMK_ALARM_TO_NEIGHBOURS_S: seconds(60),
    /** How often the escalation job looks for due alarms (ms, ≥ 1000). */
    NODMELD_AMK_ESCALATION_SWEEP_MS: z.coerce.number().int().min(1000).max(60_000).default(1000),
    /** A unit's latest position older than this is shown as stale (seconds). */
    NODMELD_AMK_POSITION_STALE_S: seconds(300),
    /** A track is at most this many points … */
    NODMELD_AMK_TRACK_POINTS: z.coerce.number().int().min(1).max(500).default(20),
    /** … of at most this many minutes. */
    NODMELD_AMK_TRACK_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
    /** Positions older than this are deleted by the daily job amk.prune-positions (hours). */
    NODMELD_AMK_POSITION_RETENTION_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 366)
      .default(72),
    /** How often the job amk.deliver-alerts sends due alert deliveries and retries (ms, ≥ 1000). */
    NODMELD_AMK_ALERT_DELIVERY_SWEEP_MS: z.coerce.number().int().min(1000).max(60_000).default(5000),
    /** Neighbouring AMK areas, `amk-a:amk-b,amk-c;…` (default: the national table in config.ts). */
    NODMELD_AMK_NEIGHBOURS: z.string().max(10_000).optional(),
  })
  .transform((c) => ({
    escalation: {
      toAllOperatorsAfterS: c.NODMELD_AMK_ALARM_TO_ALL_OPERATORS_S,
      toNeighboursAfterS: c.NODMELD_AMK_ALARM_TO_NEIGHBOURS_S,
    },
    escalationSweepMs: c.NODMELD_AMK_ESCALATION_SWEEP_MS,
    alertDeliverySweepMs: c.NODMELD_AMK_ALERT_DELIVERY_SWEEP_MS,
    staleAfterMs: c.NODMELD_AMK_POSITION_STALE_S * 1000,
    track: { points: c.NODMELD_AMK_TRACK_POINTS, minutes: c.NODMELD_AMK_TRACK_MINUTES },
    positionRetentionMs: c.NODMELD_AMK_POSITION_RETENTION_HOURS * 3_600_000,
    neighbours:
      c.NODMELD_AMK_NEIGHBOURS !== undefined
        ? parseNeighbours(c.NODMELD_AMK_NEIGHBOURS)
        : symmetric(
            Object.entries(DEFAULT_AMK_NEIGHBOURS).flatMap(([a, bs]) => bs.map((b) => [a, b] as const)),
          ),
  }));

export type AmkConfig = z.infer<typeof amkConfigSchema>;
