import { PGlite, type PGliteInterface } from '@electric-sql/pglite';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { lockDataDir } from './data-dir-lock.ts';
import { openPgliteThread } from './pglite-thread.ts';
import path from 'node:path';
import type { Db, Listening, NotificationHandlers, Queryable } from './types.ts';

/** The embedded database folder exists but cannot be opened. */
export class DamagedDatabaseError extends Error {
  constructor(
    readonly dataDir: string,
    cause: unknown,
  ) {
    super(
      `The embedded database in ${dataDir} could not be opened: it looks damaged (${(cause as Error)?.message ?? cause}). ` +
        'This happens when two processes wrote the folder, or the disk filled or failed during a write. ' +
        `Restore the folder from a backup (docs/operations.md, "Backup and restore of the embedded database"), ` +
        `or move it aside to start empty: mv ${dataDir} ${dataDir}.damaged-$(date +%F)`,
      { cause },
    );
    this.name = 'DamagedDatabaseError';
  }
}

/**
 * Embedded PostgreSQL (PGlite), on a thread of its own (pglite-thread.ts: its statements never
 * hold up routing). `dataDir` undefined means in-memory; otherwise the folder is locked to this
 * process (data-dir-lock.ts: a second process is refused, never let in to corrupt it) and its
 * parent folders are created. Closing the database releases the lock.
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (!dataDir) return openPgliteThread();
  const dir = path.resolve(dataDir);
  await mkdir(path.dirname(dir), { recursive: true });
  const lock = await lockDataDir(dir);
  const existed = existsSync(dir);
  let db: Db;
  try {
    db = await openPgliteThread(dir);
  } catch (err) {
    await lock.release();
    throw existed ? new DamagedDatabaseError(dir, err) : err;
  }
  return {
    ...db,
    async close() {
      try {
        await db.close();
      } finally {
        await lock.release();
      }
    },
  };
}

/**
 * Wraps a PGlite instance on this thread (tests clone one prepared instance; the application opens
 * its database with openPglite, on a thread of its own).
 */
export function wrapPglite(pg: PGliteInterface): Db {
  const q: Queryable = {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await pg.query<T>(sql, params as unknown[] | undefined);
      return { rows: r.rows };
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
  };
  return {
    kind: 'pglite',
    ...q,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pg.transaction(async (tx) =>
        fn({
          async query<R>(sql: string, params?: readonly unknown[]) {
            const r = await tx.query<R>(sql, params as unknown[] | undefined);
            return { rows: r.rows };
          },
          async exec(sql: string) {
            await tx.exec(sql);
          },
        }),
      );
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
    async listen(channel: string, handlers: NotificationHandlers): Promise<Listening> {
      // One process owns the embedded database: its notifications are in-process callbacks.
      const unlisten = await pg.listen(channel, (payload) => handlers.notify(payload));
      handlers.connected?.();
      return {
        query: <T>(sql: string, params?: readonly unknown[]) => q.query<T>(sql, params),
        async close() {
          if (!pg.closed) await unlisten();
        },
      };
    },
    async backup() {
      // PGlite runs one query at a time: the dump is taken between queries, so it is consistent.
      const blob = await pg.dumpDataDir('gzip');
      return new Uint8Array(await blob.arrayBuffer());
    },
  };
}

/**
 * Restores a backup (`Db.backup`) into `dataDir`, which must not exist yet (move a damaged folder
 * aside first). The folder is locked while it is written and checked by opening it.
 */
export async function restorePglite(dataDir: string, archive: Uint8Array): Promise<void> {
  const dir = path.resolve(dataDir);
  if (existsSync(dir)) {
    throw new Error(
      `${dir} exists: move it aside first (mv ${dir} ${dir}.old), then restore into an empty place`,
    );
  }
  await mkdir(path.dirname(dir), { recursive: true });
  const lock = await lockDataDir(dir, 'restore');
  try {
    const pg = new PGlite(dir, { loadDataDir: new Blob([new Uint8Array(archive)]) });
    await pg.waitReady;
    await pg.query('SELECT count(*) FROM audit_events');
    await pg.close();
  } finally {
    await lock.release();
  }
}
