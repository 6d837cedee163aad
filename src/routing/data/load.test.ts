/** The default data set (data/default/): complete, consistent and as documented in docs/data.md. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Centre, NumberSeries, PortedNumber, RoutingDataSet } from '../domain/types.ts';
import { DEFAULT_TEST_NUMBERS } from './default-test-numbers.ts';
import { DEFAULT_DATA_DIR, loadDataSetDir, loadDefaultDataSet } from './load.ts';
import { longestSeriesMatch } from './stats.ts';
import { writeDataSetDir } from './write.ts';

let data: RoutingDataSet;
let stats: Record<string, number>;
let centreOf: Map<string, Centre>;
let series: Map<string, NumberSeries>;

beforeAll(async () => {
  const r = await loadDataSetDir(DEFAULT_DATA_DIR);
  if (!r.ok) throw new Error(r.errors.slice(0, 5).map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
  data = r.data;
  stats = r.stats;
  centreOf = new Map(data.centres.flatMap((c) => c.municipalities.map((m) => [m, c] as const)));
  series = new Map(data.numberSeries.map((s) => [s.prefix, s]));
});

describe('default data set', () => {
  it('RT-1: serves each of the 357 municipalities by exactly one centre and one AMK', () => {
    expect(data.municipalities).toHaveLength(357);
    const served = data.centres.flatMap((c) => c.municipalities);
    expect(served).toHaveLength(357);
    expect(new Set(served).size).toBe(357);
    const amk = data.amkCentres.flatMap((a) => a.municipalities);
    expect(new Set(amk).size).toBe(357);
    expect(amk).toHaveLength(357);
  });

  it('has 15 counties, 5 menu regions, ~95 centres and 16 AMK centres', () => {
    expect(stats.counties).toBe(15);
    expect(stats.menuRegions).toBe(5);
    expect(stats.centres).toBeGreaterThanOrEqual(90);
    expect(stats.centres).toBeLessThanOrEqual(100);
    expect(stats.amkCentres).toBe(16);
    expect(data.centres.every((c) => c.fictional)).toBe(true);
  });

  it('RT-2: has tens of thousands of number series of all kinds and at least 100,000 ported numbers', () => {
    expect(stats.numberSeries).toBeGreaterThanOrEqual(20_000);
    expect(stats.incumbentFixedSeries).toBeGreaterThan(10_000);
    expect(stats.otherFixedSeries).toBeGreaterThan(1_000);
    expect(stats.mobileSeries).toBeGreaterThan(100);
    expect(stats.ipSeries).toBeGreaterThan(100);
    expect(stats.portedNumbers).toBeGreaterThanOrEqual(100_000);
    expect(stats.geoPortedNumbers).toBeGreaterThan(1_000);
    // The ported table matters: for these numbers a longest-prefix match alone finds another series.
    expect(stats.portedShadowed).toBeGreaterThan(1_000);
  });

  it('RT-6: marks exactly the centres serving each county’s most populous municipality as overflow centres', () => {
    const expected = new Set(data.counties.map((c) => centreOf.get(c.mostPopulousMunicipality)!.id));
    expect(expected.size).toBe(15);
    expect(new Set(data.centres.filter((c) => c.overflow).map((c) => c.id))).toEqual(expected);
  });

  it('RT-10: has about ten part-day centres whose partners are staffed 24/7', () => {
    const partDay = data.centres.filter((c) => c.schedule);
    expect(partDay.length).toBeGreaterThanOrEqual(8);
    expect(partDay.length).toBeLessThanOrEqual(12);
    const byId = new Map(data.centres.map((c) => [c.id, c]));
    for (const c of partDay) {
      const partner = byId.get(c.schedule!.partnerCentreId)!;
      expect(partner.schedule).toBeUndefined();
      expect(partner.amkId).toBe(c.amkId);
    }
  });

  it('RT-8, RT-9, RT-11: gives every centre unique numbers in its host municipality’s incumbent range', () => {
    const numbers = data.centres.flatMap((c) => [c.underlyingNumber, c.publicNumber, c.internalNumber]);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const c of data.centres) {
      for (const n of [c.underlyingNumber, c.publicNumber, c.internalNumber]) {
        const s = longestSeriesMatch(series, n)!;
        expect(s.kind).toBe('incumbent-fixed');
        expect(s.municipality).toBe(c.hostMunicipality);
      }
      expect(c.alternativeSite.name).not.toBe('');
      expect(c.alternativeSite.number).not.toBe(c.underlyingNumber);
    }
  });

  it('RT-5: maps the Svalbard postcodes to Tromsø and Jan Mayen to Bodø; every postcode has a centre', () => {
    const postcode = new Map(data.postcodes.map((p) => [p.code, p]));
    expect(postcode.get('9170')).toEqual({ code: '9170', place: 'LONGYEARBYEN', municipality: '5501' });
    expect(postcode.get('8099')?.municipality).toBe('1804');
    expect(postcode.get('0150')?.municipality).toBe('0301');
    expect(data.postcodes.every((p) => centreOf.has(p.municipality))).toBe(true);
  });

  it('loadDefaultDataSet returns the same validated set, loaded once', async () => {
    const a = await loadDefaultDataSet();
    expect(a).toBe(await loadDefaultDataSet());
    expect(a).toEqual(data);
  });

  it('round-trips through writeDataSetDir', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nodmeld-default-'));
    try {
      await writeDataSetDir(dir, data, { name: 'copy' });
      const again = await loadDataSetDir(dir);
      expect(again.ok && again.data).toEqual(data);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('RT-2: well-known test numbers of the default data set (docs/data.md)', () => {
  let ported: Map<string, PortedNumber>;
  beforeAll(() => {
    ported = new Map(data.portedNumbers.map((p) => [p.number, p]));
  });

  it.each(Object.entries(DEFAULT_TEST_NUMBERS))('%s resolves as documented', (_key, t) => {
    const p = ported.get(t.number);
    expect(p !== undefined).toBe(t.ported);
    expect(longestSeriesMatch(series, t.number)?.prefix ?? null).toBe(t.longestPrefix);
    const routing = p ? p.originalPrefix : t.longestPrefix;
    expect(routing).toBe(t.routingPrefix);
    if (p) expect(p.geo).toBe(t.geo);
    const s = routing === null ? undefined : series.get(routing);
    if (!s || s.kind === 'mobile') {
      expect([t.municipality, t.county, t.centreId]).toEqual([null, null, null]);
      return;
    }
    expect(s.municipality ?? null).toBe(t.municipality);
    const county = s.municipality ? data.municipalities.find((m) => m.number === s.municipality)!.countyNumber : s.county;
    expect(county).toBe(t.county);
    const target = s.municipality ?? data.counties.find((c) => c.number === s.county)!.mostPopulousMunicipality;
    expect(centreOf.get(target)!.id).toBe(t.centreId);
  });

  it('includes a ported number whose own longest prefix leads to another centre than its original series', () => {
    const t = DEFAULT_TEST_NUMBERS.portedReallocatedBlock;
    expect(t.longestPrefix).not.toBe(t.routingPrefix);
    const own = series.get(t.longestPrefix)!;
    expect(own.kind).toBe('other-fixed');
    const ownCentre = centreOf.get(data.counties.find((c) => c.number === own.county)!.mostPopulousMunicipality)!;
    expect(ownCentre.id).not.toBe(t.centreId);
  });
});
