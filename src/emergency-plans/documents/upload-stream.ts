/**
 * The bytes of an upload, checked while they stream into the blob store (LV-7): the first bytes
 * against the declared media type, plain text as UTF-8 without NUL, the size against the limit.
 * A check that fails throws from the stream, so the blob store's `put` fails and stores nothing
 * (the port's guarantee); the caller answers the problem.
 */
import { refusal } from '../../platform/errors.ts';
import { SIGNATURE_BYTES, signatureMatches } from '../domain/document-check.ts';
import type { DocumentMediaType } from '../domain/plan-values.ts';

export const MIB = 1024 * 1024;

export function tooLarge(maxBytes: number) {
  return refusal(
    'payload-too-large',
    `A plan's document is at most ${maxBytes} bytes`,
    { code: 'plan.document-too-large', params: { maxMb: Math.floor(maxBytes / MIB) } },
    { limit: maxBytes },
  );
}

const mismatch = (mediaType: string) =>
  refusal('unsupported-media-type', `The content is not of the declared type ${mediaType}`, {
    code: 'plan.document-content-mismatch',
    params: { mediaType },
  });

const notUtf8 = () =>
  refusal('invalid-encoding', 'A plain-text document must be UTF-8 without NUL characters', {
    code: 'plan.document-not-utf8',
  });

export const emptyDocument = () =>
  refusal('bad-request', 'The document is empty', { code: 'plan.document-empty' });

/** `source` passed through, checked as it goes (see the file comment). */
export async function* checkedUpload(
  source: AsyncIterable<Uint8Array>,
  check: { mediaType: DocumentMediaType; maxBytes: number },
): AsyncGenerator<Uint8Array> {
  let size = 0;
  let head: Buffer | null = Buffer.alloc(0);
  const text = check.mediaType === 'text/plain' ? new TextDecoder('utf-8', { fatal: true }) : null;
  const checkText = (chunk: Uint8Array, last: boolean) => {
    if (!text) return;
    if (chunk.includes(0)) throw notUtf8();
    try {
      text.decode(chunk, { stream: !last });
    } catch {
      throw notUtf8();
    }
  };
  for await (const chunk of source) {
    size += chunk.length;
    if (size > check.maxBytes) throw tooLarge(check.maxBytes);
    checkText(chunk, false);
    if (head) {
      head = Buffer.concat([head, chunk]);
      if (head.length < SIGNATURE_BYTES) continue;
      if (!signatureMatches(check.mediaType, head)) throw mismatch(check.mediaType);
      const first = head;
      head = null;
      yield first;
      continue;
    }
    yield chunk;
  }
  checkText(new Uint8Array(0), true);
  if (size === 0) throw emptyDocument();
  if (head) {
    if (!signatureMatches(check.mediaType, head)) throw mismatch(check.mediaType);
    yield head;
  }
}
