/**
 * An S3-compatible blob store (AWS S3, MinIO, Ceph RGW, …), speaking the S3 REST API over
 * node:http(s) with Signature Version 4 — no SDK. It passes the same contract suite as the
 * filesystem store (tested against `s3rver`).
 *
 * - put: the source is spooled to a temp file while its SHA-256 is computed (so a source that
 *   breaks off, or a wrong expected checksum, stores nothing), then sent in one PUT with the
 *   SHA-256 as the signed payload hash (the server rejects bytes that differ). S3 makes a PUT
 *   visible whole or not at all. The SHA-256 and metadata travel as `x-amz-meta-*`.
 * - get: HEAD for the size and ETag, then GET (with `Range`) pinned to that ETag (`If-Match`), so
 *   a blob replaced in between is not mixed; a whole read is checked against the SHA-256.
 * - Encryption at rest: wrap it in `EncryptedBlobStore` (decision 0008), as the configured store is.
 * - Addressing: path-style (`endpoint/bucket/key`, MinIO, Ceph, s3rver) or virtual-hosted
 *   (`bucket.endpoint/key`, AWS) by `pathStyle`.
 * - Object lock (`objectLock`, a bucket created with object lock, hence versioned): `locking`
 *   offers PutObjectRetention and PutObjectLegalHold; `delete` removes every version of the key
 *   (a plain DELETE in a versioned bucket only hides the object behind a delete marker) and a
 *   version the store refuses to delete (AccessDenied: retention or legal hold) becomes a
 *   `BlobRetainedError` — the object is still there. Never sent: `x-amz-bypass-governance-retention`.
 * - Every PUT carries `Content-MD5`, which S3 requires for writes to an object-lock bucket.
 * - Not yet: multipart upload (one PUT takes up to 5 GB) and a real S3/MinIO in CI.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.ts';
import {
  BlobIntegrityError,
  BlobRetainedError,
  checkBlobMeta,
  checkExpectedSha256,
  resolveRange,
  readAll,
  validateBlobKey,
  validateBlobPrefix,
  type BlobInfo,
  type BlobLocking,
  type BlobMeta,
  type BlobSource,
  type BlobStore,
  type ByteRange,
} from './blob-store.ts';

export interface S3BlobStoreOptions {
  /** e.g. `https://s3.eu-north-1.amazonaws.com` or `http://127.0.0.1:9000` (path-style requests). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Folder for spooling puts (default the OS temp folder). */
  spoolDir?: string;
  /** Path-style addressing (default true); false: virtual-hosted (`bucket.host`). */
  pathStyle?: boolean;
  /** The bucket has object lock: retention and legal holds in this mode (docs/lydlogg.md). */
  objectLock?: { mode: 'GOVERNANCE' | 'COMPLIANCE' };
}

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** The lock refusals S3 answers a DELETE of a locked version with (MinIO: AccessDenied too). */
const LOCK_REFUSALS = new Set(['AccessDenied', 'InvalidRequest', 'ObjectLocked']);

/** RFC 3986 encoding as SigV4 wants it. */
const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256hex = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();
const EMPTY_SHA = sha256hex('');

/**
 * AWS Signature Version 4 for S3: adds `x-amz-date` and `x-amz-content-sha256` to `headers` (lower
 * case, `host` included) and returns the `authorization` value. `path` and `query` are already
 * URI-encoded (query sorted).
 */
export function signV4(r: {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  payloadSha256: string;
  at: Date;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}): string {
  const now = r.at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = now.slice(0, 8);
  r.headers['x-amz-date'] = now;
  r.headers['x-amz-content-sha256'] = r.payloadSha256;
  const names = Object.keys(r.headers).sort();
  const canonical = [
    r.method,
    r.path,
    r.query,
    names.map((n) => `${n}:${r.headers[n]!.trim()}\n`).join(''),
    names.join(';'),
    r.payloadSha256,
  ].join('\n');
  const scope = `${date}/${r.region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', now, scope, sha256hex(canonical)].join('\n');
  const kSigning = hmac(hmac(hmac(hmac(`AWS4${r.secretAccessKey}`, date), r.region), 's3'), 'aws4_request');
  const signature = hmac(kSigning, toSign).toString('hex');
  return `AWS4-HMAC-SHA256 Credential=${r.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

export class S3BlobStore implements BlobStore {
  private readonly base: URL;
  private readonly host: string;
  readonly locking?: BlobLocking;

  constructor(private readonly opts: S3BlobStoreOptions) {
    this.base = new URL(opts.endpoint);
    this.host = opts.pathStyle === false ? `${opts.bucket}.${this.base.host}` : this.base.host;
    if (opts.objectLock) {
      const mode = opts.objectLock.mode;
      this.locking = {
        mode,
        retain: (key, until) =>
          this.lockCall(
            key,
            'retention',
            `<Retention xmlns="${S3_NS}"><Mode>${mode}</Mode><RetainUntilDate>${until.toISOString()}</RetainUntilDate></Retention>`,
          ),
        setLegalHold: (key, on) =>
          this.lockCall(
            key,
            'legal-hold',
            `<LegalHold xmlns="${S3_NS}"><Status>${on ? 'ON' : 'OFF'}</Status></LegalHold>`,
          ),
      };
    }
  }

  /** PutObjectRetention / PutObjectLegalHold on the current version of `key`. */
  private async lockCall(key: string, what: 'retention' | 'legal-hold', xml: string): Promise<void> {
    validateBlobKey(key);
    const bytes = Buffer.from(xml, 'utf8');
    const r = await this.request(
      'PUT',
      key,
      { [what]: '' },
      { 'content-type': 'application/xml', 'content-md5': createHash('md5').update(bytes).digest('base64') },
      { bytes, size: bytes.length, sha256: sha256hex(bytes) },
    );
    if (r.status !== 200 && r.status !== 204) return this.fail(r, `setting the ${what} of ${key}`);
    r.body.resume();
  }

  private async request(
    method: string,
    key: string | null,
    query: Record<string, string> = {},
    headers: Record<string, string> = {},
    body?: { file?: string; bytes?: Buffer; size: number; sha256: string },
  ): Promise<Response> {
    const bucketPath = this.opts.pathStyle === false ? '' : `/${enc(this.opts.bucket)}`;
    const keyPath = key === null ? '' : `/${key.split('/').map(enc).join('/')}`;
    const pathname = bucketPath + keyPath || '/';
    const qs = Object.keys(query)
      .sort()
      .map((k) => `${enc(k)}=${enc(query[k]!)}`)
      .join('&');
    const all: Record<string, string> = {
      ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
      host: this.host,
    };
    if (body) all['content-length'] = String(body.size);
    all.authorization = signV4({
      method,
      path: pathname,
      query: qs,
      headers: all,
      payloadSha256: body?.sha256 ?? EMPTY_SHA,
      at: new Date(),
      region: this.opts.region,
      accessKeyId: this.opts.accessKeyId,
      secretAccessKey: this.opts.secretAccessKey,
    });
    const lib = this.base.protocol === 'https:' ? https : http;
    return new Promise<Response>((resolve, reject) => {
      const req = lib.request(
        {
          method,
          host: this.base.hostname,
          port: this.base.port || undefined,
          // Virtual-hosted: the bucket's name is in the Host header; the connection goes to the endpoint.
          setHost: false,
          path: qs ? `${pathname}?${qs}` : pathname,
          headers: all,
        },
        (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }),
      );
      req.on('error', reject);
      if (body?.bytes) req.end(body.bytes);
      else if (body?.file)
        createReadStream(body.file)
          .on('error', (e) => req.destroy(e))
          .pipe(req);
      else req.end();
    });
  }

  private async errorCode(r: Response): Promise<string> {
    const text = (await readAll(r.body)).toString('utf8');
    return /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? String(r.status);
  }

  private async fail(r: Response, what: string): Promise<never> {
    throw new AppError('unavailable', `The object store refused ${what}: ${await this.errorCode(r)}`);
  }

  async put(key: string, data: BlobSource, meta: BlobMeta = {}): Promise<{ size: number; sha256: string }> {
    validateBlobKey(key);
    const metadata = checkBlobMeta(meta);
    const metaJson = JSON.stringify(metadata);
    const spool = path.join(this.opts.spoolDir ?? tmpdir(), `nodmeld-s3-${randomUUID()}.tmp`);
    try {
      const hash = createHash('sha256');
      const md5 = createHash('md5');
      const source =
        data instanceof Uint8Array ? Readable.from([data]) : Readable.from(data as AsyncIterable<Uint8Array>);
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Uint8Array>) {
          for await (const c of chunks) {
            hash.update(c);
            md5.update(c);
            yield c;
          }
        },
        createWriteStream(spool, { flags: 'wx' }),
      );
      const sha256 = hash.digest('hex');
      checkExpectedSha256(meta, sha256);
      const { size } = await stat(spool);
      const headers: Record<string, string> = {
        'x-amz-meta-sha256': sha256,
        'x-amz-meta-nodmeld': Buffer.from(metaJson).toString('base64'),
        'x-amz-meta-created': new Date().toISOString(),
        'content-md5': md5.digest('base64'),
      };
      if (meta.contentType) headers['content-type'] = meta.contentType;
      const r = await this.request('PUT', key, {}, headers, { file: spool, size, sha256 });
      if (r.status !== 200) return await this.fail(r, `storing ${key}`);
      r.body.resume();
      return { size, sha256 };
    } finally {
      await unlink(spool).catch(() => undefined);
    }
  }

  private infoOf(key: string, h: http.IncomingHttpHeaders): BlobInfo & { etag: string } {
    const sha256 = h['x-amz-meta-sha256'];
    if (typeof sha256 !== 'string')
      throw new BlobIntegrityError(key, 'the object has no SHA-256 (not written by nodmeld)');
    const raw = h['x-amz-meta-nodmeld'];
    return {
      key,
      size: Number(h['content-length'] ?? 0),
      sha256,
      contentType:
        typeof h['content-type'] === 'string' && h['content-type'] !== 'binary/octet-stream'
          ? h['content-type']
          : null,
      metadata:
        typeof raw === 'string'
          ? (JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Record<string, string>)
          : {},
      createdAt:
        typeof h['x-amz-meta-created'] === 'string'
          ? h['x-amz-meta-created']
          : new Date(String(h['last-modified'])).toISOString(),
      etag: String(h.etag ?? ''),
    };
  }

  async head(key: string): Promise<BlobInfo | null> {
    const full = await this.headWithEtag(key);
    if (!full) return null;
    const { etag: _etag, ...info } = full;
    return info;
  }

  private async headWithEtag(key: string): Promise<(BlobInfo & { etag: string }) | null> {
    validateBlobKey(key);
    const r = await this.request('HEAD', key);
    r.body.resume();
    if (r.status === 404) return null;
    if (r.status !== 200) return this.fail(r, `reading ${key}`);
    return this.infoOf(key, r.headers);
  }

  async get(
    key: string,
    opts: { range?: ByteRange } = {},
  ): Promise<{ info: BlobInfo; stream: Readable } | null> {
    const full = await this.headWithEtag(key);
    if (!full) return null;
    const { etag, ...info } = full;
    const headers: Record<string, string> = { 'if-match': etag };
    if (opts.range) {
      const { start, end } = resolveRange(opts.range, info.size);
      headers.range = `bytes=${start}-${end}`;
    }
    if (info.size === 0) return { info, stream: Readable.from([]) };
    const r = await this.request('GET', key, {}, headers);
    if (r.status === 404 || r.status === 412) {
      r.body.resume();
      return this.get(key, opts); // deleted or replaced since the HEAD: read what is there now
    }
    if (r.status !== 200 && r.status !== 206) return this.fail(r, `reading ${key}`);
    if (opts.range) {
      // A server may answer a range with more than asked (HTTP lets it ignore Range and send 200;
      // s3rver sends the whole object for bytes=0-0): take what `Content-Range` says arrived and
      // cut the asked range out of it.
      const start = opts.range.start;
      const end = opts.range.end ?? info.size - 1;
      const sent = /^bytes (\d+)-(\d+)\//.exec(String(r.headers['content-range'] ?? ''));
      const first = r.status === 206 && sent ? Number(sent[1]) : 0;
      if (r.status === 206 && sent && first === start && Number(sent[2]) === end)
        return { info, stream: r.body };
      async function* cut(): AsyncGenerator<Buffer> {
        let at = first;
        for await (const c of r.body as AsyncIterable<Buffer>) {
          const from = Math.max(0, start - at);
          const to = Math.min(c.length, end + 1 - at);
          if (to > from) yield c.subarray(from, to);
          at += c.length;
          if (at > end) break;
        }
      }
      return { info, stream: Readable.from(cut()) };
    }
    async function* checked(): AsyncGenerator<Buffer> {
      const hash = createHash('sha256');
      let seen = 0;
      for await (const c of r.body as AsyncIterable<Buffer>) {
        hash.update(c);
        seen += c.length;
        yield c;
      }
      if (seen !== info.size || hash.digest('hex') !== info.sha256)
        throw new BlobIntegrityError(key, 'the SHA-256 differs');
    }
    return { info, stream: Readable.from(checked()) };
  }

  async delete(key: string): Promise<boolean> {
    if (this.opts.objectLock) return this.deleteVersions(key);
    if (!(await this.headWithEtag(key))) return false;
    const r = await this.request('DELETE', key);
    r.body.resume();
    if (r.status !== 204 && r.status !== 200) return this.fail(r, `deleting ${key}`);
    return true;
  }

  /**
   * In a versioned (object-lock) bucket: deletes every version and delete marker of exactly `key`
   * (ListObjectVersions, then DELETE ?versionId=), newest first. A version the store refuses to
   * delete (retention, legal hold) stops it with `BlobRetainedError`: the object is still readable.
   * False when the key had no version that was an object (nothing to delete).
   */
  private async deleteVersions(key: string): Promise<boolean> {
    validateBlobKey(key);
    const versions: { id: string; marker: boolean }[] = [];
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    do {
      const query: Record<string, string> = { versions: '', prefix: key };
      if (keyMarker !== undefined) query['key-marker'] = keyMarker;
      if (versionMarker !== undefined) query['version-id-marker'] = versionMarker;
      const r = await this.request('GET', null, query);
      if (r.status !== 200) await this.fail(r, `listing the versions of ${key}`);
      const xml = (await readAll(r.body)).toString('utf8');
      for (const m of xml.matchAll(/<(Version|DeleteMarker)>([\s\S]*?)<\/\1>/g)) {
        const k = /<Key>([^<]*)<\/Key>/.exec(m[2]!)?.[1];
        const id = /<VersionId>([^<]*)<\/VersionId>/.exec(m[2]!)?.[1];
        if (k === key && id) versions.push({ id, marker: m[1] === 'DeleteMarker' });
      }
      const truncated = /<IsTruncated>true<\/IsTruncated>/.test(xml);
      keyMarker = truncated ? /<NextKeyMarker>([^<]*)</.exec(xml)?.[1] : undefined;
      versionMarker = truncated ? /<NextVersionIdMarker>([^<]*)</.exec(xml)?.[1] : undefined;
    } while (keyMarker !== undefined);
    // Objects before markers: a refusal leaves the key's current version as it was.
    versions.sort((a, b) => Number(a.marker) - Number(b.marker));
    for (const v of versions) {
      const r = await this.request('DELETE', key, { versionId: v.id });
      if (r.status === 204 || r.status === 200 || r.status === 404) {
        r.body.resume();
        continue;
      }
      const code = await this.errorCode(r);
      if ((r.status === 403 || r.status === 400) && LOCK_REFUSALS.has(code))
        throw new BlobRetainedError(key, `version ${v.id}: ${code} (retention or legal hold)`);
      throw new AppError('unavailable', `The object store refused deleting ${key}: ${code}`);
    }
    return versions.some((v) => !v.marker);
  }

  async *list(prefix = ''): AsyncIterable<BlobInfo> {
    validateBlobPrefix(prefix);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix };
      if (token) query['continuation-token'] = token;
      const r = await this.request('GET', null, query);
      if (r.status !== 200) await this.fail(r, 'listing');
      const xml = (await readAll(r.body)).toString('utf8');
      for (const m of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(m[1]!);
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
        ? /<NextContinuationToken>([^<]*)</.exec(xml)?.[1]
        : undefined;
    } while (token);
    keys.sort();
    for (const key of keys) {
      const info = await this.head(key);
      if (info) yield info;
    }
  }
}
