/** Half-open time intervals [start, end) in epoch milliseconds, for roster coverage. */
export interface Interval {
  start: number;
  end: number;
}

/** The parts of `target` that none of `covers` covers, in order. */
export function uncovered(target: Interval, covers: readonly Interval[]): Interval[] {
  const sorted = covers
    .filter((c) => c.end > target.start && c.start < target.end)
    .sort((a, b) => a.start - b.start);
  const gaps: Interval[] = [];
  let cursor = target.start;
  for (const c of sorted) {
    if (c.start > cursor) gaps.push({ start: cursor, end: Math.min(c.start, target.end) });
    cursor = Math.max(cursor, c.end);
    if (cursor >= target.end) break;
  }
  if (cursor < target.end) gaps.push({ start: cursor, end: target.end });
  return gaps;
}

/** Offset in minutes written in an ISO date-time (`Z` = 0). */
export function offsetMinutesOf(value: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(value);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** Formats an instant as `YYYY-MM-DDTHH:mm±hh:mm` at the given offset. */
export function formatInstant(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 16);
  if (offsetMinutes === 0) return `${local}Z`;
  const abs = Math.abs(offsetMinutes);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
