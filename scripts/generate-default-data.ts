/**
 * Generates the default routing data set `data/default/` from the reference files in
 * `data/reference/` (RT-2, RT-5, RT-6, RT-8, RT-9, RT-10, RT-11; see docs/data.md).
 *
 *   node --import tsx scripts/generate-default-data.ts [--seed N] [--out DIR]
 *
 * Everything random comes from one seeded PRNG and every list is written in a fixed order, so the
 * same seed gives byte-identical files. What this script invents (centre groupings, names, phone
 * numbers, AMK areas, the number plan, ported numbers) is fictional and marked as such.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'prettier';
import { parseCsv, writeCsv, type CsvValue } from '../src/routing/data/csv.ts';
import { FILES, FORMAT_VERSION, MANIFEST_FILE, type Manifest } from '../src/routing/data/files.ts';
import type { DefaultTestNumber } from '../src/routing/data/test-number.ts';
import type { Network, SeriesKind } from '../src/routing/domain/types.ts';
import { mulberry32 } from '../src/platform/seeded-random.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REFERENCE_DIR = path.join(ROOT, 'data/reference');
const TEST_NUMBERS_FILE = path.join(ROOT, 'src/routing/data/default-test-numbers.ts');
const DEFAULT_SEED = 116117;

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32): small, fast and identical on every platform.

class Random {
  /** Uniform in [0, 1). */
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    const total = xs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [x, w] of xs) {
      r -= w;
      if (r < 0) return x;
    }
    return xs[xs.length - 1]![0];
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }
}

// ---------------------------------------------------------------------------------------------
// Reference data.

interface Muni {
  number: string;
  name: string;
  uniqueName: string;
  county: string;
  hf: string;
  population: number;
  lat: number;
  lon: number;
}

async function readReference(file: string): Promise<Record<string, string>[]> {
  const csv = parseCsv(await readFile(path.join(REFERENCE_DIR, file), 'utf8'), file);
  if (csv.errors.length > 0) throw new Error(`${file}: ${csv.errors[0]!.message}`);
  return csv.records.map((r) => Object.fromEntries(csv.header.map((h, i) => [h, r.fields[i]!])));
}

function distanceKm(a: Muni, b: Muni): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

// ---------------------------------------------------------------------------------------------
// AMK areas: 16 centres, built from the HF catchment areas (docs/data.md explains the merges).

interface AmkDef {
  id: string;
  name: string;
  healthTrust: string;
  host: string;
}

const AMKS: AmkDef[] = [
  { id: 'amk-oslo', name: 'AMK Oslo og Akershus', healthTrust: 'Oslo universitetssykehus HF', host: '0301' },
  { id: 'amk-innlandet', name: 'AMK Innlandet', healthTrust: 'Sykehuset Innlandet HF', host: '3407' },
  { id: 'amk-vestre-viken', name: 'AMK Vestre Viken', healthTrust: 'Vestre Viken HF', host: '3301' },
  {
    id: 'amk-vestfold-telemark',
    name: 'AMK Vestfold og Telemark',
    healthTrust: 'Sykehuset i Vestfold HF',
    host: '3905',
  },
  { id: 'amk-sorlandet', name: 'AMK Sørlandet', healthTrust: 'Sørlandet sykehus HF', host: '4204' },
  { id: 'amk-stavanger', name: 'AMK Stavanger', healthTrust: 'Helse Stavanger HF', host: '1103' },
  { id: 'amk-fonna', name: 'AMK Fonna', healthTrust: 'Helse Fonna HF', host: '1106' },
  { id: 'amk-bergen', name: 'AMK Bergen', healthTrust: 'Helse Bergen HF', host: '4601' },
  { id: 'amk-forde', name: 'AMK Førde', healthTrust: 'Helse Førde HF', host: '4647' },
  {
    id: 'amk-more-og-romsdal',
    name: 'AMK Møre og Romsdal',
    healthTrust: 'Helse Møre og Romsdal HF',
    host: '1508',
  },
  { id: 'amk-st-olavs', name: 'AMK St. Olavs hospital', healthTrust: 'St. Olavs hospital HF', host: '5001' },
  {
    id: 'amk-nord-trondelag',
    name: 'AMK Nord-Trøndelag',
    healthTrust: 'Helse Nord-Trøndelag HF',
    host: '5037',
  },
  { id: 'amk-helgeland', name: 'AMK Helgeland', healthTrust: 'Helgelandssykehuset HF', host: '1824' },
  { id: 'amk-nordland', name: 'AMK Nordland', healthTrust: 'Nordlandssykehuset HF', host: '1804' },
  { id: 'amk-unn', name: 'AMK UNN Tromsø', healthTrust: 'Universitetssykehuset Nord-Norge HF', host: '5501' },
  { id: 'amk-finnmark', name: 'AMK Finnmark', healthTrust: 'Finnmarkssykehuset HF', host: '5605' },
];

const HF_TO_AMK: Record<string, string> = {
  Innlandet: 'amk-innlandet',
  'Vestre Viken': 'amk-vestre-viken',
  Vestfold: 'amk-vestfold-telemark',
  Telemark: 'amk-vestfold-telemark',
  Sørlandet: 'amk-sorlandet',
  Stavanger: 'amk-stavanger',
  Fonna: 'amk-fonna',
  Bergen: 'amk-bergen',
  Førde: 'amk-forde',
  'Møre og Romsdal': 'amk-more-og-romsdal',
  'St. Olavs': 'amk-st-olavs',
  'Nord-Trøndelag': 'amk-nord-trondelag',
  Helgeland: 'amk-helgeland',
  Nordland: 'amk-nordland',
  UNN: 'amk-unn',
  Finnmark: 'amk-finnmark',
};

/**
 * AMK Oslo covers Oslo, the former Akershus county (today's Akershus without Lunner and
 * Jevnaker, which came from Oppland, but with all of Asker) and Østfold, plus the Kongsvinger
 * region (Ahus area in Innlandet): /work/shared/data/README.md, "Not found (gaps)".
 */
function amkOf(m: Muni): string {
  if (m.number === '0301' || m.hf === 'Ahus' || m.hf === 'Østfold') return 'amk-oslo';
  if (m.county === '32' && m.number !== '3234' && m.number !== '3236') return 'amk-oslo';
  const amk = HF_TO_AMK[m.hf];
  if (!amk) throw new Error(`No AMK for HF area ${m.hf} (${m.number})`);
  return amk;
}

// ---------------------------------------------------------------------------------------------
// LV-sentraler: leader clustering of municipalities within each (AMK area, county) cell.

/** Grouping radius in km: wider where municipalities are large and sparse. */
function radiusKm(county: string): number {
  switch (county) {
    case '18':
    case '55':
    case '56':
      return 80;
    case '15':
    case '46':
    case '50':
    case '34':
      return 55;
    default:
      return 38;
  }
}

interface CentreDraft {
  id: string;
  name: string;
  host: Muni;
  members: Muni[];
  amk: string;
  overflow: boolean;
  population: number;
  schedule?: { partner: string; windows: { days: string; from: string; to: string }[] };
}

function clusterCentres(munis: Muni[], mostPopulous: Set<string>): CentreDraft[] {
  const cells = new Map<string, Muni[]>();
  for (const m of munis) {
    const key = `${amkOf(m)}|${m.county}`;
    cells.set(key, [...(cells.get(key) ?? []), m]);
  }
  const drafts: CentreDraft[] = [];
  for (const key of [...cells.keys()].sort()) {
    const members = cells
      .get(key)!
      .sort((a, b) => b.population - a.population || (a.number < b.number ? -1 : 1));
    const radius = radiusKm(members[0]!.county);
    const hosts: Muni[] = [];
    for (const m of members) if (!hosts.some((h) => distanceKm(h, m) <= radius)) hosts.push(m);
    const groups = new Map<Muni, Muni[]>(hosts.map((h) => [h, []]));
    for (const m of members) {
      let best = hosts[0]!;
      for (const h of hosts) if (distanceKm(h, m) < distanceKm(best, m)) best = h;
      groups.get(best)!.push(m);
    }
    for (const [, group] of groups) {
      // The most populous member hosts the centre (members are sorted by population).
      const host = group[0]!;
      drafts.push({
        id: `lv-${slug(host.uniqueName)}`,
        name: `${host.uniqueName} legevaktsentral`,
        host,
        members: group.sort((a, b) => (a.number < b.number ? -1 : 1)),
        amk: key.split('|')[0]!,
        overflow: group.some((m) => mostPopulous.has(m.number)),
        population: group.reduce((s, m) => s + m.population, 0),
      });
    }
  }
  return drafts.sort((a, b) => (a.id < b.id ? -1 : 1));
}

const SCHEDULES: { days: string; from: string; to: string }[][] = [
  [{ days: '1 2 3 4 5', from: '08:00', to: '15:30' }],
  [{ days: '1 2 3 4 5 6 7', from: '08:00', to: '23:00' }],
  [
    { days: '1 2 3 4 5', from: '07:30', to: '22:00' },
    { days: '6 7', from: '10:00', to: '18:00' },
  ],
  [
    { days: '1 2 3 4', from: '08:00', to: '16:00' },
    { days: '5', from: '08:00', to: '14:00' },
  ],
  [
    { days: '1 2 3 4 5', from: '08:00', to: '15:30' },
    { days: '5 6', from: '20:00', to: '02:00' },
  ],
];

/**
 * Part-day centres (RT-10): the smallest centre of each of ten AMK areas, handing calls to the
 * nearest centre of the same AMK area, which is always staffed 24/7.
 */
function addSchedules(drafts: CentreDraft[]): void {
  const bySize = [...drafts].sort((a, b) => a.population - b.population || (a.id < b.id ? -1 : 1));
  const usedAmk = new Set<string>();
  const partners = new Set<string>();
  let n = 0;
  for (const c of bySize) {
    if (n >= 10) break;
    if (c.overflow || usedAmk.has(c.amk) || partners.has(c.id)) continue;
    const candidates = drafts.filter((p) => p.amk === c.amk && p !== c && !p.schedule);
    if (candidates.length === 0) continue;
    const partner = candidates.reduce((best, p) =>
      distanceKm(c.host, p.host) < distanceKm(c.host, best.host) ? p : best,
    );
    c.schedule = { partner: partner.id, windows: SCHEDULES[n % SCHEDULES.length]! };
    partners.add(partner.id);
    usedAmk.add(c.amk);
    n++;
  }
}

// ---------------------------------------------------------------------------------------------
// Number plan (RT-2). Fixed 8-digit numbers are AA xxx yyy; AA is the two-digit area range.

/** Two-digit fixed ranges per municipality: the pre-1993 area codes, mapped onto 2024 counties. */
function areaCodes(m: Muni): string[] {
  switch (m.county) {
    case '03':
      return ['21', '22', '23', '24'];
    case '31':
      return ['69'];
    case '32':
      if (m.number === '3201' || m.number === '3203') return ['66', '67'];
      return m.lat < 59.83 ? ['64'] : ['63'];
    case '33':
      return m.lat < 59.85 ? ['32'] : ['31'];
    case '34':
      return m.lon > 10.75 ? ['62'] : ['61'];
    case '39':
      return ['33'];
    case '40':
      return ['35'];
    case '42':
      return m.lon > 8.2 ? ['37'] : ['38'];
    case '11':
      return m.hf === 'Fonna' ? ['52'] : ['51'];
    case '46':
      if (m.hf === 'Førde') return ['57'];
      if (m.hf === 'Fonna') return ['53'];
      return m.number === '4601' ? ['55'] : ['56'];
    case '15':
      return m.lat < 62.55 ? ['70'] : ['71'];
    case '50':
      if (m.number === '5001') return ['73'];
      return m.hf === 'Nord-Trøndelag' ? ['74'] : ['72'];
    case '18':
      return m.lat > 67.9 ? ['76'] : ['75'];
    case '55':
      return ['77'];
    case '56':
      return ['78'];
    default:
      throw new Error(`No area code for county ${m.county}`);
  }
}

const INCUMBENT = 'Telenor';
const OTHER_FIXED: [string, number][] = [
  ['Telia', 30],
  ['GlobalConnect', 20],
  ['Lyse', 15],
  ['NextGenTel', 12],
  ['Phonero', 10],
  ['Ice', 8],
  ['Telio', 5],
];
const IP_OPERATORS: [string, number][] = [
  ['Telio', 30],
  ['Phonect', 20],
  ['Telenor', 15],
  ['Telia', 15],
  ['GlobalConnect', 10],
  ['NextGenTel', 10],
];
const MOBILE: [string, number][] = [
  ['Telenor', 40],
  ['Telia', 35],
  ['Ice', 20],
  ['Lycamobile', 5],
];

interface Series {
  prefix: string;
  operator: string;
  kind: SeriesKind;
  municipality?: string;
  county?: string;
}

interface NumberPlan {
  series: Series[];
  /** Incumbent five-digit blocks per municipality (the places numbers for centres come from). */
  blocksOf: Map<string, string[]>;
  /** Incumbent five-digit block → its six-digit sub-blocks that were re-allocated. */
  reallocated: Map<string, string[]>;
  unallocatedBlocks: string[];
}

/** Splits `total` into integer quotas proportional to weights (largest remainder), at least `min` each. */
function quotas(weights: number[], total: number, min: number): number[] {
  const free = total - min * weights.length;
  const sum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => (free * w) / sum);
  const q = raw.map((r) => Math.floor(r) + min);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = total - q.reduce((s, x) => s + x, 0);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    q[i]!++;
  }
  return q;
}

function buildNumberPlan(munis: Muni[], rnd: Random): NumberPlan {
  const series: Series[] = [];
  const blocksOf = new Map<string, string[]>();
  const reallocated = new Map<string, string[]>();
  const unallocatedBlocks: string[] = [];
  const byCode = new Map<string, Muni[]>();
  for (const m of munis) for (const c of areaCodes(m)) byCode.set(c, [...(byCode.get(c) ?? []), m]);

  for (const code of [...byCode.keys()].sort()) {
    const members = byCode.get(code)!;
    const county = members[0]!.county;
    // Whole 10,000-number blocks held by other operators (county only).
    const whole = new Set<number>();
    while (whole.size < 6) whole.add(10 + rnd.int(90));
    const incumbentBlocks: string[] = [];
    for (let b = 0; b < 100; b++) {
      const four = code + String(b).padStart(2, '0');
      if (whole.has(b)) {
        series.push({ prefix: four, operator: rnd.weighted(OTHER_FIXED), kind: 'other-fixed', county });
        continue;
      }
      for (let d = 0; d < 10; d++) {
        const block = four + d;
        const r = rnd.next();
        if (r < 0.08) unallocatedBlocks.push(block);
        else if (r < 0.2)
          series.push({ prefix: block, operator: rnd.weighted(OTHER_FIXED), kind: 'other-fixed', county });
        else if (r < 0.22)
          series.push({ prefix: block, operator: rnd.weighted(IP_OPERATORS), kind: 'ip', county });
        else incumbentBlocks.push(block);
      }
    }
    // Incumbent blocks go to municipalities in contiguous runs, proportional to population.
    const q = quotas(
      members.map((m) => m.population / areaCodes(m).length),
      incumbentBlocks.length,
      2,
    );
    const runs: Muni[][] = [];
    members.forEach((m, i) => {
      let left = q[i]!;
      while (left > 0) {
        const len = Math.min(left, 2 + rnd.int(7));
        runs.push(Array.from({ length: len }, () => m));
        left -= len;
      }
    });
    const owners = rnd.shuffle(runs).flat();
    incumbentBlocks.forEach((block, i) => {
      const m = owners[i]!;
      series.push({
        prefix: block,
        operator: INCUMBENT,
        kind: 'incumbent-fixed',
        municipality: m.number,
        county,
      });
      blocksOf.set(m.number, [...(blocksOf.get(m.number) ?? []), block]);
    });
    // Sub-blocks of 100 numbers later returned and re-allocated: mostly to other operators
    // (county only), some to the incumbent for a neighbouring exchange (another municipality).
    incumbentBlocks.forEach((block, i) => {
      if (rnd.next() >= 0.06) return;
      const subs = new Set<string>();
      const count = 1 + rnd.int(3);
      while (subs.size < count) subs.add(block + rnd.int(10));
      const owner = owners[i]!;
      const others = members.filter((m) => m !== owner);
      for (const sub of [...subs].sort()) {
        if (others.length > 0 && rnd.next() < 0.25) {
          const m = rnd.pick(others);
          series.push({
            prefix: sub,
            operator: INCUMBENT,
            kind: 'incumbent-fixed',
            municipality: m.number,
            county,
          });
        } else series.push({ prefix: sub, operator: rnd.weighted(OTHER_FIXED), kind: 'other-fixed', county });
      }
      reallocated.set(block, [...subs].sort());
    });
    // A few ten-number IP sub-blocks for a single municipality (e.g. a company's VoIP trunk).
    incumbentBlocks.forEach((block, i) => {
      if (reallocated.has(block) || rnd.next() >= 0.01) return;
      const prefix = block + String(rnd.int(100)).padStart(2, '0');
      series.push({
        prefix,
        operator: rnd.weighted(IP_OPERATORS),
        kind: 'ip',
        municipality: owners[i]!.number,
        county,
      });
      reallocated.set(block, [prefix]);
    });
  }

  // Svalbard (79 02): incumbent numbers served from Tromsø, like the Svalbard postcodes.
  for (let d = 0; d < 10; d++) {
    const block = `7902${d}`;
    series.push({
      prefix: block,
      operator: INCUMBENT,
      kind: 'incumbent-fixed',
      municipality: '5501',
      county: '55',
    });
  }

  // Nomadic/IP range 85: five-digit blocks with a county, some with a municipality.
  const weightedMunis = munis.map((m) => [m, m.population] as const);
  for (let b = 0; b < 1000; b++) {
    if (rnd.next() >= 0.6) continue;
    const m = rnd.weighted(weightedMunis);
    const s: Series = {
      prefix: `85${String(b).padStart(3, '0')}`,
      operator: rnd.weighted(IP_OPERATORS),
      kind: 'ip',
      county: m.county,
    };
    if (rnd.next() < 0.3) s.municipality = m.number;
    series.push(s);
  }

  // Mobile ranges 4x and 9x: 100,000-number blocks, a few MVNO sub-blocks inside.
  for (const first of ['4', '9']) {
    for (let b = 0; b < 100; b++) {
      if (first === '4' && b >= 90) continue;
      if (rnd.next() < 0.1) continue;
      const prefix = first + String(b).padStart(2, '0');
      series.push({ prefix, operator: rnd.weighted(MOBILE), kind: 'mobile' });
      if (rnd.next() < 0.05)
        series.push({ prefix: prefix + rnd.int(10), operator: 'Chili Mobil', kind: 'mobile' });
    }
  }

  series.sort((a, b) => (a.prefix < b.prefix ? -1 : 1));
  return { series, blocksOf, reallocated, unallocatedBlocks };
}

// ---------------------------------------------------------------------------------------------
// Phone numbers for centres and AMKs, ported numbers, and well-known test numbers.

class NumberPool {
  readonly used = new Set<string>();
  constructor(
    private readonly plan: NumberPlan,
    private readonly rnd: Random,
  ) {}

  /** A fresh number in one of the municipality's incumbent blocks outside re-allocated sub-blocks. */
  inMunicipality(municipality: string): string {
    const blocks = this.plan.blocksOf.get(municipality);
    if (!blocks) throw new Error(`No incumbent blocks for ${municipality}`);
    for (;;) {
      const block = this.rnd.pick(blocks);
      const number = block + String(this.rnd.int(1000)).padStart(3, '0');
      const subs = this.plan.reallocated.get(block);
      if (subs?.some((s) => number.startsWith(s)) || this.used.has(number)) continue;
      this.used.add(number);
      return number;
    }
  }
}

interface Ported {
  number: string;
  originalPrefix: string;
  currentOperator: string;
  geo: boolean;
}

function buildPorted(plan: NumberPlan, pool: NumberPool, rnd: Random): Ported[] {
  const out = new Map<string, Ported>();
  const add = (number: string, originalPrefix: string, currentOperator: string, geo: boolean) => {
    if (pool.used.has(number) || out.has(number)) return false;
    out.set(number, { number, originalPrefix, currentOperator, geo });
    return true;
  };
  const portTarget = (from: string) => {
    for (;;) {
      const op = rnd.weighted([...OTHER_FIXED, ['Telenor', 25], ['Telio', 10]]);
      if (op !== from) return op;
    }
  };
  const incumbent = plan.series.filter((s) => s.kind === 'incumbent-fixed' && s.prefix.length === 5);
  // Ported incumbent numbers (geo-ported among them), outside re-allocated sub-blocks.
  for (const [count, geo] of [
    [68000, false],
    [8000, true],
  ] as const) {
    let n = 0;
    while (n < count) {
      const s = rnd.pick(incumbent);
      const number = s.prefix + String(rnd.int(1000)).padStart(3, '0');
      if (plan.reallocated.get(s.prefix)?.some((sub) => number.startsWith(sub))) continue;
      if (add(number, s.prefix, portTarget(INCUMBENT), geo)) n++;
    }
  }
  // Numbers ported away before their 100-number sub-block was re-allocated: the longest prefix of
  // the number is now another series, but the number still routes by its original block (RT-2).
  for (const [block, subs] of [...plan.reallocated].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    for (const sub of subs) {
      const k = sub.length === 6 ? 3 + rnd.int(10) : 1 + rnd.int(3);
      for (let i = 0; i < k; i++) {
        const number = sub + String(rnd.int(10 ** (8 - sub.length))).padStart(8 - sub.length, '0');
        add(number, block, portTarget(INCUMBENT), rnd.next() < 0.1);
      }
    }
  }
  // Numbers from other operators' and IP series.
  const others = plan.series.filter((s) => s.kind === 'other-fixed' || s.kind === 'ip');
  let n = 0;
  while (n < 7500 || out.size < 100500) {
    const s = rnd.pick(others);
    const rest = 8 - s.prefix.length;
    const number = s.prefix + String(rnd.int(10 ** rest)).padStart(rest, '0');
    if (longest(plan, number) === s && add(number, s.prefix, portTarget(s.operator), rnd.next() < 0.05)) n++;
  }
  return [...out.values()].sort((a, b) => (a.number < b.number ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i === -1 ? undefined : args[i + 1];
  };
  const seed = Number(opt('--seed') ?? DEFAULT_SEED);
  const outDir = path.resolve(opt('--out') ?? path.join(ROOT, 'data/default'));
  const rnd = new Random(seed);

  const munis: Muni[] = (await readReference(FILES.municipalities)).map((r) => ({
    number: r.kommunenummer!,
    name: r.kommunenavn!,
    uniqueName: r.kommunenavn_entydig!,
    county: r.fylkesnummer!,
    hf: r.hf_opptaksomrade!.startsWith('OUS') ? 'OUS' : r.hf_opptaksomrade!,
    population: Number(r.folketall_2024),
    lat: Number(r.sentroide_lat),
    lon: Number(r.sentroide_lon),
  }));
  const muniByNumber = new Map(munis.map((m) => [m.number, m]));
  const counties = await readReference(FILES.counties);
  const mostPopulous = new Set(counties.map((c) => c.storste_kommune_nummer!));

  const drafts = clusterCentres(munis, mostPopulous);
  addSchedules(drafts);
  const plan = buildNumberPlan(munis, rnd);
  const pool = new NumberPool(plan, rnd);

  const centreRows = drafts.map((c) => {
    const alt =
      c.members.length > 1 ? [...c.members].sort((a, b) => b.population - a.population)[1]! : c.host;
    return {
      id: c.id,
      name: c.name,
      host_municipality: c.host.number,
      underlying_number: pool.inMunicipality(c.host.number),
      public_number: pool.inMunicipality(c.host.number),
      internal_number: pool.inMunicipality(c.host.number),
      alternative_site_name:
        alt === c.host ? `${c.host.uniqueName} reservemottak` : `${alt.uniqueName} legevakt (reservemottak)`,
      alternative_site_number: pool.inMunicipality(alt.number),
      amk_id: c.amk,
      overflow: c.overflow,
      fictional: true,
    };
  });
  const amkRows = AMKS.map((a) => ({
    id: a.id,
    name: a.name,
    health_trust: a.healthTrust,
    internal_number: pool.inMunicipality(a.host),
    fictional: true,
  }));
  const centreOf = new Map<string, CentreDraft>();
  for (const c of drafts) for (const m of c.members) centreOf.set(m.number, c);

  const testNumbers = chooseTestNumbers(plan, pool, muniByNumber, centreOf, counties, rnd);
  const ported = buildPorted(plan, pool, rnd);
  testNumbers.push(...choosePortedTestNumbers(plan, ported, muniByNumber, centreOf, counties));

  await mkdir(outDir, { recursive: true });
  const write = (file: string, columns: readonly string[], rows: Iterable<Record<string, CsvValue>>) =>
    writeFile(path.join(outDir, file), writeCsv(columns, rows, '\n'));
  for (const key of ['municipalities', 'counties', 'menuRegions', 'postcodes', 'healthTrustAreas'] as const) {
    await copyFile(path.join(REFERENCE_DIR, FILES[key]), path.join(outDir, FILES[key]));
  }
  await write(
    FILES.postcodeTerritories,
    ['territory_number', 'territory_name', 'served_by_municipality'],
    [
      { territory_number: '2100', territory_name: 'Svalbard', served_by_municipality: '5501' },
      { territory_number: '2211', territory_name: 'Jan Mayen', served_by_municipality: '1804' },
    ],
  );
  await write(FILES.centres, Object.keys(centreRows[0]!), centreRows);
  await write(
    FILES.centreMunicipalities,
    ['municipality_number', 'centre_id'],
    [...centreOf]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([m, c]) => ({ municipality_number: m, centre_id: c.id })),
  );
  await write(
    FILES.centreSchedules,
    ['centre_id', 'partner_centre_id', 'days', 'from', 'to'],
    drafts.flatMap((c) =>
      (c.schedule?.windows ?? []).map((w) => ({
        centre_id: c.id,
        partner_centre_id: c.schedule!.partner,
        ...w,
      })),
    ),
  );
  await write(FILES.amkCentres, Object.keys(amkRows[0]!), amkRows);
  await write(
    FILES.amkMunicipalities,
    ['municipality_number', 'amk_id'],
    munis
      .map((m) => ({ municipality_number: m.number, amk_id: amkOf(m) }))
      .sort((a, b) => (a.municipality_number < b.municipality_number ? -1 : 1)),
  );
  await write(
    FILES.numberSeries,
    ['prefix', 'operator', 'kind', 'municipality', 'county'],
    plan.series as never[],
  );
  await write(
    FILES.portedNumbers,
    ['number', 'original_prefix', 'current_operator', 'geo'],
    ported.map((p) => ({
      number: p.number,
      original_prefix: p.originalPrefix,
      current_operator: p.currentOperator,
      geo: p.geo,
    })),
  );
  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    name: 'default',
    description:
      'Default nodmeld routing data: 2024 municipal structure and postcodes (reference data) with an invented, ' +
      'fictional set of LV-sentraler, AMK areas, phone numbers and number plan. See docs/data.md.',
    generator: { script: 'scripts/generate-default-data.ts', seed },
  };
  await writeFile(path.join(outDir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
  if (outDir === path.join(ROOT, 'data/default')) await writeTestNumbers(testNumbers, seed);

  const partDay = drafts.filter((c) => c.schedule).length;
  console.log(
    `Wrote ${outDir}: ${drafts.length} centres (${partDay} part-day, ${drafts.filter((c) => c.overflow).length} overflow), ` +
      `${AMKS.length} AMK, ${plan.series.length} number series, ${ported.length} ported numbers, ${testNumbers.length} test numbers`,
  );
}

// ---------------------------------------------------------------------------------------------
// Well-known test numbers (docs/data.md).

type TestNumber = DefaultTestNumber & { key: string };

const seriesIndex = new WeakMap<NumberPlan, Map<string, Series>>();

function longest(plan: NumberPlan, number: string): Series | undefined {
  let index = seriesIndex.get(plan);
  if (!index) seriesIndex.set(plan, (index = new Map(plan.series.map((s) => [s.prefix, s]))));
  for (let len = 8; len > 0; len--) {
    const s = index.get(number.slice(0, len));
    if (s) return s;
  }
  return undefined;
}

function expectation(
  s: Series | undefined,
  muniByNumber: Map<string, Muni>,
  centreOf: Map<string, CentreDraft>,
  counties: Record<string, string>[],
): Pick<TestNumber, 'municipality' | 'county' | 'centreId'> {
  if (!s || s.kind === 'mobile') return { municipality: null, county: null, centreId: null };
  if (s.municipality) {
    return {
      municipality: s.municipality,
      county: muniByNumber.get(s.municipality)!.county,
      centreId: centreOf.get(s.municipality)!.id,
    };
  }
  const top = counties.find((c) => c.fylkesnummer === s.county)!.storste_kommune_nummer!;
  return { municipality: null, county: s.county ?? null, centreId: centreOf.get(top)!.id };
}

function chooseTestNumbers(
  plan: NumberPlan,
  pool: NumberPool,
  muniByNumber: Map<string, Muni>,
  centreOf: Map<string, CentreDraft>,
  counties: Record<string, string>[],
  rnd: Random,
): TestNumber[] {
  const out: TestNumber[] = [];
  const add = (key: string, number: string, network: Network, description: string) => {
    pool.used.add(number);
    const s = longest(plan, number);
    out.push({
      key,
      number,
      network,
      description,
      longestPrefix: s?.prefix ?? null,
      routingPrefix: s?.prefix ?? null,
      ported: false,
      geo: false,
      ...expectation(s, muniByNumber, centreOf, counties),
    });
  };
  const cities: [string, string][] = [
    ['oslo', '0301'],
    ['bergen', '4601'],
    ['trondheim', '5001'],
    ['stavanger', '1103'],
    ['kristiansand', '4204'],
    ['tromso', '5501'],
    ['drammen', '3301'],
    ['fredrikstad', '3107'],
    ['bodo', '1804'],
    ['alesund', '1508'],
  ];
  for (const [key, m] of cities) {
    add(
      `${key}Incumbent`,
      pool.inMunicipality(m),
      'fixed',
      `Incumbent fixed number in ${muniByNumber.get(m)!.name}`,
    );
  }
  const small = [...plan.blocksOf.keys()].find((m) => {
    const c = centreOf.get(m)!;
    return c.host.number !== m && !c.overflow;
  })!;
  add(
    'smallMunicipalityIncumbent',
    pool.inMunicipality(small),
    'fixed',
    `Incumbent fixed number in ${muniByNumber.get(small)!.name}, served by an inter-municipal centre`,
  );
  const partDay = [...centreOf.values()].find((c) => c.schedule)!;
  add(
    'partDayCentreIncumbent',
    pool.inMunicipality(partDay.host.number),
    'fixed',
    `Incumbent fixed number in ${partDay.host.name}, whose centre is part-day (RT-10)`,
  );
  const countyOnly = plan.series.find(
    (s) => s.kind === 'other-fixed' && s.prefix.length === 5 && s.county === '46',
  )!;
  add(
    'countyOnly',
    `${countyOnly.prefix}${String(rnd.int(1000)).padStart(3, '0')}`,
    'fixed',
    `Other operator's fixed number (${countyOnly.operator}), county Vestland only: goes to the centre serving Bergen (RT-2)`,
  );
  const unknown = plan.unallocatedBlocks.find((b) => b.startsWith('35'))!;
  add(
    'unknownFixed',
    `${unknown}500`,
    'fixed',
    'Fixed number in an unallocated block: no municipality or county (RT-6)',
  );
  add('unknownRange', '29123456', 'fixed', 'Number in the unused 29 range: no series at all (RT-6)');
  const ipMuni = plan.series.find((s) => s.kind === 'ip' && s.prefix.startsWith('85') && s.municipality)!;
  add(
    'ipMunicipality',
    `${ipMuni.prefix}123`,
    'ip',
    `IP number (85 range, ${ipMuni.operator}) registered to a municipality`,
  );
  const ipCounty = plan.series.find((s) => s.kind === 'ip' && s.prefix.startsWith('85') && !s.municipality)!;
  add(
    'ipCounty',
    `${ipCounty.prefix}321`,
    'ip',
    `IP number (85 range, ${ipCounty.operator}) registered to a county only`,
  );
  const mobile = plan.series.find(
    (s) => s.kind === 'mobile' && s.prefix.startsWith('9') && s.prefix.length === 3,
  )!;
  add(
    'mobile',
    `${mobile.prefix}45678`,
    'mobile',
    `Mobile number (${mobile.operator}): no geography, routes by position (RT-3)`,
  );
  add('svalbard', '79020123', 'fixed', 'Incumbent fixed number on Svalbard (79 02): served from Tromsø');
  return out;
}

function choosePortedTestNumbers(
  plan: NumberPlan,
  ported: Ported[],
  muniByNumber: Map<string, Muni>,
  centreOf: Map<string, CentreDraft>,
  counties: Record<string, string>[],
): TestNumber[] {
  const byPrefix = new Map(plan.series.map((s) => [s.prefix, s]));
  const make = (key: string, p: Ported, description: string): TestNumber => {
    const original = byPrefix.get(p.originalPrefix)!;
    return {
      key,
      number: p.number,
      network: 'fixed',
      description,
      longestPrefix: longest(plan, p.number)?.prefix ?? null,
      routingPrefix: p.originalPrefix,
      ported: true,
      geo: p.geo,
      ...expectation(original, muniByNumber, centreOf, counties),
    };
  };
  const isOslo = (p: Ported) =>
    p.originalPrefix.startsWith('22') && byPrefix.get(p.originalPrefix)!.kind === 'incumbent-fixed';
  const plain = ported.find(
    (p) => !p.geo && isOslo(p) && longest(plan, p.number)?.prefix === p.originalPrefix,
  )!;
  const geo = ported.find(
    (p) =>
      p.geo &&
      p.originalPrefix.startsWith('55') &&
      byPrefix.get(p.originalPrefix)!.kind === 'incumbent-fixed',
  )!;
  const shadowed = ported.find((p) => {
    const own = longest(plan, p.number)!;
    const original = byPrefix.get(p.originalPrefix)!;
    if (own.prefix === p.originalPrefix || own.kind !== 'other-fixed' || original.kind !== 'incumbent-fixed')
      return false;
    const ownTarget = expectation(own, muniByNumber, centreOf, counties).centreId;
    return ownTarget !== centreOf.get(original.municipality!)!.id;
  })!;
  const moved = ported.find((p) => {
    const own = longest(plan, p.number)!;
    const original = byPrefix.get(p.originalPrefix)!;
    return (
      own.kind === 'incumbent-fixed' &&
      own.prefix !== p.originalPrefix &&
      centreOf.get(own.municipality!) !== centreOf.get(original.municipality!)
    );
  })!;
  return [
    make(
      'ported',
      plain,
      `Incumbent Oslo number ported to ${plain.currentOperator}: still routes by its original series (RT-2)`,
    ),
    make(
      'geoPorted',
      geo,
      `Bergen number geo-ported to another county: routes by its original series, i.e. to Bergen (RT-2)`,
    ),
    make(
      'portedReallocatedBlock',
      shadowed,
      `Ported number in a 100-number sub-block later re-allocated to another operator: the number's own longest prefix (county only) gives another centre than its original block (RT-2)`,
    ),
    make(
      'portedMovedSubBlock',
      moved,
      'Ported number in a sub-block later given to another municipality: the original block decides the municipality (RT-2)',
    ),
  ];
}

async function writeTestNumbers(numbers: TestNumber[], seed: number): Promise<void> {
  const body = numbers.map((t) => `  ${t.key}: ${JSON.stringify({ ...t, key: undefined })},`).join('\n');
  const source = `/**
 * Well-known numbers in the default data set (docs/data.md), for tests of routing, IVR and APIs.
 * Generated by scripts/generate-default-data.ts (seed ${seed}); do not edit by hand.
 */
import type { DefaultTestNumber } from './test-number.ts';

export type { DefaultTestNumber } from './test-number.ts';

export const DEFAULT_TEST_NUMBERS = {
${body}
} as const satisfies Record<string, DefaultTestNumber>;
`;
  await writeFile(
    TEST_NUMBERS_FILE,
    await format(source, { parser: 'typescript', singleQuote: true, printWidth: 110, trailingComma: 'all' }),
  );
}

await main();
