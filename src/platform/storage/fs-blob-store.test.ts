/**
 * The filesystem blob store: the shared contract, plain and encrypted, plus what only a filesystem
 * has — a disk that fills up mid-write, the bytes on disk, temp files, keys.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobStoreContract } from './blob-store.contract.ts';
import { BlobIntegrityError, readAll } from './blob-store.ts';
import { FsBlobStore, type FsBlobStoreOptions, type WritableFile } from './fs-blob-store.ts';

const HEADER = 4096;

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'nodmeld-blobs-'));
}

async function underTest(opts: Omit<FsBlobStoreOptions, 'dir'> = {}) {
  const dir = await tempDir();
  const store = new FsBlobStore({ dir, ...opts });
  return {
    dir,
    store,
    async corrupt(key: string) {
      const file = path.join(dir, 'objects', ...key.split('/')) + '.blob';
      const fh = await open(file, 'r+');
      const b = Buffer.alloc(1);
      await fh.read(b, 0, 1, HEADER + 5000);
      b[0] = b[0]! ^ 0x01;
      await fh.write(b, 0, 1, HEADER + 5000);
      await fh.close();
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

blobStoreContract('filesystem, plain', () => underTest());
blobStoreContract('filesystem, encrypted (AES-256-GCM, chunked)', () => underTest({ key: randomBytes(32) }));

/** A file whose writes fail with ENOSPC once `limit` bytes are written (a disk that fills up). */
function fullDiskAfter(limit: number): (file: string) => Promise<WritableFile> {
  return async (file) => {
    const fh = await open(file, 'wx');
    let written = 0;
    return {
      async write(buffer, offset, length, position) {
        if (written + length > limit) {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        }
        written += length;
        return fh.write(buffer, offset, length, position);
      },
      sync: () => fh.sync(),
      close: () => fh.close(),
    };
  };
}

describe('filesystem blob store faults and storage (issue 9)', () => {
  it('a disk that fills up mid-put: the put fails with ENOSPC, no blob is visible, no temp file is left, the old blob stays', async () => {
    for (const key of [undefined, randomBytes(32)]) {
      const { dir, store, cleanup } = await underTest({ key });
      const old = Buffer.from('old');
      await store.put('rec/a', old);
      const full = new FsBlobStore({ dir, key, openForWrite: fullDiskAfter(300_000) });
      await expect(full.put('rec/a', randomBytes(1_000_000))).rejects.toMatchObject({ code: 'ENOSPC' });
      await expect(full.put('rec/b', randomBytes(1_000_000))).rejects.toMatchObject({ code: 'ENOSPC' });
      expect(await store.head('rec/b')).toBeNull();
      expect((await readAll((await store.get('rec/a'))!.stream)).equals(old)).toBe(true);
      expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
      await cleanup();
    }
  });

  it('encrypted at rest: the file holds neither the content nor the metadata in the clear; another key cannot read it', async () => {
    const key = randomBytes(32);
    const { dir, store, cleanup } = await underTest({ key });
    const content = Buffer.from('Pasienten har brystsmerter. '.repeat(5000));
    await store.put('rec/call-1', content, { contentType: 'text/plain', metadata: { callId: 'call-1' } });
    const raw = await readFile(path.join(dir, 'objects', 'rec', 'call-1.blob'));
    expect(raw.includes(Buffer.from('brystsmerter'))).toBe(false);
    expect(raw.includes(Buffer.from('call-1'))).toBe(false);
    expect(raw.includes(Buffer.from('text/plain'))).toBe(false);
    const other = new FsBlobStore({ dir, key: randomBytes(32) });
    await expect(other.head('rec/call-1')).rejects.toMatchObject({ code: 'unavailable' });
    const plainReader = new FsBlobStore({ dir });
    await expect(plainReader.get('rec/call-1')).rejects.toMatchObject({ code: 'unavailable' });
    // Key rotation: a store with a new key and the old one as previous reads old blobs and writes new ones with the new key.
    const rotated = new FsBlobStore({ dir, key: randomBytes(32), previousKeys: [key] });
    expect((await readAll((await rotated.get('rec/call-1'))!.stream)).equals(content)).toBe(true);
    await rotated.put('rec/call-2', Buffer.from('new'));
    await expect(store.head('rec/call-2')).rejects.toMatchObject({ code: 'unavailable' });
    await cleanup();
  });

  it('encrypted chunks cannot be swapped or cut off without the read failing', async () => {
    const { dir, store, cleanup } = await underTest({ key: randomBytes(32) });
    const content = randomBytes(3 * 65_536);
    await store.put('s', content);
    const file = path.join(dir, 'objects', 's.blob');
    const raw = await readFile(file);
    const sealed = 65_536 + 28;
    const first = raw.subarray(HEADER, HEADER + sealed);
    const second = raw.subarray(HEADER + sealed, HEADER + 2 * sealed);
    await writeFile(
      file,
      Buffer.concat([raw.subarray(0, HEADER), second, first, raw.subarray(HEADER + 2 * sealed)]),
    );
    await expect(readAll((await store.get('s'))!.stream)).rejects.toBeInstanceOf(BlobIntegrityError);
    await expect(
      readAll((await store.get('s', { range: { start: 0, end: 10 } }))!.stream),
    ).rejects.toBeInstanceOf(BlobIntegrityError);
    await writeFile(file, raw.subarray(0, HEADER + 2 * sealed));
    await expect(readAll((await store.get('s'))!.stream)).rejects.toBeInstanceOf(BlobIntegrityError);
    await cleanup();
  });

  it('a read keeps the version it started on while the key is replaced', async () => {
    const { store, cleanup } = await underTest();
    const v1 = randomBytes(200_000);
    await store.put('k', v1);
    const reading = (await store.get('k'))!;
    await store.put('k', randomBytes(10));
    expect((await readAll(reading.stream)).equals(v1)).toBe(true);
    await cleanup();
  });

  it('temp files of a put that died are swept; the folders of deleted blobs go', async () => {
    const { dir, store, cleanup } = await underTest();
    await store.put('a/b/c', Buffer.from('x'));
    await writeFile(path.join(dir, 'tmp', 'dead.tmp'), 'partial');
    expect(await store.sweepTemp(0)).toBe(1);
    expect(await store.delete('a/b/c')).toBe(true);
    expect(await readdir(path.join(dir, 'objects'))).toEqual([]);
    await cleanup();
  });
});
