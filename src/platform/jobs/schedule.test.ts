import { describe, expect, it } from 'vitest';
import { formatOsloDateTime } from '../time/calendar.ts';
import { dailyAt, describeSchedule, every, manualOnly, nextDue } from './schedule.ts';

const at = (iso: string) => Date.parse(iso);
const next = (s: ReturnType<typeof dailyAt>, iso: string) => formatOsloDateTime(nextDue(s, at(iso))!);

describe('job schedules (issue 9)', () => {
  it('dailyAt runs at the Oslo wall-clock time in winter and in summer', () => {
    expect(next(dailyAt('03:15'), '2026-01-10T01:00:00Z')).toBe('2026-01-10T03:15+01:00');
    expect(next(dailyAt('03:15'), '2026-01-10T02:15:00Z')).toBe('2026-01-11T03:15+01:00');
    expect(next(dailyAt('03:15'), '2026-07-10T00:00:00Z')).toBe('2026-07-10T03:15+02:00');
    expect(next(dailyAt('23:59'), '2026-07-10T21:00:00Z')).toBe('2026-07-10T23:59+02:00');
  });

  it('dailyAt across the DST changes: the missing hour runs an hour later, the doubled hour once', () => {
    // 2026-03-29: clocks go from 02:00 to 03:00. 02:30 does not exist → 03:30 CEST.
    expect(next(dailyAt('02:30'), '2026-03-28T23:00:00Z')).toBe('2026-03-29T03:30+02:00');
    expect(next(dailyAt('03:15'), '2026-03-28T23:00:00Z')).toBe('2026-03-29T03:15+02:00');
    // 2026-10-25: 02:00–02:59 occurs twice; the job runs at the first 02:30 only.
    const first = nextDue(dailyAt('02:30'), at('2026-10-24T22:00:00Z'))!;
    expect(new Date(first).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(formatOsloDateTime(nextDue(dailyAt('02:30'), first)!)).toBe('2026-10-26T02:30+01:00');
    // Days of 23 and 25 hours between consecutive runs.
    const spring = nextDue(dailyAt('03:15'), at('2026-03-28T00:00:00Z'))!;
    expect(nextDue(dailyAt('03:15'), spring)! - spring).toBe(23 * 3600_000);
    const autumn = nextDue(dailyAt('03:15'), at('2026-10-24T00:00:00Z'))!;
    expect(nextDue(dailyAt('03:15'), autumn)! - autumn).toBe(25 * 3600_000);
  });

  it('every(ms) is aligned to the epoch so every instance computes the same slots; manual never falls due', () => {
    expect(nextDue(every(60_000), at('2026-01-10T10:00:30Z'))).toBe(at('2026-01-10T10:01:00Z'));
    expect(nextDue(every(60_000), at('2026-01-10T10:01:00Z'))).toBe(at('2026-01-10T10:02:00Z'));
    expect(nextDue(manualOnly, 0)).toBeNull();
    expect(() => every(10)).toThrow(RangeError);
    expect(() => dailyAt('3:15')).toThrow(RangeError);
    expect(describeSchedule(dailyAt('03:15'))).toBe('dailyAt 03:15 Europe/Oslo');
  });
});
