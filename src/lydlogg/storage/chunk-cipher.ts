/**
 * The recordings' envelope at rest (issue 12; docs/lydlogg.md, "Encryption"): AES-256-GCM in
 * fixed-size chunks, so a recording streams in and out with bounded memory and playback decrypts
 * only the chunks a byte range touches. It sits above the kernel's blob port, so a recording is
 * encrypted the same way on the filesystem store and on an S3-compatible store.
 *
 * Layout of a sealed recording:
 *
 *   header (32 bytes): "NMREC1\n\0" | chunk size (u32 BE) | nonce prefix (8) | key id (8) | 0 (4)
 *   chunk i:           ciphertext of plaintext bytes [i·C, (i+1)·C) | GCM tag (16)
 *
 * - Key: per recording, HKDF-SHA256(configured key, salt = nonce prefix, info = recording id), so
 *   nonces never repeat under one key even if two recordings drew the same prefix.
 * - Nonce of chunk i: the recording's random 8-byte prefix | i (u32 BE).
 * - Associated data of chunk i: recording id | i (u32 BE) | 1 if it is the last chunk, else 0.
 *   A chunk moved, swapped in from another recording, altered, or a file cut after any chunk
 *   (the new last chunk is not marked last) fails authentication: `RecordingIntegrityError`.
 * - Key id: the first 8 bytes of SHA-256 of the configured key (stored per recording as hex), so a
 *   rotated key still opens older recordings (`keys` holds every generation).
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

export const MAGIC = Buffer.from('NMREC1\n\0', 'latin1');
export const HEADER_SIZE = 32;
export const TAG_SIZE = 16;
/** Plaintext bytes per chunk (64 KiB): a seek decrypts at most this much more than it needs. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;

export class RecordingIntegrityError extends Error {
  constructor(
    readonly recordingId: string,
    why: string,
  ) {
    super(`The recording ${recordingId} failed its integrity check: ${why}`);
    this.name = 'RecordingIntegrityError';
  }
}

/** The id of a key: hex of the first 8 bytes of its SHA-256. */
export const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

export interface SealParams {
  recordingId: string;
  key: Buffer;
  chunkSize?: number;
  /** For tests only; random otherwise. */
  noncePrefix?: Buffer;
}

function derive(key: Buffer, prefix: Buffer, recordingId: string): Buffer {
  if (key.length !== 32) throw new Error('A recording key is 32 bytes');
  return Buffer.from(hkdfSync('sha256', key, prefix, `nodmeld-recording:${recordingId}`, 32));
}

function nonce(prefix: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, 8);
  return n;
}

function aad(recordingId: string, index: number, last: boolean): Buffer {
  const id = Buffer.from(recordingId, 'utf8');
  const b = Buffer.alloc(id.length + 5);
  id.copy(b);
  b.writeUInt32BE(index, id.length);
  b[id.length + 4] = last ? 1 : 0;
  return b;
}

function sealChunk(dk: Buffer, prefix: Buffer, id: string, index: number, last: boolean, plain: Buffer) {
  const c = createCipheriv('aes-256-gcm', dk, nonce(prefix, index));
  c.setAAD(aad(id, index, last));
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

/** The number of chunks of a recording of `size` plaintext bytes (an empty one has one, empty). */
export const chunkCount = (size: number, chunkSize: number): number =>
  Math.max(1, Math.ceil(size / chunkSize));

/** Sealed size of a recording of `size` plaintext bytes. */
export const sealedSize = (size: number, chunkSize = DEFAULT_CHUNK_SIZE): number =>
  HEADER_SIZE + size + chunkCount(size, chunkSize) * TAG_SIZE;

/**
 * Seals a stream of plaintext: yields the header, then each chunk once the next byte (or the end)
 * shows whether it is the last. Holds at most one chunk in memory.
 */
export async function* sealStream(
  source: AsyncIterable<Uint8Array>,
  p: SealParams,
): AsyncGenerator<Buffer, void, undefined> {
  const chunkSize = p.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const prefix = p.noncePrefix ?? randomBytes(8);
  const dk = derive(p.key, prefix, p.recordingId);
  const header = Buffer.alloc(HEADER_SIZE);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(chunkSize, 8);
  prefix.copy(header, 12);
  Buffer.from(keyIdOf(p.key), 'hex').copy(header, 20);
  yield header;
  const buf = Buffer.alloc(chunkSize);
  let fill = 0;
  let index = 0;
  for await (const piece of source) {
    const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    for (let off = 0; off < bytes.length;) {
      if (fill === chunkSize) {
        // More bytes follow: the full chunk is not the last.
        yield sealChunk(dk, prefix, p.recordingId, index++, false, buf);
        fill = 0;
      }
      const n = Math.min(chunkSize - fill, bytes.length - off);
      bytes.copy(buf, fill, off, off + n);
      fill += n;
      off += n;
    }
  }
  yield sealChunk(dk, prefix, p.recordingId, index, true, buf.subarray(0, fill));
}

export interface SealedHeader {
  chunkSize: number;
  noncePrefix: Buffer;
  keyId: string;
}

export function parseHeader(recordingId: string, header: Buffer): SealedHeader {
  if (header.length < HEADER_SIZE || !header.subarray(0, 8).equals(MAGIC)) {
    throw new RecordingIntegrityError(recordingId, 'not a sealed recording (bad header)');
  }
  const chunkSize = header.readUInt32BE(8);
  if (chunkSize < 16 || chunkSize > 16 * 1024 * 1024) {
    throw new RecordingIntegrityError(recordingId, 'bad chunk size in the header');
  }
  return {
    chunkSize,
    noncePrefix: Buffer.from(header.subarray(12, 20)),
    keyId: header.subarray(20, 28).toString('hex'),
  };
}

/** Where the sealed bytes of a plaintext range lie: the chunks it touches. */
export function sealedRangeOf(
  range: { start: number; end: number },
  size: number,
  chunkSize: number,
): { firstChunk: number; lastChunk: number; sealedStart: number; sealedEnd: number } {
  const firstChunk = Math.floor(range.start / chunkSize);
  const lastChunk = Math.min(Math.floor(range.end / chunkSize), chunkCount(size, chunkSize) - 1);
  const sealed = chunkSize + TAG_SIZE;
  const sealedStart = HEADER_SIZE + firstChunk * sealed;
  const lastPlain = Math.min(chunkSize, size - lastChunk * chunkSize);
  const sealedEnd = HEADER_SIZE + lastChunk * sealed + lastPlain + TAG_SIZE - 1;
  return { firstChunk, lastChunk, sealedStart, sealedEnd };
}

export interface OpenParams {
  recordingId: string;
  /** Every key generation by id (key rotation). */
  keys: ReadonlyMap<string, Buffer>;
  /** The recording's plaintext size (stored with it): tells which chunk is the last. */
  size: number;
  header: SealedHeader;
  /** The plaintext range wanted (inclusive); default the whole recording. */
  range?: { start: number; end: number };
}

/**
 * Opens sealed chunks: `sealed` yields the bytes from the first chunk the range touches (as given
 * by `sealedRangeOf`) to the end of the last; yields the plaintext of exactly the range. Fails
 * with `RecordingIntegrityError` on a tampered, reordered or missing chunk.
 */
export async function* openStream(
  sealed: AsyncIterable<Uint8Array>,
  p: OpenParams,
): AsyncGenerator<Buffer, void, undefined> {
  const { chunkSize, noncePrefix, keyId } = p.header;
  const key = p.keys.get(keyId);
  if (!key) throw new RecordingIntegrityError(p.recordingId, `no configured key has the id ${keyId}`);
  const dk = derive(key, noncePrefix, p.recordingId);
  const range = p.range ?? { start: 0, end: p.size - 1 };
  const total = chunkCount(p.size, chunkSize);
  const { firstChunk, lastChunk } = sealedRangeOf(range, p.size, chunkSize);
  let index = firstChunk;
  const expectedLen = (i: number) => Math.min(chunkSize, p.size - i * chunkSize) + TAG_SIZE;
  let pending: Buffer[] = [];
  let pendingLen = 0;
  const open = (bytes: Buffer): Buffer => {
    const last = index === total - 1;
    const d = createDecipheriv('aes-256-gcm', dk, nonce(noncePrefix, index));
    d.setAAD(aad(p.recordingId, index, last));
    d.setAuthTag(bytes.subarray(bytes.length - TAG_SIZE));
    let plain: Buffer;
    try {
      plain = Buffer.concat([d.update(bytes.subarray(0, bytes.length - TAG_SIZE)), d.final()]);
    } catch {
      throw new RecordingIntegrityError(
        p.recordingId,
        `chunk ${index} failed authentication (tampered, truncated, reordered or another key)`,
      );
    }
    const from = index === firstChunk ? range.start - index * chunkSize : 0;
    const to = index === lastChunk ? range.end - index * chunkSize + 1 : plain.length;
    index++;
    return plain.subarray(from, to);
  };
  for await (const piece of sealed) {
    pending.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    pendingLen += piece.byteLength;
    while (index <= lastChunk && pendingLen >= expectedLen(index)) {
      const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      const n = expectedLen(index);
      const out = open(all.subarray(0, n));
      const rest = all.subarray(n);
      pending = rest.length ? [rest] : [];
      pendingLen = rest.length;
      if (out.length) yield out;
    }
    if (index > lastChunk) break;
  }
  if (index <= lastChunk) {
    throw new RecordingIntegrityError(p.recordingId, `the file ends inside chunk ${index} (truncated)`);
  }
}
