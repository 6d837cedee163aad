/**
 * Crash safety with a real process kill (issue 12; docs/lydlogg.md, "Crash safety"): a child
 * process (testing/crash-child.ts) uploads a recording or runs the retention on the test's
 * database and blob folder and is killed with SIGKILL at a step — after the row, after the file,
 * half-way through the audio, after marking a deletion, after deleting the file. Then this process
 * opens the same database (for the embedded database: the same folder, after the dead process's
 * lock) and checks that no `present` recording lacks its file and no file lacks its row; a
 * retention run finishes a deletion begun, the verification clears a dead upload (and its file),
 * and the recording can be uploaded again.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsModule } from '../../calls/module.ts';
import { openDatabase, migrate, type Db } from '../../platform/db/index.ts';
import { createTestSchema, dbKinds } from '../../platform/db/testing.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../../routing/testing-app.ts';
import { lydloggModule } from '../module.ts';
import { wav } from '../testing/audio.ts';
import { runRetention } from './retention.ts';
import { verifyRecordings } from './verify.ts';

const CHILD = fileURLToPath(new URL('../testing/crash-child.ts', import.meta.url));
const NOW = '2024-03-01T12:00:00Z';

describe.each(dbKinds())('recordings survive a killed process on %s (issue 12)', (kind) => {
  let blobDir: string;
  let pgliteDir: string | undefined;
  let schema: Awaited<ReturnType<typeof createTestSchema>> | undefined;
  const key = randomBytes(32).toString('base64');
  let db: Db | undefined;
  let t: RoutingTestApp | undefined;

  const openApp = async () => {
    db = await openDatabase(schema ? { databaseUrl: schema.url } : { dataDir: pgliteDir! });
    await migrate(db);
    t = await createRoutingTestApp({
      db,
      more: [callsModule, lydloggModule],
      env: { NODMELD_STORAGE_DIR: blobDir, NODMELD_STORAGE_KEY: key },
    });
    return t;
  };
  /** The embedded database is one process's at a time: close it before the child opens it. */
  const closeApp = async () => {
    await t?.close();
    await db?.close();
    t = undefined;
    db = undefined;
  };

  beforeAll(async () => {
    blobDir = await mkdtemp(path.join(tmpdir(), 'nodmeld-kill-blobs-'));
    if (kind === 'postgres') schema = await createTestSchema(process.env.TEST_DATABASE_URL!);
    else pgliteDir = await mkdtemp(path.join(tmpdir(), 'nodmeld-kill-db-'));
    await openApp();
    await closeApp();
  }, 120_000);
  afterAll(async () => {
    await closeApp();
    await schema?.drop();
    await rm(blobDir, { recursive: true, force: true });
    if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
  });

  /** Runs the child until it reports `point`, then kills it with SIGKILL. */
  async function killAt(env: Record<string, string>): Promise<void> {
    const child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        ...(schema ? { CRASH_DATABASE_URL: schema.url } : { CRASH_PGLITE_DIR: pgliteDir! }),
        CRASH_BLOB_DIR: blobDir,
        CRASH_KEY: key,
        CRASH_NOW: NOW,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((r) =>
      child.once('exit', (code, signal) => r(signal ?? code)),
    );
    const reached = await new Promise<string>((resolve) => {
      child.on('message', (m: { reached?: string; finished?: boolean }) => {
        if (m.reached) resolve(m.reached);
        if (m.finished) resolve('finished');
      });
      void exited.then((how) => resolve(`exited (${String(how)}): ${stderr.slice(-2000)}`));
    });
    expect(reached).toBe(env.CRASH_POINT);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
  }

  const stateOf = async (id: string) =>
    (await t!.db.query<{ state: string }>('SELECT state FROM recordings WHERE id = $1', [id])).rows[0]
      ?.state ?? 'gone';
  const filesUnder = async (prefix: string) => {
    const keys: string[] = [];
    for await (const b of t!.use(lydloggModule).deps.blobs.list(prefix)) keys.push(b.key);
    return keys;
  };
  /** No `present` row without its file; no file under recordings/ without a row. */
  async function invariant(): Promise<void> {
    const rows = await t!.db.query<{ id: string; state: string; blob_key: string }>(
      'SELECT id, state, blob_key FROM recordings',
    );
    const blobs = t!.use(lydloggModule).deps.blobs;
    for (const r of rows.rows.filter((x) => x.state === 'present')) {
      expect(await blobs.head(r.blob_key), `file of ${r.id}`).not.toBeNull();
    }
    const keys = new Set(rows.rows.map((r) => r.blob_key));
    for (const k of await filesUnder('recordings/')) expect(keys.has(k), `row of ${k}`).toBe(true);
  }
  const upload = async (id: string, startedAt = '2020-01-10T10:00:00Z') => {
    const q = new URLSearchParams({
      centreId: 'lv-oslo',
      startedAt,
      durationMs: '1000',
      channels: '1',
      codec: 'pcm-s16le',
    });
    return t!.app.inject({
      method: 'PUT',
      url: `/api/v1/calls/call-kill/recordings/${id}?${q}`,
      headers: { authorization: `Bearer ${t!.apiToken}`, 'content-type': 'audio/wav' },
      payload: wav({ frames: 8000 }),
    });
  };
  const job = () => ({
    transaction: <T>(fn: Parameters<Db['transaction']>[0]) => t!.db.transaction(fn) as Promise<T>,
  });

  it.each(['retention.marked', 'retention.blob-deleted'])(
    'the retention killed at %s: the invariant holds after the restart, and the next run finishes the deletion',
    async (point) => {
      await openApp();
      const id = `kill-ret-${point.split('.')[1]}`;
      expect((await upload(id)).statusCode).toBe(201);
      await closeApp();
      await killAt({ CRASH_ACTION: 'retention', CRASH_POINT: point });
      await openApp();
      expect(await stateOf(id)).toBe('deleting');
      await invariant();
      const blobs = t!.use(lydloggModule).deps.blobs;
      const r = await runRetention(job(), { db: t!.db, blobs, now: new Date(NOW), batch: 10 });
      expect(r.resumed).toBe(1);
      expect(await stateOf(id)).toBe('gone');
      const tomb = await t!.db.query('SELECT 1 FROM recording_tombstones WHERE recording_id = $1', [id]);
      expect(tomb.rows).toHaveLength(1);
      await invariant();
      await closeApp();
    },
    120_000,
  );

  it.each(['ingest.row-written', 'ingest.blob-stored', 'mid-stream'])(
    'an upload killed at %s: the invariant holds; once stale the verification clears it; the upload again succeeds',
    async (point) => {
      const id = `kill-up-${point.replace(/\W/g, '-')}`;
      await killAt({ CRASH_ACTION: 'upload', CRASH_POINT: point, CRASH_RECORDING: id });
      await openApp();
      expect(await stateOf(id)).toBe('uploading');
      await invariant();
      if (point === 'mid-stream') {
        // The half-written file is a temp file, never under recordings/.
        expect((await filesUnder('recordings/')).filter((k) => k.includes(id))).toEqual([]);
        expect((await readdir(path.join(blobDir, 'tmp'))).length).toBeGreaterThan(0);
      }
      const deps = t!.use(lydloggModule).deps;
      const later = new Date(Date.now() + deps.uploadStaleMs + 60_000);
      const report = await verifyRecordings({ ...deps, now: later });
      expect(report.clearedUploads).toBeGreaterThanOrEqual(1);
      expect(await stateOf(id)).toBe('gone');
      expect((await filesUnder('recordings/')).filter((k) => k.includes(id))).toEqual([]);
      await invariant();
      expect((await upload(id, '2024-03-01T10:00:00Z')).statusCode).toBe(201);
      expect(await stateOf(id)).toBe('present');
      await closeApp();
    },
    120_000,
  );
});
