/**
 * The one Norwegian calendar: Europe/Oslo local time, public holidays and working days.
 *
 * Pure: no I/O, no clock (every function takes the instant or date it is about), no Intl. The
 * routing hot path (RT-10) needs the local weekday and minute of day for every call, and
 * `Intl.DateTimeFormat` costs microseconds and allocates, so local time is computed by arithmetic
 * on the summer-time rule. Because it is pure, the routing domain may import it (the one allowed
 * exception to "the domain imports nothing outside itself").
 *
 * Summer time: Norway follows the EU rule (directive 2000/84/EC, in force since 1996): CET (UTC+1),
 * CEST (UTC+2) from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC. The
 * same rule is applied to every year; instants before 1996 (when Norway's rules differed) are not
 * expected here. The tests compare against Intl at every half hour of 2024–2030.
 *
 * Public holidays: the helligdager of lov 24. februar 1995 nr. 12 om helligdager og
 * helligdagsfred §2 other than Sundays (nyttårsdag, skjærtorsdag, langfredag, første og andre
 * påskedag, Kristi himmelfartsdag, første og andre pinsedag, første og andre juledag) and the
 * public high days 1 and 17 May of lov 26. april 1947 nr. 1 om 1. og 17. mai som høgtidsdager.
 * A working day is Monday to Friday and not one of these.
 *
 * Dates are `YYYY-MM-DD` strings (`IsoDate`), always meaning the local calendar date in Norway.
 */

/** A calendar date written `YYYY-MM-DD`. */
export type IsoDate = string;

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;
/** Mean Gregorian year, used only to guess the year before correcting it. */
const MS_PER_MEAN_YEAR = 31_556_952_000;

// ---------------------------------------------------------------------------------------------
// Instants and the UTC offset (the routing hot path: allocation-free)

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
 * Allocation-free; the routing engine indexes its compiled part-day schedules with it (RT-10).
 */
export function osloMinuteOfWeek(epochMs: number): number {
  const localMs = epochMs + osloOffsetMinutes(epochMs) * MS_PER_MINUTE;
  const day = Math.floor(localMs / MS_PER_DAY);
  const minutes = Math.floor((localMs - day * MS_PER_DAY) / MS_PER_MINUTE);
  // 1970-01-01 was a Thursday: (day + 3) % 7 gives 0 for Monday.
  const weekdayFromMonday = (((day + 3) % 7) + 7) % 7;
  return weekdayFromMonday * MINUTES_PER_DAY + minutes;
}

// ---------------------------------------------------------------------------------------------
// Calendar dates

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** ISO weekday (1 Monday … 7 Sunday) of a day number; 1970-01-01 (day 0) was a Thursday. */
function isoWeekdayOfDayNumber(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Day number (days since 1970-01-01) of a date. Throws a RangeError for anything but a real `YYYY-MM-DD` date. */
export function dayNumberOf(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  const day = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY : NaN;
  // Date.UTC rolls 2026-02-30 over to 2026-03-02: a round trip catches it.
  if (!m || dateOfDayNumber(day) !== date) {
    throw new RangeError(`Not a calendar date YYYY-MM-DD: "${date}"`);
  }
  return day;
}

/** The date of a day number (days since 1970-01-01). */
export function dateOfDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The date `days` calendar days after `date` (before it when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return dateOfDayNumber(dayNumberOf(date) + days);
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekdayOf(date: IsoDate): number {
  return isoWeekdayOfDayNumber(dayNumberOf(date));
}

// ---------------------------------------------------------------------------------------------
// Local time in Europe/Oslo

/** An instant as a Norwegian would read it off the wall. */
export interface OsloLocal {
  /** Local calendar date. */
  date: IsoDate;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  isoWeekday: number;
  /** Minutes since local midnight, 0–1439. */
  minutes: number;
  /** 60 in winter (CET), 120 in summer (CEST). */
  offsetMinutes: number;
}

/** Europe/Oslo local date, weekday and minute of day at an instant. */
export function osloLocal(at: Date | number): OsloLocal {
  const ms = toEpochMs(at);
  const offsetMinutes = osloOffsetMinutes(ms);
  const localMs = ms + offsetMinutes * MS_PER_MINUTE;
  const day = Math.floor(localMs / MS_PER_DAY);
  return {
    date: dateOfDayNumber(day),
    isoWeekday: isoWeekdayOfDayNumber(day),
    minutes: Math.floor((localMs - day * MS_PER_DAY) / MS_PER_MINUTE),
    offsetMinutes,
  };
}

/** Today's date in Norway at an instant. */
export function osloDate(at: Date | number): IsoDate {
  const ms = toEpochMs(at);
  return dateOfDayNumber(Math.floor((ms + osloOffsetMinutes(ms) * MS_PER_MINUTE) / MS_PER_DAY));
}

/**
 * The instant (epoch ms) at which Oslo's clocks show `minutes` past midnight on `date`. A local time
 * that does not exist (02:00–02:59 on the last Sunday of March) is read as if the clocks had not
 * yet moved, giving the instant one hour later on the wall (02:30 → 03:30 CEST); a local time that
 * occurs twice (02:00–02:59 on the last Sunday of October) gives the earlier instant (CEST). This
 * is what `Temporal` calls the "compatible" disambiguation. `minutes` may exceed a day.
 */
export function osloInstant(date: IsoDate, minutes = 0): number {
  const localMs = dayNumberOf(date) * MS_PER_DAY + minutes * MS_PER_MINUTE;
  const summer = localMs - 120 * MS_PER_MINUTE;
  return osloOffsetMinutes(summer) === 120 ? summer : localMs - 60 * MS_PER_MINUTE;
}

/** Start (epoch ms) of the local day that contains an instant, or of a date. */
export function startOfOsloDay(at: Date | number | IsoDate): number {
  return osloInstant(typeof at === 'string' ? at : osloDate(at));
}

/**
 * End (epoch ms, exclusive: the next day's start) of the local day that contains an instant, or of
 * a date. Local days last 23, 24 or 25 hours.
 */
export function endOfOsloDay(at: Date | number | IsoDate): number {
  return osloInstant(addDays(typeof at === 'string' ? at : osloDate(at), 1));
}

function twoDigits(n: number): string {
  return (n < 10 ? '0' : '') + n;
}

/** "HH:MM" for a minute of the day, for traces and messages. */
export function formatMinutes(minutes: number): string {
  return twoDigits(Math.floor(minutes / 60)) + ':' + twoDigits(minutes % 60);
}

/** Minutes since midnight of a "HH:MM" time (00:00–23:59). Throws a RangeError for anything else. */
export function parseHhMm(text: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) throw new RangeError(`Not a time of day HH:MM: "${text}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** An instant as Oslo local time with its offset, to the minute: `2026-01-07T10:00+01:00`. */
export function formatOsloDateTime(at: Date | number): string {
  const local = osloLocal(at);
  return `${local.date}T${formatMinutes(local.minutes)}+${twoDigits(local.offsetMinutes / 60)}:00`;
}

// ---------------------------------------------------------------------------------------------
// Public holidays and working days

/** A Norwegian public holiday. */
export interface PublicHoliday {
  date: IsoDate;
  /** Name in bokmål. */
  name: string;
}

/** Easter Sunday of a year (Gregorian computus, the anonymous algorithm of 1876), as a day number. */
function easterSundayDay(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** Easter Sunday (første påskedag) of a year. */
export function easterSunday(year: number): IsoDate {
  return dateOfDayNumber(easterSundayDay(year));
}

/** Days from Easter Sunday of the movable holidays. */
const EASTER_BASED: ReadonlyArray<[offset: number, name: string]> = [
  [-3, 'Skjærtorsdag'],
  [-2, 'Langfredag'],
  [0, 'Første påskedag'],
  [1, 'Andre påskedag'],
  [39, 'Kristi himmelfartsdag'],
  [49, 'Første pinsedag'],
  [50, 'Andre pinsedag'],
];

/** Fixed-date holidays: [month, day, name]. */
const FIXED: ReadonlyArray<[month: number, day: number, name: string]> = [
  [1, 1, 'Nyttårsdag'],
  [5, 1, '1. mai'],
  [5, 17, '17. mai'],
  [12, 25, 'Første juledag'],
  [12, 26, 'Andre juledag'],
];

/** Holidays of a year by day number, computed once per year (the cache keeps this pure in effect). */
const holidayCache = new Map<number, ReadonlyMap<number, readonly string[]>>();

function holidaysByDay(year: number): ReadonlyMap<number, readonly string[]> {
  let byDay = holidayCache.get(year);
  if (byDay === undefined) {
    const map = new Map<number, string[]>();
    const add = (day: number, name: string) => {
      const names = map.get(day);
      if (names) names.push(name);
      else map.set(day, [name]);
    };
    for (const [month, day, name] of FIXED) add(Date.UTC(year, month - 1, day) / MS_PER_DAY, name);
    const easter = easterSundayDay(year);
    for (const [offset, name] of EASTER_BASED) add(easter + offset, name);
    byDay = map;
    holidayCache.set(year, byDay);
  }
  return byDay;
}

/**
 * Norway's public holidays of a year in date order (12 entries; two may share a date, as 17 May
 * and andre pinsedag do in 2027).
 */
export function norwegianPublicHolidays(year: number): PublicHoliday[] {
  return [...holidaysByDay(year)]
    .sort(([a], [b]) => a - b)
    .flatMap(([day, names]) => names.map((name) => ({ date: dateOfDayNumber(day), name })));
}

function isHolidayDay(day: number): boolean {
  const year = new Date(day * MS_PER_DAY).getUTCFullYear();
  return holidaysByDay(year).has(day);
}

function isWorkingDayNumber(day: number): boolean {
  return isoWeekdayOfDayNumber(day) <= 5 && !isHolidayDay(day);
}

/** True when `date` is a Norwegian public holiday (Sundays as such are not listed). */
export function isPublicHoliday(date: IsoDate): boolean {
  return isHolidayDay(dayNumberOf(date));
}

/** True when `date` is a working day in Norway: Monday to Friday and not a public holiday. */
export function isWorkingDay(date: IsoDate): boolean {
  return isWorkingDayNumber(dayNumberOf(date));
}

/**
 * The date `count` working days after `date` (before it when negative): each step moves to the
 * next (previous) working day, so from a Friday or a Saturday one working day on is the Monday,
 * unless that is a holiday. `count` 0 returns `date` itself, working day or not.
 */
export function addWorkingDays(date: IsoDate, count: number): IsoDate {
  if (!Number.isInteger(count)) throw new RangeError(`Working days must be a whole number, got ${count}`);
  let day = dayNumberOf(date);
  const step = count < 0 ? -1 : 1;
  for (let left = Math.abs(count); left > 0; left--) {
    do day += step;
    while (!isWorkingDayNumber(day));
  }
  return dateOfDayNumber(day);
}
