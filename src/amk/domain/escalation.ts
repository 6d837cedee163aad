/**
 * The safety alarm's escalation policy (NN-4; docs/amk.md): pure. An alarm first reaches the AMK
 * responsible for the unit (level 0). Unacknowledged after `toAllOperatorsAfterS` it goes to every
 * operator position of that AMK (level 1); after a further `toNeighboursAfterS` to the
 * neighbouring AMKs (level 2), the last level. An alarm with no responsible AMK (unknown terminal,
 * no position in any AMK area) goes to the operations centre nationally and has nowhere further to
 * go. Acknowledging stops it at any level.
 */

export const ALARM_LEVELS = ['amk', 'all-operators', 'neighbours'] as const;
export type AlarmLevel = (typeof ALARM_LEVELS)[number];

export interface EscalationPolicy {
  /** Seconds before an unacknowledged alarm goes to every operator of the AMK. */
  toAllOperatorsAfterS: number;
  /** Seconds after that before it goes to the neighbouring AMKs. */
  toNeighboursAfterS: number;
}

/** When an alarm at `level` (reached at `levelAtMs`) goes further, or null when it does not. */
export function nextEscalationAt(
  level: number,
  levelAtMs: number,
  hasAmk: boolean,
  policy: EscalationPolicy,
): number | null {
  if (!hasAmk) return null;
  if (level === 0) return levelAtMs + policy.toAllOperatorsAfterS * 1000;
  if (level === 1) return levelAtMs + policy.toNeighboursAfterS * 1000;
  return null;
}

/**
 * Which AMKs an alarm at `level` reaches: the responsible one, and at level 2 its neighbours too.
 * An empty list means the operations centre (national).
 */
export function alarmAudience(level: number, amkId: string | null, neighbours: readonly string[]): string[] {
  if (amkId === null) return [];
  return level >= 2 ? [amkId, ...neighbours.filter((n) => n !== amkId)] : [amkId];
}
