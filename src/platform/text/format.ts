/**
 * How nodmeld writes values for Norwegian readers in reports (PDF, CSV) in either language:
 * `{name}` placeholders, calendar days as dd.mm.åååå, instants in Oslo time. PURE.
 */

/** Fills `{name}` placeholders. */
export function fillText(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** `2025-03-04` → `04.03.2025` (a calendar day, no time-zone shift); other text unchanged. */
export function norwegianDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : value;
}

const osloDateTimeFormat = new Intl.DateTimeFormat('nb-NO', {
  timeZone: 'Europe/Oslo',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** An instant (ISO text or epoch ms) as `dd.mm.åååå, hh:mm` in Oslo time; unparsable text unchanged. */
export function osloDateTime(at: string | number): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  return osloDateTimeFormat.format(d);
}
