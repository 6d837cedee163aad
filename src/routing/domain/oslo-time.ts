/**
 * Europe/Oslo local time without Intl (RT-10): the routing hot path needs the local weekday and
 * minute of day for every call, and `Intl.DateTimeFormat` costs microseconds and allocates.
 *
 * Norway follows the EU summer-time rule (directive 2000/84/EC, in force since 1996): CET (UTC+1),
 * CEST (UTC+2) from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
 * The same rule is applied to every year; instants before 1996 (when Norway's rules differed)
 * are not expected in routing.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;
/** Mean Gregorian year, used only to guess the year before correcting it. */
const MS_PER_MEAN_YEAR = 31_556_952_000;

const FIRST_YEAR = 1970;
const LAST_YEAR = 2200;
const YEAR_COUNT = LAST_YEAR - FIRST_YEAR + 1;

/** UTC instant of 1 January of each year, and the CEST start/end instants, precomputed once. */
const yearStart = new Float64Array(YEAR_COUNT + 1);
const summerStart = new Float64Array(YEAR_COUNT);
const summerEnd = new Float64Array(YEAR_COUNT);

/** Day number (days since 1970-01-01) of the last Sunday of a month (`month` 1–12, 31 days). */
function lastSundayOf31DayMonth(year: number, month: number): number {
  const lastDay = Date.UTC(year, month - 1, 31) / MS_PER_DAY;
  // 1970-01-01 was a Thursday: (day + 4) % 7 gives 0 for Sunday.
  const weekday = (((lastDay + 4) % 7) + 7) % 7;
  return lastDay - weekday;
}

function summerTimeBounds(year: number): [number, number] {
  return [
    lastSundayOf31DayMonth(year, 3) * MS_PER_DAY + 3_600_000,
    lastSundayOf31DayMonth(year, 10) * MS_PER_DAY + 3_600_000,
  ];
}

for (let i = 0; i <= YEAR_COUNT; i++) yearStart[i] = Date.UTC(FIRST_YEAR + i, 0, 1);
for (let i = 0; i < YEAR_COUNT; i++) {
  const [start, end] = summerTimeBounds(FIRST_YEAR + i);
  summerStart[i] = start;
  summerEnd[i] = end;
}

/** Milliseconds since the epoch for a `Date` or a number. */
export function toEpochMs(at: Date | number): number {
  return typeof at === 'number' ? at : at.getTime();
}

/** Offset of Europe/Oslo from UTC at an instant, in minutes: 60 (CET) or 120 (CEST). */
export function osloOffsetMinutes(epochMs: number): number {
  let i = Math.floor((epochMs - yearStart[0]!) / MS_PER_MEAN_YEAR);
  if (i < 0 || i >= YEAR_COUNT) {
    // Outside the precomputed years: compute the bounds directly (rare, allocates).
    const [start, end] = summerTimeBounds(new Date(epochMs).getUTCFullYear());
    return epochMs >= start && epochMs < end ? 120 : 60;
  }
  if (epochMs < yearStart[i]!) i--;
  else if (epochMs >= yearStart[i + 1]!) i++;
  return epochMs >= summerStart[i]! && epochMs < summerEnd[i]! ? 120 : 60;
}

/**
 * Minute of the local week in Europe/Oslo: 0 is Monday 00:00, 10079 is Sunday 23:59.
 * Allocation-free; used by compiled schedules.
 */
export function osloMinuteOfWeek(epochMs: number): number {
  const localMs = epochMs + osloOffsetMinutes(epochMs) * MS_PER_MINUTE;
  const day = Math.floor(localMs / MS_PER_DAY);
  const minutes = Math.floor((localMs - day * MS_PER_DAY) / MS_PER_MINUTE);
  // 1970-01-01 was a Thursday: (day + 3) % 7 gives 0 for Monday.
  const weekdayFromMonday = (((day + 3) % 7) + 7) % 7;
  return weekdayFromMonday * MINUTES_PER_DAY + minutes;
}

export interface OsloLocalTime {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  isoWeekday: number;
  /** Minutes since local midnight, 0–1439. */
  minutes: number;
  /** 60 in winter (CET), 120 in summer (CEST). */
  offsetMinutes: number;
}

/** Europe/Oslo local weekday and minute of day at an instant (RT-10). */
export function osloLocalTime(at: Date | number): OsloLocalTime {
  const ms = toEpochMs(at);
  const minuteOfWeek = osloMinuteOfWeek(ms);
  return {
    isoWeekday: Math.floor(minuteOfWeek / MINUTES_PER_DAY) + 1,
    minutes: minuteOfWeek % MINUTES_PER_DAY,
    offsetMinutes: osloOffsetMinutes(ms),
  };
}

/** "HH:MM" for a minute of the day, for traces. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return (h < 10 ? '0' : '') + h + ':' + (m < 10 ? '0' : '') + m;
}
