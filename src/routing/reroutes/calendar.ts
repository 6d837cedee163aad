/**
 * Europe/Oslo calendar helpers for planned re-routes (RT-7): local dates, working days and the
 * Norwegian public holidays. Not on the call hot path, so Intl is fine here.
 */
const fmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});

export interface OsloLocal {
  /** YYYY-MM-DD */
  date: string;
  /** Minutes since local midnight. */
  minutes: number;
  /** ISO weekday 1 (Mon) … 7 (Sun). */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function osloLocal(at: Date): OsloLocal {
  const parts: Record<string, string> = {};
  for (const p of fmt.formatToParts(at)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday!]!,
  };
}

/** Easter Sunday (Gregorian, anonymous algorithm) as YYYY-MM-DD. */
function easterSunday(year: number): Date {
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
  return new Date(Date.UTC(year, month - 1, day));
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** Norwegian public holidays (helligdager and 1 and 17 May) of a year, as YYYY-MM-DD. */
export function norwegianHolidays(year: number): Set<string> {
  const easter = easterSunday(year);
  return new Set([
    `${year}-01-01`,
    iso(addDays(easter, -3)), // skjærtorsdag
    iso(addDays(easter, -2)), // langfredag
    iso(easter),
    iso(addDays(easter, 1)), // 2. påskedag
    `${year}-05-01`,
    `${year}-05-17`,
    iso(addDays(easter, 39)), // Kristi himmelfartsdag
    iso(addDays(easter, 49)), // 1. pinsedag
    iso(addDays(easter, 50)), // 2. pinsedag
    `${year}-12-25`,
    `${year}-12-26`,
  ]);
}

export function isWorkingDay(local: OsloLocal): boolean {
  return local.weekday <= 5 && !norwegianHolidays(Number(local.date.slice(0, 4))).has(local.date);
}

/** The local calendar date before `date` (YYYY-MM-DD). */
export function previousDate(date: string): string {
  return iso(addDays(new Date(`${date}T00:00:00Z`), -1));
}

export const parseHhMm = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));
