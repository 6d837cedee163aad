import { describe, expect, it } from 'vitest';
import {
  addDays,
  addWorkingDays,
  dayNumberOf,
  easterSunday,
  endOfOsloDay,
  formatMinutes,
  formatOsloDateTime,
  isoWeekdayOf,
  isPublicHoliday,
  isWorkingDay,
  norwegianPublicHolidays,
  osloDate,
  osloInstant,
  osloLocal,
  osloMinuteOfWeek,
  osloOffsetMinutes,
  parseHhMm,
  startOfOsloDay,
} from './calendar.ts';

const intl = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function viaIntl(ms: number): { date: string; isoWeekday: number; minutes: number } {
  const parts = Object.fromEntries(intl.formatToParts(ms).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    isoWeekday: WEEKDAY[parts.weekday!]!,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

describe('Europe/Oslo local time without Intl (RT-10)', () => {
  it('matches Intl.DateTimeFormat at every hour (and half hour) of 2024–2030', () => {
    const start = Date.UTC(2024, 0, 1);
    const end = Date.UTC(2031, 0, 1);
    let checked = 0;
    const mismatches: string[] = [];
    for (let ms = start; ms < end; ms += 1_800_000) {
      const own = osloLocal(ms);
      const expected = viaIntl(ms);
      const weekMinute = osloMinuteOfWeek(ms);
      if (
        own.date !== expected.date ||
        own.isoWeekday !== expected.isoWeekday ||
        own.minutes !== expected.minutes ||
        osloDate(ms) !== expected.date ||
        weekMinute !== (expected.isoWeekday - 1) * 1440 + expected.minutes
      ) {
        mismatches.push(
          `${new Date(ms).toISOString()}: ${JSON.stringify(own)} / ${weekMinute} vs ${JSON.stringify(expected)}`,
        );
      }
      checked++;
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(100_000);
  });

  it.each([
    // [what, change instant, local minutes just before and at the change, offsets before and after]
    [
      'to CEST on the last Sunday of March 2026 (02:00 → 03:00)',
      Date.UTC(2026, 2, 29, 1),
      1 * 60 + 59,
      3 * 60,
      60,
      120,
    ],
    [
      'to CET on the last Sunday of October 2026 (03:00 → 02:00)',
      Date.UTC(2026, 9, 25, 1),
      2 * 60 + 59,
      2 * 60,
      120,
      60,
    ],
  ])('switches %s at 01:00 UTC', (_what, change, before, at, offsetBefore, offsetAfter) => {
    const date = new Date(change).toISOString().slice(0, 10);
    expect(osloLocal(change - 60_000)).toEqual({
      date,
      isoWeekday: 7,
      minutes: before,
      offsetMinutes: offsetBefore,
    });
    expect(osloLocal(change)).toEqual({ date, isoWeekday: 7, minutes: at, offsetMinutes: offsetAfter });
  });

  it('numbers the week from Monday 00:00 local and accepts Date objects', () => {
    // Monday 5 January 2026 00:00 CET = Sunday 4 January 23:00 UTC.
    expect(osloMinuteOfWeek(Date.UTC(2026, 0, 4, 23, 0))).toBe(0);
    expect(osloMinuteOfWeek(Date.UTC(2026, 0, 4, 22, 59))).toBe(7 * 1440 - 1);
    expect(osloLocal(new Date('2026-07-01T10:15:00Z'))).toEqual({
      date: '2026-07-01',
      isoWeekday: 3,
      minutes: 12 * 60 + 15,
      offsetMinutes: 120,
    });
  });

  it('handles the year boundary and instants outside the precomputed years', () => {
    expect(osloOffsetMinutes(Date.UTC(2025, 11, 31, 23, 30))).toBe(60);
    expect(osloLocal(Date.UTC(2025, 11, 31, 23, 30))).toEqual({
      date: '2026-01-01',
      isoWeekday: 4,
      minutes: 30,
      offsetMinutes: 60,
    });
    expect(osloOffsetMinutes(Date.UTC(2300, 6, 1))).toBe(120);
    expect(osloOffsetMinutes(Date.UTC(2300, 0, 1))).toBe(60);
  });

  it('formats minutes as HH:MM and parses HH:MM strictly', () => {
    expect(formatMinutes(0)).toBe('00:00');
    expect(formatMinutes(9 * 60 + 5)).toBe('09:05');
    expect(formatMinutes(23 * 60 + 59)).toBe('23:59');
    expect(parseHhMm('12:00')).toBe(720);
    expect(parseHhMm('00:00')).toBe(0);
    expect(parseHhMm('23:59')).toBe(1439);
    for (const bad of ['24:00', '12:60', '9:00', '12.00', '', '12:00:00']) {
      expect(() => parseHhMm(bad), bad).toThrow(RangeError);
    }
  });

  it('formats an instant as local time with its offset', () => {
    expect(formatOsloDateTime(Date.UTC(2026, 0, 7, 9, 0))).toBe('2026-01-07T10:00+01:00');
    expect(formatOsloDateTime(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02T00:30+02:00');
  });
});

describe('local dates and days', () => {
  it('turns a local date and time into the instant, for every day of 2024–2030 (checked against Intl)', () => {
    const mismatches: string[] = [];
    for (let day = dayNumberOf('2024-01-01'); day <= dayNumberOf('2030-12-31'); day++) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      for (const minutes of [0, 8 * 60, 12 * 60, 23 * 60 + 59]) {
        const at = osloInstant(date, minutes);
        const back = viaIntl(at);
        if (back.date !== date || back.minutes !== minutes)
          mismatches.push(`${date} ${minutes}: ${JSON.stringify(back)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('resolves the missing hour in March forward and the repeated hour in October to the earlier instant', () => {
    // 02:30 does not exist on 29 March 2026: it reads as 03:30 CEST = 01:30 UTC.
    expect(osloInstant('2026-03-29', 2 * 60 + 30)).toBe(Date.UTC(2026, 2, 29, 1, 30));
    // 02:30 occurs twice on 25 October 2026: the first (CEST) is 00:30 UTC.
    expect(osloInstant('2026-10-25', 2 * 60 + 30)).toBe(Date.UTC(2026, 9, 25, 0, 30));
    expect(osloInstant('2026-01-07', 24 * 60)).toBe(osloInstant('2026-01-08'));
  });

  it('gives the start and the (exclusive) end of a local day; DST days last 23 and 25 hours', () => {
    const hour = 3_600_000;
    expect(startOfOsloDay('2026-01-07')).toBe(Date.UTC(2026, 0, 6, 23));
    expect(startOfOsloDay(Date.UTC(2026, 0, 7, 22, 59))).toBe(Date.UTC(2026, 0, 6, 23));
    expect(startOfOsloDay(Date.UTC(2026, 0, 7, 23, 0))).toBe(Date.UTC(2026, 0, 7, 23));
    expect(endOfOsloDay(new Date('2026-07-01T12:00:00Z'))).toBe(Date.UTC(2026, 6, 1, 22));
    expect(endOfOsloDay('2026-03-29') - startOfOsloDay('2026-03-29')).toBe(23 * hour);
    expect(endOfOsloDay('2026-10-25') - startOfOsloDay('2026-10-25')).toBe(25 * hour);
    expect(endOfOsloDay('2026-06-01') - startOfOsloDay('2026-06-01')).toBe(24 * hour);
  });

  it('adds calendar days across months, years and leap days, and refuses non-dates', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(isoWeekdayOf('2026-01-05')).toBe(1);
    expect(isoWeekdayOf('2026-01-11')).toBe(7);
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', 'tomorrow']) {
      expect(() => addDays(bad, 1), bad).toThrow(RangeError);
    }
  });
});

/**
 * Norway's public holidays 2024–2030, written out by hand from the almanac (not computed):
 * lov om helligdager og helligdagsfred (LOV-1995-02-24-12) §2 names nyttårsdag, skjærtorsdag,
 * langfredag, første og andre påskedag, Kristi himmelfartsdag, første og andre pinsedag, første og
 * andre juledag (and Sundays); lov om 1. og 17. mai som høgtidsdager (LOV-1947-04-26-1) makes 1 and
 * 17 May public high days.
 */
const HOLIDAYS: Record<number, string[]> = {
  2024: [
    '01-01',
    '03-28',
    '03-29',
    '03-31',
    '04-01',
    '05-01',
    '05-09',
    '05-17',
    '05-19',
    '05-20',
    '12-25',
    '12-26',
  ],
  2025: [
    '01-01',
    '04-17',
    '04-18',
    '04-20',
    '04-21',
    '05-01',
    '05-17',
    '05-29',
    '06-08',
    '06-09',
    '12-25',
    '12-26',
  ],
  2026: [
    '01-01',
    '04-02',
    '04-03',
    '04-05',
    '04-06',
    '05-01',
    '05-14',
    '05-17',
    '05-24',
    '05-25',
    '12-25',
    '12-26',
  ],
  // 2027: andre pinsedag falls on 17 May.
  2027: [
    '01-01',
    '03-25',
    '03-26',
    '03-28',
    '03-29',
    '05-01',
    '05-06',
    '05-16',
    '05-17',
    '05-17',
    '12-25',
    '12-26',
  ],
  2028: [
    '01-01',
    '04-13',
    '04-14',
    '04-16',
    '04-17',
    '05-01',
    '05-17',
    '05-25',
    '06-04',
    '06-05',
    '12-25',
    '12-26',
  ],
  2029: [
    '01-01',
    '03-29',
    '03-30',
    '04-01',
    '04-02',
    '05-01',
    '05-10',
    '05-17',
    '05-20',
    '05-21',
    '12-25',
    '12-26',
  ],
  2030: [
    '01-01',
    '04-18',
    '04-19',
    '04-21',
    '04-22',
    '05-01',
    '05-17',
    '05-30',
    '06-09',
    '06-10',
    '12-25',
    '12-26',
  ],
};

describe('Norwegian public holidays and working days', () => {
  it.each(Object.keys(HOLIDAYS).map(Number))(
    'lists the public holidays of %i as the law gives them',
    (year) => {
      const listed = norwegianPublicHolidays(year);
      expect(listed.map((h) => h.date)).toEqual(HOLIDAYS[year]!.map((d) => `${year}-${d}`));
      const names = listed.map((h) => h.name);
      for (const name of [
        'Nyttårsdag',
        'Skjærtorsdag',
        'Langfredag',
        'Første påskedag',
        'Andre påskedag',
        '1. mai',
        '17. mai',
        'Kristi himmelfartsdag',
        'Første pinsedag',
        'Andre pinsedag',
        'Første juledag',
        'Andre juledag',
      ]) {
        expect(names).toContain(name);
      }
      // Every day of the year: a holiday exactly when the table says so.
      const table = new Set(HOLIDAYS[year]!.map((d) => `${year}-${d}`));
      for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
        expect(isPublicHoliday(d), d).toBe(table.has(d));
        expect(isWorkingDay(d), d).toBe(!table.has(d) && isoWeekdayOf(d) <= 5);
      }
    },
  );

  it('names the holidays in bokmål, and both on a shared date', () => {
    expect(
      norwegianPublicHolidays(2027)
        .filter((h) => h.date === '2027-05-17')
        .map((h) => h.name),
    ).toEqual(['17. mai', 'Andre pinsedag']);
    expect(norwegianPublicHolidays(2026).find((h) => h.date === '2026-05-14')?.name).toBe(
      'Kristi himmelfartsdag',
    );
  });

  it('puts Easter Sunday on a Sunday between 22 March and 25 April in every year 1900–2200', () => {
    for (let year = 1900; year <= 2200; year++) {
      const easter = easterSunday(year);
      expect(isoWeekdayOf(easter), easter).toBe(7);
      expect(easter >= `${year}-03-22` && easter <= `${year}-04-25`, easter).toBe(true);
    }
  });

  it('counts working days over weekends and holidays', () => {
    expect(addWorkingDays('2026-01-09', 1)).toBe('2026-01-12'); // Friday → Monday
    expect(addWorkingDays('2026-01-10', 1)).toBe('2026-01-12'); // Saturday → Monday
    expect(addWorkingDays('2026-01-12', -1)).toBe('2026-01-09'); // Monday → Friday
    expect(addWorkingDays('2026-01-10', 0)).toBe('2026-01-10');
    // Easter 2026: Wednesday 1 April → Tuesday 7 April (Thu, Fri, Sat, Sun, Mon are all off).
    expect(addWorkingDays('2026-04-01', 1)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-07', -1)).toBe('2026-04-01');
    // Christmas 2026 (Friday 25, Saturday 26) to the new year (Friday 1 January 2027).
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-28');
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    expect(addWorkingDays('2026-01-05', 5)).toBe('2026-01-12');
    expect(addWorkingDays('2026-05-13', 2)).toBe('2026-05-18'); // over Kristi himmelfartsdag (Thu 14 May)
    expect(() => addWorkingDays('2026-01-05', 1.5)).toThrow(RangeError);
  });
});
