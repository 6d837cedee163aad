/**
 * One centre's operators as a queue (issue 10 part 4). PURE, deterministic.
 *
 * Calls ring at the operators in the order they enter the queue (first come, first served) and
 * wait for a free operator who is at the phone; an operator on duty takes the next call when the last
 * one is handled (talk + wrap-up); a caller hangs up when the wait exceeds their patience and then
 * takes no operator's time. The answer comes a short pick-up time after an operator is free. Staffing is a number of operators per hour: operator k (0-based) is on
 * duty in an hour when that hour's staffing is more than k; an operator whose duty ends during a
 * call finishes it.
 *
 * Because service is first come, first served, the calls can be decided one by one in ring order:
 * each takes the operator who can start it earliest (the lowest-numbered one on a tie), which no
 * later call can change. `offer` refuses a call that rings before the previous one.
 */

export const HOUR_MS = 3_600_000;
/** Part-time operators are at the phone the first part of every block of this length. */
export const BLOCK_MS = 600_000;

/**
 * Operators at the phone per hour, hour 0 starting at `originMs`. Operator k (0-based) is on duty
 * for the whole hour when the staffing is at least k + 1, and not at all when it is k or less. A
 * fraction between is a part-time operator — in a small centre the nurse who answers the phone
 * also sees patients: with staffing k + f the operator k is at the phone the first f of every
 * ten minutes. An operator whose time at the phone ends during a call finishes it.
 */
export interface HourlyStaffing {
  originMs: number;
  operators: ArrayLike<number>;
}

export interface QueuedCall {
  /** When the call starts ringing at the operators (after the voice menu). */
  ringAt: number;
  /** How long the caller waits before hanging up (ms). */
  patienceMs: number;
  /** How long an operator is busy with the call if answered: talk + wrap-up (ms). */
  handleMs: number;
  /** From a free operator seeing the call to the answer (ms; default 0): part of the answer time. */
  pickUpMs?: number;
}

export type QueueOutcome =
  | { kind: 'answered'; answeredAt: number; operator: number; freeAt: number }
  | { kind: 'abandoned'; abandonedAt: number };

export class CentreQueue {
  private readonly freeAt: Float64Array;
  private readonly maxOperators: number;
  private lastRingAt = -Infinity;

  constructor(private readonly staffing: HourlyStaffing) {
    let max = 0;
    for (let i = 0; i < staffing.operators.length; i++) max = Math.max(max, staffing.operators[i]!);
    this.maxOperators = Math.ceil(max);
    this.freeAt = new Float64Array(max);
  }

  /** The first instant ≥ t at which operator k is at the phone (Infinity when never again in the span). */
  onDutyFrom(k: number, t: number): number {
    const { originMs, operators } = this.staffing;
    if (t < originMs) t = originMs;
    let h = Math.floor((t - originMs) / HOUR_MS);
    for (; h < operators.length; h++) {
      const hourStart = originMs + h * HOUR_MS;
      if (t < hourStart) t = hourStart;
      const share = operators[h]! - k;
      if (share >= 1) return t;
      if (share <= 0) continue;
      // Part-time: at the phone during the first `share` of each block of the hour.
      const into = (t - originMs) % BLOCK_MS;
      if (into < share * BLOCK_MS) return t;
      const nextBlock = t - into + BLOCK_MS;
      if (nextBlock < hourStart + HOUR_MS) return nextBlock;
    }
    return Infinity;
  }

  /** Decides one call; calls must be offered in ring order. */
  offer(call: QueuedCall): QueueOutcome {
    if (call.ringAt < this.lastRingAt) {
      throw new RangeError(`CentreQueue: a call ringing at ${call.ringAt} after one at ${this.lastRingAt}`);
    }
    this.lastRingAt = call.ringAt;
    let best = Infinity;
    let bestK = -1;
    for (let k = 0; k < this.maxOperators; k++) {
      const free = this.freeAt[k]!;
      const t = this.onDutyFrom(k, free > call.ringAt ? free : call.ringAt);
      if (t < best) {
        best = t;
        bestK = k;
        if (t === call.ringAt) break;
      }
    }
    const answeredAt = best + (call.pickUpMs ?? 0);
    if (bestK < 0 || answeredAt - call.ringAt > call.patienceMs) {
      return { kind: 'abandoned', abandonedAt: call.ringAt + call.patienceMs };
    }
    const freeAt = answeredAt + call.handleMs;
    this.freeAt[bestK] = freeAt;
    return { kind: 'answered', answeredAt, operator: bestK, freeAt };
  }
}
