/**
 * The status plan (NN-5): which 16-bit pre-coded status value a crew's terminal sends for which
 * unit status. The health fleet's real plan is not in this repository; the default is the
 * simulator's (`SIMULATED_STATUSES`). A deployment sets its own with
 * `NODMELD_NODNETT_STATUS_PLAN`: `value=status,…`, values decimal or `0x` hex
 * (`0x8003=en-route,0x8004=at-scene`). Values not in the plan are other messages (ignored here).
 */
import { RESOURCE_STATUSES, type ResourceStatus } from '../amk/domain/resource.ts';
import { SIMULATED_STATUSES } from './simulator/simulated-nodnett.ts';

export type StatusPlan = ReadonlyMap<number, ResourceStatus>;

export const SIMULATED_STATUS_PLAN: StatusPlan = new Map(
  Object.entries(SIMULATED_STATUSES).map(([status, value]) => [value, status as ResourceStatus]),
);

/** Parses `value=status,…`; throws an Error naming the bad part. */
export function parseStatusPlan(text: string): StatusPlan {
  const plan = new Map<number, ResourceStatus>();
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [raw = '', status = ''] = part.split('=').map((x) => x.trim());
    const value = /^0x[0-9a-f]{1,4}$/i.test(raw)
      ? parseInt(raw, 16)
      : /^\d{1,5}$/.test(raw)
        ? Number(raw)
        : NaN;
    if (!(value >= 0 && value <= 0xffff))
      throw new Error(`status plan: "${part}": the value must be 0–65535 (decimal or 0x hex)`);
    if (!(RESOURCE_STATUSES as readonly string[]).includes(status))
      throw new Error(`status plan: "${part}": the status must be one of ${RESOURCE_STATUSES.join(', ')}`);
    if (plan.has(value)) throw new Error(`status plan: "${part}": the value ${raw} is given twice`);
    plan.set(value, status as ResourceStatus);
  }
  if (plan.size === 0) throw new Error('status plan: empty');
  return plan;
}
