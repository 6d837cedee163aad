/**
 * When a job is due. Pure: a schedule and an instant give the next due instant. Daily times are
 * Europe/Oslo wall-clock times read through the one calendar (platform/time/calendar.ts), so a job
 * at 03:15 runs at 03:15 Norwegian time in winter and in summer; on the night the clocks go forward
 * a time in the missing hour runs an hour later on the wall, and in the hour that occurs twice it
 * runs once (the first time). Intervals are aligned to the epoch, so every instance computes the
 * same slots.
 */
import { addDays, formatMinutes, osloDate, osloInstant, parseHhMm } from '../time/calendar.ts';

export type Schedule =
  { kind: 'daily'; minutes: number } | { kind: 'every'; ms: number } | { kind: 'manual' };

/** Every day at `hhmm` (00:00–23:59), Europe/Oslo time. */
export function dailyAt(hhmm: string): Schedule {
  return { kind: 'daily', minutes: parseHhMm(hhmm) };
}

/** Every `ms` milliseconds (≥ 1000), on epoch-aligned slots. */
export function every(ms: number): Schedule {
  if (!Number.isInteger(ms) || ms < 1000)
    throw new RangeError(`every(ms) needs an integer ≥ 1000, got ${ms}`);
  return { kind: 'every', ms };
}

/** Runs only when asked (`nodmeld jobs run`, POST …/run). */
export const manualOnly: Schedule = { kind: 'manual' };

/** The schedule as stored text; a changed text makes the scheduler recompute when the job is next due. */
export function describeSchedule(s: Schedule): string {
  switch (s.kind) {
    case 'daily':
      return `dailyAt ${formatMinutes(s.minutes)} Europe/Oslo`;
    case 'every':
      return `every ${s.ms} ms`;
    case 'manual':
      return 'manual';
  }
}

/** The first due instant strictly after `afterMs` (epoch ms), or null for a manual job. */
export function nextDue(s: Schedule, afterMs: number): number | null {
  switch (s.kind) {
    case 'manual':
      return null;
    case 'every':
      return (Math.floor(afterMs / s.ms) + 1) * s.ms;
    case 'daily': {
      const today = osloDate(afterMs);
      // Yesterday too: 23:59 Oslo on day d may still lie ahead when `afterMs` is early on day d.
      for (const date of [addDays(today, -1), today, addDays(today, 1), addDays(today, 2)]) {
        const at = osloInstant(date, s.minutes);
        if (at > afterMs) return at;
      }
      throw new Error('unreachable: a daily time occurs within two days');
    }
  }
}
