/** The edge rule for text (issue 8): NUL and lone surrogates anywhere in a request, by path. */
import { describe, expect, it } from 'vitest';
import { firstUnstorable, unstorableStrings } from './storable-strings.ts';

describe('unstorableStrings', () => {
  it('accepts ordinary text, including characters outside the BMP', () => {
    expect(firstUnstorable('Ål, Ørsta og 🚑')).toBeNull();
    expect(unstorableStrings({ a: ['x', { b: 'Æ' }], n: 1 }, 'body')).toEqual([]);
  });

  it('finds NUL and lone surrogates (high or low) in nested values and keys, by path', () => {
    const errors = unstorableStrings(
      { name: 'a\u0000b', list: [{ person: 'x\uD800' }], ['k\u0000']: 'ok', tail: '\uDC00y' },
      'body',
    );
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['body.name', 'nul-character'],
      ['body.list.0.person', 'lone-surrogate'],
      ['body.k\uFFFD', 'key-nul-character'],
      ['body.tail', 'lone-surrogate'],
    ]);
  });

  it('names line and column in multi-line text (a CSV body)', () => {
    expect(unstorableStrings('a;b\nc;d\nef\u0000g', 'body')).toEqual([
      expect.objectContaining({ path: 'body', code: 'nul-character', line: 3, column: 3 }),
    ]);
  });
});
