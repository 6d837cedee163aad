/**
 * The one encrypting decorator at the blob port (decision 0008): the shared contract over the
 * filesystem store and over the S3-compatible store (s3rver), then what only encryption has —
 * nothing in the clear, keys and rotation, and tampering: altered, swapped, moved or cut-off
 * sealed bytes always fail the read, never hand out other bytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobStoreContract } from './blob-store.contract.ts';
import { BlobIntegrityError, readAll, type BlobStore, type ByteRange } from './blob-store.ts';
import { EncryptedBlobStore, FORMAT_MAGIC, sealedSizeOf } from './encrypted-blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';
import { startS3Store } from './s3-testing.ts';

const CHUNK = 64 * 1024;
const SEALED_CHUNK = CHUNK + 16;

async function fsInner() {
  const dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-enc-'));
  return {
    store: new FsBlobStore({ dir }),
    async corrupt(key: string) {
      const file = path.join(dir, 'objects', ...key.split('/')) + '.blob';
      const fh = await open(file, 'r+');
      const b = Buffer.alloc(1);
      await fh.read(b, 0, 1, 4096 + 5000);
      b[0] = b[0]! ^ 0x01;
      await fh.write(b, 0, 1, 4096 + 5000);
      await fh.close();
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

const inners = {
  filesystem: fsInner,
  's3-compatible (s3rver)': startS3Store,
} as const;

blobStoreContract('encrypted over the filesystem', async () => {
  const inner = await fsInner();
  return { ...inner, store: new EncryptedBlobStore(inner.store, { key: randomBytes(32) }) };
});

blobStoreContract('encrypted over S3-compatible (s3rver)', async () => {
  const inner = await startS3Store();
  return {
    ...inner,
    store: new EncryptedBlobStore(inner.store, { key: randomBytes(32) }),
    atomicConcurrentPuts: false,
  };
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const raw = async (inner: BlobStore, key: string) => readAll((await inner.get(key))!.stream);

for (const [name, make] of Object.entries(inners)) {
  describe(`encrypted blob store over ${name}: at rest and tampering (issue 12, decision 0008)`, () => {
    it('the inner store holds neither the content nor the metadata; it sees the sealed size only', async () => {
      const t = await make();
      try {
        const enc = new EncryptedBlobStore(t.store, { key: randomBytes(32) });
        const content = Buffer.from('Pasienten har brystsmerter. '.repeat(5000));
        await enc.put('rec/call-1', content, { contentType: 'text/plain', metadata: { callId: 'call-1' } });
        const sealed = await raw(t.store, 'rec/call-1');
        expect(sealed.subarray(0, 5).equals(FORMAT_MAGIC)).toBe(true);
        expect(sealed[5]).toBe(1); // the format version byte
        expect(sealed.includes(Buffer.from('brystsmerter'))).toBe(false);
        expect(sealed.includes(Buffer.from('call-1'))).toBe(false);
        expect(sealed.includes(Buffer.from('text/plain'))).toBe(false);
        const innerInfo = (await t.store.head('rec/call-1'))!;
        expect(innerInfo.metadata).toEqual({});
        const headerLen = sealed.length - sealedSizeOf(content.length, 0, CHUNK);
        expect(headerLen).toBeGreaterThan(38);
        expect(await enc.head('rec/call-1')).toMatchObject({
          size: content.length,
          sha256: sha(content),
          contentType: 'text/plain',
          metadata: { callId: 'call-1' },
        });
      } finally {
        await t.cleanup();
      }
    });

    it('another key cannot read it; with the old key as a previous key it reads, and writes with the new one', async () => {
      const t = await make();
      try {
        const key = randomBytes(32);
        const enc = new EncryptedBlobStore(t.store, { key });
        await enc.put('k', Buffer.from('lydlogg'));
        await expect(
          new EncryptedBlobStore(t.store, { key: randomBytes(32) }).head('k'),
        ).rejects.toMatchObject({ code: 'unavailable' });
        const rotated = new EncryptedBlobStore(t.store, { key: randomBytes(32), previousKeys: [key] });
        expect((await readAll((await rotated.get('k'))!.stream)).toString()).toBe('lydlogg');
        await rotated.put('k2', Buffer.from('new'));
        await expect(enc.head('k2')).rejects.toMatchObject({ code: 'unavailable' });
        // A blob put in the clear past the decorator is not handed out as if it were sealed.
        await t.store.put('plain', randomBytes(500));
        await expect(enc.get('plain')).rejects.toBeInstanceOf(BlobIntegrityError);
      } finally {
        await t.cleanup();
      }
    });

    it('altered, swapped, moved or cut-off sealed bytes fail every read that touches them', async () => {
      const t = await make();
      try {
        const enc = new EncryptedBlobStore(t.store, { key: randomBytes(32) });
        const content = randomBytes(3 * CHUNK + 1000);
        await enc.put('s', content);
        const sealed = await raw(t.store, 's');
        const H = sealed.length - sealedSizeOf(content.length, 0, CHUNK);
        const chunk = (i: number) => sealed.subarray(H + i * SEALED_CHUNK, H + (i + 1) * SEALED_CHUNK);
        const trailer = sealed.subarray(sealed.length - 56);
        const fails = async (bytes: Buffer, why: string, range?: ByteRange) => {
          await t.store.put('s', bytes);
          const read = async () => readAll((await enc.get('s', range ? { range } : {}))!.stream);
          await expect(read(), why).rejects.toBeInstanceOf(BlobIntegrityError);
        };
        const flipped = Buffer.from(sealed);
        flipped[H + SEALED_CHUNK + 10]! ^= 1;
        await fails(flipped, 'a flipped bit in chunk 1');
        await fails(flipped, 'a flipped bit, range over it', { start: CHUNK + 5, end: CHUNK + 20 });
        const header = Buffer.from(sealed);
        header[H - 3]! ^= 1;
        await fails(header, 'a flipped bit in the sealed metadata');
        const salt = Buffer.from(sealed);
        salt[20]! ^= 1;
        await fails(salt, 'a changed salt');
        const swapped = Buffer.concat([
          sealed.subarray(0, H),
          chunk(1),
          chunk(0),
          sealed.subarray(H + 2 * SEALED_CHUNK),
        ]);
        await fails(swapped, 'chunks 0 and 1 swapped');
        await fails(swapped, 'chunks swapped, range in chunk 0', { start: 0, end: 10 });
        await fails(Buffer.concat([sealed.subarray(0, H + 2 * SEALED_CHUNK)]), 'cut after chunk 1');
        await fails(
          Buffer.concat([sealed.subarray(0, H + 2 * SEALED_CHUNK), trailer]),
          'cut after chunk 1, the trailer moved up',
        );
        await fails(
          Buffer.concat([sealed.subarray(0, H + 2 * SEALED_CHUNK), chunk(2).subarray(0, 100), trailer]),
          'cut inside chunk 2',
        );
        await fails(sealed.subarray(0, sealed.length - 56), 'the trailer cut off');
        await fails(sealed.subarray(0, sealed.length - 1), 'one byte short');
        await fails(Buffer.concat([sealed, Buffer.from([0])]), 'one byte more');
        const version = Buffer.from(sealed);
        version[5] = 2;
        await t.store.put('s', version);
        await expect(enc.head('s')).rejects.toThrow(/format version 2/);
        // The untouched bytes read back whole.
        await t.store.put('s', sealed);
        expect((await readAll((await enc.get('s'))!.stream)).equals(content)).toBe(true);
      } finally {
        await t.cleanup();
      }
    });

    it('a sealed blob copied under another key does not open (the key is bound into the blob)', async () => {
      const t = await make();
      try {
        const enc = new EncryptedBlobStore(t.store, { key: randomBytes(32) });
        await enc.put('recordings/a/1', randomBytes(1000));
        await t.store.put('recordings/b/1', await raw(t.store, 'recordings/a/1'));
        await expect(enc.head('recordings/b/1')).rejects.toBeInstanceOf(BlobIntegrityError);
      } finally {
        await t.cleanup();
      }
    });

    it('a range read asks the inner store for the chunks it touches only', async () => {
      const t = await make();
      try {
        const asked: (ByteRange | undefined)[] = [];
        const spy: BlobStore = {
          put: (k, d, m) => t.store.put(k, d, m),
          head: (k) => t.store.head(k),
          delete: (k) => t.store.delete(k),
          list: (p) => t.store.list(p),
          get: (k, o) => {
            asked.push(o?.range);
            return t.store.get(k, o);
          },
        };
        const enc = new EncryptedBlobStore(spy, { key: randomBytes(32) });
        const content = randomBytes(10 * CHUNK);
        await enc.put('r', content);
        asked.length = 0;
        const got = await readAll(
          (await enc.get('r', { range: { start: 3 * CHUNK + 7, end: 4 * CHUNK + 9 } }))!.stream,
        );
        expect(got.equals(content.subarray(3 * CHUNK + 7, 4 * CHUNK + 10))).toBe(true);
        const body = asked.at(-1)!;
        expect(body.end! - body.start + 1).toBe(2 * SEALED_CHUNK); // chunks 3 and 4, nothing more
      } finally {
        await t.cleanup();
      }
    });
  });
}
