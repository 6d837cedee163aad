/**
 * The 3-year rule of §20 as dates (REC-1; docs/lydlogg.md, "Retention rule"): Oslo calendar dates,
 * 29 February, and instants around midnight and daylight-saving changes.
 */
import { describe, expect, it } from 'vitest';
import { endOfOsloDay, osloInstant, osloLocal } from '../../platform/time/calendar.ts';
import { deletableFromOf, isPastRetention, recordingDateOf, retentionEndOf } from './retention-rule.ts';

describe('the 3-year retention rule (REC-1)', () => {
  it('keeps a recording through the same date three years later and deletes it from the next day', () => {
    expect(retentionEndOf('2024-03-05')).toBe('2027-03-05');
    expect(deletableFromOf('2024-03-05')).toBe('2027-03-06');
    expect(deletableFromOf('2024-12-31')).toBe('2028-01-01');
  });

  it('29 February: kept to 28 February three years later, deleted from 1 March (REC-1)', () => {
    expect(retentionEndOf('2024-02-29')).toBe('2027-02-28');
    expect(deletableFromOf('2024-02-29')).toBe('2027-03-01');
    // Into a leap year: 29 February exists again.
    expect(retentionEndOf('2025-02-28')).toBe('2028-02-28');
    expect(deletableFromOf('2025-02-28')).toBe('2028-02-29');
  });

  it('the recording date is the Oslo date: a call at 00:30 Norwegian time on 1 January is of 1 January', () => {
    expect(recordingDateOf(Date.parse('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
    expect(recordingDateOf(Date.parse('2024-06-30T22:30:00Z'))).toBe('2024-07-01');
    expect(recordingDateOf(Date.parse('2024-06-30T21:30:00Z'))).toBe('2024-06-30');
  });

  it('is past its period from Oslo midnight, across daylight saving time', () => {
    // Recorded 27 Oct 2024 00:30 CEST (26 Oct 22:30 UTC); deletable from 28 Oct 2027.
    const from = deletableFromOf(recordingDateOf(Date.parse('2024-10-26T22:30:00Z')));
    expect(from).toBe('2027-10-28');
    expect(isPastRetention(from, Date.parse('2027-10-27T21:59:59Z'))).toBe(false); // 23:59:59 CEST 27 Oct
    expect(isPastRetention(from, Date.parse('2027-10-27T22:00:00Z'))).toBe(true); // 00:00 CEST 28 Oct
    // In winter time, midnight is 23:00 UTC.
    const winter = deletableFromOf('2024-01-10');
    expect(isPastRetention(winter, Date.parse('2027-01-10T22:59:59Z'))).toBe(false);
    expect(isPastRetention(winter, Date.parse('2027-01-10T23:00:00Z'))).toBe(true);
    // Never earlier than three full years by the Norwegian wall clock after the moment recorded
    // (any date, any hour, any side of a daylight-saving change; 29 February has its own rule).
    for (
      let d = Date.parse('2023-01-01T00:00:00Z');
      d < Date.parse('2025-01-01T00:00:00Z');
      d += 7 * 3_600_000 + 11 * 60_000
    ) {
      const local = osloLocal(d);
      if (local.date.endsWith('-02-29')) continue;
      const f = deletableFromOf(recordingDateOf(d));
      const sameWallClock = osloInstant(retentionEndOf(local.date), local.minutes);
      expect(isPastRetention(f, sameWallClock)).toBe(false);
      expect(isPastRetention(f, endOfOsloDay(retentionEndOf(local.date)))).toBe(true);
    }
  });
});
