/**
 * `nodmeld lydlogg reseal` as an operator runs it (issue 12, REC-1/AMK-5: recordings are never
 * lost; decision 0008; docs/lydlogg.md, "Re-sealing"), on PGlite and PostgreSQL: the real command
 * (`bin/nodmeld.js`) in a child process, on a database and blob folder of recordings sealed with
 * an earlier key —
 *
 * - a dry run reports what it would re-seal and changes no file and no row;
 * - a run killed mid-way (SIGKILL; on PostgreSQL at the worst point: a blob re-sealed, its row's
 *   UPDATE held by a lock), and a run where one recording's folder cannot be written, leave every
 *   recording intact: each plays back byte for byte with the SHA-256 stored at upload, and the
 *   verification job (which re-hashes every file) finds no mismatch, missing file or orphan;
 * - the next run finishes (every blob under the new key, every row naming it, also the row a kill
 *   left behind), and a run after it is a no-op that changes nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsModule } from '../calls/module.ts';
import { migrate, openDatabase, type Db } from '../platform/db/index.ts';
import { createTestSchema, dbKinds } from '../platform/db/testing.ts';
import { keyIdOf } from '../platform/storage/encrypted-blob-store.ts';
import { FsBlobStore } from '../platform/storage/fs-blob-store.ts';
import { sealOf } from '../platform/storage/reseal.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { lydloggModule } from './module.ts';
import { verifyRecordings } from './retention/verify.ts';
import { wav } from './testing/audio.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REAL_OPUS = fileURLToPath(new URL('./testing/fixtures/silence-then-tone.opus', import.meta.url));
const RECORDINGS = 12;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/**
 * Makes a folder unwritable — for root by the immutable flag (a mode does not stop root; a file
 * system without the flag fails the test rather than passing it unchecked), else by its mode —
 * and returns what undoes it.
 */
async function lock(dir: string): Promise<() => Promise<void>> {
  if (process.getuid?.() === 0) {
    spawnSync('chattr', ['+i', dir]);
    return async () => void spawnSync('chattr', ['-i', dir]);
  }
  await chmod(dir, 0o555);
  return async () => chmod(dir, 0o755);
}

describe.each(dbKinds())('nodmeld lydlogg reseal on %s (issue 12; decision 0008)', (kind) => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  let blobDir: string;
  let pgliteDir: string | undefined;
  let schema: Awaited<ReturnType<typeof createTestSchema>> | undefined;
  const uploads: { id: string; bytes: Buffer; sha256: string }[] = [];

  /** The app on the test's database, reading with the new key and the earlier one. */
  async function withApp<T>(keys: { key: Buffer; previous?: Buffer }, fn: (t: RoutingTestApp) => Promise<T>) {
    const db: Db = await openDatabase(schema ? { databaseUrl: schema.url } : { dataDir: pgliteDir! });
    let t: RoutingTestApp | undefined;
    try {
      await migrate(db);
      t = await createRoutingTestApp({
        db,
        more: [callsModule, lydloggModule],
        env: {
          NODMELD_STORAGE_DIR: blobDir,
          NODMELD_STORAGE_KEY: keys.key.toString('base64'),
          ...(keys.previous ? { NODMELD_STORAGE_PREVIOUS_KEYS: keys.previous.toString('base64') } : {}),
        },
      });
      return await fn(t);
    } finally {
      // The embedded database is one process's at a time: closed before the command opens it.
      await t?.close();
      await db.close();
    }
  }

  /** `nodmeld lydlogg reseal ARGS` with the new key and the earlier one. */
  function reseal(args: string[]): { pid: number; kill: () => void; done: Promise<Run> } {
    const child = spawn(process.execPath, ['bin/nodmeld.js', 'lydlogg', 'reseal', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...(schema ? { DATABASE_URL: schema.url } : { DATABASE_URL: '', NODMELD_DATA_DIR: pgliteDir! }),
        NODMELD_STORAGE_DIR: blobDir,
        NODMELD_STORAGE_KEY: newKey.toString('base64'),
        NODMELD_STORAGE_PREVIOUS_KEYS: oldKey.toString('base64'),
        NODMELD_LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const done = new Promise<Run>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal, out, err })),
    );
    return { pid: child.pid!, kill: () => child.kill('SIGKILL'), done };
  }

  const inner = () => new FsBlobStore({ dir: blobDir });
  /** Each recording blob's key → the key id it is sealed with. */
  async function seals(): Promise<Map<string, string>> {
    const fs = inner();
    const out = new Map<string, string>();
    for await (const info of fs.list('recordings/')) {
      const s = await sealOf(fs, info);
      out.set(info.key, s.clear ? 'clear' : s.keyId);
    }
    return out;
  }
  /** Every file under the blob folder → SHA-256 of its bytes (to see that nothing changed). */
  async function files(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const e of await readdir(blobDir, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const p = path.join(e.parentPath, e.name);
      out.set(
        path.relative(blobDir, p),
        createHash('sha256')
          .update(await readFile(p))
          .digest('hex'),
      );
    }
    return out;
  }
  const rows = (t: RoutingTestApp) =>
    t.db
      .query<{ id: string; blob_key: string; key_id: string; sha256: string; state: string }>(
        'SELECT id, blob_key, key_id, sha256, state FROM recordings ORDER BY id',
      )
      .then((r) => r.rows);

  /** Every recording plays back as uploaded, with its stored SHA-256; the verification is clean. */
  async function everyRecordingIntact(): Promise<void> {
    await withApp({ key: newKey, previous: oldKey }, async (t) => {
      const byId = new Map((await rows(t)).map((r) => [r.id, r]));
      const listener = await t.tokenFor('operator', 'lv-oslo');
      for (const u of uploads) {
        const row = byId.get(u.id)!;
        expect(row.state).toBe('present');
        expect(row.sha256).toBe(u.sha256);
        const r = await t.app.inject({
          method: 'GET',
          url: `/api/v1/recordings/${u.id}/audio?reason=kontroll`,
          headers: { authorization: `Bearer ${listener}` },
        });
        expect(r.statusCode, u.id).toBe(200);
        expect(createHash('sha256').update(r.rawPayload).digest('hex'), u.id).toBe(u.sha256);
      }
      const v = await verifyRecordings({
        db: t.db,
        blobs: t.use(lydloggModule).deps.blobs,
        now: new Date(),
        uploadStaleMs: 3_600_000,
      });
      expect(v).toMatchObject({ checked: RECORDINGS, mismatches: [], missing: [], orphans: [] });
    });
  }

  beforeAll(async () => {
    blobDir = await mkdtemp(path.join(tmpdir(), 'nodmeld-reseal-cli-'));
    if (kind === 'postgres') schema = await createTestSchema(process.env.TEST_DATABASE_URL!);
    else pgliteDir = await mkdtemp(path.join(tmpdir(), 'nodmeld-reseal-db-'));
    const opus = await readFile(REAL_OPUS);
    await withApp({ key: oldKey }, async (t) => {
      for (let i = 0; i < RECORDINGS; i++) {
        const id = `r${String(i).padStart(2, '0')}`;
        const isOpus = i === 4;
        const bytes = isOpus ? opus : wav({ frames: 8000 * (1 + (i % 3)), seed: i + 1 });
        const q = new URLSearchParams({
          centreId: 'lv-oslo',
          startedAt: '2025-03-05T10:00:00Z',
          durationMs: String(isOpus ? 3000 : 1000 * (1 + (i % 3))),
          channels: '1',
          codec: isOpus ? 'opus' : 'pcm-s16le',
        });
        const r = await t.app.inject({
          method: 'PUT',
          url: `/api/v1/calls/call-reseal/recordings/${id}?${q}`,
          headers: {
            authorization: `Bearer ${t.apiToken}`,
            'content-type': isOpus ? 'audio/ogg' : 'audio/wav',
          },
          payload: bytes,
        });
        expect(r.statusCode, r.body).toBe(201);
        uploads.push({ id, bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
      }
    });
  }, 120_000);
  afterAll(async () => {
    await schema?.drop();
    await rm(blobDir, { recursive: true, force: true });
    if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
  });

  const oldId = keyIdOf(oldKey);
  const newId = keyIdOf(newKey);

  it(
    'a dry run reports what it would re-seal and changes no file and no row',
    { timeout: 120_000 },
    async () => {
      const before = await files();
      const run = await reseal(['--dry-run']).done;
      expect(run.code, run.err).toBe(1); // something is left to do
      expect(run.out).toContain(`${RECORDINGS} sealed with the earlier key ${oldId} would be re-sealed`);
      expect(run.out).toContain(`Earlier keys still needed: ${oldId}`);
      expect(await files()).toEqual(before);
      expect([...(await seals()).values()]).toEqual(Array(RECORDINGS).fill(oldId));
      await withApp({ key: newKey, previous: oldKey }, async (t) =>
        expect((await rows(t)).map((r) => r.key_id)).toEqual(Array(RECORDINGS).fill(oldId)),
      );
    },
  );

  it(
    'killed mid-way (SIGKILL): every recording intact, its SHA-256 checked',
    { timeout: 180_000 },
    async () => {
      const keys = [...(await seals()).keys()];
      if (schema) {
        // The worst point: the third blob re-sealed, its row's UPDATE waiting on a lock we hold.
        const target = keys[2]!;
        const holder = new pg.Client({ connectionString: schema.url });
        // Another session looks on: the holder's transaction sees one snapshot of the activity.
        const watcher = new pg.Client({ connectionString: schema.url });
        await holder.connect();
        await watcher.connect();
        try {
          await holder.query('BEGIN');
          const locked = await holder.query(
            `SELECT 1 FROM ${schema.name}.recordings WHERE blob_key = $1 FOR UPDATE`,
            [target],
          );
          expect(locked.rowCount).toBe(1);
          const run = reseal([]);
          const waiting = async () =>
            (
              await watcher.query<{ pid: number }>(
                `SELECT pid FROM pg_stat_activity
                 WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE recordings SET key_id%'
                   AND datname = current_database()`,
              )
            ).rows.map((r) => r.pid);
          await expect.poll(async () => (await waiting()).length, { timeout: 60_000 }).toBe(1);
          const [backend] = await waiting();
          run.kill();
          expect((await run.done).signal).toBe('SIGKILL');
          // The dead process's statement never completes: its session ends with it (PostgreSQL
          // would otherwise run the orphaned UPDATE once the lock is free).
          await watcher.query('SELECT pg_terminate_backend($1)', [backend]);
          await expect.poll(async () => (await waiting()).length).toBe(0);
        } finally {
          await holder.query('ROLLBACK');
          await holder.end();
          await watcher.end();
        }
        const after = await seals();
        expect(keys.map((k) => after.get(k))).toEqual([
          newId,
          newId,
          newId, // re-sealed, but its row not yet updated
          ...Array(RECORDINGS - 3).fill(oldId),
        ]);
        await withApp({ key: newKey, previous: oldKey }, async (t) => {
          const byKey = new Map((await rows(t)).map((r) => [r.blob_key, r.key_id]));
          expect(keys.map((k) => byKey.get(k))).toEqual([newId, newId, ...Array(RECORDINGS - 2).fill(oldId)]);
        });
      } else {
        // The embedded database is the command's alone: killed once a first blob is re-sealed.
        const run = reseal([]);
        await expect
          .poll(async () => [...(await seals()).values()].includes(newId), { timeout: 60_000, interval: 5 })
          .toBe(true);
        run.kill();
        const how = await run.done;
        expect(how.signal ?? how.code).toBe('SIGKILL');
      }
      await everyRecordingIntact();
    },
  );

  it(
    'a recording whose folder cannot be written is reported and left as it was; the others are re-sealed; every recording intact',
    { timeout: 120_000 },
    async () => {
      const before = await seals();
      const stillOld = [...before].filter(([, id]) => id === oldId).map(([k]) => k);
      expect(stillOld.length).toBeGreaterThan(0);
      const stuck = stillOld[stillOld.length - 1]!;
      const dir = path.join(blobDir, 'objects', ...stuck.split('/').slice(0, -1));
      const unlock = await lock(dir);
      let run: Run;
      try {
        run = await reseal([]).done;
      } finally {
        await unlock();
      }
      expect(run.code).toBe(1);
      expect(run.err).toContain(`NOT RE-SEALED: ${stuck}:`);
      const after = await seals();
      for (const [k, id] of after) expect(id, k).toBe(k === stuck ? oldId : newId);
      await everyRecordingIntact();
    },
  );

  it(
    'the next run finishes — every blob and every row under the new key — and a run after it changes nothing',
    { timeout: 180_000 },
    async () => {
      const run = await reseal([]).done;
      expect(run.code, run.err + run.out).toBe(0);
      expect(run.out).toContain('1 sealed with the earlier key');
      expect(run.out).toContain('No blob needs an earlier key');
      expect([...(await seals()).values()]).toEqual(Array(RECORDINGS).fill(newId));
      await withApp({ key: newKey }, async (t) =>
        expect((await rows(t)).map((r) => r.key_id)).toEqual(Array(RECORDINGS).fill(newId)),
      );

      const before = await files();
      const again = await reseal([]).done;
      expect(again.code, again.err).toBe(0);
      expect(again.out).toContain(
        `${RECORDINGS} blob(s) looked at; ${RECORDINGS} already sealed with the current key`,
      );
      expect(again.out).not.toContain('re-sealed');
      expect(await files()).toEqual(before);
      await everyRecordingIntact();
      // With the earlier key retired, every recording still reads.
      await withApp({ key: newKey }, async (t) => {
        const listener = await t.tokenFor('operator', 'lv-oslo');
        for (const u of uploads) {
          const r = await t.app.inject({
            method: 'GET',
            url: `/api/v1/recordings/${u.id}/audio?reason=kontroll`,
            headers: { authorization: `Bearer ${listener}` },
          });
          expect(r.statusCode, u.id).toBe(200);
          expect(createHash('sha256').update(r.rawPayload).digest('hex')).toBe(u.sha256);
        }
      });
    },
  );
});
