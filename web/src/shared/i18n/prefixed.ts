/** A table of texts as dictionary entries under a prefix: `{ a: 'x' }` → `{ 'p.a': 'x' }`, typed. */
export function prefixed<P extends string, T extends Record<string, string>>(
  prefix: P,
  table: T,
): { [K in keyof T & string as `${P}.${K}`]: string } {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(table)) out[`${prefix}.${key}`] = text;
  return out as { [K in keyof T & string as `${P}.${K}`]: string };
}
