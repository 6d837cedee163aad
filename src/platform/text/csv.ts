/**
 * RFC 4180 CSV reading with line numbers, for the readiness imports. Accepts `,` or `;` as the
 * separator (spreadsheets with Norwegian locale write `;`), a UTF-8 BOM, CRLF line ends and quoted
 * fields with embedded separators, quotes and line breaks.
 */

/**
 * The separator of a CSV file, read from its header line: `;` when the header has more
 * semicolons than commas outside quotes (Norwegian Excel), otherwise `,`. Quoted header cells
 * may contain either character without confusing the count.
 */
export function detectSeparator(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '\n' || c === '\r') break;
    else if (c === ',') commas++;
    else if (c === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

export interface CsvRow {
  /** 1-based line in the file where the row starts (the header is line 1). */
  line: number;
  cells: string[];
}

export interface ParsedCsv {
  header: string[];
  rows: CsvRow[];
  separator: ',' | ';';
}

export class CsvSyntaxError extends Error {
  constructor(
    public readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Splits CSV text into a header and rows; blank lines are skipped. */
export function parseCsv(text: string): ParsedCsv {
  const src = text.replace(/^\uFEFF/, '');
  const separator = detectSeparator(src);
  const records: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let i = 0;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0]!.trim() === '')) records.push({ line: startLine, cells });
    cells = [];
    cell = '';
  };
  while (i < src.length) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n') line++;
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
      i++;
      continue;
    }
    if (c === separator) {
      cells.push(cell);
      cell = '';
      i++;
      continue;
    }
    if (c === '\r' && src[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === '\n') {
      endRecord();
      line++;
      startLine = line;
      i++;
      continue;
    }
    cell += c;
    i++;
  }
  if (quoted) throw new CsvSyntaxError(startLine, 'a quoted field is not closed');
  if (cell !== '' || cells.length > 0) endRecord();
  const [head, ...rows] = records;
  if (!head) throw new CsvSyntaxError(1, 'the file is empty: expected a header row');
  return {
    header: head.cells.map((h) => h.trim().toLowerCase()),
    rows: rows.map((r) => ({ line: r.line, cells: r.cells.map((c) => c.trim()) })),
    separator,
  };
}
