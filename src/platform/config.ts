/**
 * Configuration, platform part: the settings every process needs (HTTP address, database, first
 * administrator, log level) and the helpers each module uses to declare its own slice of the
 * environment. The composition root (`server/config.ts`) validates the platform slice and every
 * module's slice against the one environment, reports every bad variable at once, and hands each
 * module its typed slice. Nothing else reads `process.env`.
 */
import { z, type ZodType } from 'zod';
import type { AnyModule } from './module.ts';
import { databaseSettingsSchema } from './db/settings.ts';
import { oidcSettingsIssues, oidcSettingsSchema } from './auth/oidc/settings.ts';
import { blobStoreSettingsIssues, blobStoreSettingsSchema } from './storage/settings.ts';

/** An environment port number. */
export const envPort = z.coerce.number().int().min(0).max(65535);

/** An environment boolean: true/false, 1/0, yes/no. */
export const envBool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A JSON environment value validated by `schema`; a syntax error becomes a readable issue. */
export function envJson<T extends ZodType>(schema: T) {
  return z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `not valid JSON (${(e as Error).message})` });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** A 32-byte encryption key given as 64 hex digits or base64 (the blob store's, decision 0008). */
export const storageKey = z.string().transform((s, ctx) => {
  const hex = /^[0-9a-fA-F]{64}$/.test(s);
  const key = hex ? Buffer.from(s, 'hex') : /^[A-Za-z0-9+/]{43}=?$/.test(s) ? Buffer.from(s, 'base64') : null;
  if (key?.length !== 32) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 bytes: 64 hex digits or 44 base64 characters' });
    return z.NEVER;
  }
  return key;
});

/** Earlier keys, comma-separated (key rotation: what was sealed with them stays readable). */
export const storageKeyList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
  )
  .pipe(z.array(storageKey));

export const platformConfigSchema = z.object({
  PORT: envPort.default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  // PostgreSQL connect, query and readiness-probe timeouts (issue 8, docs/operations.md).
  ...databaseSettingsSchema.shape,
  /** Embedded database folder; "memory" keeps it in memory (demos, tests). */
  NODMELD_DATA_DIR: z.string().min(1).default('.data/pglite'),
  NODMELD_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  /**
   * Demo users for each role on the first start (server/demo-users.ts): `auto` on the embedded
   * database on disk (the Quick start), never on PostgreSQL or in memory unless `on`.
   */
  NODMELD_DEMO_USERS: z.enum(['auto', 'on', 'off']).default('auto'),
  NODMELD_API_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  NODMELD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Who may read /metrics: open (default; the server listens on 127.0.0.1), token or off (docs/operations.md). */
  NODMELD_METRICS_ACCESS: z.enum(['open', 'token', 'off']).default('open'),
  /** Required when NODMELD_METRICS_ACCESS=token (checked when the HTTP platform is built). */
  NODMELD_METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Run background jobs on this instance (each job runs on one instance of the cluster; decision 0005). */
  NODMELD_JOBS_ENABLED: envBool.default(true),
  /** How long a job's lease lasts without renewal: a dead instance's job is taken over after this. */
  NODMELD_JOBS_LEASE_MS: z.coerce.number().int().min(1000).default(60_000),
  /** How often an instance looks for due jobs. */
  NODMELD_JOBS_POLL_MS: z.coerce.number().int().min(100).default(5_000),
  // Which blob store: the filesystem (default) or S3-compatible, with its connection and object
  // lock; the rules across them are checked by parseConfig (blobStoreSettingsIssues).
  ...blobStoreSettingsSchema.shape,
  /** Folder of the blob store (recordings, exports; decision 0006). */
  NODMELD_STORAGE_DIR: z.string().min(1).default('.data/blobs'),
  /**
   * Encrypts blobs at rest (AES-256-GCM) when set: 32 bytes as 64 hex digits or base64. Keep it
   * apart from the backups of the blob folder (docs/operations.md).
   */
  NODMELD_STORAGE_KEY: storageKey.optional(),
  /** Earlier storage keys, comma-separated: blobs written with them stay readable (key rotation). */
  NODMELD_STORAGE_PREVIOUS_KEYS: storageKeyList.optional(),
  /**
   * Deprecated aliases (decision 0008): the recordings had a key of their own before one
   * encrypting store sealed every blob. Used as NODMELD_STORAGE_KEY / _PREVIOUS_KEYS when those
   * are unset; both keys set and different is a start-up error.
   */
  NODMELD_RECORDING_KEY: storageKey.optional(),
  NODMELD_RECORDING_PREVIOUS_KEYS: storageKeyList.optional(),
  // Events (decision 0004): the bus's safety read of the outbox when no NOTIFY arrives, how long a
  // gap in positions is held back at least, how long the outbox keeps events, SSE heartbeat and
  // the per-subscriber queue beyond which a slow SSE client is disconnected (it resumes).
  NODMELD_EVENTS_SAFETY_POLL_MS: z.coerce.number().int().min(100).default(5_000),
  NODMELD_EVENTS_GAP_GRACE_MS: z.coerce.number().int().min(10).default(500),
  NODMELD_EVENTS_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  NODMELD_EVENTS_SSE_HEARTBEAT_MS: z.coerce.number().int().min(1_000).default(15_000),
  NODMELD_EVENTS_SSE_MAX_QUEUE: z.coerce.number().int().min(10).default(1_000),
  /**
   * The web session cookie's Secure flag: `auto` (when the request came over TLS), `always`
   * (behind a TLS-terminating proxy that does not say so) or `never` (plain-HTTP development).
   */
  NODMELD_COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Trust X-Forwarded-For/-Proto from a reverse proxy (client address for sign-in throttling, TLS). */
  NODMELD_TRUST_PROXY: envBool.default(false),
  /**
   * How long a verified API token or session is trusted before it is checked against the database
   * again. Revocations reach every instance at once through events; this bounds how long one that
   * missed its event (database down at the time) stays usable.
   */
  NODMELD_TOKEN_CACHE_TTL_MS: z.coerce.number().int().min(1_000).default(15_000),
  // OpenID Connect sign-in (HelseID) beside the local accounts, and who may use a password; the
  // rules across these variables are checked by parseConfig (oidcSettingsIssues). docs/auth.md.
  ...oidcSettingsSchema.shape,
});

export type PlatformConfig = z.infer<typeof platformConfigSchema>;

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The environment without empty values (an empty variable counts as unset). */
export function cleanEnv(env: Record<string, string | undefined>): Record<string, string> {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  return cleaned;
}

/** Issues of a failed parse as "VARIABLE: message" lines. */
export function configIssues(err: z.ZodError): string[] {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

/** A module with its validated configuration slice. */
export interface ConfiguredModule {
  module: AnyModule;
  config: unknown;
}

export interface SystemConfig {
  platform: PlatformConfig;
  modules: ConfiguredModule[];
}

/**
 * Validates the platform's settings and each module's slice against one environment; throws one
 * ConfigError naming every bad variable of every module.
 */
export function parseConfig(
  env: Record<string, string | undefined>,
  modules: readonly AnyModule[],
): SystemConfig {
  const cleaned = cleanEnv(env);
  const issues: string[] = [];
  const platform = platformConfigSchema.safeParse(cleaned);
  if (!platform.success) issues.push(...configIssues(platform.error));
  else
    issues.push(
      ...[...oidcSettingsIssues(platform.data), ...blobStoreSettingsIssues(platform.data)].map(
        ([name, message]) => `${name}: ${message}`,
      ),
    );
  const configured: ConfiguredModule[] = [];
  for (const module of modules) {
    if (!module.config) {
      configured.push({ module, config: undefined });
      continue;
    }
    const r = module.config.safeParse(cleaned);
    if (r.success) configured.push({ module, config: r.data });
    else issues.push(...configIssues(r.error));
  }
  if (!platform.success || issues.length) throw new ConfigError([...new Set(issues)]);
  return { platform: platform.data, modules: configured };
}

/** The validated configuration slice of one module. */
export function sliceOf<C>(config: SystemConfig, module: AnyModule): C {
  const found = config.modules.find((m) => m.module.name === module.name);
  if (!found) throw new Error(`The module ${module.name} is not configured`);
  return found.config as C;
}
