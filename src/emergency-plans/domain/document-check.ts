/**
 * What a plan's document must be (LV-7), checked before anything is stored. PURE: the upload
 * stream (documents/upload-stream.ts) feeds it the declared media type, the first bytes and the
 * size.
 *
 * - The declared media type (the request's Content-Type, without parameters) must be on the
 *   allow-list of plan-values.ts.
 * - The first bytes must be those of that type (a PDF starts with `%PDF-`, a DOCX or ODT is a ZIP
 *   archive, PNG and JPEG have their signatures; plain text is checked as UTF-8 without NUL over
 *   the whole file): a file renamed to look like a PDF is refused. This is a check of the label,
 *   not a virus scan.
 * - It is not empty, and not larger than the configured limit.
 *
 * The file name the client gives is kept for the download, cleaned of any folder part and of
 * control characters.
 */
import { documentMediaTypes, type DocumentMediaType } from './plan-values.ts';

/** The media type of a Content-Type header: lower case, without parameters (`; charset=…`). */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function isAllowedMediaType(mediaType: string): mediaType is DocumentMediaType {
  return (documentMediaTypes as readonly string[]).includes(mediaType);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const SIGNATURES: Record<DocumentMediaType, readonly number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ZIP,
  'application/vnd.oasis.opendocument.text': ZIP,
  'text/plain': [],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

/** How many first bytes `signatureMatches` needs. */
export const SIGNATURE_BYTES = 8;

/** Whether the first bytes of a file (at least `SIGNATURE_BYTES`, or the whole file) fit its type. */
export function signatureMatches(mediaType: DocumentMediaType, head: Uint8Array): boolean {
  const sig = SIGNATURES[mediaType];
  if (head.length < sig.length) return false;
  return sig.every((b, i) => head[i] === b);
}

const MAX_FILENAME = 200;

/**
 * The file name to keep: the last part of a path (a browser may send `C:\…\plan.pdf`), without
 * control characters, trimmed, at most 200 characters (keeping the ending). Null when nothing is left.
 */
export function cleanFilename(name: string): string | null {
  const last = name.split(/[\\/]/).pop() ?? '';
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (clean === '' || clean === '.' || clean === '..') return null;
  if (clean.length <= MAX_FILENAME) return clean;
  const dot = clean.lastIndexOf('.');
  const ending = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return clean.slice(0, MAX_FILENAME - ending.length) + ending;
}

/** The value of a `tel:` link for a phone number as written (`+47 55 55 55 55` → `+4755555555`). */
export function telUri(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}
