/** The readiness CSV reader (issue 8): the separator is read from the header, outside quotes. */
import { describe, expect, it } from 'vitest';
import { detectSeparator, parseCsv } from '../../platform/text/csv.ts';
import { parseRosterCsv } from '../competence/roster-csv.ts';

describe('detectSeparator', () => {
  it('reads the header line, ignoring separators inside quotes', () => {
    expect(detectSeparator('a;b;c\r\n1,2;3')).toBe(';');
    expect(detectSeparator('a,b,c\n1;2;3;4;5')).toBe(',');
    expect(detectSeparator('"navn; fullt",b,c')).toBe(',');
    expect(detectSeparator('"navn, fullt";b;c')).toBe(';');
    expect(detectSeparator('\uFEFFname;hpr_number')).toBe(';');
  });

  it('parseCsv takes a semicolon file whose quoted header cell holds commas', () => {
    const r = parseCsv('"name, full";unit\r\n"Hansen; Kari";kommune-4601\r\n');
    expect(r.separator).toBe(';');
    expect(r.header).toEqual(['name, full', 'unit']);
    expect(r.rows).toEqual([{ line: 2, cells: ['Hansen; Kari', 'kommune-4601'] }]);
  });

  it('the roster CSV takes semicolons and quoted header cells too', () => {
    const r = parseRosterCsv(
      '\uFEFF"unit_id";unit_kind;start;end;person_id;role\r\nlv-1;legevakt;2025-03-03T08:00+01:00;2025-03-03T16:00+01:00;"p-1";doctor-on-call\r\n',
    );
    expect(r).toMatchObject({
      ok: true,
      shifts: [{ unitId: 'lv-1', assignments: [{ personId: 'p-1' }], lines: [2] }],
    });
  });
});
