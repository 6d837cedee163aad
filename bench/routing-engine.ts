/**
 * In-process benchmark of the routing engine (RT-1 … RT-3, RT-6, RT-7, RT-10, RT-11): decisions
 * per second and per-decision latency on one core for a realistic mix of calls.
 *
 *   node --import tsx bench/routing-engine.ts                 # factory data set
 *   node --import tsx bench/routing-engine.ts --default-data  # the national default data set
 *   node --import tsx bench/routing-engine.ts --seconds 5
 *
 * Latency is timed with `process.hrtime.bigint()` around batches of BATCH decisions (the clock
 * call would otherwise dominate): p50/p99 are of the per-decision mean within each batch.
 * Targets: ≥200,000 decisions/s, p99 < 50 µs.
 */
import type { CompiledRoutingData } from '../src/routing/domain/compile.ts';
import { route } from '../src/routing/domain/engine.ts';
import type { CallInput, OperationalState, RoutingPolicy } from '../src/routing/domain/types.ts';
import { DEFAULT_POLICY } from '../src/routing/domain/types.ts';
import { mulberry32 } from '../src/platform/seeded-random.ts';

const BATCH = 16;
const POOL = 16_384;
const WARM_UP_MS = 500;

/** Share of each kind of call in the mix (sums to 1). */
const MIX: Record<string, number> = {
  'mobile-positioned': 0.55,
  'fixed-incumbent': 0.18,
  ported: 0.08,
  'county-only': 0.07,
  'unlocated-overflow': 0.06,
  'unlocated-menu': 0.06,
};

export interface EngineBenchResult {
  decisionsPerSecond: number;
  /**
   * CPU time of this process (user + system) per decision over the timed loop, in µs. On a shared
   * VM the wall-clock figures swing with other load; this one much less (it still includes the
   * occasional GC and timer work of the process).
   */
  cpuUsPerDecision: number;
  p50us: number;
  p99us: number;
  /** Decisions made per kind of call. */
  mix: Record<string, number>;
}

const generator = mulberry32;

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)]!;
}

function subscriberNumber(prefix: string, random: () => number): string {
  let n = prefix;
  while (n.length < 8) n += String(Math.floor(random() * 10));
  return n.slice(0, 8);
}

function fixedCall(callingNumber: string): CallInput {
  return { calledNumber: '116117', callingNumber, network: 'fixed' };
}

interface BenchCall {
  kind: string;
  call: CallInput;
  at: number;
}

/** The call pool: kinds drawn by MIX, instants spread over a week (so part-day schedules bite). */
function buildPool(data: CompiledRoutingData): BenchCall[] {
  const random = generator(116117);
  const municipalities = [...data.centreByMunicipality.keys()];
  const incumbent = data.series.filter((s) => s.kind === 'incumbent-fixed').map((s) => s.prefix);
  const countyOnly = data.series.filter((s) => s.kind === 'other-fixed').map((s) => s.prefix);
  const ported = data.source.portedNumbers.map((p) => p.number);
  const unknown = ['30', '31', '32', '33', '34', '35', '36', '37'];
  const kinds = Object.keys(MIX);
  const weekStart = Date.UTC(2026, 2, 23);
  const pool: BenchCall[] = [];
  for (let i = 0; i < POOL; i++) {
    let r = random();
    let kind = kinds[kinds.length - 1]!;
    for (const k of kinds) {
      r -= MIX[k]!;
      if (r < 0) {
        kind = k;
        break;
      }
    }
    const mobile = subscriberNumber(pick(['4', '9'], random), random);
    let call: CallInput;
    switch (kind) {
      case 'mobile-positioned':
        call = {
          calledNumber: '116117',
          callingNumber: `+47${mobile}`,
          network: 'mobile',
          position: {
            status: 'positioned',
            municipality: pick(municipalities, random),
            operator: 'Telenor',
            elapsedMs: 300,
          },
        };
        break;
      case 'fixed-incumbent':
        call = fixedCall(subscriberNumber(pick(incumbent, random), random));
        break;
      case 'ported':
        call = fixedCall(ported.length > 0 ? pick(ported, random) : mobile);
        break;
      case 'county-only':
        call = fixedCall(subscriberNumber(pick(countyOnly, random), random));
        break;
      case 'unlocated-overflow':
        call = fixedCall(subscriberNumber(pick(unknown, random), random));
        break;
      default:
        call = {
          calledNumber: '116117',
          callingNumber: mobile,
          network: 'mobile',
          position: { status: 'failed', reason: 'timeout', elapsedMs: 9000 },
        };
    }
    pool.push({ kind, call, at: weekStart + Math.floor(random() * 7 * 86_400_000) });
  }
  return pool;
}

/** A few active re-routes and an unavailable centre, so those rules run too. */
function benchState(data: CompiledRoutingData): OperationalState {
  const ids = [...data.centreById.keys()].sort();
  const reroutes = [];
  for (let i = 0; i + 1 < ids.length && reroutes.length < 3; i += 2) {
    reroutes.push({
      id: `bench-${i}`,
      fromCentreId: ids[i]!,
      toCentreId: ids[i + 1]!,
      startsAt: '2026-03-20T00:00:00Z',
      endsAt: '2026-04-10T00:00:00Z',
      kind: 'planned' as const,
      reason: 'benchmark',
    });
  }
  return { reroutes, unavailableCentreIds: ids.length > 6 ? [ids[6]!] : [] };
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Runs the engine in a tight loop for `seconds` (default 3) after a warm-up; prints and returns the figures. */
export async function runEngineBench(
  data: CompiledRoutingData,
  opts: { seconds?: number } = {},
): Promise<EngineBenchResult> {
  const seconds = opts.seconds ?? 3;
  const pool = buildPool(data);
  const state = benchState(data);
  // As live: the adapter gives the engine a random source for the overflow pick (RT-6).
  const policy: RoutingPolicy = { ...DEFAULT_POLICY, random: generator(6) };
  let sink = 0;
  let next = 0;

  const warmUntil = performance.now() + WARM_UP_MS;
  while (performance.now() < warmUntil) {
    for (let i = 0; i < 256; i++) {
      const c = pool[next++ & (POOL - 1)]!;
      sink += route(c.call, data, state, c.at, policy).trace.length;
    }
  }

  const mix: Record<string, number> = Object.fromEntries(Object.keys(MIX).map((k) => [k, 0]));
  const kindIndex = pool.map((c) => Object.keys(MIX).indexOf(c.kind));
  const kindCounts = new Float64Array(Object.keys(MIX).length);
  const maxBatches = Math.ceil((seconds * 2_000_000) / BATCH);
  const batchNs = new Float64Array(maxBatches);
  let batches = 0;
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const cpuStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  let now = started;
  while (now < deadline && batches < maxBatches) {
    const t0 = now;
    for (let i = 0; i < BATCH; i++) {
      const at = next++ & (POOL - 1);
      const c = pool[at]!;
      sink += route(c.call, data, state, c.at, policy).trace.length;
      kindCounts[kindIndex[at]!]!++;
    }
    now = process.hrtime.bigint();
    batchNs[batches++] = Number(now - t0);
  }
  const elapsedNs = Number(now - started);
  const cpu = process.cpuUsage(cpuStart);
  const decisions = batches * BATCH;
  Object.keys(MIX).forEach((k, i) => (mix[k] = kindCounts[i]!));

  const perDecisionUs = batchNs
    .subarray(0, batches)
    .map((ns) => ns / BATCH / 1000)
    .sort();
  const result: EngineBenchResult = {
    decisionsPerSecond: decisions / (elapsedNs / 1e9),
    cpuUsPerDecision: (cpu.user + cpu.system) / decisions,
    p50us: percentile(perDecisionUs, 0.5),
    p99us: percentile(perDecisionUs, 0.99),
    mix,
  };
  if (sink === 0) throw new Error('benchmark produced no decisions');
  process.stdout.write(
    `routing engine (data version ${data.version}: ${data.series.length} series, ${data.portedIndex.size} ported, ` +
      `${data.centreById.size} centres): ${Math.round(result.decisionsPerSecond).toLocaleString('en')} decisions/s, ` +
      `p50 ${result.p50us.toFixed(2)} µs, p99 ${result.p99us.toFixed(2)} µs (batches of ${BATCH}), ` +
      `CPU ${result.cpuUsPerDecision.toFixed(3)} µs per decision, ` +
      `${decisions.toLocaleString('en')} decisions in ${(elapsedNs / 1e9).toFixed(1)} s\n` +
      `mix: ${Object.entries(mix)
        .map(([k, v]) => `${k} ${((100 * v) / decisions).toFixed(1)} %`)
        .join(', ')}\n`,
  );
  return result;
}

/**
 * Longest-prefix lookups per second: the digit trie used by the engine against one Map per
 * prefix length (the alternative the design left open).
 */
export function comparePrefixLookups(data: CompiledRoutingData, seconds = 1): { trie: number; maps: number } {
  const byLength: Map<string, number>[] = Array.from({ length: 9 }, () => new Map());
  data.series.forEach((s, i) => byLength[s.prefix.length]!.set(s.prefix, i));
  const random = generator(7);
  const numbers = Array.from({ length: 4096 }, () =>
    subscriberNumber(pick(data.series, random).prefix, random),
  );
  const measure = (lookup: (n: string) => number): number => {
    let count = 0;
    let sink = 0;
    const until = performance.now() + seconds * 1000;
    while (performance.now() < until) {
      for (let i = 0; i < 4096; i++) sink += lookup(numbers[i]!);
      count += 4096;
    }
    if (sink === 42) process.stdout.write('');
    return count / seconds;
  };
  const trie = measure((n) => data.seriesTrie.longestMatch(n));
  const maps = measure((n) => {
    for (let len = Math.min(8, n.length); len > 0; len--) {
      const hit = byLength[len]!.get(n.slice(0, len));
      if (hit !== undefined) return hit;
    }
    return -1;
  });
  process.stdout.write(
    `prefix lookups/s: trie ${Math.round(trie).toLocaleString('en')}, map per length ${Math.round(maps).toLocaleString('en')}\n`,
  );
  return { trie, maps };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { compileRoutingData } = await import('../src/routing/domain/compile.ts');
  const args = process.argv.slice(2);
  const secondsArg = args.indexOf('--seconds');
  const seconds = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 3;
  let data: CompiledRoutingData;
  if (args.includes('--default-data')) {
    const { loadDefaultDataSet } = await import('../src/routing/data/load.ts');
    data = compileRoutingData(await loadDefaultDataSet(), 1);
  } else {
    const { buildDataSet } = await import('../src/routing/domain/testing.ts');
    data = compileRoutingData(buildDataSet(), 1);
  }
  comparePrefixLookups(data);
  await runEngineBench(data, { seconds });
}
