/**
 * `npm run bench:retention` (issue 12; docs/performance.md, "Recordings retention"): the retention
 * of recordings over 3 million recording records — three years of national traffic — on
 * PostgreSQL (TEST_DATABASE_URL or BENCH_DATABASE_URL). Measures the selection and bookkeeping of
 * a run (mark `deleting`, rows deleted, tombstones, audit) with file deletion excluded (a blob
 * store whose delete does nothing), and the process's peak memory:
 *
 *   1. the dry run (counts over all 3 M rows, the first 100 due);
 *   2. a daily run: one day's recordings become due (≈ 2,700);
 *   3. a catch-up run after 30 days without retention (≈ 82,000).
 *
 * 1 % of the recordings are held. BENCH_RECORDINGS (default 3,000,000), BENCH_RETENTION_BATCH (500).
 */
import { openPostgres } from '../src/platform/db/postgres.ts';
import { createTestSchema } from '../src/platform/db/testing.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import type { BlobStore } from '../src/platform/storage/blob-store.ts';
import { addDays } from '../src/platform/time/calendar.ts';
import { runRetention, retentionDryRun } from '../src/lydlogg/retention/retention.ts';

const N = Number(process.env.BENCH_RECORDINGS ?? 3_000_000);
const BATCH = Number(process.env.BENCH_RETENTION_BATCH ?? 500);
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!url) {
  console.log('bench:retention needs TEST_DATABASE_URL (or BENCH_DATABASE_URL): skipped');
  process.exit(0);
}

/** File deletion excluded: a store whose delete does nothing. */
const noBlobs: BlobStore = {
  put: () => Promise.reject(new Error('not in this benchmark')),
  get: () => Promise.resolve(null),
  head: () => Promise.resolve(null),
  delete: () => Promise.resolve(true),
  list: async function* () {},
};

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const sampler = setInterval(sample, 20);
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const say = (s: string) => console.log(s);

const schema = await createTestSchema(url);
// The setup's bulk insert may take minutes; the measured queries run under the default timeouts.
const setup = await openPostgres(schema.url, { max: 1, queryTimeoutMs: 900_000 });
const db = await openPostgres(schema.url, { max: 4 });
try {
  await migrate(setup);
  // Three years of recordings, evenly over the days: the first day 2024-01-01.
  const days = 1096;
  const first = '2024-01-01';
  let t0 = performance.now();
  await setup.query(
    `INSERT INTO recordings (id, call_id, centre_id, amk_area, state, started_at, recording_date, deletable_from,
       duration_ms, channels, codec, container, content_type, sample_rate, size_bytes, sha256, blob_key, key_id,
       chunk_size, active_holds, created_by, created_at, stored_at)
     SELECT 'r' || i, 'c' || i, 'lv-' || (i % 40), 'amk-' || (i % 16), 'present',
       d::timestamptz + interval '10 hours', d, (d + interval '3 years' + interval '1 day')::date,
       180000, 1, 'pcm-s16le', 'wav', 'audio/wav', 8000, 2880044, md5(i::text) || md5(i::text), 'recordings/r' || i || '/a', 'k',
       65536, CASE WHEN i % 100 = 0 THEN 1 ELSE 0 END, 'bench', now(), now()
     FROM (SELECT i, ($2::date + ((i * $3::bigint) / $1::bigint)::int) AS d FROM generate_series(0, $1::bigint - 1) AS i) s`,
    [N, first, days],
  );
  await setup.query('ANALYZE recordings');
  say(
    `${N.toLocaleString('en')} recordings over ${days} days written in ${((performance.now() - t0) / 1000).toFixed(1)} s (setup, not measured)`,
  );

  const job = {
    transaction: <T>(fn: Parameters<typeof db.transaction>[0]) => db.transaction(fn) as Promise<T>,
  };
  // The first recordings (2024-01-01) are deletable from 2027-01-02.
  const day1 = '2027-01-02';
  t0 = performance.now();
  const dry = await retentionDryRun(db, day1, 100);
  say(
    `dry run on ${day1}: ${dry.due} due, ${dry.held} held, over ${N.toLocaleString('en')} rows: ${(performance.now() - t0).toFixed(0)} ms`,
  );

  t0 = performance.now();
  const daily = await runRetention(job, {
    db,
    blobs: noBlobs,
    now: new Date(`${day1}T02:40:00+01:00`),
    batch: BATCH,
  });
  const dailyMs = performance.now() - t0;
  say(
    `daily run (${day1}): ${daily.deleted} deleted in ${(dailyMs / 1000).toFixed(2)} s (batches of ${BATCH})`,
  );

  const catchUp = addDays(day1, 30);
  t0 = performance.now();
  const month = await runRetention(job, {
    db,
    blobs: noBlobs,
    now: new Date(`${catchUp}T02:40:00+01:00`),
    batch: BATCH,
  });
  const monthMs = performance.now() - t0;
  say(
    `catch-up run after 30 days (${catchUp}): ${month.deleted} deleted in ${(monthMs / 1000).toFixed(2)} s — ${((month.deleted / monthMs) * 1000).toFixed(0)} recordings/s`,
  );
  t0 = performance.now();
  const nothing = await runRetention(job, {
    db,
    blobs: noBlobs,
    now: new Date(`${catchUp}T02:40:00+01:00`),
    batch: BATCH,
  });
  say(`a second run the same day: ${nothing.deleted} deleted in ${(performance.now() - t0).toFixed(0)} ms`);
  const left = await db.query<{ n: string }>('SELECT count(*) AS n FROM recordings');
  const tombs = await db.query<{ n: string }>('SELECT count(*) AS n FROM recording_tombstones');
  say(`left: ${left.rows[0]!.n} recordings, ${tombs.rows[0]!.n} tombstones`);
  sample();
  say(`peak memory of the process: RSS ${mb(peakRss)}, heap ${mb(peakHeap)}`);
} finally {
  clearInterval(sampler);
  await db.close();
  await setup.close();
  await schema.drop();
}
