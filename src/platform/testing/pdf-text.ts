/**
 * The text a pdfkit document shows, for tests: inflates its content streams and decodes the
 * hex glyph runs of every `TJ` (pdfkit writes the standard fonts' WinAnsi codes as hex, split
 * where it kerns) — one string per drawn text, in drawing order.
 */
import { inflateSync } from 'node:zlib';

/** WinAnsi codes 0x80–0x9F that differ from Latin-1 (the ones reports use). */
const WIN_ANSI: Record<number, string> = {
  0x91: '‘',
  0x92: '’',
  0x93: '“',
  0x94: '”',
  0x96: '–',
  0x97: '—',
  0x95: '•',
};

function decodeHex(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const code = parseInt(hex.slice(i, i + 2), 16);
    out += WIN_ANSI[code] ?? String.fromCharCode(code);
  }
  return out;
}

export function pdfTexts(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const texts: string[] = [];
  const streams = /stream\r?\n/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    let content: string;
    try {
      content = inflateSync(bytes).toString('latin1');
    } catch {
      content = bytes.toString('latin1');
    }
    for (const tj of content.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
      texts.push([...tj[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decodeHex(h[1]!)).join(''));
    }
  }
  return texts;
}

/** All the document's text as one string (texts separated by a line break). */
export const pdfText = (pdf: Buffer): string => pdfTexts(pdf).join('\n');
