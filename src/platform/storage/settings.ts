/**
 * The blob store's settings (decisions 0006, 0008; docs/operations.md, "Blob storage"): which store
 * (`NODMELD_BLOB_STORE`: the filesystem or an S3-compatible one), the S3 connection and its object
 * lock. The platform's schema takes `blobStoreSettingsSchema.shape`; `parseConfig` reports
 * `blobStoreSettingsIssues` with the other bad variables, so a half-configured S3 store stops
 * start-up with every missing variable named.
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const blobStoreSettingsSchema = z.object({
  /** `fs` (default: the folder NODMELD_STORAGE_DIR) or `s3` (an S3-compatible object store). */
  NODMELD_BLOB_STORE: z.enum(['fs', 's3']).default('fs'),
  /** e.g. `https://s3.eu-north-1.amazonaws.com`, `http://minio.internal:9000`. */
  NODMELD_S3_ENDPOINT: z.url().optional(),
  NODMELD_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name (3–63 of a-z, 0-9, ".", "-")')
    .optional(),
  NODMELD_S3_REGION: z.string().min(1).default('us-east-1'),
  NODMELD_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  NODMELD_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style requests (`endpoint/bucket/key`: MinIO, Ceph); false: virtual-hosted (AWS). */
  NODMELD_S3_PATH_STYLE: bool.default(true),
  /**
   * The bucket was created with object lock: `compliance` or `governance` puts each recording
   * under retention until its deletion date and mirrors legal holds (docs/lydlogg.md). `off`: none.
   */
  NODMELD_S3_OBJECT_LOCK: z.enum(['off', 'governance', 'compliance']).default('off'),
  /** Allow a plain-HTTP endpoint (development, tests); production talks TLS. */
  NODMELD_S3_ALLOW_HTTP: bool.default(false),
});

export type BlobStoreSettings = z.infer<typeof blobStoreSettingsSchema>;

/** Rules across the variables: what `s3` needs, and what only `s3` uses. */
export function blobStoreSettingsIssues(s: BlobStoreSettings): [keyof BlobStoreSettings, string][] {
  const issues: [keyof BlobStoreSettings, string][] = [];
  if (s.NODMELD_BLOB_STORE !== 's3') {
    if (s.NODMELD_S3_OBJECT_LOCK !== 'off')
      issues.push(['NODMELD_S3_OBJECT_LOCK', 'only with NODMELD_BLOB_STORE=s3']);
    return issues;
  }
  for (const name of [
    'NODMELD_S3_ENDPOINT',
    'NODMELD_S3_BUCKET',
    'NODMELD_S3_ACCESS_KEY_ID',
    'NODMELD_S3_SECRET_ACCESS_KEY',
  ] as const) {
    if (!s[name]) issues.push([name, 'required when NODMELD_BLOB_STORE=s3']);
  }
  if (s.NODMELD_S3_ENDPOINT) {
    const u = new URL(s.NODMELD_S3_ENDPOINT);
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
      issues.push(['NODMELD_S3_ENDPOINT', 'must be an http(s) URL']);
    else if (u.protocol === 'http:' && !s.NODMELD_S3_ALLOW_HTTP)
      issues.push(['NODMELD_S3_ENDPOINT', 'must be https (NODMELD_S3_ALLOW_HTTP=true for development)']);
    if ((u.pathname !== '/' && u.pathname !== '') || u.search)
      issues.push(['NODMELD_S3_ENDPOINT', 'must be the service address only (no path, no query)']);
  }
  return issues;
}
