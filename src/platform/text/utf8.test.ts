/** Strict UTF-8 decoding (issue 8): bad bytes named by line and column; a BOM is dropped. */
import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from './utf8.ts';

describe('decodeUtf8', () => {
  it('decodes UTF-8 and drops a byte-order mark', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFÅl;Ørsta\n', 'utf8'))).toEqual({ ok: true, text: 'Ål;Ørsta\n' });
  });

  it('names the first bad byte of each line of Latin-1 text', () => {
    const r = decodeUtf8(Buffer.from('id,name\nlv-al,Ål\nlv-x,ok\nlv-o,Ørsta og Førde\n', 'latin1'));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors.map(({ line, column }) => [line, column])).toEqual([
        [2, 7],
        [4, 6],
      ]);
  });

  it('refuses overlong forms, UTF-8-encoded surrogates, code points above U+10FFFF and cut sequences', () => {
    for (const bytes of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0x41, 0xe2, 0x82],
    ]) {
      const r = decodeUtf8(Uint8Array.from(bytes));
      expect(r.ok, bytes.join(' ')).toBe(false);
      if (!r.ok) expect(r.errors[0]!.line).toBe(1);
    }
  });

  it('stops after maxErrors lines', () => {
    const r = decodeUtf8(Buffer.from('æ\n'.repeat(50), 'latin1'), 5);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toHaveLength(5);
  });
});
