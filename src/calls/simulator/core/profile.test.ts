import { describe, expect, it } from 'vitest';
import { osloInstant } from '../../../platform/time/calendar.ts';
import {
  WEEKDAY_HOURS,
  WEEKEND_HOURS,
  dayTypeOf,
  expectedCallsPerHour,
  hourWeight,
  profileHours,
} from './profile.ts';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('traffic profile (issue 10 part 4)', () => {
  it('a year at scale 1 expects 3.2 million calls (within 0.5 %)', () => {
    const hours = profileHours(osloInstant('2023-01-01'), osloInstant('2024-01-01'));
    expect(hours).toHaveLength(8760);
    const total = sum([...expectedCallsPerHour(hours, 3_200_000)]);
    expect(Math.abs(total / 3_200_000 - 1)).toBeLessThan(0.005);
  });

  it('evenings are the busy hours of a weekday, nights the quiet ones', () => {
    const evening = sum(WEEKDAY_HOURS.slice(16, 21)) / 5;
    const night = sum(WEEKDAY_HOURS.slice(1, 6)) / 5;
    const office = sum(WEEKDAY_HOURS.slice(9, 14)) / 5;
    expect(evening).toBeGreaterThan(1.5 * office);
    expect(office).toBeGreaterThan(3 * night);
  });

  it('weekends and public holidays carry more calls a day than weekdays; holidays most', () => {
    const monday = sum(Array.from({ length: 24 }, (_, h) => hourWeight('2023-03-20', 1, h)));
    const sunday = sum(Array.from({ length: 24 }, (_, h) => hourWeight('2023-03-26', 7, h)));
    const goodFriday = sum(Array.from({ length: 24 }, (_, h) => hourWeight('2023-04-07', 5, h)));
    expect(sunday / monday).toBeGreaterThan(1.25);
    expect(goodFriday).toBeGreaterThan(sunday);
    expect(sum(WEEKEND_HOURS)).toBeGreaterThan(sum(WEEKDAY_HOURS));
  });

  it('day types come from the one calendar: holidays, Christmas Eve and New Year’s Eve', () => {
    expect(dayTypeOf('2023-05-17', 3)).toBe('holiday');
    expect(dayTypeOf('2023-12-24', 7)).toBe('holiday');
    expect(dayTypeOf('2023-12-31', 7)).toBe('holiday');
    expect(dayTypeOf('2023-03-25', 6)).toBe('saturday');
    expect(dayTypeOf('2023-03-22', 3)).toBe('weekday');
  });

  it('local hours follow Europe/Oslo across the change to summer time (a 23-hour day)', () => {
    const hours = profileHours(osloInstant('2023-03-26'), osloInstant('2023-03-27'));
    expect(hours).toHaveLength(23);
    expect(hours.map((h) => h.localHour)).not.toContain(2);
  });
});
