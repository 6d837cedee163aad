/**
 * The configured blob store: the filesystem store in NODMELD_STORAGE_DIR, encrypted at rest when
 * NODMELD_STORAGE_KEY is set (decision 0006). An S3-compatible store plugs in here once it passes
 * the contract suite (blob-store.contract.ts).
 */
import path from 'node:path';
import type { PlatformConfig } from '../config.ts';
import type { Clock } from '../time/clock.ts';
import type { BlobStore } from './blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';

export type { BlobStore, BlobInfo, BlobMeta, ByteRange } from './blob-store.ts';

export function createBlobStore(
  platform: Pick<
    PlatformConfig,
    'NODMELD_STORAGE_DIR' | 'NODMELD_STORAGE_KEY' | 'NODMELD_STORAGE_PREVIOUS_KEYS'
  >,
  clock?: Clock,
): BlobStore {
  return new FsBlobStore({
    dir: path.resolve(platform.NODMELD_STORAGE_DIR),
    key: platform.NODMELD_STORAGE_KEY,
    previousKeys: platform.NODMELD_STORAGE_PREVIOUS_KEYS,
    clock,
  });
}
