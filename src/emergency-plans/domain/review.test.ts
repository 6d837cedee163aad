/** The review check of the emergency-plan register (LV-7): overdue, due soon, current; per municipality. */
import { describe, expect, it } from 'vitest';
import { isCalendarDate, municipalityStatus, reviewStatus } from './review.ts';

describe('review status of a plan (LV-7)', () => {
  it('is current well before the review date, due soon within 30 days, overdue the day after', () => {
    expect(reviewStatus('2026-06-30', '2026-05-01')).toBe('current');
    expect(reviewStatus('2026-06-30', '2026-05-31')).toBe('due-soon');
    expect(reviewStatus('2026-06-30', '2026-06-30')).toBe('due-soon'); // the date itself is in time
    expect(reviewStatus('2026-06-30', '2026-07-01')).toBe('overdue');
    expect(reviewStatus('2025-12-31', '2026-01-01')).toBe('overdue'); // across a year
    expect(reviewStatus('2026-03-01', '2026-02-27', 1)).toBe('current');
  });

  it('a municipality is missing without plans, else as its worst plan', () => {
    expect(municipalityStatus([])).toBe('missing');
    expect(municipalityStatus(['current', 'current'])).toBe('current');
    expect(municipalityStatus(['current', 'due-soon'])).toBe('due-soon');
    expect(municipalityStatus(['due-soon', 'overdue', 'current'])).toBe('overdue');
  });

  it('knows a calendar date', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('1.1.2026')).toBe(false);
  });
});
