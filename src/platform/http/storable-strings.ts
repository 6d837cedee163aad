/**
 * The edge rule for text: PostgreSQL cannot store a NUL character (U+0000) in `text` or `jsonb`
 * (the query fails), and a lone UTF-16 surrogate (U+D800–U+DFFF without its pair, possible through
 * a JSON `\ud800` escape) is silently stored as U+FFFD. The route layer checks every string and
 * every object key of a request's params, query and body with `unstorableStrings` before zod runs,
 * so no route can forget it and the caller gets a 400 naming the field, never a 500.
 */
import type { FieldError } from '../errors.ts';

/** Quick filter: only strings that match this need the exact scan. */
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const MAX_ERRORS = 50;
const MAX_DEPTH = 64;

/** Index and kind of the first unstorable character of `s`, or null when `s` can be stored. */
export function firstUnstorable(
  s: string,
): { index: number; kind: 'nul-character' | 'lone-surrogate' } | null {
  if (!SUSPECT.test(s)) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) return { index: i, kind: 'nul-character' };
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return { index: i, kind: 'lone-surrogate' };
    }
    if (c >= 0xdc00 && c <= 0xdfff) return { index: i, kind: 'lone-surrogate' };
  }
  return null;
}

function describe(
  s: string,
  path: string,
  index: number,
  kind: 'nul-character' | 'lone-surrogate',
): FieldError {
  const what =
    kind === 'nul-character'
      ? 'a NUL character (U+0000)'
      : `a lone UTF-16 surrogate (U+${s.charCodeAt(index).toString(16).toUpperCase()})`;
  // Multi-line text (a CSV body, notes) names the line and column, as a CSV import does.
  if (s.includes('\n')) {
    const before = s.slice(0, index);
    const line = before.split('\n').length;
    const column = index - before.lastIndexOf('\n');
    return { path, code: kind, line, column, message: `line ${line}, column ${column} contains ${what}` };
  }
  return { path, code: kind, message: `contains ${what}, which cannot be stored` };
}

/**
 * Every string (and object key) in `value` that cannot be stored, as field errors with paths
 * under `where` (`body.name`, `body.shifts.0.assignments.1.person`, `params.id`).
 */
export function unstorableStrings(value: unknown, where: string): FieldError[] {
  const errors: FieldError[] = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    if (errors.length >= MAX_ERRORS) return;
    if (typeof v === 'string') {
      const bad = firstUnstorable(v);
      if (bad) errors.push(describe(v, path, bad.index, bad.kind));
      return;
    }
    if (typeof v !== 'object' || v === null || depth > MAX_DEPTH) return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${path}.${i}`, depth + 1));
      return;
    }
    for (const [key, item] of Object.entries(v)) {
      const bad = firstUnstorable(key);
      const printable = bad ? key.replace(/[\u0000\uD800-\uDFFF]/g, '\uFFFD') : key;
      if (bad)
        errors.push({
          ...describe(key, `${path}.${printable}`, bad.index, bad.kind),
          code: `key-${bad.kind}`,
        });
      walk(item, `${path}.${printable}`, depth + 1);
    }
  };
  walk(value, where, 0);
  return errors;
}
