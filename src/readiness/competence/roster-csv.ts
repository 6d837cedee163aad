/**
 * Roster CSV import. Strict: the header must be exactly
 *
 *   unit_id,unit_kind,start,end,person_id,role
 *
 * separated by commas, or by semicolons as a Norwegian Excel writes it (the separator is read from
 * the header line; a UTF-8 byte-order mark and CRLF line ends are accepted); one row per person per
 * shift; rows with the same unit_id, unit_kind, start and end form one
 * shift. `start`/`end` are ISO 8601 date-times with an explicit offset (`2025-03-03T08:00+01:00`),
 * `end` exclusive and after `start`, a shift lasting at most 7 days. Every bad row is reported with
 * its line number, the column at fault (null when the whole line is) and a message code with its
 * parameters (the `field.<code>` texts of the web); when any row is bad no shift is returned.
 */
import { detectSeparator } from '../../platform/text/csv.ts';
import { parseInstant } from './dates.ts';
import { ROLES_BY_UNIT_KIND, UNIT_KINDS } from './roster.ts';
import type { RosterShift } from './types.ts';

export const ROSTER_CSV_COLUMNS = ['unit_id', 'unit_kind', 'start', 'end', 'person_id', 'role'] as const;

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;
const MAX_SHIFT_MS = 7 * 24 * 3_600_000;

export interface CsvError {
  line: number;
  /** The header name of the column at fault; null when the line as a whole is. */
  column: string | null;
  /** English text (logs, integrators). */
  message: string;
  /** What it means as a message code (`csv.*`, `rule.*`, zod's `invalid_value`) for the web. */
  code: string;
  params?: Record<string, string | number>;
}

export type RosterCsvResult = { ok: true; shifts: RosterShift[] } | { ok: false; errors: CsvError[] };

/** Splits one CSV line into fields (RFC 4180 quoting, no line breaks inside fields). */
function splitLine(text: string, separator: ',' | ';'): string[] | string {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let wasQuoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (field !== '' || wasQuoted) return 'a quote may only open a field';
      quoted = true;
      wasQuoted = true;
    } else if (ch === separator) {
      fields.push(field);
      field = '';
      wasQuoted = false;
    } else {
      if (wasQuoted) return 'text after a closing quote';
      field += ch;
    }
    i++;
  }
  if (quoted) return 'unterminated quote';
  fields.push(field);
  return fields;
}

/** Parses a roster CSV (see the module comment for the format). */
export function parseRosterCsv(text: string): RosterCsvResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  const errors: CsvError[] = [];
  const columns = ROSTER_CSV_COLUMNS.join(',');
  const badHeader = (message: string): RosterCsvResult => ({
    ok: false,
    errors: [{ line: 1, column: null, message, code: 'csv.roster-header', params: { columns } }],
  });
  const header = lines[0];
  if (header === undefined) return badHeader('empty file: expected the header row');
  const separator = detectSeparator(header);
  const headerCells = splitLine(header, separator);
  if (typeof headerCells === 'string' || headerCells.map((c) => c.trim()).join(',') !== columns)
    return badHeader(`header must be exactly "${columns}", got "${header}"`);
  if (lines.length === 1)
    return {
      ok: false,
      errors: [{ line: 2, column: null, message: 'no roster rows after the header', code: 'csv.no-rows' }],
    };

  const shifts = new Map<string, RosterShift>();
  const seen = new Map<string, number>();
  for (let index = 1; index < lines.length; index++) {
    const line = index + 1;
    const fail = (
      column: (typeof ROSTER_CSV_COLUMNS)[number] | null,
      message: string,
      detail: Pick<CsvError, 'code' | 'params'>,
    ) => errors.push({ line, column, message, ...detail });
    const split = splitLine(lines[index]!, separator);
    if (typeof split === 'string') {
      fail(null, split, { code: 'csv.syntax' });
      continue;
    }
    if (split.length !== ROSTER_CSV_COLUMNS.length) {
      fail(null, `expected ${ROSTER_CSV_COLUMNS.length} fields, got ${split.length}`, {
        code: 'csv.field-count',
        params: { cells: split.length, columns: ROSTER_CSV_COLUMNS.length },
      });
      continue;
    }
    const [unitId, unitKindText, start, end, personId, roleText] = split.map((f) => f.trim()) as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const before = errors.length;
    const idRule = { code: 'rule.unit-id' };
    const dateTimeRule = { code: 'rule.date-time' };
    if (!ID.test(unitId))
      fail('unit_id', `unit_id "${unitId}" must be 1–100 letters, digits or . _ : @ -`, idRule);
    const unitKind = UNIT_KINDS.find((k) => k === unitKindText);
    if (!unitKind)
      fail('unit_kind', `unit_kind "${unitKindText}" must be one of ${UNIT_KINDS.join(', ')}`, {
        code: 'invalid_value',
        params: { values: UNIT_KINDS.join(', ') },
      });
    const startMs = parseInstant(start);
    const endMs = parseInstant(end);
    if (startMs === null)
      fail(
        'start',
        `start "${start}" must be an ISO date-time with offset, e.g. 2025-03-03T08:00+01:00`,
        dateTimeRule,
      );
    if (endMs === null)
      fail(
        'end',
        `end "${end}" must be an ISO date-time with offset, e.g. 2025-03-03T16:00+01:00`,
        dateTimeRule,
      );
    if (startMs !== null && endMs !== null) {
      if (endMs <= startMs) fail('end', 'end must be after start', { code: 'csv.end-not-after-start' });
      else if (endMs - startMs > MAX_SHIFT_MS)
        fail('end', 'a shift may last at most 7 days', { code: 'csv.shift-too-long', params: { days: 7 } });
    }
    if (!ID.test(personId))
      fail('person_id', `person_id "${personId}" must be 1–100 letters, digits or . _ : @ -`, idRule);
    const role = unitKind ? ROLES_BY_UNIT_KIND[unitKind].find((r) => r === roleText) : undefined;
    if (unitKind && !role) {
      const roles = ROLES_BY_UNIT_KIND[unitKind].join(', ');
      fail('role', `role "${roleText}" is not used on ${unitKind}; use one of ${roles}`, {
        code: 'csv.role-not-for-unit-kind',
        params: { value: roleText, unitKind, values: roles },
      });
    }
    if (errors.length > before || !unitKind || !role) continue;

    const shiftKey = [unitId, unitKind, start, end].join('\u0000');
    const rowKey = [shiftKey, personId, role].join('\u0000');
    const duplicateOf = seen.get(rowKey);
    if (duplicateOf !== undefined) {
      fail('person_id', `duplicate of line ${duplicateOf}`, {
        code: 'csv.duplicate-in-file',
        params: { value: personId, otherLine: duplicateOf },
      });
      continue;
    }
    seen.set(rowKey, line);
    let shift = shifts.get(shiftKey);
    if (!shift) {
      shift = { unitId, unitKind, start, end, assignments: [], lines: [] };
      shifts.set(shiftKey, shift);
    }
    shift.assignments.push({ personId, role });
    shift.lines!.push(line);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, shifts: [...shifts.values()] };
}
