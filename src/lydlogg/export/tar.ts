/**
 * An uncompressed POSIX tar (ustar), written and read by hand (no package): the case export's
 * container (docs/lydlogg.md, "Case export"). Any tar program unpacks it.
 *
 * - `tarHeader` makes the 512-byte header of a regular file; the content follows, padded with
 *   zeros to a multiple of 512; two zero blocks end the archive (`TAR_END`).
 * - `readTar` walks an archive as it streams by, handing each file's content in pieces — memory:
 *   one header and the pieces in flight. It refuses a damaged header (checksum), a file cut short
 *   and an archive without its end.
 */
import type { Readable } from 'node:stream';

export const BLOCK = 512;
export const TAR_END = Buffer.alloc(2 * BLOCK);

export class TarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarError';
  }
}

const octal = (n: number, width: number) => `${n.toString(8).padStart(width - 1, '0')}\0`;

/** The header of a regular file `name` (≤ 100 ASCII bytes) of `size` bytes, modified at `mtime`. */
export function tarHeader(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  const n = Buffer.from(name, 'utf8');
  if (n.length > 100) throw new TarError(`A name in the archive is at most 100 bytes: ${name}`);
  n.copy(h, 0);
  h.write(octal(0o644, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write('0', 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  h.write('nodmeld', 265, 'latin1');
  h.write('nodmeld', 297, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

/** Zeros after `size` bytes of content up to the next block. */
export const tarPadding = (size: number): Buffer => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

function parseHeader(h: Buffer): { name: string; size: number; type: string } {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  const stored = parseInt(h.toString('latin1', 148, 156).replace(/[\0 ]/g, ''), 8);
  if (stored !== sum) throw new TarError('A header in the archive is damaged (checksum)');
  const field = (from: number, len: number) =>
    h
      .subarray(from, from + len)
      .toString('utf8')
      .replace(/\0.*$/s, '');
  const prefix = h.toString('latin1', 257, 263) === 'ustar\0' ? field(345, 155) : '';
  const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
  const size = parseInt(field(124, 12).trim() || '0', 8);
  if (!Number.isFinite(size) || size < 0) throw new TarError(`The size of ${name} is damaged`);
  return { name, size, type: field(156, 1) || '0' };
}

export interface TarEntry {
  name: string;
  size: number;
  /** '0' a regular file. */
  type: string;
}

/**
 * Reads an archive from `source`: `onEntry` is called for each entry with its content as an async
 * iterable, which it must read to the end before the next entry comes.
 */
export async function readTar(
  source: Readable | AsyncIterable<Uint8Array>,
  onEntry: (entry: TarEntry, content: AsyncIterable<Buffer>) => Promise<void>,
): Promise<void> {
  const it = (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  let buf: Buffer = Buffer.alloc(0);
  let done = false;
  const fill = async (n: number): Promise<boolean> => {
    while (buf.length < n && !done) {
      const r = await it.next();
      if (r.done) done = true;
      else buf = buf.length ? Buffer.concat([buf, Buffer.from(r.value)]) : Buffer.from(r.value);
    }
    return buf.length >= n;
  };
  for (;;) {
    if (!(await fill(BLOCK))) throw new TarError('The archive ends without its end blocks (truncated)');
    const block = buf.subarray(0, BLOCK);
    buf = buf.subarray(BLOCK);
    if (block.every((b) => b === 0)) {
      if (!(await fill(BLOCK)) || !buf.subarray(0, BLOCK).every((b) => b === 0))
        throw new TarError('The archive ends without its end blocks (truncated)');
      return;
    }
    const entry = parseHeader(block);
    let left = entry.size;
    async function* content(): AsyncGenerator<Buffer> {
      while (left > 0) {
        if (buf.length === 0 && !(await fill(1)))
          throw new TarError(`${entry.name} is cut short (truncated)`);
        const n = Math.min(left, buf.length);
        const piece = buf.subarray(0, n);
        buf = buf.subarray(n);
        left -= n;
        yield piece;
      }
    }
    await onEntry(entry, content());
    for await (const _ of content()) {
      // Whatever the handler left unread.
    }
    const pad = (BLOCK - (entry.size % BLOCK)) % BLOCK;
    if (pad && !(await fill(pad))) throw new TarError(`${entry.name} is cut short (truncated)`);
    buf = buf.subarray(pad);
  }
}
