/**
 * Who may move a centre's calls, and when (RT-7). Pure: the caller passes the clock.
 *
 * - Only a leader of the centre whose calls are moved (`centre-leader` bound to `fromCentreId`)
 *   or the operations centre (`operations`, HDO 24/7) may request a re-route; administrators too.
 * - Urgent re-routes (infrastructure failure, a centre that cannot be staffed) start at once or at
 *   a given instant, and may be open-ended until ended.
 * - Planned re-routes start on a working day in daytime and must be requested before the deadline
 *   (default 12:00 Europe/Oslo) on the day before they start; they must have an end.
 */
import type { Actor } from '../../platform/audit.ts';
import {
  addDays,
  isWorkingDay,
  norwegianPublicHolidays,
  osloLocal,
  parseHhMm,
} from '../../platform/time/calendar.ts';

export interface RerouteRequest {
  fromCentreId: string;
  toCentreId: string;
  kind: 'planned' | 'urgent';
  reason: string;
  startsAt?: string;
  endsAt?: string | null;
}

export interface ReroutePolicyRules {
  /** Local time "HH:MM" on the day before by which planned changes must be requested. */
  plannedDeadline: string;
  /** Daytime window "HH:MM" in which planned changes may start. */
  plannedDayStart: string;
  plannedDayEnd: string;
}

export const DEFAULT_REROUTE_RULES: ReroutePolicyRules = {
  plannedDeadline: '12:00',
  plannedDayStart: '08:00',
  plannedDayEnd: '16:00',
};

export type RerouteCheck =
  | { ok: true; startsAt: string; endsAt: string | null }
  | { ok: false; code: 'forbidden' | 'validation'; message: string };

/** Why a date is not a working day, for messages: "a public holiday (Langfredag)" or "a Saturday". */
function dayOff(date: string, isoWeekday: number): string {
  const names = norwegianPublicHolidays(Number(date.slice(0, 4)))
    .filter((h) => h.date === date)
    .map((h) => h.name);
  if (names.length > 0) return `a public holiday (${names.join(', ')})`;
  return isoWeekday === 6 ? 'a Saturday' : 'a Sunday';
}

/** May this actor change routing for this centre? */
export function mayChangeRouting(actor: Actor, centreId: string): boolean {
  if (actor.role === 'admin' || actor.role === 'operations') return true;
  return actor.role === 'centre-leader' && actor.centreId === centreId;
}

export function checkRerouteRequest(
  req: RerouteRequest,
  actor: Actor,
  now: Date,
  rules: ReroutePolicyRules = DEFAULT_REROUTE_RULES,
): RerouteCheck {
  if (!mayChangeRouting(actor, req.fromCentreId)) {
    return {
      ok: false,
      code: 'forbidden',
      message: `Only a leader of ${req.fromCentreId} or the operations centre may move its calls (RT-7)`,
    };
  }
  const startsAt = req.startsAt ? new Date(req.startsAt) : now;
  const endsAt = req.endsAt ? new Date(req.endsAt) : null;
  if (Number.isNaN(startsAt.getTime()) || (endsAt && Number.isNaN(endsAt.getTime()))) {
    return { ok: false, code: 'validation', message: 'startsAt and endsAt must be ISO 8601 instants' };
  }
  if (endsAt && endsAt <= startsAt)
    return { ok: false, code: 'validation', message: 'endsAt must be after startsAt' };
  if (endsAt && endsAt <= now) return { ok: false, code: 'validation', message: 'endsAt is in the past' };

  if (req.kind === 'planned') {
    if (!endsAt)
      return { ok: false, code: 'validation', message: 'A planned re-route must have an end (endsAt)' };
    const start = osloLocal(startsAt);
    if (!isWorkingDay(start.date)) {
      return {
        ok: false,
        code: 'validation',
        message: `Planned re-routes start on working days; ${start.date} is ${dayOff(start.date, start.isoWeekday)}. Use an urgent re-route if it cannot wait.`,
      };
    }
    const from = parseHhMm(rules.plannedDayStart);
    const to = parseHhMm(rules.plannedDayEnd);
    if (start.minutes < from || start.minutes >= to) {
      return {
        ok: false,
        code: 'validation',
        message: `Planned re-routes start in daytime (${rules.plannedDayStart}–${rules.plannedDayEnd} Europe/Oslo)`,
      };
    }
    const requested = osloLocal(now);
    // "Senest dagen før kl 12": the calendar day before the start, whatever day that is.
    const deadlineDay = addDays(start.date, -1);
    const deadline = parseHhMm(rules.plannedDeadline);
    const inTime =
      requested.date < deadlineDay || (requested.date === deadlineDay && requested.minutes < deadline);
    if (!inTime) {
      return {
        ok: false,
        code: 'validation',
        message: `Planned re-routes starting ${start.date} must be requested by ${rules.plannedDeadline} on ${deadlineDay} (Europe/Oslo). Use an urgent re-route if it cannot wait.`,
      };
    }
  } else if (startsAt.getTime() < now.getTime() - 60_000) {
    return { ok: false, code: 'validation', message: 'An urgent re-route cannot start in the past' };
  }
  return { ok: true, startsAt: startsAt.toISOString(), endsAt: endsAt ? endsAt.toISOString() : null };
}
