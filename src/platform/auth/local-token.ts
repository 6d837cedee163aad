/**
 * The local API token of an embedded installation: `nodmeld start` on the embedded database, with
 * no NODMELD_API_TOKEN set, writes a random integration token to `api-token` beside the database
 * folder (`.data/api-token`, readable by its owner only) and accepts it, so the README's first
 * `curl` and the CLI work on a fresh clone without setting anything. Whoever can read that file can
 * read the embedded database folder too, so it grants nothing new. A server on PostgreSQL, or one
 * given NODMELD_API_TOKEN, writes no file.
 */
import { randomBytes } from 'node:crypto';
import { constants, mkdirSync, openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import type { PlatformConfig } from '../config.ts';

/** Where the local token lives for this configuration, or null when it has none. */
export function localTokenPath(platform: PlatformConfig): string | null {
  if (platform.DATABASE_URL || platform.NODMELD_DATA_DIR === 'memory') return null;
  return path.join(path.dirname(path.resolve(platform.NODMELD_DATA_DIR)), 'api-token');
}

function readToken(file: string): string | null {
  try {
    const token = readFileSync(file, 'utf8').trim();
    return token.length >= 24 ? token : null;
  } catch {
    return null;
  }
}

/**
 * The platform settings with the local token as NODMELD_API_TOKEN when none is set: read from
 * its file, or (with `create`, for the server) made and written first.
 */
export function withLocalToken(platform: PlatformConfig, create: boolean): PlatformConfig {
  if (platform.NODMELD_API_TOKEN) return platform;
  const file = localTokenPath(platform);
  if (!file) return platform;
  let token = readToken(file);
  if (!token && create) {
    token = randomBytes(24).toString('hex');
    mkdirSync(path.dirname(file), { recursive: true });
    // O_EXCL: two starts racing cannot both write; the loser reads the winner's token.
    try {
      const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        writeSync(fd, `${token}\n`);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      token = readToken(file);
    }
  }
  return token ? { ...platform, NODMELD_API_TOKEN: token } : platform;
}
