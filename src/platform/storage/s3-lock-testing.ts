/**
 * Tests only: a small HTTP server on 127.0.0.1 that answers the S3 calls of an object-lock bucket
 * as S3 documents them, because s3rver (the S3 server the contract suite runs against) answers
 * `?retention`, `?legal-hold`, `?object-lock` and `?versions` with NotImplemented.
 *
 * What it does, as S3 does (docs/lydlogg.md, "Object lock", says what is tested against what):
 * - the bucket is versioned: each PUT makes a version (`x-amz-version-id`); a DELETE without
 *   `versionId` only adds a delete marker; GET/HEAD read the newest version (404 behind a marker);
 *   `GET /bucket?versions&prefix=` lists versions and markers (ListObjectVersions);
 * - `PUT ?retention` (PutObjectRetention) and `PUT ?legal-hold` (PutObjectLegalHold) with their
 *   XML bodies; both, and every PUT of an object, need `Content-MD5` (400 InvalidRequest without,
 *   400 BadDigest when it differs); a COMPLIANCE retention cannot be shortened or changed to
 *   GOVERNANCE (403 AccessDenied);
 * - `DELETE ?versionId=` of a version under an unexpired retention or a legal hold: 403
 *   AccessDenied (in GOVERNANCE mode also without `x-amz-bypass-governance-retention`, which nodmeld never sends);
 * - `x-amz-content-sha256` must be the SHA-256 of the body (XAmzContentSHA256Mismatch) and an
 *   `Authorization` header must be present. SigV4 signatures themselves are not checked here (the
 *   signer is checked against the AWS documentation's example in s3-blob-store.test.ts).
 *
 * Every request is recorded (method, path, query, headers, body) so a test can check its shape.
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3BlobStore } from './s3-blob-store.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Version {
  id: string;
  marker: boolean;
  bytes: Buffer;
  headers: Record<string, string>;
  lastModified: Date;
  retention: { mode: 'GOVERNANCE' | 'COMPLIANCE'; until: Date } | null;
  legalHold: boolean;
}

export interface LockingS3UnderTest {
  store: S3BlobStore;
  endpoint: string;
  bucket: string;
  requests: RecordedRequest[];
  /** The server's own clock (retentions expire by it). */
  setNow(ms: number): void;
  /** The versions of a key, oldest first (for assertions). */
  versionsOf(key: string): readonly Version[];
  /** Flips one byte of the current version (a damaged store). */
  corrupt(key: string, at?: number): Promise<void>;
  cleanup(): Promise<void>;
}

const xmlError = (res: http.ServerResponse, status: number, code: string, message: string) => {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export async function startLockingS3(
  opts: { mode?: 'GOVERNANCE' | 'COMPLIANCE'; bucket?: string } = {},
): Promise<LockingS3UnderTest> {
  const bucket = opts.bucket ?? 'nodmeld-locked';
  const objects = new Map<string, Version[]>();
  const requests: RecordedRequest[] = [];
  let now = Date.now();

  const current = (key: string): Version | undefined => {
    const v = objects.get(key)?.at(-1);
    return v && !v.marker ? v : undefined;
  };
  const locked = (v: Version, bypassGovernance: boolean): string | null => {
    if (v.legalHold) return 'the object version has a legal hold';
    if (v.retention && v.retention.until.getTime() > now) {
      if (v.retention.mode === 'GOVERNANCE' && bypassGovernance) return null;
      return `the object version is under ${v.retention.mode} retention`;
    }
    return null;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
      const method = req.method ?? 'GET';
      requests.push({
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: body.toString('utf8'),
      });
      if (!req.headers.authorization)
        return xmlError(res, 403, 'AccessDenied', 'Anonymous access is not allowed');
      if (req.headers['x-amz-content-sha256'] !== createHash('sha256').update(body).digest('hex'))
        return xmlError(
          res,
          400,
          'XAmzContentSHA256Mismatch',
          'The provided x-amz-content-sha256 does not match',
        );
      if (parts[0] !== bucket)
        return xmlError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
      const key = parts.slice(1).join('/');
      const needsMd5 = method === 'PUT';
      if (needsMd5) {
        const md5 = req.headers['content-md5'];
        if (typeof md5 !== 'string')
          return xmlError(
            res,
            400,
            'InvalidRequest',
            'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters',
          );
        if (md5 !== createHash('md5').update(body).digest('base64'))
          return xmlError(
            res,
            400,
            'BadDigest',
            'The Content-MD5 you specified did not match what we received.',
          );
      }
      const versions = objects.get(key) ?? [];
      if (key === '') {
        if (method !== 'GET') return xmlError(res, 405, 'MethodNotAllowed', 'not here');
        const prefix = url.searchParams.get('prefix') ?? '';
        const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
        if (url.searchParams.has('versions')) {
          const items = keys.flatMap((k) =>
            [...objects.get(k)!].reverse().map((v, i) => {
              const tag = v.marker ? 'DeleteMarker' : 'Version';
              return `<${tag}><Key>${esc(k)}</Key><VersionId>${v.id}</VersionId><IsLatest>${i === 0}</IsLatest></${tag}>`;
            }),
          );
          res.writeHead(200, { 'content-type': 'application/xml' });
          return res.end(
            `<ListVersionsResult><Name>${bucket}</Name><IsTruncated>false</IsTruncated>${items.join('')}</ListVersionsResult>`,
          );
        }
        const live = keys.filter((k) => current(k));
        res.writeHead(200, { 'content-type': 'application/xml' });
        return res.end(
          `<ListBucketResult><IsTruncated>false</IsTruncated>${live.map((k) => `<Contents><Key>${esc(k)}</Key></Contents>`).join('')}</ListBucketResult>`,
        );
      }
      if (method === 'PUT' && (url.searchParams.has('retention') || url.searchParams.has('legal-hold'))) {
        const v = current(key);
        if (!v) return xmlError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
        const xml = body.toString('utf8');
        if (url.searchParams.has('legal-hold')) {
          const status = /<Status>(ON|OFF)<\/Status>/.exec(xml)?.[1];
          if (!status || !xml.includes('<LegalHold'))
            return xmlError(res, 400, 'MalformedXML', 'not a LegalHold');
          v.legalHold = status === 'ON';
        } else {
          const mode = /<Mode>(GOVERNANCE|COMPLIANCE)<\/Mode>/.exec(xml)?.[1] as
            'GOVERNANCE' | 'COMPLIANCE' | undefined;
          const until = /<RetainUntilDate>([^<]+)<\/RetainUntilDate>/.exec(xml)?.[1];
          if (!mode || !until || !xml.includes('<Retention') || Number.isNaN(Date.parse(until)))
            return xmlError(res, 400, 'MalformedXML', 'not a Retention');
          const next = { mode, until: new Date(until) };
          const was = v.retention;
          if (
            was &&
            was.until.getTime() > now &&
            was.mode === 'COMPLIANCE' &&
            (next.mode !== 'COMPLIANCE' || next.until < was.until)
          )
            return xmlError(
              res,
              403,
              'AccessDenied',
              'Access Denied because object protected by object lock.',
            );
          v.retention = next;
        }
        res.writeHead(200);
        return res.end();
      }
      if (method === 'PUT') {
        const headers: Record<string, string> = {};
        for (const [k, val] of Object.entries(req.headers))
          if (typeof val === 'string' && (k.startsWith('x-amz-meta-') || k === 'content-type'))
            headers[k] = val;
        const v: Version = {
          id: randomUUID(),
          marker: false,
          bytes: body,
          headers,
          lastModified: new Date(now),
          retention: null,
          legalHold: false,
        };
        objects.set(key, [...versions, v]);
        res.writeHead(200, {
          'x-amz-version-id': v.id,
          etag: `"${createHash('md5').update(body).digest('hex')}"`,
        });
        return res.end();
      }
      if (method === 'DELETE') {
        const versionId = url.searchParams.get('versionId');
        if (versionId === null) {
          objects.set(key, [
            ...versions,
            {
              id: randomUUID(),
              marker: true,
              bytes: Buffer.alloc(0),
              headers: {},
              lastModified: new Date(now),
              retention: null,
              legalHold: false,
            },
          ]);
          res.writeHead(204);
          return res.end();
        }
        const at = versions.findIndex((v) => v.id === versionId);
        if (at < 0) {
          res.writeHead(204);
          return res.end();
        }
        const why = locked(versions[at]!, req.headers['x-amz-bypass-governance-retention'] === 'true');
        if (why) return xmlError(res, 403, 'AccessDenied', `Access Denied because ${why}`);
        versions.splice(at, 1);
        if (versions.length === 0) objects.delete(key);
        res.writeHead(204);
        return res.end();
      }
      const v = current(key);
      if (!v) {
        res.writeHead(404);
        return res.end();
      }
      const etag = `"${createHash('md5').update(v.bytes).digest('hex')}"`;
      const common = {
        ...v.headers,
        etag,
        'x-amz-version-id': v.id,
        'last-modified': v.lastModified.toUTCString(),
        'accept-ranges': 'bytes',
      };
      if (method === 'HEAD') {
        res.writeHead(200, { ...common, 'content-length': String(v.bytes.length) });
        return res.end();
      }
      const ifMatch = req.headers['if-match'];
      if (ifMatch && ifMatch !== etag) return xmlError(res, 412, 'PreconditionFailed', 'etag');
      const range = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ''));
      if (range) {
        const start = Number(range[1]);
        const end = Math.min(Number(range[2]), v.bytes.length - 1);
        res.writeHead(206, {
          ...common,
          'content-length': String(end - start + 1),
          'content-range': `bytes ${start}-${end}/${v.bytes.length}`,
        });
        return res.end(v.bytes.subarray(start, end + 1));
      }
      res.writeHead(200, { ...common, 'content-length': String(v.bytes.length) });
      return res.end(v.bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const store = new S3BlobStore({
    endpoint,
    bucket,
    region: 'eu-north-1',
    accessKeyId: 'TEST',
    secretAccessKey: 'TEST',
    objectLock: { mode: opts.mode ?? 'COMPLIANCE' },
  });
  return {
    store,
    endpoint,
    bucket,
    requests,
    setNow(ms) {
      now = ms;
    },
    versionsOf: (key) => objects.get(key) ?? [],
    corrupt(key, at = 5000) {
      const v = current(key)!;
      v.bytes[at] = v.bytes[at]! ^ 0x01;
      return Promise.resolve();
    },
    async cleanup() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
