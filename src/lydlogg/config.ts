/**
 * The recordings module's configuration slice (docs/lydlogg.md, "Configuration").
 */
import { z } from 'zod';
import { storageKey, storageKeyList } from '../platform/config.ts';

export const lydloggConfigSchema = z
  .object({
    /**
     * The key recordings are encrypted with at rest (AES-256-GCM in chunks): 32 bytes as 64 hex
     * digits or base64. Without it the module refuses uploads (503) — recordings are never stored
     * in the clear. Keep it apart from the backups of the blob store.
     */
    NODMELD_RECORDING_KEY: storageKey.optional(),
    /** Earlier recording keys, comma-separated: recordings sealed with them stay playable. */
    NODMELD_RECORDING_PREVIOUS_KEYS: storageKeyList.optional(),
    /** The largest recording accepted (bytes; default 2 GiB, about 37 hours of 8 kHz 16-bit stereo). */
    NODMELD_RECORDING_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(2 * 1024 ** 3),
    /** An upload unfinished this long is taken as dead: its row and partial file are cleared (ms). */
    NODMELD_RECORDING_UPLOAD_STALE_MS: z.coerce.number().int().min(1000).default(3_600_000),
    /** Recordings per retention batch (one transaction to mark, one to finish). */
    NODMELD_RECORDING_RETENTION_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  })
  .transform((c) => ({
    key: c.NODMELD_RECORDING_KEY ?? null,
    previousKeys: c.NODMELD_RECORDING_PREVIOUS_KEYS ?? [],
    maxBytes: c.NODMELD_RECORDING_MAX_BYTES,
    uploadStaleMs: c.NODMELD_RECORDING_UPLOAD_STALE_MS,
    retentionBatch: c.NODMELD_RECORDING_RETENTION_BATCH,
  }));

export type LydloggConfig = z.infer<typeof lydloggConfigSchema>;
