/**
 * Operators per centre and hour (issue 10 part 4). PURE.
 *
 * A centre staffs each hour by the square-root rule of call centres: with `a` the expected offered
 * load of the hour in Erlangs (calls per hour × mean handling time), it has
 * `max(minOperators, ceil(a + beta·√a))` operators. `beta` is the centre's staffing margin: around
 * 1 and above answers most calls within two minutes, near 0 the centre runs at its limit and
 * callers wait, below 0 it is short of operators and callers give up. The default margins are
 * calibrated so that simulated 2023 reproduces the published picture (docs/simulator.md).
 */

export interface StaffingRule {
  /** Margin over the offered load in units of √load. */
  beta: number;
  /** Operators on duty at least, at any hour. */
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

/** Operators for an hour with `load` Erlangs under a rule. */
export function operatorsFor(load: number, rule: StaffingRule): number {
  const n = Math.ceil(load + rule.beta * Math.sqrt(load) - 1e-9);
  return Math.max(rule.minOperators, n, 0);
}

/** Staffing per hour of a span for one centre. */
export function staffHours(loads: ArrayLike<number>, rule: StaffingRule): Uint16Array {
  const out = new Uint16Array(loads.length);
  for (let h = 0; h < loads.length; h++) out[h] = operatorsFor(loads[h]!, rule);
  return out;
}
