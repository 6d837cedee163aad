/**
 * `npm run bench:national` — the national live service level (issue 11: the wall-board and the
 * map), `GET /api/v1/calls/service-level/national`, with the national default data set (95
 * legevaktsentraler, 16 AMK centres) and BENCH_CALLS calls (default 100,000) in the calls table.
 *
 * The calls are written straight into `calls` with one INSERT … SELECT (the ingest would take
 * minutes on this machine and is measured by bench:calls): spread over the centres and over
 * BENCH_DAYS days back from now (default 14: about 7,000 today, 300 in the last hour), 10 % lost
 * while ringing, 0.2 % still waiting. Then the read is timed BENCH_ROUNDS times (default 20,
 * after 3 warm-up reads), one at a time: the function alone (two queries + the routing status)
 * and the HTTP route (with the JSON). Also the worst case: every call of the table today.
 *
 * On PGlite always; on PostgreSQL too when TEST_DATABASE_URL is set (a schema of its own).
 */
import { createTestSchema } from '../src/platform/db/testing.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import type { Db } from '../src/platform/db/types.ts';
import { createTestApp, type TestApp } from '../src/platform/testing/app.ts';
import { createRoutingModule } from '../src/routing/module.ts';
import { callsModule } from '../src/calls/module.ts';
import { readNationalServiceLevel, runtimeDirectory } from '../src/calls/queue/read-national.ts';
import { startOfOsloDay } from '../src/platform/time/calendar.ts';

const startOfToday = () => startOfOsloDay(Date.now());

const CALLS = Number(process.env.BENCH_CALLS ?? 100_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 14);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const max = (xs: number[]) => Math.max(...xs);

/** Replaces the calls with `n` calls spread over the centres and over `days` days back from now. */
async function seed(db: Db, centres: { id: string; amk: boolean }[], n: number, days: number): Promise<void> {
  await db.query('DELETE FROM calls');
  const now = Date.now();
  await db.query(
    `INSERT INTO calls (id, state, called_number, service, centre_id, started_at, offered_at, ringing_at,
                        answered_at, counted, answer_ms, abandoned_before_ringing, event_count)
     SELECT 'bench-' || i,
            CASE WHEN i % 500 = 0 THEN 'ringing' WHEN i % 10 = 0 THEN 'abandoned' ELSE 'ended' END,
            CASE WHEN c.amk THEN '113' ELSE '116117' END,
            CASE WHEN c.amk THEN 'amk' ELSE 'legevakt' END,
            c.id, s.at, s.at, s.at + interval '5 seconds',
            CASE WHEN i % 10 = 0 THEN NULL ELSE s.at + interval '5 seconds' + (i % 300) * interval '1 second' END,
            CASE WHEN i % 500 = 0 THEN 'in-progress' ELSE 'counted' END,
            CASE WHEN i % 10 = 0 THEN NULL ELSE (i % 300) * 1000 END,
            false, 5
       FROM generate_series(1, $1::int) AS i
       JOIN unnest($2::text[], $3::boolean[]) WITH ORDINALITY AS c(id, amk, ord)
         ON c.ord = 1 + (i % array_length($2::text[], 1))
      CROSS JOIN LATERAL (
            SELECT to_timestamp(($4::bigint - ((i::bigint * 7919) % ($5::bigint))) / 1000.0) AS at) s`,
    [n, centres.map((c) => c.id), centres.map((c) => c.amk), now, Math.max(1, Math.round(days * 86_400_000))],
  );
  await db.query('ANALYZE calls');
}

async function measure(label: string, t: TestApp): Promise<void> {
  const runtime = t.use(createRoutingModuleRef).runtime;
  const { data } = runtime.current();
  const centres = [
    ...data.centres.map((c) => ({ id: c.id, amk: false })),
    ...data.amkCentres.map((a) => ({ id: a.id, amk: true })),
  ];
  const directory = runtimeDirectory(runtime);
  for (const [what, days] of [
    [`${DAYS} days`, DAYS],
    ['all today', 0],
  ] as const) {
    const spreadMs = days === 0 ? Math.max(1, Date.now() - startOfToday()) : days * 86_400_000;
    await seed(t.db, centres, CALLS, spreadMs / 86_400_000);
    const counts = await t.db.query<{ today: string | number; hour: string | number }>(
      `SELECT count(*) FILTER (WHERE started_at >= $1) AS today, count(*) FILTER (WHERE started_at >= $2) AS hour FROM calls`,
      [new Date(startOfToday()).toISOString(), new Date(Date.now() - 3_600_000).toISOString()],
    );
    const fn: number[] = [];
    const http: number[] = [];
    let bytes = 0;
    for (let i = 0; i < ROUNDS + 3; i++) {
      const a = performance.now();
      const r = await readNationalServiceLevel(t.db, directory, () => Date.now());
      const b = performance.now();
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/calls/service-level/national',
        headers: { authorization: `Bearer ${t.adminToken}` },
      });
      const c = performance.now();
      if (res.statusCode !== 200 || r.centres.length !== centres.length) throw new Error(res.body);
      bytes = res.rawPayload.length;
      if (i >= 3) {
        fn.push(b - a);
        http.push(c - b);
      }
    }
    process.stdout.write(
      `${label}, ${CALLS.toLocaleString('en')} calls over ${what} (${Number(counts.rows[0]!.today).toLocaleString('en')} today, ` +
        `${Number(counts.rows[0]!.hour).toLocaleString('en')} in the last hour), ${centres.length} centres: ` +
        `read median ${median(fn).toFixed(1)} ms (max ${max(fn).toFixed(1)}), ` +
        `HTTP median ${median(http).toFixed(1)} ms (max ${max(http).toFixed(1)}), ${bytes.toLocaleString('en')} bytes\n`,
    );
  }
}

// The national default data set (no seed: the module imports data/default when the database has none).
const createRoutingModuleRef = createRoutingModule();

async function main(): Promise<void> {
  const pglite = await createTestApp({ kind: 'pglite', modules: [createRoutingModuleRef, callsModule] });
  try {
    await measure('PGlite', pglite);
  } finally {
    await pglite.close();
  }
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const schema = await createTestSchema(url);
  const db = await openPostgres(schema.url, { max: 4 });
  try {
    await migrate(db);
    const pg = await createTestApp({ db, modules: [createRoutingModuleRef, callsModule] });
    try {
      await measure('PostgreSQL', pg);
    } finally {
      await pg.close();
    }
  } finally {
    await db.close();
    await schema.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
