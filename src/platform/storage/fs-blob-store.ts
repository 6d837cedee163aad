/**
 * The filesystem blob store (decision 0006). One file per blob under `<dir>/objects/`, the key's
 * segments as folders and `.blob` after the last one.
 *
 * A file is a 4 KiB header followed by the body: the header holds size, SHA-256, content type and
 * metadata as JSON; the body is the bytes. Encryption at rest is not this store's business: the
 * configured store wraps it in `EncryptedBlobStore` (decision 0008), which hands it only
 * ciphertext. (A file sealed by this store's own encryption before decision 0008 is refused by
 * name: no installation held one.)
 *
 * Atomic writes: the bytes go to a temp file in `<dir>/tmp/` (same filesystem), which is flushed
 * (fsync), renamed over the target and the folder flushed. A put that fails at any point — a write
 * error, a full disk, a broken source stream, a checksum mismatch — removes its temp file; readers
 * only ever see a whole old or a whole new blob. Reads keep the file open they started on, so a
 * blob replaced meanwhile is read whole as it was.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rmdir, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../errors.ts';
import { systemClock, type Clock } from '../time/clock.ts';
import {
  BlobIntegrityError,
  checkBlobMeta,
  checkExpectedSha256,
  resolveRange,
  validateBlobKey,
  validateBlobPrefix,
  type BlobInfo,
  type BlobMeta,
  type BlobSource,
  type BlobStore,
  type ByteRange,
} from './blob-store.ts';

const MAGIC = Buffer.from('NMBLOB1\n', 'latin1');
const HEADER_SIZE = 4096;
const CHUNK = 64 * 1024;
const SUFFIX = '.blob';

/** The part of a file handle a put writes through (a seam for fault tests: a full disk). */
export interface WritableFile {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<unknown>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface FsBlobStoreOptions {
  /** The store's folder (created on first write). */
  dir: string;
  /** Opens a temp file for writing (default: the real filesystem). */
  openForWrite?: (file: string) => Promise<WritableFile>;
  /** Temp files older than this are removed on the first put (a crashed put's leftovers). */
  staleTempMs?: number;
  /**
   * For `createdAt` (default the wall clock). The age of temp files is measured against their
   * modification time, which the filesystem stamps with the real time: always the real clock.
   */
  clock?: Clock;
}

interface Stored {
  size: number;
  sha256: string;
  contentType: string | null;
  metadata: Record<string, string>;
  createdAt: string;
}

/** v1 with `enc`: sealed by this store before decision 0008 — refused. */
type Header = { v: 1; plain: Stored } | { v: 1; enc: unknown };

async function* chunksOf(data: BlobSource): AsyncIterable<Uint8Array> {
  if (data instanceof Uint8Array) yield data;
  else yield* data as AsyncIterable<Uint8Array>;
}

export class FsBlobStore implements BlobStore {
  private readonly objects: string;
  private readonly tmp: string;
  private readonly openForWrite: (file: string) => Promise<WritableFile>;
  private swept = false;
  /** Temp files of this store's puts in progress: never swept, whatever their age. */
  private readonly writing = new Set<string>();
  private readonly clock: Clock;

  constructor(private readonly opts: FsBlobStoreOptions) {
    this.objects = path.resolve(opts.dir, 'objects');
    this.tmp = path.resolve(opts.dir, 'tmp');
    this.clock = opts.clock ?? systemClock;
    this.openForWrite = opts.openForWrite ?? ((file) => open(file, 'wx'));
  }

  private fileOf(key: string): string {
    const file = path.join(this.objects, ...validateBlobKey(key).split('/')) + SUFFIX;
    // Belt and braces: the validated key cannot leave the folder, and this proves it.
    if (!file.startsWith(this.objects + path.sep))
      throw new AppError('bad-request', 'A blob key must stay inside the store');
    return file;
  }

  async put(key: string, data: BlobSource, meta: BlobMeta = {}): Promise<{ size: number; sha256: string }> {
    const target = this.fileOf(key);
    const metadata = checkBlobMeta(meta);
    await mkdir(this.tmp, { recursive: true });
    const tmpName = `${randomUUID()}.tmp`;
    const tmpFile = path.join(this.tmp, tmpName);
    this.writing.add(tmpName);
    if (!this.swept) {
      this.swept = true;
      void this.sweepTemp(this.opts.staleTempMs ?? 24 * 3600_000).catch(() => undefined);
    }
    let file: WritableFile;
    try {
      file = await this.openForWrite(tmpFile);
    } catch (err) {
      this.writing.delete(tmpName);
      throw err;
    }
    let closed = false;
    try {
      const hash = createHash('sha256');
      let size = 0;
      let pos = HEADER_SIZE;
      const buf = Buffer.alloc(CHUNK);
      let fill = 0;
      const flush = async () => {
        if (fill === 0) return;
        const out = buf.subarray(0, fill);
        await file.write(out, 0, out.length, pos);
        pos += out.length;
        fill = 0;
      };
      for await (const piece of chunksOf(data)) {
        const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        hash.update(bytes);
        size += bytes.length;
        for (let off = 0; off < bytes.length;) {
          const n = Math.min(CHUNK - fill, bytes.length - off);
          bytes.copy(buf, fill, off, off + n);
          fill += n;
          off += n;
          if (fill === CHUNK) await flush();
        }
      }
      await flush();
      const sha256 = hash.digest('hex');
      checkExpectedSha256(meta, sha256);
      const stored: Stored = {
        size,
        sha256,
        contentType: meta.contentType ?? null,
        metadata,
        createdAt: this.clock.now().toISOString(),
      };
      const header = this.encodeHeader(stored);
      await file.write(header, 0, header.length, 0);
      await file.sync();
      closed = true;
      await file.close();
      await mkdir(path.dirname(target), { recursive: true });
      await rename(tmpFile, target);
      await syncDir(path.dirname(target));
      return { size, sha256 };
    } catch (err) {
      if (!closed) await file.close().catch(() => undefined);
      await unlink(tmpFile).catch(() => undefined);
      throw err;
    } finally {
      this.writing.delete(tmpName);
    }
  }

  private encodeHeader(stored: Stored): Buffer {
    const header: Header = { v: 1, plain: stored };
    const json = Buffer.from(JSON.stringify(header));
    if (MAGIC.length + 4 + json.length > HEADER_SIZE)
      throw new AppError('bad-request', 'Blob metadata is too large');
    const out = Buffer.alloc(HEADER_SIZE);
    MAGIC.copy(out);
    out.writeUInt32BE(json.length, MAGIC.length);
    json.copy(out, MAGIC.length + 4);
    return out;
  }

  /** Opens a blob's file and reads its header; null when there is none. The caller closes `fh`. */
  private async openBlob(key: string): Promise<{ fh: FileHandle; info: BlobInfo } | null> {
    const file = this.fileOf(key);
    let fh: FileHandle;
    try {
      fh = await open(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      const head = Buffer.alloc(HEADER_SIZE);
      const { bytesRead } = await fh.read(head, 0, HEADER_SIZE, 0);
      if (bytesRead < MAGIC.length + 4 || !head.subarray(0, MAGIC.length).equals(MAGIC)) {
        throw new BlobIntegrityError(key, 'not a blob file');
      }
      const len = head.readUInt32BE(MAGIC.length);
      let header: Header;
      try {
        header = JSON.parse(
          head.subarray(MAGIC.length + 4, MAGIC.length + 4 + len).toString('utf8'),
        ) as Header;
      } catch {
        throw new BlobIntegrityError(key, 'the header is damaged');
      }
      if (!('plain' in header)) {
        throw new AppError(
          'unavailable',
          `The blob ${key} was sealed by the filesystem store's own encryption, retired by decision 0008`,
        );
      }
      return { fh, info: { key, ...header.plain } };
    } catch (err) {
      await fh.close().catch(() => undefined);
      throw err;
    }
  }

  async head(key: string): Promise<BlobInfo | null> {
    const opened = await this.openBlob(key);
    if (!opened) return null;
    await opened.fh.close();
    return opened.info;
  }

  async get(
    key: string,
    opts: { range?: ByteRange } = {},
  ): Promise<{ info: BlobInfo; stream: Readable } | null> {
    const opened = await this.openBlob(key);
    if (!opened) return null;
    const { fh, info } = opened;
    let start = 0;
    let end = info.size - 1;
    if (opts.range) {
      try {
        ({ start, end } = resolveRange(opts.range, info.size));
      } catch (err) {
        await fh.close();
        throw err;
      }
    }
    const whole = !opts.range;
    async function* body(): AsyncGenerator<Buffer> {
      try {
        const hash = whole ? createHash('sha256') : null;
        let seen = 0;
        if (info.size > 0) {
          for (let i = Math.floor(start / CHUNK); i <= Math.floor(end / CHUNK); i++) {
            const len = Math.min(CHUNK, info.size - i * CHUNK);
            const plain = Buffer.alloc(len);
            const { bytesRead } = await fh.read(plain, 0, len, HEADER_SIZE + i * CHUNK);
            if (bytesRead !== len)
              throw new BlobIntegrityError(info.key, 'the file is shorter than its header says');
            hash?.update(plain);
            seen += plain.length;
            const from = Math.max(0, start - i * CHUNK);
            const to = Math.min(plain.length, end - i * CHUNK + 1);
            yield plain.subarray(from, to);
          }
        }
        if (hash) {
          const { size: fileSize } = await fh.stat();
          const expectedFile = HEADER_SIZE + info.size;
          if (seen !== info.size || fileSize !== expectedFile)
            throw new BlobIntegrityError(info.key, 'the size differs');
          if (hash.digest('hex') !== info.sha256)
            throw new BlobIntegrityError(info.key, 'the SHA-256 differs');
        }
      } finally {
        await fh.close().catch(() => undefined);
      }
    }
    return { info, stream: Readable.from(body(), { objectMode: false }) };
  }

  async delete(key: string): Promise<boolean> {
    const file = this.fileOf(key);
    try {
      await unlink(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
    // Empty folders left behind go too (up to the objects folder); a concurrent put recreates its own.
    for (let dir = path.dirname(file); dir.startsWith(this.objects + path.sep); dir = path.dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
    return true;
  }

  async *list(prefix = ''): AsyncIterable<BlobInfo> {
    validateBlobPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const base = slash >= 0 ? prefix.slice(0, slash) : '';
    const keys: string[] = [];
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      for (const e of entries) {
        if (e.isDirectory()) await walk(path.join(dir, e.name), `${keyPrefix}${e.name}/`);
        else if (e.isFile() && e.name.endsWith(SUFFIX)) {
          const key = keyPrefix + e.name.slice(0, -SUFFIX.length);
          if (key.startsWith(prefix)) keys.push(key);
        }
      }
    };
    await walk(base ? path.join(this.objects, ...base.split('/')) : this.objects, base ? `${base}/` : '');
    keys.sort();
    for (const key of keys) {
      const info = await this.head(key);
      if (info) yield info; // deleted meanwhile: skipped
    }
  }

  /** Removes temp files of puts that died (older than `olderThanMs`); returns how many. */
  async sweepTemp(olderThanMs: number): Promise<number> {
    let removed = 0;
    let names: string[];
    try {
      names = await readdir(this.tmp);
    } catch {
      return 0;
    }
    for (const name of names) {
      if (this.writing.has(name)) continue;
      const file = path.join(this.tmp, name);
      const s = await stat(file).catch(() => null);
      if (
        s &&
        Date.now() - s.mtimeMs > olderThanMs &&
        (await unlink(file).then(
          () => true,
          () => false,
        ))
      )
        removed++;
    }
    return removed;
  }
}

/** Flushes a folder's entries (a rename is durable only then); not every platform allows it. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r').catch(() => null);
  if (!fh) return;
  await fh.sync().catch(() => undefined);
  await fh.close();
}
