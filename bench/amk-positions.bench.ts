/**
 * `npm run bench:amk-positions` — the AMK context's hot path (issue 14, NN-4): `recordPositions`
 * on the embedded database (PGlite, on its own thread), as the Nødnett adapter calls it.
 *
 * `BENCH_AMK_TERMINALS` terminals (default 2,000), each carried by a registered unit, report in
 * batches of `BENCH_AMK_BATCH` (default 500) for `BENCH_AMK_BATCHES` batches (default 60): every
 * report a new observation (the steady state: 10 s apart per terminal), 2 % of them repeated from
 * the previous batch (duplicates) and 2 % older than the terminal's latest (late, out of order).
 * Prints positions/s and the batch latency (p50, p99); one event per AMK per batch is part of
 * the work measured. No target: the target (1,000 LIP reports/s with consoles connected)
 * is for the whole Nødnett path, which the Nødnett context's bench measures.
 */
import os from 'node:os';
import { SYSTEM_ACTOR } from '../src/platform/auth/actor.ts';
import { mulberry32 } from '../src/platform/seeded-random.ts';
import { createRoutingTestApp } from '../src/routing/testing-app.ts';
import { amkModule } from '../src/amk/module.ts';
import type { PositionReport } from '../src/amk/domain/position.ts';

const TERMINALS = Number(process.env.BENCH_AMK_TERMINALS ?? 2000);
const BATCH = Number(process.env.BENCH_AMK_BATCH ?? 500);
const BATCHES = Number(process.env.BENCH_AMK_BATCHES ?? 60);
const AMKS = ['amk-oslo', 'amk-bergen', 'amk-trondheim'];

const random = mulberry32(14);
const t = await createRoutingTestApp({
  kind: 'pglite',
  more: [amkModule],
  env: { NODMELD_LOG_LEVEL: 'silent' },
});
const amk = t.use(amkModule);
await t.db.query(
  `INSERT INTO amk_resources (id, call_sign, kind, amk_id, station_name, station_lat, station_lon, issi, status, status_changed_at)
   SELECT gen_random_uuid(), 'B-' || i, 'ambulance-car', ($2::text[])[1 + i % 3], 'Stasjon', 60, 10, (1000000 + i)::text, 'available', now()
     FROM generate_series(1, $1::int) AS i`,
  [TERMINALS, AMKS],
);

const start = Date.UTC(2026, 2, 2, 8);
const latest = new Map<string, number>();
const previous: PositionReport[] = [];
let cursor = 0;
const report = (issi: string, at: number): PositionReport => ({
  issi,
  observedAt: new Date(at).toISOString(),
  lat: 59 + random() * 10,
  lon: 5 + random() * 20,
  errorMetres: 5 + Math.floor(random() * 50),
  speedKmh: Math.floor(random() * 120),
  headingDeg: Math.floor(random() * 360),
  source: 'lip',
});
function nextBatch(): PositionReport[] {
  const out: PositionReport[] = [];
  for (let i = 0; i < BATCH; i++) {
    const r = random();
    if (r < 0.02 && previous.length) out.push(previous[Math.floor(random() * previous.length)]!);
    else {
      const issi = String(1_000_001 + (cursor++ % TERMINALS));
      const last = latest.get(issi) ?? start;
      if (r < 0.04) out.push(report(issi, last - 5_000 - Math.floor(random() * 60_000)));
      else {
        latest.set(issi, last + 10_000);
        out.push(report(issi, last + 10_000));
      }
    }
  }
  previous.splice(0, previous.length, ...out);
  return out;
}

// Warm-up: one pass over every terminal (not timed).
for (let i = 0; i < Math.ceil(TERMINALS / BATCH); i++) await amk.recordPositions(SYSTEM_ACTOR, nextBatch());

const latencies: number[] = [];
let recorded = 0;
let duplicates = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < BATCHES; i++) {
  const batch = nextBatch();
  const b0 = performance.now();
  const r = await amk.recordPositions(SYSTEM_ACTOR, batch);
  latencies.push(performance.now() - b0);
  recorded += r.recorded;
  duplicates += r.duplicates;
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);
const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM amk_positions');
console.log(
  `bench:amk-positions — recordPositions on PGlite (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? '?'})`,
);
console.log(`terminals ${TERMINALS}, batches ${BATCHES} × ${BATCH} reports (2 % duplicates, 2 % late)`);
console.log(
  `reports/s:        ${Math.round((BATCHES * BATCH) / seconds)} (stored ${recorded}, duplicates ${duplicates})`,
);
console.log(`batch latency ms: p50 ${pct(0.5)}  p99 ${pct(0.99)}  max ${latencies.at(-1)!.toFixed(1)}`);
console.log(
  `main-thread CPU:  ${(((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100).toFixed(0)} % of one core (PGlite runs on its own thread)`,
);
console.log(`positions kept:   ${rows[0]!.n}`);
await t.close();
