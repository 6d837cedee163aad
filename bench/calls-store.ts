/**
 * The store half of `npm run bench:calls` (issue 10 part 5):
 *
 * 1. **Sustained ingest through the HTTP API** (`POST /api/v1/calls/events` on a real socket, 4
 *    requests in flight, batches of 1,000 events): a live stream — calls start every few hundred
 *    ms, each call's events (routed, offered, queued, ringing, answered, transfer, ended) reach the
 *    server in time order across batches, as the centres' systems would send them, so most
 *    batches update calls stored by earlier ones. Events/s over the whole run, p50/p99 batch
 *    latency; afterwards the rollup cells are checked against a recomputation from the calls.
 * 2. **Figures over three years of national traffic**: `BENCH_FIGURE_CALLS` (default 10,000,000)
 *    synthetic counted calls over 2023–2025 are rolled up in memory with the pure rollup code
 *    (day and month cells of every dimension, hour cells of the nation), written to
 *    `call_rollups`, and the figures of typical reports read back through `queryFigures` (the
 *    route's use case) — each 5 times, median and worst.
 *
 * PGlite in memory; PostgreSQL at BENCH_DATABASE_URL, TEST_DATABASE_URL or the local server (a
 * fresh schema, dropped afterwards). Server, database and client share this 2-core VM.
 */
import type { Db } from '../src/platform/db/types.ts';
import type { TestApp } from '../src/platform/testing/app.ts';
import type { CallEvent } from '../src/calls/domain/call-event.ts';
import type { CountedCall } from '../src/calls/statistics/official-figures.ts';
import {
  addCallToRollup,
  cellId,
  emptyCell,
  mergeCellInto,
  type Rollup,
  type RollupCell,
  type RollupKey,
  type RollupOptions,
} from '../src/calls/statistics/rollup-cells.ts';
import type { Dimension } from '../src/calls/statistics/rollup-cells.ts';
import type { Granularity } from '../src/calls/statistics/periods.ts';
import { periodOf } from '../src/calls/statistics/periods.ts';
import { scriptCallEvents } from '../src/calls/testing/call-events.ts';
import { storedAndRecomputedCells } from '../src/calls/testing/rollup-check.ts';
import { queryFigures } from '../src/calls/figures/query-figures.ts';
import { cellRowOf } from '../src/calls/store/rollup-store.ts';
import { storeReportSource } from '../src/calls/store/report-source.ts';
import { buildCallReport, type CallReportRequest } from '../src/calls/reports/model/call-report.ts';
import { mulberry32 } from '../src/platform/seeded-random.ts';

const n = (x: number) => Math.round(x).toLocaleString('en');
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const centres = Array.from({ length: 95 }, (_, i) => `lv-${i}`);
const amks = Array.from({ length: 16 }, (_, i) => `amk-${i}`);
const counties = ['03', '11', '15', '18', '31', '32', '33', '34', '39', '40', '42', '46', '50', '55', '56'];
const municipalities = Array.from(
  { length: 357 },
  (_, i) => `${counties[i % counties.length]}${String(Math.floor(i / counties.length)).padStart(2, '0')}`,
);

/** A live stream of `total` events: calls every `gapMs`, all events in time order. */
export function eventStream(total: number, seed = 7): CallEvent[] {
  const random = mulberry32(seed);
  const start = Date.parse('2026-03-02T00:00:00+01:00');
  const events: { at: number; e: CallEvent }[] = [];
  for (let i = 0; events.length < total; i++) {
    const amk = random() < 0.1;
    const unanswered = random() < 0.1;
    const answer = Math.round(-Math.log(1 - random()) * 90) * 1000;
    const list = scriptCallEvents({
      callId: `bench-${seed}-${i}`,
      calledNumber: amk ? '113' : '116117',
      centreId: amk ? amks[i % amks.length]! : centres[Math.floor(random() * centres.length)]!,
      municipality: municipalities[Math.floor(random() * municipalities.length)]!,
      offeredAt: start + i * 300,
      ...(random() < 0.5 && { menuMs: Math.floor(random() * 30_000) }),
      ...(unanswered ? { abandonAfterMs: answer } : { answerMs: amk ? answer / 10 : answer }),
      talkMs: 240_000,
      transferToAmk: random() < 0.03,
    });
    for (const e of list) events.push({ at: Date.parse(e.occurredAt), e });
  }
  events.sort((a, b) => a.at - b.at);
  return events.slice(0, total).map((x) => x.e);
}

/** Posts the stream in batches with `inFlight` requests at once; events/s and batch latency. */
export async function ingestScenario(
  say: (s: string) => void,
  label: string,
  t: TestApp,
  total: number,
  { batch = 1000, inFlight = 4 } = {},
): Promise<void> {
  const events = eventStream(total);
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
  const batches: CallEvent[][] = [];
  for (let i = 0; i < events.length; i += batch) batches.push(events.slice(i, i + batch));
  // Each request's events must come after the previous request's for the same call to be in
  // order; with several in flight a late one is simply placed (as the API promises).
  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  let refused = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < batches.length) {
        const body = JSON.stringify({ events: batches[next++]! });
        const t0 = performance.now();
        const r = await fetch(`${address}/api/v1/calls/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.apiToken}`, 'content-type': 'application/json' },
          body,
        });
        const json = (await r.json()) as { accepted: number; refused: number };
        latencies.push(performance.now() - t0);
        if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${JSON.stringify(json).slice(0, 500)}`);
        accepted += json.accepted;
        refused += json.refused;
      }
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  say(
    `ingest over HTTP, ${label}: ${n(events.length)} events in ${n(batches.length)} batches of ${n(batch)}, ${inFlight} in flight: ` +
      `${(wallMs / 1000).toFixed(1)} s → **${n((events.length / wallMs) * 1000)} events/s**; batch latency p50 ${n(quantile(latencies, 0.5))} ms, ` +
      `p99 ${n(quantile(latencies, 0.99))} ms; ${n(accepted)} accepted, ${n(refused)} refused; ` +
      `this process's CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
  );
  // The group commit's counters (transactions, batches grouped, groups planned ahead and held).
  const metrics = await t.app.inject({ url: '/metrics' });
  const ingestLines = metrics.body.split('\n').filter((l) => l.startsWith('nodmeld_calls_ingest{'));
  if (ingestLines.length > 0)
    say(`  ingest: ${ingestLines.map((l) => l.replace('nodmeld_calls_ingest', '')).join(', ')}`);
  const { stored, recomputed, withinMismatches } = await storedAndRecomputedCells(t.db);
  const same =
    withinMismatches.length === 0 &&
    JSON.stringify(Object.entries(stored).sort()) === JSON.stringify(Object.entries(recomputed).sort());
  say(
    `  rollup cells after the run: ${n(Object.keys(stored).length)}, equal to a recomputation from the calls: ${same}`,
  );
  const rows = await t.db.query<{ calls: number; events: number }>(
    'SELECT (SELECT count(*)::int FROM calls) AS calls, (SELECT count(*)::int FROM call_events) AS events',
  );
  say(`  stored: ${n(rows.rows[0]!.calls)} calls, ${n(rows.rows[0]!.events)} events`);
}

/**
 * Synthetic counted calls over three years (2023–2025), rolled up as the store keeps them: each
 * call is added to its municipality-day, centre-day and national-hour cells; county, AMK-area and
 * national day cells are merged from the municipality days, and month cells from the days (the
 * same cells a call-by-call rollup gives, merging being exact, at a third of the work).
 */
function threeYearsOfCells(calls: number): { rollup: Rollup; ms: number } {
  const random = mulberry32(2023);
  const from = Date.parse('2023-01-01T00:00:00+01:00');
  const span = Date.parse('2026-01-01T00:00:00+01:00') - from;
  const amkOfCounty = new Map(counties.map((c, i) => [c, amks[i]!]));
  const base: RollupOptions = { dimensions: ['centre', 'municipality'], granularities: ['day'] };
  const hourly: RollupOptions = { dimensions: ['national'], granularities: ['hour'] };
  const rollup: Rollup = new Map();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) {
    const m = municipalities[Math.floor(random() * municipalities.length)]!;
    const answered = random() < 0.9;
    const ms = Math.round(-Math.log(1 - random()) * 90) * 1000;
    const call: CountedCall = {
      callId: String(i),
      service: 'legevakt',
      centreId: centres[Math.floor(random() * centres.length)]!,
      municipality: m,
      county: m.slice(0, 2),
      startAt: from + Math.floor(random() * span),
      ...(answered && { answerMs: ms }),
      abandonedBeforeRinging: !answered && random() < 0.3,
    };
    addCallToRollup(rollup, call, base);
    addCallToRollup(rollup, call, hourly);
  }
  const mergeInto = (key: RollupKey, cell: RollupCell) => {
    const id = cellId(key);
    let e = rollup.get(id);
    if (!e) rollup.set(id, (e = { key, cell: emptyCell() }));
    mergeCellInto(e.cell, cell);
  };
  for (const { key, cell } of [...rollup.values()]) {
    if (key.dimension !== 'municipality' || key.granularity !== 'day') continue;
    const county = key.group.slice(0, 2);
    mergeInto({ ...key, dimension: 'county', group: county }, cell);
    mergeInto({ ...key, dimension: 'amk-area', group: amkOfCounty.get(county)! }, cell);
    mergeInto({ ...key, dimension: 'national', group: 'NO' }, cell);
  }
  for (const { key, cell } of [...rollup.values()]) {
    if (key.granularity !== 'day') continue;
    const p = periodOf(key.periodStartMs, 'month');
    mergeInto({ ...key, granularity: 'month', period: p.key, periodStartMs: p.startMs }, cell);
  }
  return { rollup, ms: performance.now() - t0 };
}

/** Writes the cells of three years and times typical reports through `queryFigures`. */
export async function figuresScenario(
  say: (s: string) => void,
  label: string,
  db: Db,
  calls: number,
): Promise<void> {
  const { rollup, ms } = threeYearsOfCells(calls);
  const entries = [...rollup.values()];
  const t0 = performance.now();
  const CHUNK = 5000;
  for (let i = 0; i < entries.length; i += CHUNK) {
    const rows = entries.slice(i, i + CHUNK).map(({ key, cell }) => cellRowOf(key, cell));
    await db.query(
      `INSERT INTO call_rollups SELECT * FROM jsonb_populate_recordset(NULL::call_rollups, $1::jsonb)`,
      [JSON.stringify(rows)],
    );
  }
  await db.query('ANALYZE call_rollups');
  say(
    `figures, ${label}: ${n(calls)} synthetic calls over 2023–2025 rolled up in ${(ms / 1000).toFixed(1)} s into ${n(entries.length)} cells, written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const from = Date.parse('2023-01-01T00:00:00+01:00');
  const to = Date.parse('2026-01-01T00:00:00+01:00');
  const oneYear = Date.parse('2025-01-01T00:00:00+01:00');
  const reports: Array<[string, Dimension, Granularity, number, string | undefined]> = [
    ['national by month, 3 years', 'national', 'month', from, undefined],
    ['every centre by month, 3 years', 'centre', 'month', from, undefined],
    ['every municipality by year, 3 years', 'municipality', 'year', from, undefined],
    ['every county by week, 3 years', 'county', 'week', from, undefined],
    ['every AMK area by day, 3 years', 'amk-area', 'day', from, undefined],
    ['one centre by day, 3 years', 'centre', 'day', from, 'lv-7'],
    ['one municipality by week, 3 years', 'municipality', 'week', from, '0300'],
    ['national by hour, 1 year', 'national', 'hour', oneYear, undefined],
    ['every centre by day, 1 year', 'centre', 'day', oneYear, undefined],
  ];
  for (const [name, dimension, granularity, fromMs, group] of reports) {
    const times: number[] = [];
    const cpus: number[] = [];
    let rows = 0;
    let cells = 0;
    for (let i = 0; i < 5; i++) {
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      const r = await queryFigures(db, {
        service: 'legevakt',
        dimension,
        granularity,
        fromMs,
        toMs: to,
        ...(group !== undefined && { group }),
      });
      times.push(performance.now() - t1);
      const c = process.cpuUsage(c1);
      cpus.push((c.user + c.system) / 1000);
      if (r === 'too-many-cells') throw new Error('unexpected');
      rows = r.rows.length;
      cells = r.totals.reduce((s, x) => s + x.figures.calls, 0);
    }
    times.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    say(
      `  ${name}: ${n(rows)} figures (${n(cells)} calls): wall median **${n(quantile(times, 0.5))} ms**, worst ${n(times.at(-1)!)} ms; ` +
        `this process's CPU median ${n(quantile(cpus, 0.5))} ms (the database's own time not included)`,
    );
  }
  // The RT-13 reports themselves (page, CSV and PDF share this model): day cells for the figures
  // and the series, the hour counts for the hour-of-week profile, the calls behind the lists.
  const source = storeReportSource(db);
  const names = { centre: () => undefined, municipality: () => undefined, county: () => undefined };
  const requests: Array<[string, CallReportRequest]> = [
    [
      'RT-13 report, national, 3 years',
      { subject: 'national', id: 'NO', from: '2023-01-01', to: '2025-12-31' },
    ],
    [
      'RT-13 report, one centre, 3 years',
      { subject: 'centre', id: 'lv-7', from: '2023-01-01', to: '2025-12-31' },
    ],
    [
      'RT-13 report, one municipality, 3 years',
      { subject: 'municipality', id: '0300', from: '2023-01-01', to: '2025-12-31' },
    ],
  ];
  // What the report read for its hour-of-week profile before migration 0025: the hour cells whole.
  const whole = await timed(
    3,
    async () =>
      (
        await source.cells({
          service: 'legevakt',
          dimension: 'national',
          group: 'NO',
          fromMs: from,
          toMs: to,
          granularity: 'hour',
        })
      ).length,
  );
  say(
    `  (before: the national report read its ${n(whole.last)} hour cells whole: wall median ${n(whole.wall)} ms, CPU ${n(whole.cpu)} ms)`,
  );
  for (const [name, request] of requests) {
    const r = await timed(
      5,
      async () => (await buildCallReport(request, source, names, new Date())).figures.calls,
    );
    say(
      `  ${name} (${n(r.last)} calls): wall median **${n(r.wall)} ms**, worst ${n(r.worst)} ms; ` +
        `this process's CPU median ${n(r.cpu)} ms`,
    );
  }
}

/** Runs `fn` `times` times: wall and this process's CPU medians (ms), the worst wall, the last result. */
async function timed<T>(
  times: number,
  fn: () => Promise<T>,
): Promise<{ wall: number; worst: number; cpu: number; last: T }> {
  const walls: number[] = [];
  const cpus: number[] = [];
  let last!: T;
  for (let i = 0; i < times; i++) {
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    last = await fn();
    walls.push(performance.now() - t1);
    const c = process.cpuUsage(c1);
    cpus.push((c.user + c.system) / 1000);
  }
  walls.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  return { wall: quantile(walls, 0.5), worst: walls.at(-1)!, cpu: quantile(cpus, 0.5), last };
}
