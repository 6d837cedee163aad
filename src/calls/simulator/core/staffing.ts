/**
 * Operators per centre and hour (issue 10 part 4). PURE.
 *
 * A centre staffs each hour by the square-root rule of call centres: with `a` the expected offered
 * load of the hour in Erlangs (calls per hour × mean handling time), it has
 * `max(minOperators, a + beta·√a)` operators at the phone — a fraction is a part-time operator
 * (queue.ts: in a small centre the nurse at the phone also sees patients). `beta` is the centre's staffing margin: around
 * 1 and above answers most calls within two minutes, near 0 the centre runs at its limit and
 * callers wait, below 0 it is short of operators and callers give up. The default margins are
 * calibrated so that simulated 2023 reproduces the published picture (docs/simulator.md).
 */

export interface StaffingRule {
  /** Margin over the offered load in units of √load. */
  beta: number;
  /** Operators at the phone at least, at any hour (a fraction: part of each ten minutes). */
  minOperators: number;
}

export interface StaffingSpec {
  default: StaffingRule;
  /** Per centre id: overrides of the default. */
  centres: Readonly<Record<string, Partial<StaffingRule>>>;
}

export const FLAT_STAFFING: StaffingSpec = { default: { beta: 1, minOperators: 1 }, centres: {} };

export function ruleFor(spec: StaffingSpec, centreId: string): StaffingRule {
  return { ...spec.default, ...spec.centres[centreId] };
}

/** Operators at the phone for an hour with `load` Erlangs under a rule (two decimals). */
export function operatorsFor(load: number, rule: StaffingRule): number {
  const n = load + rule.beta * Math.sqrt(load);
  return Math.round(Math.max(rule.minOperators, n, 0) * 100) / 100;
}

/** Staffing per hour of a span for one centre. */
export function staffHours(loads: ArrayLike<number>, rule: StaffingRule): Float64Array {
  const out = new Float64Array(loads.length);
  for (let h = 0; h < loads.length; h++) out[h] = operatorsFor(loads[h]!, rule);
  return out;
}
