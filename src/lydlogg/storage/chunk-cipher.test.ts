/**
 * The recordings' chunked AES-256-GCM envelope (issue 12; docs/lydlogg.md, "Encryption"): a round
 * trip of any size, any byte range decrypted from only the chunks it touches, and a tampered,
 * reordered, truncated or foreign file failing loudly.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  HEADER_SIZE,
  keyIdOf,
  openStream,
  parseHeader,
  RecordingIntegrityError,
  sealedRangeOf,
  sealedSize,
  sealStream,
} from './chunk-cipher.ts';
import { pieces } from '../testing/audio.ts';

const key = randomBytes(32);
const keys = new Map([[keyIdOf(key), key]]);
const C = 64;

async function seal(plain: Buffer, id = 'rec-1', chunkSize = C): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const b of sealStream(pieces(plain, 37), { recordingId: id, key, chunkSize })) out.push(b);
  return Buffer.concat(out);
}

async function open(sealed: Buffer, size: number, range?: { start: number; end: number }, id = 'rec-1') {
  const header = parseHeader(id, sealed.subarray(0, HEADER_SIZE));
  const r = sealedRangeOf(range ?? { start: 0, end: size - 1 }, size, header.chunkSize);
  const out: Buffer[] = [];
  for await (const b of openStream(pieces(sealed.subarray(r.sealedStart, r.sealedEnd + 1), 29), {
    recordingId: id,
    keys,
    size,
    header,
    ...(range ? { range } : {}),
  }))
    out.push(b);
  return Buffer.concat(out);
}

describe('recording chunk cipher (issue 12, encryption at rest)', () => {
  it('round-trips any size, including exact multiples of the chunk size', async () => {
    for (const size of [1, 63, 64, 65, 128, 1000]) {
      const plain = randomBytes(size);
      const sealed = await seal(plain);
      expect(sealed.length).toBe(sealedSize(size, C));
      expect(sealed.includes(plain.subarray(0, Math.min(16, size)))).toBe(
        size < 16 ? sealed.includes(plain) : false,
      );
      expect(await open(sealed, size)).toEqual(plain);
    }
  });

  it('decrypts any byte range from only the chunks it touches', async () => {
    const plain = randomBytes(1000);
    const sealed = await seal(plain);
    for (const [start, end] of [
      [0, 0],
      [63, 64],
      [100, 355],
      [999, 999],
      [640, 999],
      [5, 6],
    ] as const) {
      expect(await open(sealed, 1000, { start, end })).toEqual(plain.subarray(start, end + 1));
      const r = sealedRangeOf({ start, end }, 1000, C);
      expect(r.lastChunk - r.firstChunk).toBe(Math.floor(end / C) - Math.floor(start / C));
    }
  });

  it('fails loudly on a flipped bit, a reordered chunk, a cut file or another recording id', async () => {
    const plain = randomBytes(300);
    const sealed = await seal(plain);
    const flipped = Buffer.from(sealed);
    flipped[HEADER_SIZE + 70]! ^= 1;
    await expect(open(flipped, 300)).rejects.toBeInstanceOf(RecordingIntegrityError);
    // Swap chunks 0 and 1.
    const s = C + 16;
    const swapped = Buffer.concat([
      sealed.subarray(0, HEADER_SIZE),
      sealed.subarray(HEADER_SIZE + s, HEADER_SIZE + 2 * s),
      sealed.subarray(HEADER_SIZE, HEADER_SIZE + s),
      sealed.subarray(HEADER_SIZE + 2 * s),
    ]);
    await expect(open(swapped, 300)).rejects.toThrow(/chunk 0 failed authentication/);
    // Cut after two whole chunks, and told the size is what is left: chunk 1 was not the last.
    const cut = sealed.subarray(0, HEADER_SIZE + 2 * s);
    await expect(open(cut, 2 * C)).rejects.toThrow(/chunk 1 failed authentication/);
    // Cut inside a chunk, size as stored.
    await expect(open(sealed.subarray(0, sealed.length - 5), 300)).rejects.toThrow(
      /truncated|authentication/,
    );
    // Another recording's id (a file swapped between recordings).
    await expect(open(sealed, 300, undefined, 'rec-2')).rejects.toBeInstanceOf(RecordingIntegrityError);
  });

  it('opens with an earlier key generation by its id, and refuses an unknown key', async () => {
    const plain = randomBytes(100);
    const sealed = await seal(plain);
    const header = parseHeader('rec-1', sealed.subarray(0, HEADER_SIZE));
    expect(header.keyId).toBe(keyIdOf(key));
    const other = new Map([[keyIdOf(randomBytes(32)), randomBytes(32)]]);
    const stream = openStream(pieces(sealed.subarray(HEADER_SIZE)), {
      recordingId: 'rec-1',
      keys: other,
      size: 100,
      header,
    });
    await expect(stream.next()).rejects.toThrow(/no configured key/);
    expect(() => parseHeader('x', Buffer.alloc(HEADER_SIZE))).toThrow(RecordingIntegrityError);
  });
});
