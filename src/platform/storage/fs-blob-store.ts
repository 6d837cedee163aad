/**
 * The filesystem blob store (decision 0006). One file per blob under `<dir>/objects/`, the key's
 * segments as folders and `.blob` after the last one.
 *
 * A file is a 4 KiB header followed by the body. Plain: the header holds size, SHA-256, content
 * type and metadata as JSON; the body is the bytes. Encrypted (a 32-byte key, AES-256-GCM): each
 * blob has its own random data key, wrapped with the configured key (its id in the header, so a
 * rotated key can still open older blobs while they are re-wrapped); the header's JSON is sealed
 * with the data key; the body is 64 KiB chunks, each sealed on its own with a fresh nonce and the
 * blob's id and the chunk's index as associated data, so a recording streams in and out, a range
 * read decrypts only the chunks it touches, and chunks cannot be reordered, swapped between blobs
 * or cut off without the read failing.
 *
 * Atomic writes: the bytes go to a temp file in `<dir>/tmp/` (same filesystem), which is flushed
 * (fsync), renamed over the target and the folder flushed. A put that fails at any point — a write
 * error, a full disk, a broken source stream, a checksum mismatch — removes its temp file; readers
 * only ever see a whole old or a whole new blob. Reads keep the file open they started on, so a
 * blob replaced meanwhile is read whole as it was.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
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
const IV = 12;
const TAG = 16;
const SEALED_CHUNK = CHUNK + IV + TAG;
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
  /** Encrypts at rest with this 32-byte key (AES-256-GCM). */
  key?: Buffer;
  /** Keys of earlier generations that can still open older blobs (key rotation). */
  previousKeys?: Buffer[];
  /** Opens a temp file for writing (default: the real filesystem). */
  openForWrite?: (file: string) => Promise<WritableFile>;
  /** Temp files older than this are removed on the first put (a crashed put's leftovers). */
  staleTempMs?: number;
  /** For `createdAt` and the age of temp files (default the wall clock). */
  clock?: Clock;
}

interface Stored {
  size: number;
  sha256: string;
  contentType: string | null;
  metadata: Record<string, string>;
  createdAt: string;
}

interface Encryption {
  keyId: string;
  /** iv | ciphertext | tag of the data key under the master key. */
  wrappedKey: string;
  /** Random id bound into every chunk's associated data. */
  fileId: string;
  /** iv | ciphertext | tag of the `Stored` JSON under the data key. */
  sealed: string;
}

type Header = { v: 1; plain: Stored } | { v: 1; enc: Encryption };

const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 16);

function seal(key: Buffer, plain: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, ct, c.getAuthTag()]);
}

function open_(key: Buffer, sealed: Buffer, aad: Buffer, blobKey: string): Buffer {
  if (sealed.length < IV + TAG) throw new BlobIntegrityError(blobKey, 'a sealed part is truncated');
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV));
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  try {
    return Buffer.concat([d.update(sealed.subarray(IV, sealed.length - TAG)), d.final()]);
  } catch {
    throw new BlobIntegrityError(blobKey, 'authentication failed (tampered, truncated or another key)');
  }
}

const chunkAad = (fileId: Buffer, index: number) => {
  const b = Buffer.alloc(fileId.length + 4);
  fileId.copy(b);
  b.writeUInt32BE(index, fileId.length);
  return b;
};

async function* chunksOf(data: BlobSource): AsyncIterable<Uint8Array> {
  if (data instanceof Uint8Array) yield data;
  else yield* data as AsyncIterable<Uint8Array>;
}

export class FsBlobStore implements BlobStore {
  private readonly objects: string;
  private readonly tmp: string;
  private readonly keys = new Map<string, Buffer>();
  private readonly current: { id: string; key: Buffer } | null;
  private readonly openForWrite: (file: string) => Promise<WritableFile>;
  private swept = false;
  private readonly clock: Clock;

  constructor(private readonly opts: FsBlobStoreOptions) {
    this.objects = path.resolve(opts.dir, 'objects');
    this.tmp = path.resolve(opts.dir, 'tmp');
    for (const k of [...(opts.previousKeys ?? []), ...(opts.key ? [opts.key] : [])]) {
      if (k.length !== 32) throw new Error('A blob encryption key is 32 bytes');
      this.keys.set(keyIdOf(k), k);
    }
    this.current = opts.key ? { id: keyIdOf(opts.key), key: opts.key } : null;
    this.clock = opts.clock ?? systemClock;
    this.openForWrite = opts.openForWrite ?? ((file) => open(file, 'wx'));
  }

  /** Whether new blobs are encrypted. */
  get encrypted(): boolean {
    return this.current !== null;
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
    if (!this.swept) {
      this.swept = true;
      void this.sweepTemp(this.opts.staleTempMs ?? 24 * 3600_000).catch(() => undefined);
    }
    const tmpFile = path.join(this.tmp, `${randomUUID()}.tmp`);
    const file = await this.openForWrite(tmpFile);
    let closed = false;
    try {
      const hash = createHash('sha256');
      const enc = this.current ? { dataKey: randomBytes(32), fileId: randomBytes(16) } : null;
      let size = 0;
      let pos = HEADER_SIZE;
      let index = 0;
      const buf = Buffer.alloc(CHUNK);
      let fill = 0;
      const flush = async () => {
        if (fill === 0) return;
        const out = enc
          ? seal(enc.dataKey, buf.subarray(0, fill), chunkAad(enc.fileId, index++))
          : buf.subarray(0, fill);
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
      const header = this.encodeHeader(stored, enc);
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
    }
  }

  private encodeHeader(stored: Stored, enc: { dataKey: Buffer; fileId: Buffer } | null): Buffer {
    let header: Header;
    if (enc && this.current) {
      header = {
        v: 1,
        enc: {
          keyId: this.current.id,
          wrappedKey: seal(this.current.key, enc.dataKey, Buffer.from('nodmeld-blob-key')).toString('base64'),
          fileId: enc.fileId.toString('base64'),
          sealed: seal(enc.dataKey, Buffer.from(JSON.stringify(stored)), enc.fileId).toString('base64'),
        },
      };
    } else header = { v: 1, plain: stored };
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
  private async openBlob(
    key: string,
  ): Promise<{ fh: FileHandle; info: BlobInfo; enc: { dataKey: Buffer; fileId: Buffer } | null } | null> {
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
      let stored: Stored;
      let enc: { dataKey: Buffer; fileId: Buffer } | null = null;
      if ('enc' in header) {
        const master = this.keys.get(header.enc.keyId);
        if (!master) {
          throw new AppError(
            'unavailable',
            `The blob ${key} is encrypted with a key that is not configured (key id ${header.enc.keyId})`,
          );
        }
        const dataKey = open_(
          master,
          Buffer.from(header.enc.wrappedKey, 'base64'),
          Buffer.from('nodmeld-blob-key'),
          key,
        );
        const fileId = Buffer.from(header.enc.fileId, 'base64');
        stored = JSON.parse(
          open_(dataKey, Buffer.from(header.enc.sealed, 'base64'), fileId, key).toString('utf8'),
        ) as Stored;
        enc = { dataKey, fileId };
      } else stored = header.plain;
      return { fh, info: { key, ...stored }, enc };
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
    const { fh, info, enc } = opened;
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
            const plainLen = Math.min(CHUNK, info.size - i * CHUNK);
            const storedLen = enc ? plainLen + IV + TAG : plainLen;
            const at = HEADER_SIZE + i * (enc ? SEALED_CHUNK : CHUNK);
            const raw = Buffer.alloc(storedLen);
            const { bytesRead } = await fh.read(raw, 0, storedLen, at);
            if (bytesRead !== storedLen)
              throw new BlobIntegrityError(info.key, 'the file is shorter than its header says');
            const plain = enc ? open_(enc.dataKey, raw, chunkAad(enc.fileId, i), info.key) : raw;
            hash?.update(plain);
            seen += plain.length;
            const from = Math.max(0, start - i * CHUNK);
            const to = Math.min(plain.length, end - i * CHUNK + 1);
            yield plain.subarray(from, to);
          }
        }
        if (hash) {
          const { size: fileSize } = await fh.stat();
          const expectedFile =
            HEADER_SIZE + (enc ? info.size + Math.ceil(info.size / CHUNK) * (IV + TAG) : info.size);
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
      const file = path.join(this.tmp, name);
      const s = await stat(file).catch(() => null);
      if (
        s &&
        this.clock.nowMs() - s.mtimeMs > olderThanMs &&
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
