/**
 * The recordings module's configuration slice (docs/lydlogg.md, "Configuration"). The key is the
 * blob store's, NODMELD_STORAGE_KEY (decision 0008; NODMELD_RECORDING_KEY is its deprecated alias).
 */
import { z } from 'zod';

export const lydloggConfigSchema = z
  .object({
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
    maxBytes: c.NODMELD_RECORDING_MAX_BYTES,
    uploadStaleMs: c.NODMELD_RECORDING_UPLOAD_STALE_MS,
    retentionBatch: c.NODMELD_RECORDING_RETENTION_BATCH,
  }));

export type LydloggConfig = z.infer<typeof lydloggConfigSchema>;
