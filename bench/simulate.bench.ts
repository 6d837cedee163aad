/**
 * `npm run bench:simulate` — the what-if traffic simulator (issue 10 part 4): one year of national
 * traffic in process (`nodmeld simulate --what-if`), every call's events folded through the pure
 * fold and counted into rollup cells. Target (issue 10): one year at scale 1 in under 60 s.
 * Prints wall time, the process's CPU time (user + system; on a shared VM wall time includes
 * waiting for a core), calls/s, events/s, the heap, the load average and the figures.
 * The process's CPU time includes its worker threads. `BENCH_SIMULATE_WORKERS` (default: the cores,
 * at most 4), `BENCH_SIMULATE_SCALE` (default 1), `BENCH_SIMULATE_YEAR` (default 2023), `BENCH_SIMULATE_SEED`, `BENCH_SIMULATE_STAFFING` (a staffing file; default the calibrated one).
 */
import os from 'node:os';
import { loadDefaultDataSet } from '../src/routing/data/load.ts';
import { loadStaffingFile } from '../src/calls/simulator/staffing-file.ts';
import { defaultWorkers, runWhatIfParallel } from '../src/calls/simulator/what-if.ts';

const scale = Number(process.env.BENCH_SIMULATE_SCALE ?? 1);
const year = Number(process.env.BENCH_SIMULATE_YEAR ?? 2023);
const seed = Number(process.env.BENCH_SIMULATE_SEED ?? year);
const data = await loadDefaultDataSet();
const staffing = await loadStaffingFile(process.env.BENCH_SIMULATE_STAFFING);
const loadBefore = os.loadavg()[0]!;
const cpu0 = process.cpuUsage();
const workers = Number(process.env.BENCH_SIMULATE_WORKERS ?? defaultWorkers());
const r = await runWhatIfParallel({ data, staffing, year, scale, seed }, workers);
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
const wallS = r.wallMs / 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
console.log(
  `bench:simulate — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}`,
);
console.log(
  `year ${year}, scale ${scale}, seed ${seed}; load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`,
);
console.log(`year run: ${wallS.toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU (target: under 60 s)`);
console.log(
  `${fmt(r.calls)} calls, ${fmt(r.events)} events: ${fmt(r.calls / wallS)} calls/s, ${fmt(r.events / wallS)} events/s wall; ${fmt(r.events / cpuS)} events per CPU-second`,
);
console.log(
  `heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB; fold refused ${r.refused}`,
);
console.log(
  `national ${((r.national.shareWithin2Minutes ?? 0) * 100).toFixed(1)} % within 2 minutes; ${r.centresAtTarget} of ${r.centres.length} centres at ≥ 80 %`,
);
console.log(
  `113: ${fmt(r.amkCalls)} calls, ${((r.amk.national.shareWithin10Seconds ?? 0) * 100).toFixed(1)} % within 10 seconds; ${r.amk.centresAtTarget} of ${r.amk.centres.length} AMK centres at ≥ 90 %`,
);
