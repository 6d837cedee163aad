import { describe, expect, it } from 'vitest';
import { mapHeader, parseCsv, writeCsv } from './csv.ts';

describe('parseCsv (strict RFC 4180)', () => {
  it('reads a header and records with their line numbers', () => {
    const r = parseCsv('a,b\n1,2\n3,4\n', 'f.csv');
    expect(r.errors).toEqual([]);
    expect(r.header).toEqual(['a', 'b']);
    expect(r.records).toEqual([
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
    ]);
  });

  it('accepts CRLF, a BOM and a missing final line break', () => {
    const r = parseCsv('\uFEFFa,b\r\n1,2\r\n3,4', 'f.csv');
    expect(r.errors).toEqual([]);
    expect(r.header).toEqual(['a', 'b']);
    expect(r.records.map((x) => x.fields)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('reads quoted fields with commas, escaped quotes and line breaks; later lines keep their numbers', () => {
    const r = parseCsv('a,b\n"x, y","say ""hi"""\n"two\nlines",z\nlast,row\n', 'f.csv');
    expect(r.errors).toEqual([]);
    expect(r.records).toEqual([
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
      { line: 5, fields: ['last', 'row'] },
    ]);
  });

  it('reports a wrong number of fields with the line', () => {
    const r = parseCsv('a,b\n1,2\n1,2,3\n4\n', 'f.csv');
    expect(r.errors).toEqual([
      { file: 'f.csv', line: 3, message: 'expected 2 fields (as in the header), found 3' },
      { file: 'f.csv', line: 4, message: 'expected 2 fields (as in the header), found 1' },
    ]);
    expect(r.records).toHaveLength(1);
  });

  it('reports an unterminated quote at the line where the field starts', () => {
    const r = parseCsv('a,b\n1,2\n"open,2\n3,4\n', 'f.csv');
    expect(r.errors).toEqual([{ file: 'f.csv', line: 3, message: 'unterminated quoted field' }]);
  });

  it('reports a quote inside an unquoted field and text after a closing quote, and resumes on the next line', () => {
    const r = parseCsv('a,b\nx"y,1\n"x"y,2\n5,6\n', 'f.csv');
    expect(r.errors).toEqual([
      { file: 'f.csv', line: 2, message: 'quote inside an unquoted field' },
      { file: 'f.csv', line: 3, message: 'unexpected character after a closing quote' },
    ]);
    expect(r.records).toEqual([{ line: 4, fields: ['5', '6'] }]);
  });

  it('reports blank lines and an empty file', () => {
    expect(parseCsv('a,b\n1,2\n\n3,4\n', 'f.csv').errors).toEqual([{ file: 'f.csv', line: 3, message: 'empty line' }]);
    expect(parseCsv('', 'f.csv').errors).toEqual([
      { file: 'f.csv', line: 1, message: 'file is empty: a header row is required' },
    ]);
  });
});

describe('mapHeader', () => {
  it('maps expected columns in any order', () => {
    expect(mapHeader(['b', 'a'], ['a', 'b'], 'f.csv')).toEqual({ index: { b: 0, a: 1 } });
  });

  it('reports missing, unexpected and duplicate columns on line 1', () => {
    expect(mapHeader(['a', 'a', 'c'], ['a', 'b'], 'f.csv')).toEqual({
      errors: [
        { file: 'f.csv', line: 1, message: 'duplicate column "a"' },
        { file: 'f.csv', line: 1, message: 'unexpected column "c"' },
        { file: 'f.csv', line: 1, message: 'missing column "b"' },
      ],
    });
  });
});

describe('writeCsv', () => {
  it('quotes only where needed and round-trips through parseCsv', () => {
    const rows = [{ a: 'plain', b: 'with, comma' }, { a: 'say "hi"', b: 'two\nlines' }, { a: null, b: 7 }];
    const text = writeCsv(['a', 'b'], rows);
    expect(text).toBe('a,b\r\nplain,"with, comma"\r\n"say ""hi""","two\nlines"\r\n,7\r\n');
    const back = parseCsv(text, 'f.csv');
    expect(back.errors).toEqual([]);
    expect(back.records.map((r) => r.fields)).toEqual([
      ['plain', 'with, comma'],
      ['say "hi"', 'two\nlines'],
      ['', '7'],
    ]);
  });
});
