/**
 * The review check of the register (LV-7): a plan names the date it must be reviewed by; the
 * register proves that the centre holds current plans only while none is past that date. PURE:
 * the caller gives today's date (Europe/Oslo, from the injected clock).
 */
import { dayNumberOf, type IsoDate } from '../../platform/time/calendar.ts';
import { REVIEW_DUE_SOON_DAYS } from './plan-values.ts';

/** `current`: reviewed in time; `due-soon`: the review date is near; `overdue`: it has passed. */
export const reviewStatuses = ['current', 'due-soon', 'overdue'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

/**
 * What a municipality's plans add up to: `missing` when the centre holds no plan for it,
 * else the worst review status of its plans.
 */
export const municipalityStatuses = ['missing', 'overdue', 'due-soon', 'current'] as const;
export type MunicipalityStatus = (typeof municipalityStatuses)[number];

/**
 * The review status of a plan to be reviewed by `reviewBy`, on `today`. The review date itself is
 * still in time; the day after it the plan is overdue. Within `dueSoonDays` before it the review is
 * due soon.
 */
export function reviewStatus(
  reviewBy: IsoDate,
  today: IsoDate,
  dueSoonDays: number = REVIEW_DUE_SOON_DAYS,
): ReviewStatus {
  const daysLeft = dayNumberOf(reviewBy) - dayNumberOf(today);
  if (daysLeft < 0) return 'overdue';
  if (daysLeft <= dueSoonDays) return 'due-soon';
  return 'current';
}

const SEVERITY: Record<ReviewStatus, number> = { current: 0, 'due-soon': 1, overdue: 2 };

/** A municipality's status from its plans' review statuses (`missing` without plans). */
export function municipalityStatus(statuses: readonly ReviewStatus[]): MunicipalityStatus {
  if (statuses.length === 0) return 'missing';
  return statuses.reduce((worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst), 'current');
}

/** Whether `value` is a real calendar date `YYYY-MM-DD` (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  try {
    dayNumberOf(value);
    return true;
  } catch {
    return false;
  }
}
