import { describe, expect, it } from 'vitest';
import { formatMinutes, osloLocalTime, osloMinuteOfWeek, osloOffsetMinutes } from './oslo-time.ts';

const intl = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function viaIntl(ms: number): { isoWeekday: number; minutes: number } {
  const parts = Object.fromEntries(intl.formatToParts(ms).map((p) => [p.type, p.value]));
  return { isoWeekday: WEEKDAY[parts.weekday!]!, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

describe('Europe/Oslo local time without Intl (RT-10)', () => {
  it('matches Intl.DateTimeFormat at every hour (and half hour) of 2024–2030', () => {
    const start = Date.UTC(2024, 0, 1);
    const end = Date.UTC(2031, 0, 1);
    let checked = 0;
    const mismatches: string[] = [];
    for (let ms = start; ms < end; ms += 1_800_000) {
      const own = osloLocalTime(ms);
      const expected = viaIntl(ms);
      if (own.isoWeekday !== expected.isoWeekday || own.minutes !== expected.minutes) {
        mismatches.push(
          `${new Date(ms).toISOString()}: ${JSON.stringify(own)} vs ${JSON.stringify(expected)}`,
        );
      }
      checked++;
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(100_000);
  });

  it('switches to CEST at 01:00 UTC on the last Sunday of March 2026 (02:00 → 03:00 local)', () => {
    const change = Date.UTC(2026, 2, 29, 1, 0);
    expect(osloLocalTime(change - 60_000)).toEqual({
      isoWeekday: 7,
      minutes: 1 * 60 + 59,
      offsetMinutes: 60,
    });
    expect(osloLocalTime(change)).toEqual({ isoWeekday: 7, minutes: 3 * 60, offsetMinutes: 120 });
  });

  it('switches back to CET at 01:00 UTC on the last Sunday of October 2026 (03:00 → 02:00 local)', () => {
    const change = Date.UTC(2026, 9, 25, 1, 0);
    expect(osloLocalTime(change - 60_000)).toEqual({
      isoWeekday: 7,
      minutes: 2 * 60 + 59,
      offsetMinutes: 120,
    });
    expect(osloLocalTime(change)).toEqual({ isoWeekday: 7, minutes: 2 * 60, offsetMinutes: 60 });
  });

  it('numbers the week from Monday 00:00 local and accepts Date objects', () => {
    // Monday 5 January 2026 00:00 CET = Sunday 4 January 23:00 UTC.
    expect(osloMinuteOfWeek(Date.UTC(2026, 0, 4, 23, 0))).toBe(0);
    expect(osloMinuteOfWeek(Date.UTC(2026, 0, 4, 22, 59))).toBe(7 * 1440 - 1);
    expect(osloLocalTime(new Date('2026-07-01T10:15:00Z'))).toEqual({
      isoWeekday: 3,
      minutes: 12 * 60 + 15,
      offsetMinutes: 120,
    });
  });

  it('handles the year boundary and instants outside the precomputed years', () => {
    expect(osloOffsetMinutes(Date.UTC(2025, 11, 31, 23, 30))).toBe(60);
    expect(osloLocalTime(Date.UTC(2025, 11, 31, 23, 30))).toEqual({
      isoWeekday: 4,
      minutes: 30,
      offsetMinutes: 60,
    });
    expect(osloOffsetMinutes(Date.UTC(2300, 6, 1))).toBe(120);
    expect(osloOffsetMinutes(Date.UTC(2300, 0, 1))).toBe(60);
  });

  it('formats minutes as HH:MM', () => {
    expect(formatMinutes(0)).toBe('00:00');
    expect(formatMinutes(9 * 60 + 5)).toBe('09:05');
    expect(formatMinutes(23 * 60 + 59)).toBe('23:59');
  });
});
