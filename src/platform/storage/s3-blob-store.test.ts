/**
 * The S3-compatible store against `s3rver` (a local S3 implementation that checks SigV4
 * signatures), through the one contract suite.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobRetainedError, readAll } from './blob-store.ts';
import { blobStoreContract } from './blob-store.contract.ts';
import { S3BlobStore, signV4 } from './s3-blob-store.ts';
import { startLockingS3, type LockingS3UnderTest } from './s3-lock-testing.ts';
import { startS3Store } from './s3-testing.ts';

blobStoreContract('S3-compatible (s3rver)', async () => ({
  ...(await startS3Store()),
  // s3rver writes an object's bytes and metadata in two steps: concurrent puts can mix them.
  atomicConcurrentPuts: false,
}));

describe('S3-compatible store: requests are signed with SigV4 (issue 9)', () => {
  // s3rver does not check V4 signatures, so the signer is checked against the worked example of
  // the S3 documentation ("Signature Calculations for the Authorization Header", GET Object).
  it('reproduces the AWS documentation example signature', () => {
    const headers: Record<string, string> = { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9' };
    const authorization = signV4({
      method: 'GET',
      path: '/test.txt',
      query: '',
      headers,
      payloadSha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      at: new Date('2013-05-24T00:00:00Z'),
      region: 'us-east-1',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    expect(authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, ' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });
});

blobStoreContract('S3-compatible with object lock (versioned bucket, s3-lock-testing)', async () => {
  const s3 = await startLockingS3();
  return { store: s3.store, corrupt: (key: string) => s3.corrupt(key), cleanup: () => s3.cleanup() };
});

describe('S3 object lock: the request shapes and the refusals (issue 12, REC-1)', () => {
  let s3: LockingS3UnderTest;
  afterEach(async () => s3?.cleanup());

  it('PutObjectRetention and PutObjectLegalHold are sent as S3 documents them, with Content-MD5', async () => {
    s3 = await startLockingS3({ mode: 'COMPLIANCE' });
    await s3.store.put('recordings/r1/a', Buffer.from('audio'));
    const put = s3.requests.find((r) => r.method === 'PUT')!;
    expect(put.headers['content-md5']).toBe(createHash('md5').update('audio').digest('base64'));
    const until = new Date('2027-02-28T23:00:00.000Z');
    await s3.store.locking!.retain('recordings/r1/a', until);
    await s3.store.locking!.setLegalHold('recordings/r1/a', true);
    const [retention, hold] = s3.requests.slice(-2);
    expect(retention!.method).toBe('PUT');
    expect(retention!.path).toBe(`/${s3.bucket}/recordings/r1/a`);
    expect([...retention!.query.keys()]).toEqual(['retention']);
    expect(retention!.body).toBe(
      '<Retention xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Mode>COMPLIANCE</Mode>' +
        '<RetainUntilDate>2027-02-28T23:00:00.000Z</RetainUntilDate></Retention>',
    );
    expect(retention!.headers['content-md5']).toBe(
      createHash('md5').update(retention!.body).digest('base64'),
    );
    expect([...hold!.query.keys()]).toEqual(['legal-hold']);
    expect(hold!.body).toBe(
      '<LegalHold xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>ON</Status></LegalHold>',
    );
    expect(s3.versionsOf('recordings/r1/a')[0]).toMatchObject({
      legalHold: true,
      retention: { mode: 'COMPLIANCE', until },
    });
    // A COMPLIANCE retention is never shortened: the store refuses, the store says so.
    await expect(
      s3.store.locking!.retain('recordings/r1/a', new Date('2026-01-01T00:00:00Z')),
    ).rejects.toThrow(/AccessDenied/);
  });

  it('a locked object refuses deletion (BlobRetainedError) and stays whole; once free, every version goes', async () => {
    s3 = await startLockingS3({ mode: 'GOVERNANCE' });
    s3.setNow(Date.parse('2026-01-01T00:00:00Z'));
    await s3.store.put('k/a', Buffer.from('one'));
    await s3.store.put('k/a', Buffer.from('two')); // a second version under the key
    await s3.store.locking!.retain('k/a', new Date('2027-01-01T00:00:00Z'));
    await expect(s3.store.delete('k/a')).rejects.toBeInstanceOf(BlobRetainedError);
    // The older version (no retention) went; the locked current one is there, readable.
    expect((await readAll((await s3.store.get('k/a'))!.stream)).toString()).toBe('two');
    // Never asks to bypass a GOVERNANCE retention.
    expect(s3.requests.some((r) => r.headers['x-amz-bypass-governance-retention'] !== undefined)).toBe(false);
    s3.setNow(Date.parse('2027-01-01T00:00:01Z'));
    await s3.store.locking!.setLegalHold('k/a', true);
    await expect(s3.store.delete('k/a')).rejects.toThrow(/legal hold/);
    await s3.store.locking!.setLegalHold('k/a', false);
    expect(await s3.store.delete('k/a')).toBe(true);
    expect(s3.versionsOf('k/a')).toEqual([]);
    expect(await s3.store.delete('k/a')).toBe(false);
  });

  it('with object lock a plain DELETE is never used: a delete marker would only hide the object', async () => {
    s3 = await startLockingS3();
    await s3.store.put('k/b', Buffer.from('x'));
    await s3.store.delete('k/b');
    const deletes = s3.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.length).toBe(1);
    expect(deletes[0]!.query.get('versionId')).toBeTruthy();
    expect(s3.versionsOf('k/b')).toEqual([]);
  });
});

describe('S3 addressing', () => {
  it('virtual-hosted requests name the bucket in the Host header and not in the path', async () => {
    const seen: { host?: string; url?: string }[] = [];
    const server = http.createServer((req, res) => {
      seen.push({ host: req.headers.host, url: req.url });
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const store = new S3BlobStore({
        endpoint: `http://127.0.0.1:${port}`,
        bucket: 'opptak',
        region: 'eu-north-1',
        accessKeyId: 'a',
        secretAccessKey: 'b',
        pathStyle: false,
      });
      expect(await store.head('recordings/x')).toBeNull();
      expect(seen).toEqual([{ host: `opptak.127.0.0.1:${port}`, url: '/recordings/x' }]);
    } finally {
      server.close();
    }
  });
});
