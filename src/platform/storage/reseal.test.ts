/**
 * Re-sealing the blob store (decision 0008; issue 12): blobs stored in the clear before a key was
 * set are sealed, blobs of an earlier key are re-sealed with the current one so that the earlier
 * key can be retired; a dry run changes nothing; a second run finds nothing to do; a run stopped
 * at any point (abort between blobs, a put that dies mid-stream) leaves every blob readable, and
 * the next run finishes; a damaged blob is reported, never rewritten.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAll, type BlobSource, type BlobStore } from './blob-store.ts';
import { EncryptedBlobStore, keyIdOf } from './encrypted-blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';
import { resealBlobs } from './reseal.ts';

const text = async (store: BlobStore, key: string) =>
  (await readAll((await store.get(key))!.stream)).toString();

describe('re-sealing the blob store (decision 0008)', () => {
  let dir: string;
  afterEach(async () => rm(dir, { recursive: true, force: true }));
  const fresh = async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-reseal-'));
    return new FsBlobStore({ dir });
  };
  const contents = Array.from({ length: 6 }, (_, i) => [
    `recordings/r${i}/a`,
    `lydlogg ${i} ${'x'.repeat(i * 40_000)}`,
  ]);

  it('seals blobs stored in the clear: dry run first, then for real, then nothing left (idempotent)', async () => {
    const fs = await fresh();
    for (const [k, v] of contents)
      await fs.put(k!, Buffer.from(v!), { contentType: 'audio/wav', metadata: { n: k! } });
    const key = randomBytes(32);
    const sealed = new EncryptedBlobStore(fs, { key });
    await expect(sealed.head('recordings/r0/a')).rejects.toThrow(/not a sealed blob/);

    const dry = await resealBlobs(sealed, { dryRun: true });
    expect(dry).toMatchObject({ seen: 6, current: 0, sealedFromClear: 6, problems: [], dryRun: true });
    expect(await text(fs, 'recordings/r1/a')).toBe(contents[1]![1]); // untouched

    const run = await resealBlobs(sealed);
    expect(run).toMatchObject({ seen: 6, sealedFromClear: 6, problems: [], keysStillInUse: [] });
    for (const [k, v] of contents) {
      expect(await text(sealed, k!)).toBe(v);
      expect((await sealed.head(k!))!).toMatchObject({ contentType: 'audio/wav', metadata: { n: k } });
      expect((await readAll((await fs.get(k!))!.stream)).includes(Buffer.from('lydlogg'))).toBe(false);
    }
    // Blobs already current are handed to onCurrent (a row a killed run left behind), not in a dry run.
    const current: string[] = [];
    const onCurrent = async (k: string) => void current.push(k);
    await resealBlobs(sealed, { dryRun: true, onCurrent });
    expect(current).toEqual([]);
    expect(await resealBlobs(sealed, { onCurrent })).toMatchObject({
      seen: 6,
      current: 6,
      sealedFromClear: 0,
    });
    expect(current).toEqual(contents.map(([k]) => k));
  });

  it('re-seals blobs of an earlier key with the current one, after which the earlier key is no longer needed', async () => {
    const fs = await fresh();
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = new EncryptedBlobStore(fs, { key: oldKey });
    for (const [k, v] of contents) await before.put(k!, Buffer.from(v!));
    const rotated = new EncryptedBlobStore(fs, { key: newKey, previousKeys: [oldKey] });
    const dry = await resealBlobs(rotated, { dryRun: true });
    expect(dry.resealedByKey).toEqual({ [keyIdOf(oldKey)]: 6 });
    expect(dry.keysStillInUse).toEqual([keyIdOf(oldKey)]);

    const run = await resealBlobs(rotated);
    expect(run).toMatchObject({ resealedByKey: { [keyIdOf(oldKey)]: 6 }, problems: [], keysStillInUse: [] });
    const retired = new EncryptedBlobStore(fs, { key: newKey }); // the old key removed
    for (const [k, v] of contents) expect(await text(retired, k!)).toBe(v);

    // Without the earlier key configured, its blobs are reported, not touched.
    const fs2 = await fresh();
    await new EncryptedBlobStore(fs2, { key: oldKey }).put('x/y', Buffer.from('z'));
    const r = await resealBlobs(new EncryptedBlobStore(fs2, { key: newKey }));
    expect(r.problems).toHaveLength(1);
    expect(r.keysStillInUse).toEqual([keyIdOf(oldKey)]);
    expect(await text(new EncryptedBlobStore(fs2, { key: oldKey }), 'x/y')).toBe('z');
  });

  it('stopped anywhere — between blobs, or by a put that dies mid-stream — every blob stays readable; the next run finishes', async () => {
    const fs = await fresh();
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const before = new EncryptedBlobStore(fs, { key: oldKey });
    for (const [k, v] of contents.slice(0, 3)) await before.put(k!, Buffer.from(v!));
    for (const [k, v] of contents.slice(3)) await fs.put(k!, Buffer.from(v!)); // in the clear
    // An inner store whose put of one key dies half-way through the bytes (a killed process).
    let dieOn: string | null = contents[1]![0]!;
    const dying: BlobStore = Object.assign(Object.create(fs) as FsBlobStore, {
      put(key: string, data: BlobSource, meta?: object) {
        if (key !== dieOn) return fs.put(key, data, meta);
        async function* half(): AsyncGenerator<Uint8Array> {
          let n = 0;
          for await (const c of data as AsyncIterable<Uint8Array>) {
            yield c;
            if ((n += c.length) > 20_000) throw new Error('killed');
          }
        }
        return fs.put(key, half(), meta);
      },
    });
    const store = new EncryptedBlobStore(dying, { key: newKey, previousKeys: [oldKey] });
    const first = await resealBlobs(store);
    expect(first.problems.map((p) => p.key)).toEqual([contents[1]![0]]);
    // Every blob readable: the failed one as it was (old key), the rest re-sealed or sealed.
    for (const [k, v] of contents) expect(await text(store, k!)).toBe(v);

    // Stopped between blobs by a signal: the next run (resuming after the last key) finishes.
    dieOn = null;
    const ac = new AbortController();
    ac.abort();
    expect((await resealBlobs(store, { signal: ac.signal })).seen).toBe(0);
    const again = await resealBlobs(store);
    expect(again).toMatchObject({
      resealedByKey: { [keyIdOf(oldKey)]: 1 },
      sealedFromClear: 0,
      problems: [],
    });
    const retired = new EncryptedBlobStore(fs, { key: newKey });
    for (const [k, v] of contents) expect(await text(retired, k!)).toBe(v);
  });

  it('a blob stored in the clear whose bytes were altered is reported and left as it is', async () => {
    const fs = await fresh();
    await fs.put('a/b', Buffer.from('original bytes of the blob'));
    const file = path.join(dir, 'objects', 'a', 'b.blob');
    const { readFile, writeFile } = await import('node:fs/promises');
    const raw = await readFile(file);
    raw[raw.length - 3] = raw[raw.length - 3]! ^ 1;
    await writeFile(file, raw);
    const r = await resealBlobs(new EncryptedBlobStore(fs, { key: randomBytes(32) }));
    expect(r.problems).toHaveLength(1);
    expect(r.sealedFromClear).toBe(0);
    expect((await readFile(file)).equals(raw)).toBe(true);
  });
});
