/**
 * THE contract of `BlobStore`: every implementation runs this one suite (the filesystem store plain
 * and encrypted now; an S3-compatible store must pass it too before it is used). Call it from a
 * `*.test.ts` with a factory that gives a fresh, empty store.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { BlobIntegrityError, readAll, type BlobInfo, type BlobStore } from './blob-store.ts';

export interface BlobStoreUnderTest {
  store: BlobStore;
  /** Changes one stored byte of the blob's content behind the store's back (a damaged disk). */
  corrupt?(key: string): Promise<void>;
  /**
   * False for a test server that stores an object's bytes and its metadata in two steps (s3rver):
   * concurrent puts to one key may then leave a mix, which a read must refuse (BlobIntegrityError)
   * rather than hand out. Real stores (the filesystem, S3) keep one put whole: leave it unset.
   */
  atomicConcurrentPuts?: boolean;
  cleanup(): Promise<void>;
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function collect(it: AsyncIterable<BlobInfo>): Promise<BlobInfo[]> {
  const out: BlobInfo[] = [];
  for await (const i of it) out.push(i);
  return out;
}

/** A source stream that yields `bytes` in uneven pieces and then, optionally, fails. */
function pieces(bytes: Buffer, failAfter?: number): Readable {
  async function* gen() {
    let sent = 0;
    for (let i = 0; i < bytes.length;) {
      const n = Math.min(1 + ((i * 7919) % 50_000), bytes.length - i);
      yield bytes.subarray(i, i + n);
      i += n;
      sent += n;
      if (failAfter !== undefined && sent >= failAfter) throw new Error('the source broke off');
    }
  }
  return Readable.from(gen());
}

export function blobStoreContract(name: string, make: () => Promise<BlobStoreUnderTest>): void {
  describe(`BlobStore contract: ${name} (issue 9)`, () => {
    let t: BlobStoreUnderTest;
    const fresh = async () => (t = await make()).store;
    afterEach(async () => {
      await t?.cleanup();
    });

    it('put returns size and SHA-256; head and a whole get give the bytes and metadata back', async () => {
      const store = await fresh();
      const bytes = randomBytes(1000);
      const r = await store.put('rec/2026/a.wav', bytes, {
        contentType: 'audio/wav',
        metadata: { callId: 'c-1' },
      });
      expect(r).toEqual({ size: 1000, sha256: sha(bytes) });
      expect(await store.head('rec/2026/a.wav')).toMatchObject({
        key: 'rec/2026/a.wav',
        size: 1000,
        sha256: sha(bytes),
        contentType: 'audio/wav',
        metadata: { callId: 'c-1' },
        createdAt: expect.any(String),
      });
      const got = (await store.get('rec/2026/a.wav'))!;
      expect(got.info.size).toBe(1000);
      expect((await readAll(got.stream)).equals(bytes)).toBe(true);
    });

    it('streams a large blob in (uneven pieces across chunk boundaries) and out unchanged', async () => {
      const store = await fresh();
      const bytes = randomBytes(3 * 65_536 + 12_345);
      const r = await store.put('big', pieces(bytes));
      expect(r).toEqual({ size: bytes.length, sha256: sha(bytes) });
      expect((await readAll((await store.get('big'))!.stream)).equals(bytes)).toBe(true);
    });

    it('stores an empty blob', async () => {
      const store = await fresh();
      expect(await store.put('empty', new Uint8Array(0))).toEqual({
        size: 0,
        sha256: sha(new Uint8Array(0)),
      });
      expect((await readAll((await store.get('empty'))!.stream)).length).toBe(0);
    });

    it('range reads return exactly the bytes asked for, across chunk boundaries; a range outside is a 400', async () => {
      const store = await fresh();
      const bytes = randomBytes(2 * 65_536 + 100);
      await store.put('r', bytes);
      const range = async (start: number, end?: number) =>
        readAll((await store.get('r', { range: { start, end } }))!.stream);
      for (const [s, e] of [
        [0, 0],
        [0, 99],
        [65_530, 65_545],
        [65_536, 65_536],
        [10, 2 * 65_536 + 99],
        [2 * 65_536 + 99, 2 * 65_536 + 99],
      ] as const) {
        expect((await range(s, e)).equals(bytes.subarray(s, e + 1))).toBe(true);
      }
      expect((await range(131_000)).equals(bytes.subarray(131_000))).toBe(true);
      for (const bad of [
        { start: -1 },
        { start: 5, end: 4 },
        { start: 0, end: bytes.length },
        { start: bytes.length },
      ]) {
        await expect(store.get('r', { range: bad })).rejects.toMatchObject({ code: 'bad-request' });
      }
    });

    it('a missing key: head and get give null, delete false; delete removes a blob', async () => {
      const store = await fresh();
      expect(await store.head('nope')).toBeNull();
      expect(await store.get('nope')).toBeNull();
      expect(await store.delete('nope')).toBe(false);
      await store.put('x/y', Buffer.from('y'));
      expect(await store.delete('x/y')).toBe(true);
      expect(await store.head('x/y')).toBeNull();
      expect(await collect(store.list())).toEqual([]);
    });

    it('put over an existing key replaces it whole', async () => {
      const store = await fresh();
      await store.put('k', Buffer.from('first version'));
      const second = randomBytes(70_000);
      await store.put('k', second, { contentType: 'application/octet-stream' });
      expect(await store.head('k')).toMatchObject({
        size: 70_000,
        sha256: sha(second),
        contentType: 'application/octet-stream',
      });
      expect((await readAll((await store.get('k'))!.stream)).equals(second)).toBe(true);
    });

    it('list(prefix) gives the blobs under a prefix in key order', async () => {
      const store = await fresh();
      for (const k of ['rec/2026/b', 'rec/2026/a', 'rec/2026/ab/c', 'rec/2027/a', 'rec-x', 'other']) {
        await store.put(k, Buffer.from(k));
      }
      const keys = async (p?: string) => (await collect(store.list(p))).map((i) => i.key);
      expect(await keys('rec/2026/')).toEqual(['rec/2026/a', 'rec/2026/ab/c', 'rec/2026/b']);
      expect(await keys('rec/2026/a')).toEqual(['rec/2026/a', 'rec/2026/ab/c']);
      expect(await keys('rec')).toEqual(['rec-x', 'rec/2026/a', 'rec/2026/ab/c', 'rec/2026/b', 'rec/2027/a']);
      expect(await keys()).toHaveLength(6);
      expect((await collect(store.list('rec/2027/')))[0]).toMatchObject({
        size: 10,
        sha256: sha(Buffer.from('rec/2027/a')),
      });
    });

    it('keys that could leave the store or are not plain are refused (400) before anything is written', async () => {
      const store = await fresh();
      for (const bad of [
        '',
        '../x',
        '/etc/passwd',
        'a/../../b',
        'a//b',
        'a/./b',
        '.hidden',
        'a\\b',
        'a/b/',
        'ø',
        'a b',
        'x.blob',
        'x'.repeat(513),
      ]) {
        await expect(store.put(bad, Buffer.from('x')), bad).rejects.toBeInstanceOf(AppError);
        await expect(store.head(bad), bad).rejects.toMatchObject({ code: 'bad-request' });
      }
      await expect(collect(store.list('../'))).rejects.toMatchObject({ code: 'bad-request' });
      expect(await collect(store.list())).toEqual([]);
    });

    it('a source that breaks off mid-put leaves no blob, and an existing blob under the key unchanged', async () => {
      const store = await fresh();
      const old = Buffer.from('the old recording');
      await store.put('kept', old);
      await expect(store.put('kept', pieces(randomBytes(200_000), 100_000))).rejects.toThrow(
        'the source broke off',
      );
      await expect(store.put('new', pieces(randomBytes(200_000), 100_000))).rejects.toThrow(
        'the source broke off',
      );
      expect(await store.head('new')).toBeNull();
      expect((await readAll((await store.get('kept'))!.stream)).equals(old)).toBe(true);
      expect((await collect(store.list())).map((i) => i.key)).toEqual(['kept']);
    });

    it('a put with the wrong expected SHA-256 stores nothing; the right one stores', async () => {
      const store = await fresh();
      const bytes = Buffer.from('checked');
      await expect(
        store.put('c', bytes, { expectedSha256: sha(Buffer.from('other')) }),
      ).rejects.toMatchObject({ code: 'unprocessable' });
      expect(await store.head('c')).toBeNull();
      expect(await store.put('c', bytes, { expectedSha256: sha(bytes).toUpperCase() })).toEqual({
        size: 7,
        sha256: sha(bytes),
      });
    });

    it('concurrent puts to one key leave one of them whole', async () => {
      const store = await fresh();
      const versions = [randomBytes(150_000), randomBytes(90_000), randomBytes(200_000)];
      await Promise.all(versions.map((v) => store.put('race', pieces(v))));
      const read = readAll((await store.get('race'))!.stream);
      if (t.atomicConcurrentPuts === false) {
        // One version whole, or the mix refused — never mixed bytes handed out.
        const got = await read.catch((err: unknown) => err);
        const whole = Buffer.isBuffer(got) && versions.some((v) => v.equals(got));
        expect(whole || got instanceof BlobIntegrityError).toBe(true);
        return;
      }
      const got = await read;
      expect(versions.some((v) => v.equals(got))).toBe(true);
      expect((await store.head('race'))!.sha256).toBe(sha(got));
    });

    it('a blob damaged at rest fails a whole read with BlobIntegrityError instead of handing out other bytes', async () => {
      const store = await fresh();
      if (!t.corrupt) throw new Error('the implementation under test must offer corrupt() for this case');
      await store.put('damaged', randomBytes(100_000));
      await t.corrupt('damaged');
      const got = await store.get('damaged');
      await expect(readAll(got!.stream)).rejects.toBeInstanceOf(BlobIntegrityError);
    });
  });
}
