/**
 * Strict UTF-8 decoding for text that comes from outside: routing data files and CSV uploads.
 *
 * `Buffer#toString('utf8')` and `readFile(…, 'utf8')` silently turn bytes that are not UTF-8 into
 * U+FFFD, so a Latin-1 / Windows-1252 file (what a Norwegian Excel writes unless told "CSV UTF-8")
 * is accepted with every æ, ø and å garbled. Here such text is refused with the line (and column)
 * of each bad byte instead. A UTF-8 byte-order mark is accepted and removed.
 */

export interface EncodingError {
  /** 1-based line of the bad byte (lines end at LF). */
  line: number;
  /** 1-based byte column in that line. */
  column: number;
  message: string;
}

export type Utf8Result = { ok: true; text: string } | { ok: false; errors: EncodingError[] };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Advice for the person who made the file, shared by every caller. */
export const NOT_UTF8_ADVICE =
  'the file is not UTF-8 (it looks like Latin-1/Windows-1252): save it as UTF-8, e.g. "CSV UTF-8" in Excel';

/**
 * Decodes UTF-8 strictly. On bad input returns one error per line with bad bytes (at most
 * `maxErrors`), each naming the first bad byte of that line.
 */
export function decodeUtf8(bytes: Uint8Array, maxErrors = 20): Utf8Result {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, errors: findInvalidUtf8(bytes, maxErrors) };
  }
}

/** Byte length of the valid UTF-8 sequence starting at `i`, or 0 when it is not valid (RFC 3629). */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    // E0: no overlong forms; ED: no UTF-16 surrogates (U+D800–U+DFFF).
    const second = c === 0xe0 ? cont(1, 0xa0) : c === 0xed ? cont(1, 0x80, 0x9f) : cont(1);
    return second && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    // F0: no overlong forms; F4: nothing above U+10FFFF.
    const second = c === 0xf0 ? cont(1, 0x90) : c === 0xf4 ? cont(1, 0x80, 0x8f) : cont(1);
    return second && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function findInvalidUtf8(b: Uint8Array, maxErrors: number): EncodingError[] {
  const errors: EncodingError[] = [];
  let line = 1;
  let lineStart = 0;
  let lastErrorLine = 0;
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
      i++;
      continue;
    }
    const n = sequenceLength(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (line !== lastErrorLine) {
      errors.push({
        line,
        column: i - lineStart + 1,
        message: `byte 0x${c.toString(16).toUpperCase().padStart(2, '0')} is not valid UTF-8: ${NOT_UTF8_ADVICE}`,
      });
      lastErrorLine = line;
      if (errors.length >= maxErrors) break;
    }
    i++;
  }
  // The decoder refused the input, so there is at least one bad byte; this is a safety net.
  if (errors.length === 0)
    errors.push({ line: 1, column: 1, message: `not valid UTF-8: ${NOT_UTF8_ADVICE}` });
  return errors;
}
