import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config.ts';
import { readAll } from './blob-store.ts';
import { EncryptedBlobStore } from './encrypted-blob-store.ts';
import { createBlobStore, storageKeys } from './index.ts';
import { S3BlobStore } from './s3-blob-store.ts';

describe('storage and job settings through the platform configuration (issue 9)', () => {
  it('NODMELD_STORAGE_KEY takes 32 bytes as hex or base64 and refuses anything else by name', () => {
    const key = randomBytes(32);
    expect(
      parseConfig({ NODMELD_STORAGE_KEY: key.toString('hex') }, []).platform.NODMELD_STORAGE_KEY,
    ).toEqual(key);
    expect(
      parseConfig({ NODMELD_STORAGE_KEY: key.toString('base64') }, []).platform.NODMELD_STORAGE_KEY,
    ).toEqual(key);
    for (const bad of ['short', randomBytes(16).toString('hex'), randomBytes(31).toString('base64')]) {
      expect(() => parseConfig({ NODMELD_STORAGE_KEY: bad }, [])).toThrow(ConfigError);
      expect(() => parseConfig({ NODMELD_STORAGE_KEY: bad }, [])).toThrow(
        /NODMELD_STORAGE_KEY: must be 32 bytes/,
      );
    }
    expect(() => parseConfig({ NODMELD_STORAGE_PREVIOUS_KEYS: `${key.toString('hex')},nope` }, [])).toThrow(
      /NODMELD_STORAGE_PREVIOUS_KEYS/,
    );
    const defaults = parseConfig({}, []).platform;
    expect(defaults).toMatchObject({
      NODMELD_JOBS_ENABLED: true,
      NODMELD_JOBS_LEASE_MS: 60_000,
      NODMELD_JOBS_POLL_MS: 5_000,
      NODMELD_STORAGE_DIR: '.data/blobs',
    });
    expect(parseConfig({ NODMELD_JOBS_ENABLED: 'false' }, []).platform.NODMELD_JOBS_ENABLED).toBe(false);
    expect(() => parseConfig({ NODMELD_JOBS_LEASE_MS: '10' }, [])).toThrow(/NODMELD_JOBS_LEASE_MS/);
  });

  it('key rotation: with the old key in NODMELD_STORAGE_PREVIOUS_KEYS, blobs written before stay readable', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-rotation-'));
    try {
      const oldKey = randomBytes(32).toString('hex');
      const before = createBlobStore(
        parseConfig({ NODMELD_STORAGE_DIR: dir, NODMELD_STORAGE_KEY: oldKey }, []).platform,
      );
      await before.put('rec/1', Buffer.from('lydlogg'));
      const env = { NODMELD_STORAGE_DIR: dir, NODMELD_STORAGE_KEY: randomBytes(32).toString('base64') };
      await expect(createBlobStore(parseConfig(env, []).platform).head('rec/1')).rejects.toMatchObject({
        code: 'unavailable',
      });
      const after = createBlobStore(
        parseConfig({ ...env, NODMELD_STORAGE_PREVIOUS_KEYS: oldKey }, []).platform,
      );
      expect((await readAll((await after.get('rec/1'))!.stream)).toString()).toBe('lydlogg');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('one key at rest (decision 0008): NODMELD_RECORDING_KEY is a deprecated alias; two different keys refuse to start', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-alias-'));
    try {
      const key = randomBytes(32).toString('hex');
      const viaAlias = createBlobStore(
        parseConfig({ NODMELD_STORAGE_DIR: dir, NODMELD_RECORDING_KEY: key }, []).platform,
      );
      expect(viaAlias.encryption).toMatchObject({ format: 1, chunkSize: 65_536 });
      await viaAlias.put('rec/1', Buffer.from('lydlogg'));
      const viaStorageKey = createBlobStore(
        parseConfig({ NODMELD_STORAGE_DIR: dir, NODMELD_STORAGE_KEY: key }, []).platform,
      );
      expect((await readAll((await viaStorageKey.get('rec/1'))!.stream)).toString()).toBe('lydlogg');
      expect(storageKeys({ NODMELD_RECORDING_KEY: Buffer.from(key, 'hex') }).deprecatedAlias).toBe(true);
      expect(() =>
        createBlobStore(
          parseConfig(
            {
              NODMELD_STORAGE_DIR: dir,
              NODMELD_STORAGE_KEY: key,
              NODMELD_RECORDING_KEY: randomBytes(32).toString('hex'),
            },
            [],
          ).platform,
        ),
      ).toThrow(/deprecated alias/);
      expect(
        createBlobStore(parseConfig({ NODMELD_STORAGE_DIR: dir }, []).platform).encryption,
      ).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the blob store selected by a setting (issue 12)', () => {
  const s3Env = {
    NODMELD_BLOB_STORE: 's3',
    NODMELD_S3_ENDPOINT: 'https://s3.eu-north-1.amazonaws.com',
    NODMELD_S3_BUCKET: 'nodmeld-opptak',
    NODMELD_S3_ACCESS_KEY_ID: 'AKIA',
    NODMELD_S3_SECRET_ACCESS_KEY: 'secret',
  };

  it('NODMELD_BLOB_STORE=s3 without its connection stops start-up naming every missing variable', () => {
    let issues: string[] = [];
    try {
      parseConfig({ NODMELD_BLOB_STORE: 's3' }, []);
    } catch (e) {
      issues = (e as ConfigError).issues;
    }
    expect(issues).toEqual([
      'NODMELD_S3_ENDPOINT: required when NODMELD_BLOB_STORE=s3',
      'NODMELD_S3_BUCKET: required when NODMELD_BLOB_STORE=s3',
      'NODMELD_S3_ACCESS_KEY_ID: required when NODMELD_BLOB_STORE=s3',
      'NODMELD_S3_SECRET_ACCESS_KEY: required when NODMELD_BLOB_STORE=s3',
    ]);
    expect(() => parseConfig({ NODMELD_BLOB_STORE: 'gcs' }, [])).toThrow(/NODMELD_BLOB_STORE/);
    expect(() => parseConfig({ ...s3Env, NODMELD_S3_ENDPOINT: 'http://minio:9000' }, [])).toThrow(
      /NODMELD_S3_ENDPOINT: must be https \(NODMELD_S3_ALLOW_HTTP=true for development\)/,
    );
    expect(() => parseConfig({ ...s3Env, NODMELD_S3_ENDPOINT: 'https://minio:9000/bucket' }, [])).toThrow(
      /no path/,
    );
    expect(() => parseConfig({ ...s3Env, NODMELD_S3_BUCKET: 'Not_A_Bucket' }, [])).toThrow(
      /NODMELD_S3_BUCKET: must be an S3 bucket name/,
    );
    expect(() => parseConfig({ ...s3Env, NODMELD_S3_OBJECT_LOCK: 'forever' }, [])).toThrow(
      /NODMELD_S3_OBJECT_LOCK/,
    );
    expect(() => parseConfig({ NODMELD_S3_OBJECT_LOCK: 'compliance' }, [])).toThrow(
      /NODMELD_S3_OBJECT_LOCK: only with NODMELD_BLOB_STORE=s3/,
    );
    const ok = parseConfig({ ...s3Env, NODMELD_S3_OBJECT_LOCK: 'compliance' }, []).platform;
    expect(ok).toMatchObject({ NODMELD_S3_REGION: 'us-east-1', NODMELD_S3_PATH_STYLE: true });
  });

  it('the S3 store is encrypted at rest by the same decorator as the filesystem store, and locks when set', () => {
    const key = randomBytes(32).toString('hex');
    const store = createBlobStore(
      parseConfig({ ...s3Env, NODMELD_STORAGE_KEY: key, NODMELD_S3_OBJECT_LOCK: 'governance' }, []).platform,
    );
    expect(store).toBeInstanceOf(EncryptedBlobStore);
    expect(store.encryption).toMatchObject({ format: 1 });
    expect(store.locking?.mode).toBe('GOVERNANCE');
    expect(createBlobStore(parseConfig(s3Env, []).platform)).toBeInstanceOf(S3BlobStore);
    expect(createBlobStore(parseConfig(s3Env, []).platform).locking).toBeUndefined();
  });
});
