/**
 * Helpers for a feature's catalogue of texts (`messages.nb.ts` + `messages.en.ts` in its folder;
 * `catalogue.ts` composes them): the bokmål object is the source of the keys, and the English one
 * is typed against it, so a key missing in English (or one English has that bokmål lacks) fails `tsc`.
 */

/** The English texts of a bokmål catalogue: the same keys, each a string. */
export type Translation<Nb> = { readonly [K in keyof Nb]: string };

/** A table of texts as dictionary entries under a prefix: `{ a: 'x' }` → `{ 'p.a': 'x' }`, typed. */
export function prefixed<P extends string, T extends Record<string, string>>(
  prefix: P,
  table: T,
): { [K in keyof T & string as `${P}.${K}`]: string } {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(table)) out[`${prefix}.${key}`] = text;
  return out as { [K in keyof T & string as `${P}.${K}`]: string };
}
