/** Part-day schedules (RT-10) in words: "man–fre 07:30–22:00; lør–søn 10:00–18:00". */
import type { CentreSchedule } from '../../../../src/routing/domain/types.ts';
import type { MessageKey, Translate } from '../../shared/i18n/i18n.tsx';

const dayName = (t: Translate, d: number) => t(`rt.day.${d}` as MessageKey);

/** ISO weekdays → "man–fre, søn" (consecutive days as ranges). */
export function daysText(t: Translate, days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const from = dayName(t, sorted[i]!);
    parts.push(j === i ? from : `${from}–${dayName(t, sorted[j]!)}`);
    i = j + 1;
  }
  return parts.join(', ');
}

export function scheduleText(t: Translate, s: CentreSchedule): string {
  return s.staffed.map((w) => `${daysText(t, w.days)} ${w.from}–${w.to}`).join('; ');
}
