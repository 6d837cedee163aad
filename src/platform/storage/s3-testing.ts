/**
 * Tests only: an S3-compatible store against a fresh `s3rver` (a local S3 implementation) on a
 * random port of 127.0.0.1, in a temporary folder.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { S3BlobStore } from './s3-blob-store.ts';

export interface S3UnderTest {
  store: S3BlobStore;
  /** Where s3rver listens, and its bucket (to configure a server by its settings). */
  endpoint: string;
  bucket: string;
  /** Flips one byte of the object's content on s3rver's disk (a damaged store). */
  corrupt(key: string, at?: number): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startS3Store(): Promise<S3UnderTest> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: dir,
    silent: true,
    configureBuckets: [{ name: 'nodmeld' }],
  });
  const { port } = await server.run();
  const store = new S3BlobStore({
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'nodmeld',
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  });
  return {
    store,
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'nodmeld',
    async corrupt(key: string, at = 5000) {
      const parts = key.split('/');
      const file = path.join(dir, 'nodmeld', ...parts.slice(0, -1), `${parts.at(-1)}._S3rver_object`);
      const fh = await open(file, 'r+');
      const b = Buffer.alloc(1);
      await fh.read(b, 0, 1, at);
      b[0] = b[0]! ^ 0x01;
      await fh.write(b, 0, 1, at);
      await fh.close();
    },
    async cleanup() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
