/**
 * Encryption at rest for ANY blob store (decision 0008): a decorator at the blob port that seals
 * what it is given before the inner store (filesystem, S3-compatible) sees a byte, and opens it
 * again on the way out. The one place blobs are encrypted — recordings, exports and attachments
 * alike — with the key `NODMELD_STORAGE_KEY`.
 *
 * Layout of a sealed blob (format version 1):
 *
 *   header   "NMENC" | version (1 byte, 1) | chunk size (u32 BE) | key id (8) | salt (16)
 *            | length of the sealed metadata (u32 BE) | sealed metadata (JSON: content type,
 *            metadata; GCM, associated data: the 38 header bytes before it)
 *   chunk i  AES-256-GCM of plaintext bytes [i·C, (i+1)·C) | tag (16); an empty blob has one
 *            empty chunk
 *   trailer  AES-256-GCM of plaintext size (u64 BE) | SHA-256 of the plaintext (32) | tag (16)
 *
 * - Per blob a key is derived: HKDF-SHA256(configured key, salt = the blob's random 16-byte salt,
 *   info = "nodmeld-blob/1:" + the blob key). So a file copied under another key, or of another
 *   blob, does not open; nonces (record type | 0 | u64 index) never repeat under one derived key.
 * - Associated data of chunk i: "C" | i (u64) | 1 if it is the last chunk, else 0 — a chunk
 *   altered, moved or swapped fails, and a blob cut after any chunk has no chunk marked last.
 * - Associated data of the trailer: "T" | the number of chunks. Every read opens the trailer (at
 *   the end the inner store's size gives), so a file cut anywhere, or extended, fails before a
 *   byte is handed out; a whole read also compares the SHA-256 of what it decrypted with it.
 * - A range read asks the inner store for exactly the chunks the range touches and decrypts only
 *   those.
 * - Key id: the first 8 bytes of SHA-256 of the configured key; earlier keys (key rotation) open
 *   blobs that name them.
 *
 * The inner store sees only ciphertext with no content type and no metadata of its own.
 * A read racing a replacement of the same key may fail (BlobIntegrityError) rather than mix the
 * two versions: the header and the body are two reads of the inner store.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppError } from '../errors.ts';
import {
  BlobIntegrityError,
  checkBlobMeta,
  checkExpectedSha256,
  readAll,
  resolveRange,
  validateBlobKey,
  type BlobEncryption,
  type BlobInfo,
  type BlobMeta,
  type BlobSource,
  type BlobStore,
  type ByteRange,
} from './blob-store.ts';

export const FORMAT_MAGIC = Buffer.from('NMENC', 'latin1');
export const FORMAT_VERSION = 1;
const FIXED = 38;
const TAG = 16;
const TRAILER = 8 + 32 + TAG;
/** The longest header read in one go (the metadata is at most 2 KiB of JSON). */
const MAX_HEADER = 8192;
export const DEFAULT_CHUNK_SIZE = 64 * 1024;

const REC_META = 0;
const REC_CHUNK = 1;
const REC_TRAILER = 2;

/** The id of a key: hex of the first 8 bytes of its SHA-256. */
export const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

export interface EncryptedBlobStoreOptions {
  /** The key new blobs are sealed with (32 bytes). */
  key: Buffer;
  /** Earlier keys: blobs sealed with them still open (key rotation). */
  previousKeys?: readonly Buffer[];
  /** Plaintext bytes per chunk (default 64 KiB): a seek decrypts at most this much more than it needs. */
  chunkSize?: number;
}

interface Opened {
  info: BlobInfo;
  dk: Buffer;
  chunkSize: number;
  headerLen: number;
  chunks: number;
}

function nonce(type: number, index: number): Buffer {
  const n = Buffer.alloc(12);
  n[0] = type;
  n.writeBigUInt64BE(BigInt(index), 4);
  return n;
}

function seal(dk: Buffer, type: number, index: number, aad: Buffer, plain: Buffer): Buffer {
  const c = createCipheriv('aes-256-gcm', dk, nonce(type, index));
  c.setAAD(aad);
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

function unseal(
  dk: Buffer,
  type: number,
  index: number,
  aad: Buffer,
  sealed: Buffer,
  key: string,
  what: string,
) {
  if (sealed.length < TAG) throw new BlobIntegrityError(key, `${what} is truncated`);
  const d = createDecipheriv('aes-256-gcm', dk, nonce(type, index));
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  try {
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG)), d.final()]);
  } catch {
    throw new BlobIntegrityError(
      key,
      `${what} failed authentication (tampered, truncated, reordered, another blob or another key)`,
    );
  }
}

const chunkAad = (index: number, last: boolean) => {
  const b = Buffer.alloc(10);
  b[0] = 0x43; // "C"
  b.writeBigUInt64BE(BigInt(index), 1);
  b[9] = last ? 1 : 0;
  return b;
};

const trailerAad = (chunks: number) => {
  const b = Buffer.alloc(9);
  b[0] = 0x54; // "T"
  b.writeBigUInt64BE(BigInt(chunks), 1);
  return b;
};

/** Chunks of a blob of `size` plaintext bytes (an empty blob has one, empty). */
export const chunkCount = (size: number, chunkSize: number): number =>
  Math.max(1, Math.ceil(size / chunkSize));

/** Sealed size of a blob: header + chunks with their tags + trailer. */
export const sealedSizeOf = (size: number, headerLen: number, chunkSize: number): number =>
  headerLen + size + chunkCount(size, chunkSize) * TAG + TRAILER;

/** The plaintext size a sealed body (chunks with tags) of `body` bytes holds, or null if none fits. */
function plainSizeOf(body: number, chunkSize: number): number | null {
  const n = Math.max(1, Math.ceil(body / (chunkSize + TAG)));
  const size = body - n * TAG;
  return size >= 0 && chunkCount(size, chunkSize) === n ? size : null;
}

async function* chunksOf(data: BlobSource): AsyncIterable<Uint8Array> {
  if (data instanceof Uint8Array) yield data;
  else yield* data as AsyncIterable<Uint8Array>;
}

export class EncryptedBlobStore implements BlobStore {
  private readonly keys = new Map<string, Buffer>();
  private readonly current: { id: string; key: Buffer };
  private readonly chunkSize: number;
  readonly encryption: BlobEncryption;
  readonly locking?: BlobStore['locking'];

  constructor(
    /** The store underneath (ciphertext only; the re-sealing reads blobs written in the clear from it). */
    readonly inner: BlobStore,
    opts: EncryptedBlobStoreOptions,
  ) {
    for (const k of [...(opts.previousKeys ?? []), opts.key]) {
      if (k.length !== 32) throw new Error('A blob encryption key is 32 bytes');
      this.keys.set(keyIdOf(k), k);
    }
    this.current = { id: keyIdOf(opts.key), key: opts.key };
    this.chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
    if (!Number.isInteger(this.chunkSize) || this.chunkSize < 16 || this.chunkSize > 16 * 1024 * 1024)
      throw new Error('A chunk size is 16 bytes to 16 MiB');
    // Locks act on the stored object, whatever is inside it: the inner store's, as they are.
    if (inner.locking) this.locking = inner.locking;
    this.encryption = { keyId: this.current.id, chunkSize: this.chunkSize, format: FORMAT_VERSION };
  }

  /** Whether blobs sealed with the key of this id can be opened (current or an earlier key). */
  hasKey(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  private derive(master: Buffer, salt: Buffer, key: string): Buffer {
    return Buffer.from(hkdfSync('sha256', master, salt, `nodmeld-blob/1:${key}`, 32));
  }

  async put(key: string, data: BlobSource, meta: BlobMeta = {}): Promise<{ size: number; sha256: string }> {
    validateBlobKey(key);
    const metadata = checkBlobMeta(meta);
    const chunkSize = this.chunkSize;
    const salt = randomBytes(16);
    const dk = this.derive(this.current.key, salt, key);
    const metaJson = Buffer.from(JSON.stringify({ c: meta.contentType ?? null, m: metadata }));
    const fixed = Buffer.alloc(FIXED);
    FORMAT_MAGIC.copy(fixed, 0);
    fixed[5] = FORMAT_VERSION;
    fixed.writeUInt32BE(chunkSize, 6);
    Buffer.from(this.current.id, 'hex').copy(fixed, 10);
    salt.copy(fixed, 18);
    fixed.writeUInt32BE(metaJson.length + TAG, 34);
    const header = Buffer.concat([fixed, seal(dk, REC_META, 0, fixed, metaJson)]);
    const result = { size: 0, sha256: '' };
    async function* sealed(): AsyncGenerator<Buffer> {
      yield header;
      const hash = createHash('sha256');
      const buf = Buffer.alloc(chunkSize);
      let fill = 0;
      let index = 0;
      for await (const piece of chunksOf(data)) {
        const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        hash.update(bytes);
        result.size += bytes.length;
        for (let off = 0; off < bytes.length;) {
          if (fill === chunkSize) {
            // More bytes follow: the full chunk is not the last.
            yield seal(dk, REC_CHUNK, index, chunkAad(index, false), buf);
            index++;
            fill = 0;
          }
          const n = Math.min(chunkSize - fill, bytes.length - off);
          bytes.copy(buf, fill, off, off + n);
          fill += n;
          off += n;
        }
      }
      result.sha256 = hash.digest('hex');
      // Before the last bytes reach the inner store: a wrong checksum stores nothing.
      checkExpectedSha256(meta, result.sha256);
      yield seal(dk, REC_CHUNK, index, chunkAad(index, true), Buffer.from(buf.subarray(0, fill)));
      const t = Buffer.alloc(40);
      t.writeBigUInt64BE(BigInt(result.size), 0);
      Buffer.from(result.sha256, 'hex').copy(t, 8);
      yield seal(dk, REC_TRAILER, 0, trailerAad(index + 1), t);
    }
    await this.inner.put(key, sealed(), { contentType: 'application/octet-stream' });
    return { size: result.size, sha256: result.sha256 };
  }

  /** Reads and authenticates the header and the trailer; null when there is no blob. */
  private async open(key: string): Promise<Opened | null> {
    const outer = await this.inner.head(validateBlobKey(key));
    if (!outer) return null;
    const sealedSize = outer.size;
    if (sealedSize < FIXED + TAG + TAG + TRAILER)
      throw new BlobIntegrityError(key, 'not a sealed blob (too short)');
    const head = await this.inner.get(key, {
      range: { start: 0, end: Math.min(sealedSize, MAX_HEADER) - 1 },
    });
    if (!head) return null;
    const h = await readAll(head.stream);
    if (!h.subarray(0, 5).equals(FORMAT_MAGIC))
      throw new BlobIntegrityError(key, 'not a sealed blob (no header)');
    if (h[5] !== FORMAT_VERSION)
      throw new BlobIntegrityError(key, `sealed in format version ${h[5]}, which this version does not read`);
    const chunkSize = h.readUInt32BE(6);
    const keyId = h.subarray(10, 18).toString('hex');
    const salt = h.subarray(18, 34);
    const metaLen = h.readUInt32BE(34);
    const headerLen = FIXED + metaLen;
    if (chunkSize < 16 || chunkSize > 16 * 1024 * 1024 || metaLen < TAG || headerLen > h.length)
      throw new BlobIntegrityError(key, 'the header is damaged');
    const master = this.keys.get(keyId);
    if (!master) {
      throw new AppError(
        'unavailable',
        `The blob ${key} is encrypted with a key that is not configured (key id ${keyId})`,
      );
    }
    const dk = this.derive(master, salt, key);
    const metaRaw = unseal(
      dk,
      REC_META,
      0,
      h.subarray(0, FIXED),
      h.subarray(FIXED, headerLen),
      key,
      'the header',
    );
    const m = JSON.parse(metaRaw.toString('utf8')) as { c: string | null; m: Record<string, string> };
    const size = plainSizeOf(sealedSize - headerLen - TRAILER, chunkSize);
    if (size === null)
      throw new BlobIntegrityError(key, 'the file has a size no sealed blob has (truncated)');
    const chunks = chunkCount(size, chunkSize);
    const tail = await this.inner.get(key, { range: { start: sealedSize - TRAILER, end: sealedSize - 1 } });
    if (!tail) return null;
    const t = unseal(dk, REC_TRAILER, 0, trailerAad(chunks), await readAll(tail.stream), key, 'the trailer');
    if (Number(t.readBigUInt64BE(0)) !== size) throw new BlobIntegrityError(key, 'the size differs');
    return {
      info: {
        key,
        size,
        sha256: t.subarray(8, 40).toString('hex'),
        contentType: m.c,
        metadata: m.m,
        createdAt: outer.createdAt,
      },
      dk,
      chunkSize,
      headerLen,
      chunks,
    };
  }

  async head(key: string): Promise<BlobInfo | null> {
    return (await this.open(key))?.info ?? null;
  }

  async get(
    key: string,
    opts: { range?: ByteRange } = {},
  ): Promise<{ info: BlobInfo; stream: Readable } | null> {
    const o = await this.open(key);
    if (!o) return null;
    const { info, dk, chunkSize, headerLen, chunks } = o;
    const whole = !opts.range;
    const { start, end } = opts.range
      ? resolveRange(opts.range, info.size)
      : { start: 0, end: info.size - 1 };
    const first = Math.floor(start / chunkSize);
    const last = info.size === 0 ? 0 : Math.floor(end / chunkSize);
    const sealedLen = (i: number) => Math.min(chunkSize, info.size - i * chunkSize) + TAG;
    const at = (i: number) => headerLen + i * (chunkSize + TAG);
    const body = await this.inner.get(key, {
      range: { start: at(first), end: at(last) + sealedLen(last) - 1 },
    });
    if (!body) return null;
    async function* opened(): AsyncGenerator<Buffer> {
      const hash = whole ? createHash('sha256') : null;
      let pending: Buffer[] = [];
      let pendingLen = 0;
      let i = first;
      for await (const piece of body!.stream as AsyncIterable<Buffer>) {
        pending.push(piece);
        pendingLen += piece.length;
        while (i <= last && pendingLen >= sealedLen(i)) {
          const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
          const n = sealedLen(i);
          const plain = unseal(
            dk,
            REC_CHUNK,
            i,
            chunkAad(i, i === chunks - 1),
            all.subarray(0, n),
            key,
            `chunk ${i}`,
          );
          const rest = all.subarray(n);
          pending = rest.length ? [rest] : [];
          pendingLen = rest.length;
          hash?.update(plain);
          const from = i === first ? start - i * chunkSize : 0;
          const to = i === last ? end - i * chunkSize + 1 : plain.length;
          i++;
          if (to > from) yield plain.subarray(from, to);
        }
      }
      if (i <= last) throw new BlobIntegrityError(key, `the file ends inside chunk ${i} (truncated)`);
      if (hash && hash.digest('hex') !== info.sha256)
        throw new BlobIntegrityError(key, 'the SHA-256 differs');
    }
    return { info, stream: Readable.from(opened(), { objectMode: false }) };
  }

  delete(key: string): Promise<boolean> {
    return this.inner.delete(key);
  }

  async *list(prefix = ''): AsyncIterable<BlobInfo> {
    for await (const outer of this.inner.list(prefix)) {
      const info = await this.head(outer.key);
      if (info) yield info; // deleted meanwhile: skipped
    }
  }
}
