/**
 * The status plan (NN-5, NN-6): which 16-bit pre-coded status value a terminal sends for which unit
 * status — and, from a first-responder group's terminal, for which answer to an alert (`accepted`,
 * `declined`, `arrived`). The health fleet's real plan is not in this repository; the default is
 * the simulator's (`SIMULATED_STATUSES`, `SIMULATED_ANSWERS`). A deployment sets its own with
 * `NODMELD_NODNETT_STATUS_PLAN`: `value=status,…`, values decimal or `0x` hex
 * (`0x8003=en-route,0x8004=at-scene,0x8011=accepted`). Values not in the plan are other messages
 * (ignored here).
 */
import {
  FIRST_RESPONDER_ANSWERS,
  RESOURCE_STATUSES,
  type FirstResponderAnswer,
  type ResourceStatus,
} from '../amk/domain/resource.ts';
import { SIMULATED_ANSWERS, SIMULATED_STATUSES } from './simulator/simulated-nodnett.ts';

/** What a status value means: a unit's status, or a first-responder group's answer. */
export type TerminalStatus = ResourceStatus | FirstResponderAnswer;
export type StatusPlan = ReadonlyMap<number, TerminalStatus>;

const MEANINGS: readonly string[] = [...RESOURCE_STATUSES, ...FIRST_RESPONDER_ANSWERS];

/** Whether the value means a first-responder group's answer (else a unit status). */
export const isAnswer = (s: TerminalStatus): s is FirstResponderAnswer =>
  (FIRST_RESPONDER_ANSWERS as readonly string[]).includes(s);

export const SIMULATED_STATUS_PLAN: StatusPlan = new Map(
  Object.entries({ ...SIMULATED_STATUSES, ...SIMULATED_ANSWERS }).map(([status, value]) => [
    value,
    status as TerminalStatus,
  ]),
);

/** Parses `value=status,…`; throws an Error naming the bad part. */
export function parseStatusPlan(text: string): StatusPlan {
  const plan = new Map<number, TerminalStatus>();
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
    if (!MEANINGS.includes(status))
      throw new Error(`status plan: "${part}": the status must be one of ${MEANINGS.join(', ')}`);
    if (plan.has(value)) throw new Error(`status plan: "${part}": the value ${raw} is given twice`);
    plan.set(value, status as TerminalStatus);
  }
  if (plan.size === 0) throw new Error('status plan: empty');
  return plan;
}
