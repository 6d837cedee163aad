/** Today's calendar date in Norway (Europe/Oslo), `YYYY-MM-DD`: the default "as of" date of the registers. */
export function todayOslo(now: Date = new Date()): string {
  return now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });
}
