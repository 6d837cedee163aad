/**
 * The configured blob store: the filesystem store in NODMELD_STORAGE_DIR, wrapped in the one
 * encrypting decorator when NODMELD_STORAGE_KEY is set (decisions 0006, 0008). An S3-compatible
 * store plugs in under the same decorator once it can be selected by a setting.
 */
import path from 'node:path';
import type { PlatformConfig } from '../config.ts';
import type { Clock } from '../time/clock.ts';
import type { BlobStore } from './blob-store.ts';
import { EncryptedBlobStore } from './encrypted-blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';

export type { BlobStore, BlobInfo, BlobMeta, ByteRange } from './blob-store.ts';

type StorageSettings = Pick<
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

export function createBlobStore(platform: StorageSettings, clock?: Clock): BlobStore {
  const fs = new FsBlobStore({ dir: path.resolve(platform.NODMELD_STORAGE_DIR), clock });
  const { key, previousKeys } = storageKeys(platform);
  return key ? new EncryptedBlobStore(fs, { key, previousKeys }) : fs;
}
