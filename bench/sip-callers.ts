/**
 * Callers for the SIP benchmarks: fixed, county-only, ported and IP numbers of the default data
 * set, each with the engine's expected answer (Contact number and method) at the time of the run.
 */
import type { CompiledRoutingData } from '../src/routing/domain/compile.ts';
import { route } from '../src/routing/domain/engine.ts';
import type { OperationalState } from '../src/routing/domain/types.ts';

/** No re-routes, every centre available: the state both benchmarks route with. */
export const STATE: OperationalState = { reroutes: [], unavailableCentreIds: [] };

/** Fixed, county-only, ported and IP callers with the engine's expected answer, stable for minutes. */
export function buildRows(data: CompiledRoutingData, count: number): string[][] {
  const rows: string[][] = [];
  const series = data.source.numberSeries.filter((s) => s.kind !== 'mobile');
  const ported = data.source.portedNumbers;
  let seed = 116117;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const now = Date.now();
  let attempts = 0;
  while (rows.length < count && attempts++ < count * 20) {
    let number: string;
    let network: 'fixed' | 'ip' = 'fixed';
    if (rand(5) === 0 && ported.length > 0) number = ported[rand(ported.length)]!.number;
    else {
      const s = series[rand(series.length)]!;
      number = s.prefix;
      while (number.length < 8) number += String(rand(10));
      if (s.kind === 'ip') network = 'ip';
    }
    const d = route({ calledNumber: '116117', callingNumber: number, network }, data, STATE, now);
    // Part-day centres change answer at their boundaries: keep the expectation stable during the run.
    if (d.outcome !== 'connect' || d.trace.some((t) => t.step.includes('schedule'))) continue;
    rows.push([number, d.connectTo, network, d.method]);
  }
  return rows;
}
