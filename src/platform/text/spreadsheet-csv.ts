/**
 * CSV for a Norwegian spreadsheet (reports): `;` between cells, CRLF line ends and a UTF-8 BOM, so
 * Excel with a Norwegian locale opens the file as it is, æøå intact. Cells are quoted only when
 * they hold the separator, a quote or a line break — not for a comma, the Norwegian decimal mark. PURE. (Routing's data files are strict RFC 4180
 * with `,`: routing/data/csv.ts.)
 */

/** One cell: text as it is, numbers as they are, null/undefined empty, anything else as JSON. */
export function spreadsheetCell(v: unknown): string {
  const t =
    typeof v === 'string' ? v : typeof v === 'number' ? String(v) : v == null ? '' : JSON.stringify(v);
  return /[";\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** Rows (the first is the header) as one `;`-separated CSV text with a BOM. */
export function spreadsheetCsv(rows: readonly (readonly unknown[])[]): string {
  return '\uFEFF' + rows.map((r) => r.map(spreadsheetCell).join(';')).join('\r\n') + '\r\n';
}
