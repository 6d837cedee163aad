/**
 * Reporting periods of the call statistics in Europe/Oslo local time: hour, day, ISO week, month,
 * year. PURE; all local time comes from the one calendar (src/platform/time/calendar.ts).
 *
 * Keys sort as text in time order within a granularity and name the period as a Norwegian reads
 * it: `2026-03-02T14+01:00` (hour; the offset tells apart the two 02:00 hours of the last Sunday
 * of October), `2026-03-02` (day), `2026-W10` (ISO 8601 week, Monday–Sunday), `2026-03` (month),
 * `2026` (year).
 */
import {
  addDays,
  dayNumberOf,
  isoWeekdayOf,
  osloDate,
  osloInstant,
  osloLocal,
} from '../../platform/time/calendar.ts';

export const granularities = ['hour', 'day', 'week', 'month', 'year'] as const;
export type Granularity = (typeof granularities)[number];

export interface Period {
  granularity: Granularity;
  key: string;
  /** First instant of the period (epoch ms). */
  startMs: number;
}

const MS_PER_HOUR = 3_600_000;

function two(n: number): string {
  return (n < 10 ? '0' : '') + n;
}

/** ISO 8601 week of a calendar date: the week belongs to the year of its Thursday. */
export function isoWeekOf(date: string): { year: number; week: number; monday: string } {
  const monday = addDays(date, 1 - isoWeekdayOf(date));
  const thursday = addDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((dayNumberOf(thursday) - dayNumberOf(`${year}-01-01`)) / 7) + 1;
  return { year, week, monday };
}

/**
 * Periods by UTC hour number and granularity. Every period starts on a UTC hour (Oslo's offset is
 * a whole number of hours), so all instants of one UTC hour share their periods: rolling up a call
 * is then a lookup instead of a date computation. Bounded; cleared when full. Pure in effect.
 */
const cache = new Map<number, Period>();
const CACHE_LIMIT = 200_000;
const GRANULARITY_INDEX: Readonly<Record<Granularity, number>> = {
  hour: 0,
  day: 1,
  week: 2,
  month: 3,
  year: 4,
};

/** The period of a granularity that contains an instant. */
export function periodOf(epochMs: number, granularity: Granularity): Period {
  const id = Math.floor(epochMs / MS_PER_HOUR) * 5 + GRANULARITY_INDEX[granularity];
  let period = cache.get(id);
  if (period === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    period = computePeriod(epochMs, granularity);
    cache.set(id, period);
  }
  return period;
}

function computePeriod(epochMs: number, granularity: Granularity): Period {
  switch (granularity) {
    case 'hour': {
      // Oslo's offset is a whole number of hours, so local hours start on UTC hours.
      const startMs = Math.floor(epochMs / MS_PER_HOUR) * MS_PER_HOUR;
      const local = osloLocal(startMs);
      return {
        granularity,
        key: `${local.date}T${two(Math.floor(local.minutes / 60))}+${two(local.offsetMinutes / 60)}:00`,
        startMs,
      };
    }
    case 'day': {
      const date = osloDate(epochMs);
      return { granularity, key: date, startMs: osloInstant(date) };
    }
    case 'week': {
      const { year, week, monday } = isoWeekOf(osloDate(epochMs));
      return { granularity, key: `${year}-W${two(week)}`, startMs: osloInstant(monday) };
    }
    case 'month': {
      const month = osloDate(epochMs).slice(0, 7);
      return { granularity, key: month, startMs: osloInstant(`${month}-01`) };
    }
    case 'year': {
      const year = osloDate(epochMs).slice(0, 4);
      return { granularity, key: year, startMs: osloInstant(`${year}-01-01`) };
    }
  }
}

/** Longest possible length of a period of each granularity (a DST day is 25 h, a leap year 366 d). */
const MAX_LENGTH_MS: Readonly<Record<Granularity, number>> = {
  hour: MS_PER_HOUR,
  day: 25 * MS_PER_HOUR,
  week: 7 * 24 * MS_PER_HOUR + MS_PER_HOUR,
  month: 31 * 24 * MS_PER_HOUR + MS_PER_HOUR,
  year: 366 * 24 * MS_PER_HOUR + MS_PER_HOUR,
};

/**
 * The first instant after a period (the start of the next one). Its start plus the longest length
 * a period of its granularity can have lands inside the next period — never beyond it, since the
 * next one is longer than the difference between the longest and the shortest length.
 */
export function periodEndOf(period: Period): number {
  return periodOf(period.startMs + MAX_LENGTH_MS[period.granularity], period.granularity).startMs;
}
