/** The feature catalogues compose into one dictionary per language without overriding each other. */
import { describe, expect, it } from 'vitest';
import { CATALOGUES, en, nb } from './catalogue.ts';

describe('the composed catalogue of texts', () => {
  it('has no key defined by two catalogues (a later one would silently win)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [name, { nb: texts }] of Object.entries(CATALOGUES)) {
      for (const key of Object.keys(texts)) {
        const first = owner.get(key);
        if (first) clashes.push(`${key}: ${first} and ${name}`);
        else owner.set(key, name);
      }
    }
    expect(clashes).toEqual([]);
    expect(owner.size).toBe(Object.keys(nb).length);
  });

  it('has the same keys in bokmål and English, each catalogue and all together', () => {
    for (const { nb: n, en: e } of Object.values(CATALOGUES)) {
      expect(Object.keys(e).sort()).toEqual(Object.keys(n).sort());
    }
    expect(Object.keys(en).sort()).toEqual(Object.keys(nb).sort());
  });

  it('has a non-empty text for every key in both languages', () => {
    const empty = Object.entries({ ...nb }).filter(([k, v]) => !v || !en[k as keyof typeof en]);
    expect(empty).toEqual([]);
  });
});
