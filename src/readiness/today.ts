import { osloDate } from '../platform/time/calendar.ts';
import type { Clock } from '../platform/time/clock.ts';
import { systemClock } from '../platform/time/clock.ts';

/** Today's calendar date in Norway (Europe/Oslo), `YYYY-MM-DD`: the default "as of" date of the registers. */
export function todayOslo(clock: Pick<Clock, 'nowMs'> = systemClock): string {
  return osloDate(clock.nowMs());
}
