/** Roster CSV import: strict, every bad row reported by line, nothing returned when any row is bad. */
import { describe, expect, it } from 'vitest';
import { checkRoster } from './roster.ts';
import { parseRosterCsv } from './roster-csv.ts';
import { buildDoctor } from './testing.ts';

const HEADER = 'unit_id,unit_kind,start,end,person_id,role';

describe('parseRosterCsv', () => {
  it('groups rows of the same unit and times into one shift, keeping line numbers', () => {
    const csv = [
      HEADER,
      'amb-1,ambulance-car,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,aw-1,driver',
      'lv-bergen,legevakt,2025-03-03T08:00+01:00,2025-03-03T16:00+01:00,doc-1,doctor-on-call',
      'amb-1,ambulance-car,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,aw-2,crew',
      '',
    ].join('\n');
    const r = parseRosterCsv(csv);
    expect(r).toEqual({
      ok: true,
      shifts: [
        {
          unitId: 'amb-1',
          unitKind: 'ambulance-car',
          start: '2025-03-03T08:00+01:00',
          end: '2025-03-03T20:00+01:00',
          assignments: [
            { personId: 'aw-1', role: 'driver' },
            { personId: 'aw-2', role: 'crew' },
          ],
          lines: [2, 4],
        },
        {
          unitId: 'lv-bergen',
          unitKind: 'legevakt',
          start: '2025-03-03T08:00+01:00',
          end: '2025-03-03T16:00+01:00',
          assignments: [{ personId: 'doc-1', role: 'doctor-on-call' }],
          lines: [3],
        },
      ],
    });
  });

  it('accepts CRLF, a byte-order mark, Z times and quoted fields', () => {
    const csv = `\uFEFF${HEADER}\r\n"lvs-1",lv-sentral,2025-03-03T07:00Z,2025-03-03T15:00Z,"op-1",operator\r\n`;
    const r = parseRosterCsv(csv);
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(r.shifts[0]).toMatchObject({
        unitId: 'lvs-1',
        assignments: [{ personId: 'op-1', role: 'operator' }],
      });
  });

  it('reports every bad row by line and returns no shifts', () => {
    const csv = [
      HEADER,
      'amb-1,ambulance-car,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,aw-1,driver',
      'amb-1,ambulance-van,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,aw-2,crew',
      'amb-1,ambulance-car,2025-03-03 08:00,2025-03-03T20:00+01:00,aw-2,crew',
      'amb-1,ambulance-car,2025-03-03T20:00+01:00,2025-03-03T08:00+01:00,aw-2,crew',
      'amk-1,amk,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,aw-2,skipper',
      'amb-1,ambulance-car,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,aw-1,driver',
      'amb-1,ambulance-car,2025-03-03T08:00+01:00',
      'amb-1,ambulance-car,2025-03-03T08:00+01:00,2025-03-12T08:00+01:00,aw-3,crew',
      'amb 1,ambulance-car,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,,crew',
      'amb-1,ambulance-car,2025-02-30T08:00+01:00,2025-03-03T20:00+01:00,aw-4,crew',
      '"amb-1,ambulance-car,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,aw-4,crew',
    ].join('\n');
    const r = parseRosterCsv(csv);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 10, 11, 12]);
    expect(r.errors[0]!.message).toContain('unit_kind "ambulance-van"');
    expect(r.errors[1]!.message).toContain('offset');
    expect(r.errors[2]!.message).toBe('end must be after start');
    expect(r.errors[3]!.message).toContain('role "skipper" is not used on amk');
    expect(r.errors[4]!.message).toBe('duplicate of line 2');
    expect(r.errors[5]!.message).toBe('expected 6 fields, got 3');
    expect(r.errors[6]!.message).toBe('a shift may last at most 7 days');
    expect(r.errors[7]!.message).toContain('unit_id "amb 1"');
    expect(r.errors[8]!.message).toContain('person_id ""');
    expect(r.errors[9]!.message).toContain('start "2025-02-30T08:00+01:00"');
    expect(r.errors[10]!.message).toBe('unterminated quote');
    // Issue 9 part 7: each error names its column and says what it means as a code for the web.
    expect(r.errors.map((e) => [e.column, e.code])).toEqual([
      ['unit_kind', 'invalid_value'],
      ['start', 'rule.date-time'],
      ['end', 'csv.end-not-after-start'],
      ['role', 'csv.role-not-for-unit-kind'],
      ['person_id', 'csv.duplicate-in-file'],
      [null, 'csv.field-count'],
      ['end', 'csv.shift-too-long'],
      ['unit_id', 'rule.unit-id'],
      ['person_id', 'rule.unit-id'],
      ['start', 'rule.date-time'],
      [null, 'csv.syntax'],
    ]);
    expect(r.errors[3]!.params).toEqual({ value: 'skipper', unitKind: 'amk', values: expect.any(String) });
    expect(r.errors[4]!.params).toEqual({ value: 'aw-1', otherLine: 2 });
    expect('shifts' in r).toBe(false);
  });

  it('refuses a wrong header, an empty file and a file with only the header', () => {
    expect(parseRosterCsv('unit,kind,start,end,person,role\n')).toEqual({
      ok: false,
      errors: [
        {
          line: 1,
          column: null,
          message: expect.stringContaining('header must be exactly'),
          code: 'csv.roster-header',
          params: { columns: HEADER },
        },
      ],
    });
    expect(parseRosterCsv('')).toEqual({
      ok: false,
      errors: [expect.objectContaining({ line: 1, message: expect.stringContaining('empty file') })],
    });
    expect(parseRosterCsv(`${HEADER}\n`)).toEqual({
      ok: false,
      errors: [{ line: 2, column: null, message: 'no roster rows after the header', code: 'csv.no-rows' }],
    });
  });

  it('a blank line in the middle is a bad row', () => {
    const r = parseRosterCsv(
      `${HEADER}\n\namb-1,ambulance-car,2025-03-03T08:00+01:00,2025-03-03T20:00+01:00,aw-1,driver\n`,
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          line: 2,
          column: null,
          message: 'expected 6 fields, got 1',
          code: 'csv.field-count',
          params: { cells: 1, columns: 6 },
        },
      ],
    });
  });

  it('CMP-1: violations found in an imported roster carry the CSV line numbers', () => {
    const csv = [
      HEADER,
      'lv-x,legevakt,2025-03-03T08:00+01:00,2025-03-03T16:00+01:00,doc-9,doctor-on-call',
    ].join('\n');
    const r = parseRosterCsv(csv);
    if (!r.ok) throw new Error('expected a valid roster');
    const people = new Map([['doc-9', buildDoctor({ id: 'doc-9', name: 'Ny Lege' })]]);
    const report = checkRoster(r.shifts, people, {
      from: '2025-03-03T08:00+01:00',
      to: '2025-03-03T16:00+01:00',
    });
    expect(report.violations).toEqual([
      expect.objectContaining({ kind: 'backup', paragraph: '§7 annet ledd', lines: [2] }),
    ]);
  });
});
