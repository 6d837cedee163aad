/**
 * Calendar arithmetic for the competence rules. Dates are `YYYY-MM-DD` strings, compared as
 * strings (the format sorts chronologically); arithmetic goes through UTC so no time zone or
 * clock is involved.
 */
import type { IsoDate, IsoDateTime } from './types.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 86_400_000;

/** True when `value` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Throws a RangeError naming `label` when `value` is not a calendar date. */
export function assertIsoDate(value: string, label = 'date'): IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`${label} must be a calendar date YYYY-MM-DD, got "${value}"`);
  return value;
}

/**
 * Milliseconds since the epoch for an ISO date-time with explicit offset, or null when the text is
 * not one (a time without offset is ambiguous around daylight-saving changes, so it is refused).
 */
export function parseInstant(value: IsoDateTime): number | null {
  const m = ISO_DATE_TIME.exec(value);
  if (!m || !isIsoDate(m[1]!)) return null;
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** The calendar date as written in an ISO date-time (its local date at the given offset). */
export function localDateOf(value: IsoDateTime): IsoDate {
  return value.slice(0, 10);
}

function toUtc(date: IsoDate): Date {
  assertIsoDate(date);
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(toUtc(date).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** Adds calendar months; the day is clamped to the end of a shorter month (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const d = toUtc(date);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay))).toISOString().slice(0, 10);
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** Number of days from `from` to `to`, both included (1 for the same day). */
export function daysInclusive(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY_MS) + 1;
}

/** True when `date` lies in [from, to] (to inclusive; absent = open-ended). */
export function within(date: IsoDate, from: IsoDate, to?: IsoDate): boolean {
  return from <= date && (to === undefined || date <= to);
}

/**
 * True when the period [from, to] (to = last day) lasts at most `months` calendar months:
 * 15 Jan – 14 Mar is exactly two months, 15 Jan – 15 Mar is two months and a day.
 */
export function lastsAtMostMonths(from: IsoDate, to: IsoDate, months: number): boolean {
  return to < addMonths(from, months);
}
