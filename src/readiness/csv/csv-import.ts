/**
 * All-or-nothing CSV imports: every row is validated (zod per row, then database look-ups by the
 * caller); any bad row refuses the whole file with a 422 problem listing each error by line and
 * column, and the caller's transaction writes nothing.
 */
import type { ZodType } from 'zod';
import { AppError, type MessageParams, type ServerMessage } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { messageOfIssue } from '../../platform/http/field-errors.ts';
import { NOT_UTF8_ADVICE } from '../../platform/text/utf8.ts';
import { CsvSyntaxError, parseCsv } from '../../platform/text/csv.ts';

export interface CsvRowError {
  line: number;
  column: string | null;
  /** English text (logs, integrators); the web renders `code` with `params`. */
  message: string;
  code?: string;
  params?: MessageParams;
}

export interface CsvRecord<T> {
  line: number;
  value: T;
}

/**
 * The CSV text of an import body: `text/csv` (a string) or JSON `{ csv }`. A `text/csv` body that
 * is not UTF-8 is refused while it is read (see the readiness content-type parser); a browser that
 * read a Latin-1 file as UTF-8 before sending it as JSON has already turned each æ/ø/å into
 * U+FFFD, so that character is refused here, by line, instead of being stored garbled.
 */
export function csvText(body: string | { csv: string }): string {
  const text = typeof body === 'string' ? body : body.csv;
  const bad = text.indexOf('\uFFFD');
  if (bad !== -1) {
    const before = text.slice(0, bad);
    const line = before.split('\n').length;
    const column = bad - before.lastIndexOf('\n');
    throw new AppError('invalid-encoding', `The CSV is not UTF-8: ${NOT_UTF8_ADVICE}`, {
      errors: [
        {
          path: typeof body === 'string' ? 'body' : 'body.csv',
          code: 'not-utf8',
          line,
          column,
          message: `line ${line}, column ${column}: a character was lost in decoding (U+FFFD); ${NOT_UTF8_ADVICE}`,
        },
      ],
    });
  }
  return text;
}

export class CsvErrors {
  readonly errors: CsvRowError[] = [];
  /** One bad row; `detail` is what it means as a message code, for the web to render. */
  add(line: number, column: string | null, message: string, detail?: ServerMessage): void {
    this.errors.push({
      line,
      column,
      message,
      ...(detail ? { code: detail.code, ...(detail.params ? { params: detail.params } : {}) } : {}),
    });
  }
  /** A refusal of one row by a use case (an AppError): its field names the column when it has one. */
  addRefusal(line: number, e: AppError, fallbackColumn: string | null = null): void {
    const field = typeof e.extra.field === 'string' ? e.extra.field : fallbackColumn;
    const code = typeof e.extra.detailCode === 'string' ? e.extra.detailCode : undefined;
    const params = e.extra.detailParams as MessageParams | undefined;
    this.add(line, field, e.message, code ? { code, ...(params ? { params } : {}) } : undefined);
  }
  /** Throws the 422 problem when any row was bad. */
  throwIfAny(what: string): void {
    if (this.errors.length === 0) return;
    const n = new Set(this.errors.map((e) => e.line)).size;
    throw new AppError('unprocessable', `${what}: ${n} bad row${n === 1 ? '' : 's'}; nothing was imported`, {
      detailCode: 'csv.refused',
      detailParams: { rows: n },
      errors: this.errors.map((e) => ({
        ...e,
        path: e.column ? `line ${e.line}, column ${e.column}` : `line ${e.line}`,
      })),
    });
  }
}

/**
 * Reads the CSV, checks the header has the required columns and validates every row with
 * `rowSchema` (cells keyed by lower-case header; empty cells are absent). Errors go to `errors`.
 */
export function readCsvRows<T>(
  text: string,
  rowSchema: ZodType<T>,
  required: readonly string[],
  errors: CsvErrors,
): CsvRecord<T>[] {
  let parsed;
  try {
    parsed = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      errors.add(e.line, null, e.message.replace(/^line \d+: /, ''), { code: 'csv.syntax' });
      return [];
    }
    throw e;
  }
  const missing = required.filter((c) => !parsed.header.includes(c));
  for (const c of missing)
    errors.add(1, c, `the header has no column "${c}"`, {
      code: 'csv.header-missing',
      params: { column: c },
    });
  if (missing.length) return [];
  if (parsed.rows.length === 0)
    errors.add(2, null, 'the file has a header but no rows', { code: 'csv.no-rows' });
  const out: CsvRecord<T>[] = [];
  for (const row of parsed.rows) {
    if (row.cells.length > parsed.header.length) {
      errors.add(
        row.line,
        null,
        `${row.cells.length} cells, but the header has ${parsed.header.length} columns`,
        { code: 'csv.too-many-cells', params: { cells: row.cells.length, columns: parsed.header.length } },
      );
      continue;
    }
    const obj: Record<string, string> = {};
    parsed.header.forEach((h, i) => {
      const v = row.cells[i];
      if (v !== undefined && v !== '') obj[h] = v;
    });
    const r = rowSchema.safeParse(obj);
    if (r.success) out.push({ line: row.line, value: r.data });
    else
      for (const issue of r.error.issues) {
        const column = issue.path.length ? String(issue.path[0]) : null;
        const message = column && obj[column] === undefined ? `${column} is required` : issue.message;
        errors.add(row.line, column, message, messageOfIssue(issue, obj));
      }
  }
  return out;
}

/** A unit a CSV row refers to, and the message its line gets when the unit is outside the caller's scope. */
export interface RowUnitRef {
  column: string;
  unitId: string | null | undefined;
  /** Worded like a missing record: outside the caller's organisation reads like nothing (no leak). */
  message: string;
  /** The same as a stable code for the web (the code of a missing record). */
  detail?: ServerMessage;
}

/**
 * The scope gate of an import (issue 8): every row's units must lie within the caller's scope,
 * checked for every row before anything else about the file is looked at. One row outside it
 * refuses the whole file with only the gate's errors — none of the rows' other faults, duplicates
 * or look-ups are reported, so an import tells a caller nothing about another unit's data.
 */
export async function refuseRowsOutsideScope<T>(
  rows: readonly CsvRecord<T>[],
  refsOf: (value: T) => RowUnitRef[] | Promise<RowUnitRef[]>,
  inScope: (unitId: string) => boolean,
  what: string,
): Promise<void> {
  const gate = new CsvErrors();
  for (const { line, value } of rows) {
    for (const ref of await refsOf(value)) {
      if (ref.unitId && !inScope(ref.unitId)) gate.add(line, ref.column, ref.message, ref.detail);
    }
  }
  gate.throwIfAny(what);
}

/**
 * The end of every all-or-nothing import: refuses the file if any row was bad (the caller's
 * transaction rolls back, nothing is stored), else writes the one audit row naming what was
 * imported (and the import's own `details`, if any) and returns the import's answer.
 */
export async function finishImport(
  tx: Queryable,
  actor: Actor,
  errors: CsvErrors,
  refused: string,
  audit: { action: string; entityType: string; entityId?: string; details?: Record<string, unknown> },
  ids: string[],
): Promise<{ imported: number; ids: string[] }> {
  errors.throwIfAny(refused);
  const { details, ...what } = audit;
  await recordAudit(tx, actor, {
    entityId: 'import',
    ...what,
    details: { count: ids.length, ids, ...details },
  });
  return { imported: ids.length, ids };
}
