/**
 * PURE: the 3-year rule of §20 (REC-1) as dates (docs/lydlogg.md, "Retention rule").
 *
 * - The recording date is the Europe/Oslo calendar date on which the recording started (a call
 *   at 00:30 Norwegian time on 1 January is recorded on 1 January, although it is still
 *   31 December in UTC).
 * - The 3 years end on the same date three years later; a recording of 29 February, whose date
 *   does not exist three years later, is kept to 28 February (a period in years ends on the
 *   corresponding date, else the last day of that month — as domstolloven § 148 counts it).
 * - It is kept through that whole day and may be deleted from the next Oslo date on: 29 Feb 2024
 *   → kept through 28 Feb 2027, deleted from 1 Mar 2027; 5 Mar 2024 → deleted from 6 Mar 2027.
 *   That is never earlier than three full years after the moment recorded, and is the same
 *   whichever time zone or daylight-saving change lies between (only Oslo dates are compared).
 */
import { addDays, osloDate, startOfOsloDay, type IsoDate } from '../../platform/time/calendar.ts';

export const RETENTION_YEARS = 3;
/** The rule's name in tombstones and audit rows. */
export const RETENTION_RULE = 'forskrift-akuttmedisin-20:3-years';

/** The Oslo calendar date of an instant (the recording date). */
export const recordingDateOf = (startedAt: Date | number): IsoDate => osloDate(startedAt);

/** The last date of the retention period: the same date `years` later (29 Feb → 28 Feb). */
export function retentionEndOf(recordingDate: IsoDate, years = RETENTION_YEARS): IsoDate {
  const [y, m, d] = recordingDate.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const lastOfMonth = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const day = Math.min(d, lastOfMonth);
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The first Oslo date on which the recording may be deleted (the day after the period ends). */
export const deletableFromOf = (recordingDate: IsoDate, years = RETENTION_YEARS): IsoDate =>
  addDays(retentionEndOf(recordingDate, years), 1);

/** Whether, at `now`, a recording deletable from `deletableFrom` is past its period. */
export const isPastRetention = (deletableFrom: IsoDate, now: Date | number): boolean =>
  deletableFrom <= osloDate(now);

/**
 * The instant an object-lock retention runs to (S3 `RetainUntilDate`): the start of the Oslo day
 * the recording may be deleted from. So a store never lets it go before the rule does, and lets
 * it go in time for that day's retention run (02:40 Oslo).
 */
export const retainUntilOf = (deletableFrom: IsoDate): Date => new Date(startOfOsloDay(deletableFrom));
