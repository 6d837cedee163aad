/**
 * `npm run bench:calls` — the pure parts of the calls context (issue 10) on this machine:
 *  1. folding call events into call records (call-state.ts): events/s, with 5 % of the calls'
 *     events arriving in reverse order (late events, re-folded) and 1 % duplicates;
 *  2. classifying the records and adding them to rollup cells (official-figures.ts,
 *     rollup-cells.ts): calls/s and cell updates/s;
 *  3. merging rollup cells: each batch's rollup into the running total, then every day cell into its month cell
 *     (what a store does to answer a month from day cells): cells merged/s;
 *  4. the figures of every cell (shares, bounded median): cells/s.
 * `BENCH_CALLS` (default 1,000,000) synthetic calls over 2026, generated in batches outside the
 * timed parts. Prints its figures; no targets for these (the issue's targets are for ingest through
 * the API and reports on the database, which come with the store).
 */
import os from 'node:os';
import type { CallEvent } from '../src/calls/domain/call-event.ts';
import { foldCallEvents } from '../src/calls/domain/call-state.ts';
import type { CountedCall } from '../src/calls/statistics/official-figures.ts';
import { classifyCall } from '../src/calls/statistics/official-figures.ts';
import type { Rollup, RollupOptions } from '../src/calls/statistics/rollup-cells.ts';
import {
  addCallToRollup,
  cellId,
  emptyCell,
  figuresOfCell,
  mergeCellInto,
  mergeRollupInto,
} from '../src/calls/statistics/rollup-cells.ts';
import { periodOf } from '../src/calls/statistics/periods.ts';
import { scriptCallEvents } from '../src/calls/testing/call-events.ts';
import { mulberry32 } from '../src/platform/seeded-random.ts';
import { runStoreBenchmarks } from './calls-store-run.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const BATCH = 20_000;
const YEAR_START = Date.UTC(2025, 11, 31, 23);
const YEAR_MS = 365 * 86_400_000;

const random = mulberry32(2026);
const centres = Array.from({ length: 95 }, (_, i) => `lv-${i}`);
const amks = Array.from({ length: 16 }, (_, i) => `amk-${i}`);
const counties = ['03', '11', '15', '18', '31', '32', '33', '34', '39', '40', '42', '46', '50', '55', '56'];
const municipalities = Array.from(
  { length: 357 },
  (_, i) => `${counties[i % counties.length]}${String(i).padStart(2, '0')}`,
);

/** Exponential answer time with a 90 s mean; 70 % whole seconds like most call records. */
function answerTime(): number {
  const ms = -Math.log(1 - random()) * 90_000;
  return random() < 0.7 ? Math.round(ms / 1000) * 1000 : Math.round(ms);
}

let serial = 0;
function batchOfEvents(n: number): CallEvent[] {
  const events: CallEvent[] = [];
  for (let i = 0; i < n; i++) {
    const amk = random() < 0.1;
    const unanswered = random() < 0.1;
    const list = scriptCallEvents({
      callId: `call-${serial++}`,
      calledNumber: amk ? '113' : random() < 0.85 ? '116117' : '55512345',
      centreId: amk
        ? amks[Math.floor(random() * amks.length)]!
        : centres[Math.floor(random() * centres.length)]!,
      municipality: municipalities[Math.floor(random() * municipalities.length)]!,
      offeredAt: YEAR_START + Math.floor(random() * YEAR_MS),
      ...(random() < 0.5 && { menuMs: Math.floor(random() * 30_000) }),
      ...(unanswered
        ? { abandonAfterMs: answerTime() }
        : { answerMs: amk ? answerTime() / 10 : answerTime() }),
      talkMs: 240_000,
      transferToAmk: random() < 0.03,
      misrouted: random() < 0.015,
    });
    if (random() < 0.05) list.reverse();
    if (random() < 0.01) list.push(list[0]!);
    for (const e of list) events.push(e);
  }
  return events;
}

const amkOfCounty = new Map(counties.map((c, i) => [c, amks[i]!]));
const options: RollupOptions = {
  dimensions: ['centre', 'municipality', 'county', 'amk-area', 'national'],
  granularities: ['day'],
  amkAreaOf: (c) => (c.service === 'amk' ? c.centreId : c.county && amkOfCounty.get(c.county)),
};
const hourly: RollupOptions = { dimensions: ['national', 'centre'], granularities: ['hour'] };

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en');
const lines: string[] = [];
const say = (s: string) => {
  lines.push(s);
  process.stdout.write(s + '\n');
};

say(`# bench:calls — ${new Date().toISOString()}`);
say(
  `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
say(`${CALLS.toLocaleString('en')} synthetic calls, batches of ${BATCH.toLocaleString('en')}`);

/**
 * Wall time and CPU time of a timed part. On this shared 2-core VM the load average is often far
 * above 2, so wall time mostly measures waiting for a core; CPU time (user + system of the whole
 * process, GC threads included) is the steadier figure.
 */
class Meter {
  wallMs = 0;
  cpuMs = 0;
  private t = 0;
  private c = process.cpuUsage();
  start(): void {
    this.c = process.cpuUsage();
    this.t = performance.now();
  }
  stop(): void {
    this.wallMs += performance.now() - this.t;
    const d = process.cpuUsage(this.c);
    this.cpuMs += (d.user + d.system) / 1000;
  }
  rates(n: number, unit: string): string {
    return `${(this.wallMs / 1000).toFixed(2)} s wall, ${(this.cpuMs / 1000).toFixed(2)} s CPU → **${rate(n, this.wallMs)} ${unit}/s** wall, ${rate(n, this.cpuMs)} ${unit} per CPU-second`;
  }
}

const fold = new Meter();
const roll = new Meter();
const merge = new Meter();
let events = 0;
let refused = 0;
let duplicates = 0;
let cellUpdates = 0;
let counted = 0;
let merged = 0;
const total: Rollup = new Map();
for (let done = 0; done < CALLS; done += BATCH) {
  const batch = batchOfEvents(Math.min(BATCH, CALLS - done));
  events += batch.length;
  fold.start();
  const folded = foldCallEvents(batch);
  fold.stop();
  refused += folded.refusals.length;
  duplicates += folded.duplicates;
  roll.start();
  const rollup: Rollup = new Map();
  for (const h of folded.histories.values()) {
    const c = classifyCall(h.record);
    if (c.kind !== 'counted') continue;
    const call: CountedCall = c.call;
    counted++;
    addCallToRollup(rollup, call, options);
    addCallToRollup(rollup, call, hourly);
    cellUpdates += options.dimensions.length + hourly.dimensions.length;
  }
  roll.stop();
  merge.start();
  mergeRollupInto(total, rollup);
  merge.stop();
  merged += rollup.size;
}
const n = (x: number) => x.toLocaleString('en');
say(
  `fold: ${n(events)} events of ${n(CALLS)} calls (${n(duplicates)} duplicates, ${refused} refused), ${fold.rates(events, 'events')}`,
);
say(
  `rollup: ${n(counted)} counted calls, ${n(cellUpdates)} cell updates, ${roll.rates(counted, 'calls')} (${rate(cellUpdates, roll.cpuMs)} cell updates per CPU-second)`,
);
say(
  `merge each batch's rollup into the total: ${n(merged)} cells into ${n(total.size)}, ${merge.rates(merged, 'cells merged')}`,
);

const months: Rollup = new Map();
let dayCells = 0;
const toMonth = new Meter();
toMonth.start();
for (const { key, cell } of total.values()) {
  if (key.granularity !== 'day') continue;
  dayCells++;
  const p = periodOf(key.periodStartMs, 'month');
  const monthKey = { ...key, granularity: 'month' as const, period: p.key, periodStartMs: p.startMs };
  const id = cellId(monthKey);
  let entry = months.get(id);
  if (!entry) months.set(id, (entry = { key: monthKey, cell: emptyCell() }));
  mergeCellInto(entry.cell, cell);
}
toMonth.stop();
say(
  `day → month: ${n(dayCells)} day cells into ${n(months.size)} month cells, ${toMonth.rates(dayCells, 'cells merged')}`,
);

const figures = new Meter();
let met = 0;
figures.start();
for (const { key, cell } of total.values()) if (figuresOfCell(key.service, cell).target.met) met++;
figures.stop();
say(`figures of ${n(total.size)} cells (${n(met)} meet their target): ${figures.rates(total.size, 'cells')}`);
say(
  `heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB; load average after ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);

// ── The store: ingest through the HTTP API and figures from the rollup cells (bench/calls-store.ts).
await runStoreBenchmarks(say);
