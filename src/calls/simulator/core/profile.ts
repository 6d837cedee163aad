/**
 * When people call 116117: the daily and weekly profile of the simulated traffic, in Europe/Oslo
 * local time through the one calendar (platform/time/calendar.ts). PURE.
 *
 * The weights are our model, not measured data (docs/simulator.md): the legevakt is busiest when
 * the GP offices are closed — weekday evenings (16–21), weekend and holiday daytime — and quiet
 * at night; weekends and public holidays carry more calls per day than weekdays; winter months a
 * little more than summer. The expected calls of an hour are the year's volume times the hour's
 * share of the year's total weight.
 */
import { isPublicHoliday, osloLocal } from '../../../platform/time/calendar.ts';

export const MS_PER_HOUR = 3_600_000;

/** Relative call rate by local hour (0–23) on a weekday (Monday–Friday). */
export const WEEKDAY_HOURS: readonly number[] = [
  1.2, 0.9, 0.7, 0.6, 0.5, 0.5, 0.7, 1.2, 2.4, 3.0, 3.0, 2.8, 2.7, 2.7, 3.0, 3.8, 5.2, 5.6, 5.4, 5.0, 4.6,
  3.8, 2.8, 1.8,
];
/** Relative call rate by local hour on Saturdays, Sundays and public holidays. */
export const WEEKEND_HOURS: readonly number[] = [
  1.6, 1.2, 1.0, 0.8, 0.7, 0.7, 0.9, 1.5, 3.2, 5.0, 6.0, 6.0, 5.6, 5.4, 5.2, 5.2, 5.3, 5.4, 5.2, 4.8, 4.4,
  3.6, 2.8, 2.0,
];
/** A public holiday (and Christmas Eve, New Year's Eve) is busier than an ordinary Sunday. */
export const HOLIDAY_FACTOR = 1.15;
/** Friday evening starts the weekend a little. */
export const FRIDAY_FACTOR = 1.05;
/** Relative volume by month (January … December): winter infections, Christmas. */
export const MONTH_FACTORS: readonly number[] = [
  1.12, 1.05, 1.02, 1.0, 0.97, 0.95, 0.98, 0.95, 0.98, 1.0, 1.02, 1.08,
];

export type DayType = 'weekday' | 'saturday' | 'sunday' | 'holiday';

/** The kind of a local date: public holidays, Christmas Eve and New Year's Eve count as holidays. */
export function dayTypeOf(date: string, isoWeekday: number): DayType {
  const md = date.slice(5);
  if (isPublicHoliday(date) || md === '12-24' || md === '12-31') return 'holiday';
  if (isoWeekday === 6) return 'saturday';
  if (isoWeekday === 7) return 'sunday';
  return 'weekday';
}

/** One UTC hour of the simulated span, with its local reading and its relative call rate. */
export interface ProfileHour {
  startMs: number;
  date: string;
  localHour: number;
  isoWeekday: number;
  dayType: DayType;
  weight: number;
}

/** The relative call rate of a local hour. */
export function hourWeight(date: string, isoWeekday: number, localHour: number): number {
  const dayType = dayTypeOf(date, isoWeekday);
  const month = MONTH_FACTORS[Number(date.slice(5, 7)) - 1]!;
  if (dayType === 'weekday') {
    return WEEKDAY_HOURS[localHour]! * month * (isoWeekday === 5 && localHour >= 15 ? FRIDAY_FACTOR : 1);
  }
  return WEEKEND_HOURS[localHour]! * month * (dayType === 'holiday' ? HOLIDAY_FACTOR : 1);
}

/** Every UTC hour in [fromMs, toMs) (both on whole hours) with its weight. */
export function profileHours(fromMs: number, toMs: number): ProfileHour[] {
  if (fromMs % MS_PER_HOUR !== 0 || toMs % MS_PER_HOUR !== 0 || toMs <= fromMs) {
    throw new RangeError('profileHours: the span must be whole hours, end after start');
  }
  const hours: ProfileHour[] = [];
  for (let t = fromMs; t < toMs; t += MS_PER_HOUR) {
    const local = osloLocal(t);
    const localHour = Math.floor(local.minutes / 60);
    hours.push({
      startMs: t,
      date: local.date,
      localHour,
      isoWeekday: local.isoWeekday,
      dayType: dayTypeOf(local.date, local.isoWeekday),
      weight: hourWeight(local.date, local.isoWeekday, localHour),
    });
  }
  return hours;
}

/** Expected calls per hour: `callsPerYear` spread over the hours by weight (a year = 365.25 days of average weight). */
export function expectedCallsPerHour(hours: readonly ProfileHour[], callsPerYear: number): Float64Array {
  // The mean weight of a whole year, so a shorter span gets its proportional share of a year's calls.
  const yearMeanWeight = meanYearWeight();
  const perHour = callsPerYear / (365.25 * 24);
  const out = new Float64Array(hours.length);
  for (let i = 0; i < hours.length; i++) out[i] = (perHour * hours[i]!.weight) / yearMeanWeight;
  return out;
}

let cachedMean: number | undefined;
/** Mean hourly weight over a reference year (2023): the normalisation of `expectedCallsPerHour`. */
function meanYearWeight(): number {
  if (cachedMean === undefined) {
    const from = Date.UTC(2022, 11, 31, 23);
    const to = Date.UTC(2023, 11, 31, 23);
    let sum = 0;
    let n = 0;
    for (let t = from; t < to; t += MS_PER_HOUR) {
      const l = osloLocal(t);
      sum += hourWeight(l.date, l.isoWeekday, Math.floor(l.minutes / 60));
      n++;
    }
    cachedMean = sum / n;
  }
  return cachedMean;
}
