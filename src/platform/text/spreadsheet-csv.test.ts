import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { spreadsheetCell, spreadsheetCsv } from './spreadsheet-csv.ts';

describe('CSV for a Norwegian spreadsheet', () => {
  it('BOM, ; between cells, CRLF; quotes only for ;, quotes and line breaks — not the decimal comma', () => {
    const text = spreadsheetCsv([
      ['del', 'verdi'],
      ['andel', '65,9'],
      ['tekst', 'a; "b"\nc'],
      ['tom', null],
      ['tall', 3],
    ]);
    expect(text).toBe('\uFEFFdel;verdi\r\nandel;65,9\r\ntekst;"a; ""b""\nc"\r\ntom;\r\ntall;3\r\n');
    expect(parseCsv(text).rows.map((r) => r.cells)).toEqual([
      ['andel', '65,9'],
      ['tekst', 'a; "b"\nc'],
      ['tom', ''],
      ['tall', '3'],
    ]);
    expect(spreadsheetCell({ a: 1 })).toBe('"{""a"":1}"');
  });
});
