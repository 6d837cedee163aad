/**
 * The configured blob store: the filesystem store in NODMELD_STORAGE_DIR or, with
 * NODMELD_BLOB_STORE=s3, the S3-compatible store (settings.ts), wrapped in the one encrypting
 * decorator when NODMELD_STORAGE_KEY is set (decisions 0006, 0008) — encrypted at rest the same
 * way on both.
 */
import path from 'node:path';
import type { PlatformConfig } from '../config.ts';
import type { Clock } from '../time/clock.ts';
import type { BlobStore } from './blob-store.ts';
import { EncryptedBlobStore } from './encrypted-blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';
import { S3BlobStore } from './s3-blob-store.ts';
import type { BlobStoreSettings } from './settings.ts';

export type { BlobStore, BlobInfo, BlobMeta, ByteRange } from './blob-store.ts';

type StorageSettings = Partial<BlobStoreSettings> &
  Pick<
    PlatformConfig,
    | 'NODMELD_STORAGE_DIR'
    | 'NODMELD_STORAGE_KEY'
    | 'NODMELD_STORAGE_PREVIOUS_KEYS'
    | 'NODMELD_RECORDING_KEY'
    | 'NODMELD_RECORDING_PREVIOUS_KEYS'
  >;

/**
 * The key and earlier keys at rest: NODMELD_STORAGE_KEY, or its deprecated alias
 * NODMELD_RECORDING_KEY when it is unset (decision 0008). Throws when both name different keys.
 */
export function storageKeys(p: Partial<StorageSettings>): {
  key: Buffer | null;
  previousKeys: Buffer[];
  deprecatedAlias: boolean;
} {
  const storage = p.NODMELD_STORAGE_KEY;
  const recording = p.NODMELD_RECORDING_KEY;
  if (storage && recording && !storage.equals(recording)) {
    throw new Error(
      'NODMELD_RECORDING_KEY is a deprecated alias of NODMELD_STORAGE_KEY and names another key: set only NODMELD_STORAGE_KEY (decision 0008)',
    );
  }
  return {
    key: storage ?? recording ?? null,
    previousKeys: [...(p.NODMELD_STORAGE_PREVIOUS_KEYS ?? []), ...(p.NODMELD_RECORDING_PREVIOUS_KEYS ?? [])],
    deprecatedAlias:
      !storage && (recording !== undefined || (p.NODMELD_RECORDING_PREVIOUS_KEYS ?? []).length > 0),
  };
}

/** The inner store the settings select (not yet encrypted). */
export function createInnerBlobStore(platform: StorageSettings, clock?: Clock): BlobStore {
  if (platform.NODMELD_BLOB_STORE !== 's3')
    return new FsBlobStore({ dir: path.resolve(platform.NODMELD_STORAGE_DIR), clock });
  const lock = platform.NODMELD_S3_OBJECT_LOCK ?? 'off';
  const need = (v: string | undefined, name: string): string => {
    // parseConfig has refused a missing one already; a direct caller gets the same words.
    if (!v) throw new Error(`${name}: required when NODMELD_BLOB_STORE=s3`);
    return v;
  };
  return new S3BlobStore({
    endpoint: need(platform.NODMELD_S3_ENDPOINT, 'NODMELD_S3_ENDPOINT'),
    bucket: need(platform.NODMELD_S3_BUCKET, 'NODMELD_S3_BUCKET'),
    region: platform.NODMELD_S3_REGION ?? 'us-east-1',
    accessKeyId: need(platform.NODMELD_S3_ACCESS_KEY_ID, 'NODMELD_S3_ACCESS_KEY_ID'),
    secretAccessKey: need(platform.NODMELD_S3_SECRET_ACCESS_KEY, 'NODMELD_S3_SECRET_ACCESS_KEY'),
    pathStyle: platform.NODMELD_S3_PATH_STYLE ?? true,
    ...(lock === 'off' ? {} : { objectLock: { mode: lock === 'compliance' ? 'COMPLIANCE' : 'GOVERNANCE' } }),
  });
}

export function createBlobStore(platform: StorageSettings, clock?: Clock): BlobStore {
  const inner = createInnerBlobStore(platform, clock);
  const { key, previousKeys } = storageKeys(platform);
  return key ? new EncryptedBlobStore(inner, { key, previousKeys }) : inner;
}
