/**
 * The filesystem blob store: the shared contract (encrypted: encrypted-blob-store.test.ts), plus what only a filesystem
 * has — a disk that fills up mid-write, the bytes on disk, temp files, keys.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimClock } from '../time/clock.ts';
import { blobStoreContract } from './blob-store.contract.ts';
import { readAll } from './blob-store.ts';
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

blobStoreContract('filesystem', () => underTest());

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
    {
      const { dir, store, cleanup } = await underTest();
      const old = Buffer.from('old');
      await store.put('rec/a', old);
      const full = new FsBlobStore({ dir, openForWrite: fullDiskAfter(300_000) });
      await expect(full.put('rec/a', randomBytes(1_000_000))).rejects.toMatchObject({ code: 'ENOSPC' });
      await expect(full.put('rec/b', randomBytes(1_000_000))).rejects.toMatchObject({ code: 'ENOSPC' });
      expect(await store.head('rec/b')).toBeNull();
      expect((await readAll((await store.get('rec/a'))!.stream)).equals(old)).toBe(true);
      expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
      await cleanup();
    }
  });

  it('a file sealed by the retired filesystem encryption (before decision 0008) is refused by name', async () => {
    const { dir, store, cleanup } = await underTest();
    await store.put('old', Buffer.from('x'));
    const file = path.join(dir, 'objects', 'old.blob');
    const raw = await readFile(file);
    const json = Buffer.from(
      JSON.stringify({ v: 1, enc: { keyId: '00', wrappedKey: '', fileId: '', sealed: '' } }),
    );
    raw.writeUInt32BE(json.length, 8);
    json.copy(raw, 12);
    await writeFile(file, raw);
    await expect(store.head('old')).rejects.toMatchObject({ code: 'unavailable' });
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

  it('the sweep of dead temp files never takes a put in progress, even with the app clock far ahead (issue 12)', async () => {
    // The cause of a 500 on upload in the lydlogg hold property test: the simulated clock (weeks
    // ahead of the filesystem's real mtime) made the first put's sweep take that put's own temp file.
    const dir = await tempDir();
    const clock = new SimClock({ start: Date.now() + 900 * 86_400_000 });
    const store = new FsBlobStore({ dir, clock });
    let release!: () => void;
    const paused = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const began = new Promise<void>((r) => (started = r));
    async function* source() {
      yield randomBytes(70_000);
      started();
      await paused;
      yield randomBytes(10);
    }
    const put = store.put('in/progress', source());
    await began;
    expect(await readdir(path.join(dir, 'tmp'))).toHaveLength(1);
    expect(await store.sweepTemp(0)).toBe(0);
    await writeFile(path.join(dir, 'tmp', 'old.tmp'), 'x');
    await utimes(
      path.join(dir, 'tmp', 'old.tmp'),
      new Date(Date.now() - 2 * 86_400_000),
      new Date(Date.now() - 2 * 86_400_000),
    );
    expect(await store.sweepTemp(86_400_000)).toBe(1);
    release();
    expect((await put).size).toBe(70_010);
    await rm(dir, { recursive: true, force: true });
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
