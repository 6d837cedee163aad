/**
 * Strict RFC 4180 CSV reading and writing for routing data files.
 *
 * Reading is strict on purpose: a data file that a spreadsheet mangled (a stray quote, a missing
 * column, a semicolon separator) must be rejected with its file and line, never half-read.
 */

/** One problem in a data set: `line` is the 1-based line in `file`, or 0 for whole-file/set problems. */
export interface DataError {
  file: string;
  line: number;
  message: string;
}

/** One record of a CSV file: `line` is where the record starts (a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface ParsedCsv {
  header: string[];
  /** Header line is line 1; records carry their own line. */
  records: CsvRecord[];
  errors: DataError[];
}

/**
 * Parses CSV text: comma separator, optional double-quoted fields with `""` escapes (which may
 * contain commas and line breaks), LF or CRLF line ends, an optional UTF-8 BOM and an optional
 * final line break. Every record must have as many fields as the header. Blank lines are errors.
 */
export function parseCsv(text: string, file: string): ParsedCsv {
  const errors: DataError[] = [];
  const rows: CsvRecord[] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (pos < n) {
    const start = line;
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = n;
    const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const raw = text.slice(pos, end);
    if (!raw.includes('"')) {
      // Fast path: no quotes on this line, so it is one whole record.
      if (raw.length === 0) errors.push({ file, line: start, message: 'empty line' });
      else if (raw.includes('\r')) errors.push({ file, line: start, message: 'stray carriage return' });
      else rows.push({ line: start, fields: raw.split(',') });
      pos = nl + 1;
      line++;
      continue;
    }
    const result = parseQuotedRecord(text, pos, line);
    if ('error' in result) {
      errors.push({ file, line: result.errorLine, message: result.error });
      // Resynchronise at the next line after the failing one.
      const next = text.indexOf('\n', result.resumeAt);
      pos = next === -1 ? n : next + 1;
      line = result.resumeLine + 1;
      continue;
    }
    rows.push({ line: start, fields: result.fields });
    pos = result.next;
    line = result.line;
  }
  if (rows.length === 0 || rows[0]!.line !== 1) {
    if (errors.length === 0 || errors[0]!.line !== 1) {
      errors.unshift({ file, line: 1, message: 'file is empty: a header row is required' });
    }
    return { header: [], records: [], errors };
  }
  const header = rows[0]!.fields;
  const records: CsvRecord[] = [];
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i]!;
    if (r.fields.length !== header.length) {
      errors.push({
        file,
        line: r.line,
        message: `expected ${header.length} fields (as in the header), found ${r.fields.length}`,
      });
    } else records.push(r);
  }
  return { header, records, errors };
}

type QuotedResult =
  | { fields: string[]; next: number; line: number }
  | { error: string; errorLine: number; resumeAt: number; resumeLine: number };

/** Character-level parse of one record starting at `pos` that contains at least one quote. */
function parseQuotedRecord(text: string, pos: number, line: number): QuotedResult {
  const fields: string[] = [];
  const n = text.length;
  let i = pos;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      const startLine = line;
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) {
          return { error: 'unterminated quoted field', errorLine: startLine, resumeAt: n, resumeLine: line };
        }
        const chunk = text.slice(j, q);
        for (let k = chunk.indexOf('\n'); k !== -1; k = chunk.indexOf('\n', k + 1)) line++;
        value += chunk;
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      const c = text.charCodeAt(i);
      if (i >= n) return { fields, next: n, line: line + 1 };
      if (c === 44 /* , */) {
        i++;
        continue;
      }
      if (c === 10) return { fields, next: i + 1, line: line + 1 };
      if (c === 13 && text.charCodeAt(i + 1) === 10) return { fields, next: i + 2, line: line + 1 };
      return { error: 'unexpected character after a closing quote', errorLine: line, resumeAt: i, resumeLine: line };
    }
    // Unquoted field: runs to the next comma or line end and must not contain a quote.
    let j = i;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === 44 || c === 10 || (c === 13 && text.charCodeAt(j + 1) === 10)) break;
      if (c === 34) {
        return { error: 'quote inside an unquoted field', errorLine: line, resumeAt: j, resumeLine: line };
      }
      j++;
    }
    fields.push(text.slice(i, j));
    if (j >= n) return { fields, next: n, line: line + 1 };
    const c = text.charCodeAt(j);
    if (c === 44) {
      i = j + 1;
      continue;
    }
    const next = c === 13 ? j + 2 : j + 1;
    return { fields, next, line: line + 1 };
  }
}

/**
 * Checks a header against the expected column names (any order). Returns the column index of
 * each expected name, or errors for missing, unexpected and duplicate columns.
 */
export function mapHeader(
  header: readonly string[],
  expected: readonly string[],
  file: string,
): { index: Record<string, number> } | { errors: DataError[] } {
  const errors: DataError[] = [];
  const index: Record<string, number> = {};
  header.forEach((name, i) => {
    if (!expected.includes(name)) errors.push({ file, line: 1, message: `unexpected column "${name}"` });
    else if (name in index) errors.push({ file, line: 1, message: `duplicate column "${name}"` });
    else index[name] = i;
  });
  for (const name of expected) {
    if (!(name in index)) errors.push({ file, line: 1, message: `missing column "${name}"` });
  }
  return errors.length > 0 ? { errors } : { index };
}

export type CsvValue = string | number | boolean | null | undefined;

function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Writes rows as CSV: one header row of `columns`, fields quoted only where needed (RFC 4180).
 * `lineEnd` defaults to CRLF as RFC 4180 says; data files in the repository use LF.
 */
export function writeCsv(
  columns: readonly string[],
  rows: Iterable<Readonly<Record<string, CsvValue>>>,
  lineEnd: '\r\n' | '\n' = '\r\n',
): string {
  const out: string[] = [columns.map(csvField).join(',')];
  for (const row of rows) out.push(columns.map((c) => csvField(row[c])).join(','));
  return out.join(lineEnd) + lineEnd;
}
