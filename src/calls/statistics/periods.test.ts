import { describe, expect, it } from 'vitest';
import { isoWeekOf, periodOf } from './periods.ts';

describe('reporting periods in Europe/Oslo (RT-13)', () => {
  it('an instant late on 31 December UTC belongs to 1 January in Oslo; its ISO week to the year before', () => {
    const at = Date.parse('2026-12-31T23:30:00Z'); // 00:30 on Friday 1 January 2027 in Oslo
    expect(periodOf(at, 'hour')).toEqual({
      granularity: 'hour',
      key: '2027-01-01T00+01:00',
      startMs: Date.parse('2026-12-31T23:00:00Z'),
    });
    expect(periodOf(at, 'day')).toMatchObject({
      key: '2027-01-01',
      startMs: Date.parse('2026-12-31T23:00:00Z'),
    });
    expect(periodOf(at, 'month').key).toBe('2027-01');
    expect(periodOf(at, 'year')).toMatchObject({ key: '2027', startMs: Date.parse('2026-12-31T23:00:00Z') });
    expect(periodOf(at, 'week')).toMatchObject({
      key: '2026-W53',
      startMs: Date.parse('2026-12-27T23:00:00Z'),
    });
  });

  it('the two 02:00 hours of the last Sunday of October are two periods', () => {
    const first = periodOf(Date.parse('2026-10-25T00:30:00Z'), 'hour');
    const second = periodOf(Date.parse('2026-10-25T01:30:00Z'), 'hour');
    expect(first.key).toBe('2026-10-25T02+02:00');
    expect(second.key).toBe('2026-10-25T02+01:00');
    // That day lasts 25 hours and starts at local midnight (CEST).
    expect(periodOf(Date.parse('2026-10-25T22:59:59Z'), 'day')).toMatchObject({
      key: '2026-10-25',
      startMs: Date.parse('2026-10-24T22:00:00Z'),
    });
  });

  it('ISO weeks: the week belongs to the year of its Thursday', () => {
    expect(isoWeekOf('2026-01-01')).toEqual({ year: 2026, week: 1, monday: '2025-12-29' });
    expect(isoWeekOf('2027-01-03')).toEqual({ year: 2026, week: 53, monday: '2026-12-28' });
    expect(isoWeekOf('2027-01-04')).toEqual({ year: 2027, week: 1, monday: '2027-01-04' });
    expect(isoWeekOf('2024-12-30')).toEqual({ year: 2025, week: 1, monday: '2024-12-30' });
    expect(isoWeekOf('2026-03-02')).toEqual({ year: 2026, week: 10, monday: '2026-03-02' });
  });
});
