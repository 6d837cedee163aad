/**
 * The 3-year rule of §20 as dates (REC-1; docs/lydlogg.md, "Retention rule"): Oslo calendar dates,
 * 29 February, and instants around midnight and daylight-saving changes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { endOfOsloDay, osloInstant, osloLocal } from '../../platform/time/calendar.ts';
import {
  deletableFromOf,
  isPastRetention,
  recordingDateOf,
  retainUntilOf,
  retentionEndOf,
} from './retention-rule.ts';

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

  it('follows the words of §20: three years after the recording DATE, then deleted; 29 February is not named there (REC-1)', () => {
    // The regulation as the project keeps it (../shared/seeds; the copy lost its "å"s: "ar" = "år").
    const text = readFileSync(
      path.join(process.cwd(), '..', 'shared', 'seeds', '004_f065adceb6750ebf.txt'),
      'utf8',
    )
      .replace(/\s+/g, ' ')
      .replace(/å/g, 'a');
    const s20 = text.slice(text.indexOf('§ 20 Oppbevaring av lydopptak'), text.indexOf('Kapittel 7'));
    expect(s20).toContain('Opptaket skal oppbevares i tre ar etter opptaksdato og deretter slettes.');
    // Nothing about leap days or how a period in years is counted: the general rule applies
    // (a period in years ends on the same date, else the month's last day; domstolloven § 148).
    expect(s20).not.toMatch(/februar|skuddar|frist/i);
    // "etter opptaksdato": counted from the date, not the instant — 23:59 and 00:01 of one date alike.
    expect(deletableFromOf(recordingDateOf(osloInstant('2024-02-29', 1)))).toBe('2027-03-01');
    expect(deletableFromOf(recordingDateOf(osloInstant('2024-02-29', 1439)))).toBe('2027-03-01');
    // The store's object lock runs to the same boundary: Oslo midnight starting 1 March 2027.
    expect(retainUntilOf('2027-03-01').toISOString()).toBe('2027-02-28T23:00:00.000Z');
    expect(retainUntilOf('2027-07-01').toISOString()).toBe('2027-06-30T22:00:00.000Z');
  });
});
