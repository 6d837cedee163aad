import type { NumberSeries, RoutingDataSet } from '../domain/types.ts';

/**
 * Longest-prefix match of a number against a series index (prefix → series). Used for statistics
 * and checks only; the routing engine has its own trie.
 */
export function longestSeriesMatch(index: Map<string, NumberSeries>, number: string): NumberSeries | undefined {
  for (let len = Math.min(8, number.length); len > 0; len--) {
    const s = index.get(number.slice(0, len));
    if (s) return s;
  }
  return undefined;
}

/**
 * Counts that describe a data set: shown by the CLI, stored with each data version. The
 * `portedShadowed` figure counts ported numbers whose own longest-prefix match is another series
 * than their original one, i.e. numbers the ported table routes differently (RT-2).
 */
export function dataSetStats(data: RoutingDataSet): Record<string, number> {
  // Prefixes as numbers (value * 10 + length) to avoid a substring per lookup.
  const prefixes = new Set<number>();
  for (const s of data.numberSeries) if (/^\d{1,8}$/.test(s.prefix)) prefixes.add(Number(s.prefix) * 10 + s.prefix.length);
  let shadowed = 0;
  let geo = 0;
  for (const p of data.portedNumbers) {
    if (p.geo) geo++;
    const n = Number(p.number);
    if (p.number.length !== 8 || !Number.isInteger(n)) continue;
    // Shadowed when a longer series than the original also matches the number.
    for (let len = 8, div = 1; len > p.originalPrefix.length; len--, div *= 10) {
      if (prefixes.has(Math.floor(n / div) * 10 + len)) {
        shadowed++;
        break;
      }
    }
  }
  const kinds = { 'incumbent-fixed': 0, 'other-fixed': 0, mobile: 0, ip: 0 };
  for (const s of data.numberSeries) kinds[s.kind]++;
  return {
    counties: data.counties.length,
    municipalities: data.municipalities.length,
    postcodes: data.postcodes.length,
    menuRegions: data.menuRegions.length,
    centres: data.centres.length,
    partDayCentres: data.centres.filter((c) => c.schedule).length,
    overflowCentres: data.centres.filter((c) => c.overflow).length,
    amkCentres: data.amkCentres.length,
    numberSeries: data.numberSeries.length,
    incumbentFixedSeries: kinds['incumbent-fixed'],
    otherFixedSeries: kinds['other-fixed'],
    mobileSeries: kinds.mobile,
    ipSeries: kinds.ip,
    portedNumbers: data.portedNumbers.length,
    geoPortedNumbers: geo,
    portedShadowed: shadowed,
  };
}
