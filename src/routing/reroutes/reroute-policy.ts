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
import type { Actor } from '../../platform/auth/actor.ts';
import { routingPolicy } from '../policy.ts';
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

/**
 * A refusal says what it means as a message code with parameters (dates as ISO 8601), for the
 * web to render in the user's language, and in English for logs and integrators.
 */
export type RerouteCheck =
  | { ok: true; startsAt: string; endsAt: string | null }
  | {
      ok: false;
      code: 'forbidden' | 'validation';
      message: string;
      detail: { code: string; params?: Record<string, string | number> };
    };

function refuse(
  code: 'forbidden' | 'validation',
  message: string,
  detailCode: string,
  params?: Record<string, string | number>,
): RerouteCheck {
  return { ok: false, code, message, detail: params ? { code: detailCode, params } : { code: detailCode } };
}

/** Why a date is not a working day: "a public holiday (Langfredag)" or "a Saturday", and as codes. */
function dayOff(date: string, isoWeekday: number): { text: string; params: Record<string, string> } {
  const names = norwegianPublicHolidays(Number(date.slice(0, 4)))
    .filter((h) => h.date === date)
    .map((h) => h.name);
  if (names.length > 0)
    return {
      text: `a public holiday (${names.join(', ')})`,
      params: { dayKind: 'holiday', holiday: names.join(', ') },
    };
  return isoWeekday === 6
    ? { text: 'a Saturday', params: { dayKind: 'saturday' } }
    : { text: 'a Sunday', params: { dayKind: 'sunday' } };
}

/** May this actor change routing for this centre? The routing policy decides (routing/policy.ts). */
export function mayChangeRouting(actor: Actor, centreId: string, amkId?: string | null): boolean {
  return routingPolicy.can(actor, 'routing.change', { centreId, amkId: amkId ?? null });
}

export function checkRerouteRequest(
  req: RerouteRequest,
  actor: Actor,
  now: Date,
  rules: ReroutePolicyRules = DEFAULT_REROUTE_RULES,
  /** The AMK area of `fromCentreId` (an area membership covers its centres). */
  amkId: string | null = null,
): RerouteCheck {
  if (!mayChangeRouting(actor, req.fromCentreId, amkId)) {
    return refuse(
      'forbidden',
      `Only a leader of ${req.fromCentreId} or the operations centre may move its calls (RT-7)`,
      'reroute.forbidden',
      { centreId: req.fromCentreId },
    );
  }
  const startsAt = req.startsAt ? new Date(req.startsAt) : now;
  const endsAt = req.endsAt ? new Date(req.endsAt) : null;
  if (Number.isNaN(startsAt.getTime()) || (endsAt && Number.isNaN(endsAt.getTime()))) {
    return refuse('validation', 'startsAt and endsAt must be ISO 8601 instants', 'reroute.bad-instant');
  }
  if (endsAt && endsAt <= startsAt)
    return refuse('validation', 'endsAt must be after startsAt', 'reroute.end-before-start');
  if (endsAt && endsAt <= now) return refuse('validation', 'endsAt is in the past', 'reroute.end-in-past');

  if (req.kind === 'planned') {
    if (!endsAt)
      return refuse(
        'validation',
        'A planned re-route must have an end (endsAt)',
        'reroute.planned-needs-end',
      );
    const start = osloLocal(startsAt);
    if (!isWorkingDay(start.date)) {
      const off = dayOff(start.date, start.isoWeekday);
      return refuse(
        'validation',
        `Planned re-routes start on working days; ${start.date} is ${off.text}. Use an urgent re-route if it cannot wait.`,
        'reroute.planned-not-working-day',
        { date: start.date, ...off.params },
      );
    }
    const from = parseHhMm(rules.plannedDayStart);
    const to = parseHhMm(rules.plannedDayEnd);
    if (start.minutes < from || start.minutes >= to) {
      return refuse(
        'validation',
        `Planned re-routes start in daytime (${rules.plannedDayStart}–${rules.plannedDayEnd} Europe/Oslo)`,
        'reroute.planned-outside-daytime',
        { from: rules.plannedDayStart, to: rules.plannedDayEnd },
      );
    }
    const requested = osloLocal(now);
    // "Senest dagen før kl 12": the calendar day before the start, whatever day that is.
    const deadlineDay = addDays(start.date, -1);
    const deadline = parseHhMm(rules.plannedDeadline);
    const inTime =
      requested.date < deadlineDay || (requested.date === deadlineDay && requested.minutes < deadline);
    if (!inTime) {
      return refuse(
        'validation',
        `Planned re-routes starting ${start.date} must be requested by ${rules.plannedDeadline} on ${deadlineDay} (Europe/Oslo). Use an urgent re-route if it cannot wait.`,
        'reroute.planned-too-late',
        { date: start.date, deadline: rules.plannedDeadline, deadlineDate: deadlineDay },
      );
    }
  } else if (startsAt.getTime() < now.getTime() - 60_000) {
    return refuse('validation', 'An urgent re-route cannot start in the past', 'reroute.urgent-in-past');
  }
  return { ok: true, startsAt: startsAt.toISOString(), endsAt: endsAt ? endsAt.toISOString() : null };
}
