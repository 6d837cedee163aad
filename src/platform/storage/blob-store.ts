/**
 * The blob-storage port: large files (sound recordings, exports, attachments) by key, streamed in
 * and out. One contract suite (`blob-store.contract.ts`) runs against every implementation —
 * the filesystem and an S3-compatible store, each plain and wrapped in `EncryptedBlobStore`
 * (decisions 0006, 0008).
 *
 * Guarantees every implementation gives:
 * - a blob is visible whole or not at all: a failed or interrupted `put` (a write error, a full
 *   disk, a source stream that breaks, a checksum that does not match) leaves no blob and no change
 *   to an existing blob under the key;
 * - `put` returns the size and SHA-256 of the bytes stored; a whole `get` verifies them and fails
 *   the stream (`BlobIntegrityError`) rather than hand out bytes that differ;
 * - keys are validated (`validateBlobKey`): relative, `/`-separated segments of safe characters,
 *   no `.`/`..`, so no key reaches outside the store; `.blob` ends no segment (reserved).
 */
import type { Readable } from 'node:stream';
import { AppError } from '../errors.ts';

/** What a put stores besides the bytes. */
export interface BlobMeta {
  /** MIME type, e.g. `audio/wav`. */
  contentType?: string;
  /** Small string metadata (≤ 2 KiB as JSON): ids, never health data. */
  metadata?: Record<string, string>;
  /** When given, the put fails (and stores nothing) unless the bytes have this SHA-256 (hex). */
  expectedSha256?: string;
}

export interface BlobInfo {
  key: string;
  size: number;
  /** SHA-256 of the content, lower-case hex. */
  sha256: string;
  contentType: string | null;
  metadata: Record<string, string>;
  /** When the blob was stored (ISO 8601). */
  createdAt: string;
}

/** An inclusive byte range, as in HTTP `Range: bytes=start-end`; `end` defaults to the last byte. */
export interface ByteRange {
  start: number;
  end?: number;
}

export type BlobSource = Uint8Array | Readable | AsyncIterable<Uint8Array>;

/** How a store encrypts at rest (set by `EncryptedBlobStore`; absent: the store does not). */
export interface BlobEncryption {
  /** Id of the key new blobs are sealed with (hex of the first 8 bytes of its SHA-256). */
  keyId: string;
  /** Plaintext bytes per sealed chunk. */
  chunkSize: number;
  /** The sealed format's version byte. */
  format: number;
}

/**
 * Write-once locks of a store that offers them (S3 object lock; docs/lydlogg.md, "Object lock").
 * Absent on a store without them (the filesystem). A locked object cannot be deleted: `delete`
 * then throws `BlobRetainedError` and the blob stays whole.
 */
export interface BlobLocking {
  /** COMPLIANCE: no one can shorten or lift a retention; GOVERNANCE: only with a special permission. */
  readonly mode: 'GOVERNANCE' | 'COMPLIANCE';
  /** Keeps the blob from deletion until `until` (a retention is only ever lengthened). */
  retain(key: string, until: Date): Promise<void>;
  /** Places (true) or lifts (false) a legal hold: no deletion while it is on, whatever the date. */
  setLegalHold(key: string, on: boolean): Promise<void>;
}

export interface BlobStore {
  /** Present when what is put is encrypted at rest (decision 0008). */
  readonly encryption?: BlobEncryption;
  /** Present when the store can lock blobs against deletion (S3 object lock). */
  readonly locking?: BlobLocking;
  /** Stores the bytes under `key` (replacing a blob there atomically). */
  put(key: string, data: BlobSource, meta?: BlobMeta): Promise<{ size: number; sha256: string }>;
  /**
   * The blob's bytes as a stream (or the bytes of `range`), or null when there is none. A whole read
   * is verified against the stored SHA-256; the stream errors with `BlobIntegrityError` on a mismatch.
   */
  get(key: string, opts?: { range?: ByteRange }): Promise<{ info: BlobInfo; stream: Readable } | null>;
  head(key: string): Promise<BlobInfo | null>;
  /** Removes the blob; false when there was none. */
  delete(key: string): Promise<boolean>;
  /** Blobs whose key starts with `prefix`, in key order. */
  list(prefix?: string): AsyncIterable<BlobInfo>;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
export const MAX_KEY_LENGTH = 512;

/** Throws a 400 `AppError` unless `key` is a safe blob key (see the file comment). */
export function validateBlobKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new AppError('bad-request', `A blob key has 1–${MAX_KEY_LENGTH} characters`);
  }
  for (const segment of key.split('/')) {
    if (!SEGMENT.test(segment) || segment.endsWith('.blob')) {
      throw new AppError(
        'bad-request',
        'A blob key is segments of letters, digits, ".", "_" and "-" separated by "/"',
      );
    }
  }
  return key;
}

/** Throws unless `prefix` is empty or a key prefix that could only match safe keys. */
export function validateBlobPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  const body = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  validateBlobKey(body);
  return prefix;
}

/** The stored bytes do not match their checksum or their authentication tag. */
export class BlobIntegrityError extends Error {
  constructor(
    readonly key: string,
    why: string,
  ) {
    super(`The blob ${key} failed its integrity check: ${why}`);
    this.name = 'BlobIntegrityError';
  }
}

/**
 * The store refused to delete a blob that it keeps locked (an unexpired retention or a legal hold):
 * the blob is still there, whole. Not a failure of the store: retry after the lock ends.
 */
export class BlobRetainedError extends Error {
  constructor(
    readonly key: string,
    why: string,
  ) {
    super(`The store keeps ${key} locked: ${why}`);
    this.name = 'BlobRetainedError';
  }
}

/** Reads a whole stream into one buffer (tests, small blobs). */
export async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

const MAX_META_JSON = 2048;

/** The metadata of a put, refused (400) when it and the content type exceed 2 KiB as JSON. */
export function checkBlobMeta(meta: BlobMeta): Record<string, string> {
  const metadata = meta.metadata ?? {};
  if (JSON.stringify({ c: meta.contentType ?? null, m: metadata }).length > MAX_META_JSON) {
    throw new AppError('bad-request', `Blob metadata is at most ${MAX_META_JSON} bytes`);
  }
  return metadata;
}

/** Refuses (422) content whose SHA-256 differs from the one the caller expected. */
export function checkExpectedSha256(meta: BlobMeta, sha256: string): void {
  if (meta.expectedSha256 !== undefined && meta.expectedSha256.toLowerCase() !== sha256) {
    throw new AppError(
      'unprocessable',
      `The content's SHA-256 is ${sha256}, not the expected ${meta.expectedSha256}`,
    );
  }
}

/** The inclusive byte range asked for; a range outside a blob of `size` bytes is a 400. */
export function resolveRange(range: ByteRange, size: number): { start: number; end: number } {
  const { start } = range;
  const end = range.end ?? size - 1;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end >= size) {
    throw new AppError(
      'bad-request',
      `The range ${start}-${range.end ?? ''} is outside the blob (size ${size})`,
    );
  }
  return { start, end };
}
