/**
 * Runs the store benchmarks (bench/calls-store.ts) on PGlite and PostgreSQL. `BENCH_STORE`:
 * `all` (default), `off`, or a comma list of `ingest-pglite`, `ingest-pg`, `figures-pg`,
 * `figures-pglite`. Sizes: BENCH_INGEST_EVENTS_PGLITE (100,000), BENCH_INGEST_EVENTS_PG (300,000),
 * BENCH_FIGURE_CALLS (10,000,000). The ingest's shape: BENCH_INGEST_BATCH events a request (1,000),
 * BENCH_INGEST_IN_FLIGHT requests at once (4).
 */
import { createTestSchema } from '../src/platform/db/testing.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { openPostgres } from '../src/platform/db/postgres.ts';
import { postgresForTests } from '../src/platform/db/test-postgres.ts';
import { createTestApp } from '../src/platform/testing/app.ts';
import { callsModule } from '../src/calls/module.ts';
import { figuresScenario, ingestScenario } from './calls-store.ts';

export async function runStoreBenchmarks(say: (s: string) => void): Promise<void> {
  const which = process.env.BENCH_STORE ?? 'all';
  if (which === 'off') return;
  const on = (part: string) => which === 'all' || which.split(',').includes(part);
  const env = { NODMELD_LOG_LEVEL: 'silent' };
  const figureCalls = Number(process.env.BENCH_FIGURE_CALLS ?? 10_000_000);
  const shape = {
    batch: Number(process.env.BENCH_INGEST_BATCH ?? 1000),
    inFlight: Number(process.env.BENCH_INGEST_IN_FLIGHT ?? 4),
  };

  if (on('ingest-pglite')) {
    const t = await createTestApp({ kind: 'pglite', modules: [callsModule], env });
    await ingestScenario(say, 'PGlite', t, Number(process.env.BENCH_INGEST_EVENTS_PGLITE ?? 100_000), shape);
    await t.close();
  }
  if (on('figures-pglite')) {
    const t = await createTestApp({ kind: 'pglite', modules: [callsModule], env });
    await figuresScenario(say, 'PGlite', t.db, figureCalls);
    await t.close();
  }
  if (!on('ingest-pg') && !on('figures-pg')) return;
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const server = url !== undefined ? { url, stop: async () => undefined } : await postgresForTests();
  if (server.url === null) {
    say(`PostgreSQL skipped: ${'why' in server ? server.why : ''}`);
    return;
  }
  const schema = await createTestSchema(server.url);
  try {
    const db = await openPostgres(schema.url, { max: 10 });
    await migrate(db);
    if (on('ingest-pg')) {
      const t = await createTestApp({ db, modules: [callsModule], env });
      await ingestScenario(
        say,
        'PostgreSQL',
        t,
        Number(process.env.BENCH_INGEST_EVENTS_PG ?? 300_000),
        shape,
      );
      await t.close();
      await db.query('TRUNCATE calls, call_events, call_rollups');
    }
    if (on('figures-pg')) await figuresScenario(say, 'PostgreSQL', db, figureCalls);
    await db.close();
  } finally {
    await schema.drop();
    await server.stop();
  }
}
