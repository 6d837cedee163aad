/**
 * The child process of the real-kill crash test (retention/process-kill.int.test.ts): it opens the
 * test's database and blob folder, starts an upload or a retention run, and when the work reaches
 * the chosen point it tells the parent and waits — to be killed with SIGKILL there, as a process
 * dies: no `finally`, no rollback by the code, the connection cut, a temp file half written.
 *
 * Environment: CRASH_DATABASE_URL or CRASH_PGLITE_DIR, CRASH_BLOB_DIR, CRASH_KEY, CRASH_ACTION
 * (`upload` | `retention`), CRASH_POINT (a fault point, or `mid-stream`: after the first MiB of
 * the body), CRASH_RECORDING (the id to upload), CRASH_NOW (ISO: the retention's now).
 */
import { Readable } from 'node:stream';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { openDatabase } from '../../platform/db/index.ts';
import { callsModule } from '../../calls/module.ts';
import { createRoutingTestApp } from '../../routing/testing-app.ts';
import { lydloggModule } from '../module.ts';
import { ingestRecording, type FaultPoint } from '../recordings.ts';
import { runRetention } from '../retention/retention.ts';
import { wav } from './audio.ts';

const env = process.env;
const hang = () => new Promise<void>(() => undefined);
const reached = (point: string) => {
  process.send!({ reached: point });
  return hang();
};

const db = await openDatabase(
  env.CRASH_DATABASE_URL ? { databaseUrl: env.CRASH_DATABASE_URL } : { dataDir: env.CRASH_PGLITE_DIR! },
);
const t = await createRoutingTestApp({
  db,
  more: [callsModule, lydloggModule],
  env: { NODMELD_STORAGE_DIR: env.CRASH_BLOB_DIR!, NODMELD_STORAGE_KEY: env.CRASH_KEY! },
});
const point = env.CRASH_POINT!;
const deps = {
  ...t.use(lydloggModule).deps,
  faults: (p: FaultPoint) => (p === point ? reached(p) : undefined),
};

if (env.CRASH_ACTION === 'upload') {
  // 1 MiB pieces of a long recording; mid-stream: the parent is told after the first one.
  const audio = wav({ frames: 8000 * 60 * 10, format: 6 });
  async function* body() {
    for (let at = 0; at < audio.length; at += 1 << 20) {
      yield audio.subarray(at, at + (1 << 20));
      if (point === 'mid-stream' && at === 0) {
        // Let the first piece reach the temp file, then stop where the process will die.
        await new Promise((r) => setTimeout(r, 200));
        await reached('mid-stream');
      }
    }
  }
  await ingestRecording(deps, SYSTEM_ACTOR, {
    callId: 'call-crash',
    recordingId: env.CRASH_RECORDING!,
    centreId: 'lv-oslo',
    startedAt: '2024-03-01T10:00:00Z',
    durationMs: 600_000,
    channels: 1,
    codec: 'g711-alaw',
    contentType: 'audio/wav',
    body: Readable.from(body()),
  });
} else {
  await runRetention(
    { transaction: (fn) => db.transaction(fn) },
    { db, blobs: deps.blobs, now: new Date(env.CRASH_NOW!), batch: 10, faults: deps.faults },
  );
}
process.send!({ finished: true });
await hang();
