import type {
  Centre,
  County,
  Municipality,
  NumberSeries,
  PortedNumber,
  RoutingDataSet,
  StaffedWindow,
} from './types.ts';
import { PrefixTrie } from './prefix-trie.ts';

/** The routing data set is inconsistent in a way the engine cannot route around. */
export class RoutingDataError extends Error {
  readonly code = 'invalid-routing-data';
  constructor(message: string) {
    super(message);
    this.name = 'RoutingDataError';
  }
}

const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

/** A centre with its schedule compiled to a minute-of-week lookup table (RT-10). */
export interface CompiledCentre {
  centre: Centre;
  /**
   * One byte per minute of the Europe/Oslo local week (0 = Monday 00:00): 1 when staffed.
   * Absent for centres staffed around the clock.
   */
  staffed?: Uint8Array;
  /** Where calls go outside the staffed windows. */
  partnerId?: string;
}

export interface MenuTreeCounty {
  number: string;
  name: string;
  /** Centres serving at least one municipality of the county, by name (RT-5). */
  centres: CompiledCentre[];
}

export interface MenuTreeRegion {
  name: string;
  /** The region's DTMF position from the data (1-based). */
  order: number;
  counties: MenuTreeCounty[];
}

/**
 * Ported numbers → their index. Digit strings of up to 9 digits are keyed by an integer ("1"
 * followed by the digits, so 01234567 and 1234567 stay apart): a small-integer key hashes and
 * compares without reading a string, which in a 100,000-entry table saves a cache miss per call.
 * Anything else (not expected in Norwegian numbering) falls back to a string map.
 */
export class PortedIndex {
  private readonly byInt = new Map<number, number>();
  private readonly byString = new Map<string, number>();

  get size(): number {
    return this.byInt.size + this.byString.size;
  }

  set(number: string, index: number): void {
    const key = intKey(number);
    if (key >= 0) this.byInt.set(key, index);
    else this.byString.set(number, index);
  }

  get(number: string): number | undefined {
    const key = intKey(number);
    return key >= 0 ? this.byInt.get(key) : this.byString.get(number);
  }
}

/** "1" + digits as an integer for 1–9 digits (below 2^31: a small integer in V8), else -1. */
function intKey(number: string): number {
  const n = number.length;
  if (n === 0 || n > 9) return -1;
  let key = 1;
  for (let i = 0; i < n; i++) {
    const d = number.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    key = key * 10 + d;
  }
  return key;
}

/** Routing data indexed once per data version, for the engine and the menu. */
export interface CompiledRoutingData {
  version: number;
  source: RoutingDataSet;
  /** Number series by index; `seriesTrie` values index this array. */
  series: NumberSeries[];
  seriesTrie: PrefixTrie;
  /** Ported number → index into `source.portedNumbers`. */
  portedIndex: PortedIndex;
  /** Per ported number (same index): index into `series` of its original series, or -1. */
  portedSeries: Int32Array;
  centreById: Map<string, CompiledCentre>;
  centreByMunicipality: Map<string, CompiledCentre>;
  municipalityByNumber: Map<string, Municipality>;
  countyByNumber: Map<string, County>;
  /** County number → its most populous municipality (RT-2, RT-6). */
  countyMostPopulous: Map<string, string>;
  postcodeToMunicipality: Map<string, string>;
  /** Overflow centres sorted by id, so the deterministic pick is stable (RT-6). */
  overflowCentres: CompiledCentre[];
  /** Region → county → centre menus, regions by `order` (RT-5). */
  menu: MenuTreeRegion[];
}

function parseClock(value: string, where: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match ? Number(match[2]) : NaN;
  if (!(hours <= 24 && minutes < 60) || (hours === 24 && minutes !== 0)) {
    throw new RoutingDataError(`${where}: time "${value}" is not HH:MM`);
  }
  return hours * 60 + minutes;
}

/**
 * Marks the staffed minutes of one window. A window whose end is not after its start runs past
 * midnight into the next day (Sunday wraps to Monday); "00:00"–"00:00" means the whole day.
 */
function markWindow(table: Uint8Array, window: StaffedWindow, where: string): void {
  const from = parseClock(window.from, where);
  const to = parseClock(window.to, where);
  const length = to > from ? to - from : to + MINUTES_PER_DAY - from;
  for (const day of window.days) {
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      throw new RoutingDataError(`${where}: weekday ${day} is not 1 (Monday) … 7 (Sunday)`);
    }
    const start = (day - 1) * MINUTES_PER_DAY + from;
    for (let m = 0; m < length; m++) table[(start + m) % MINUTES_PER_WEEK] = 1;
  }
}

function compileCentre(centre: Centre): CompiledCentre {
  if (!centre.schedule) return { centre };
  const staffed = new Uint8Array(MINUTES_PER_WEEK);
  centre.schedule.staffed.forEach((window, i) =>
    markWindow(staffed, window, `Centre ${centre.id} schedule window ${i + 1}`),
  );
  return { centre, staffed, partnerId: centre.schedule.partnerCentreId };
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name, 'nb');
}

function compileMenu(
  data: RoutingDataSet,
  countyByNumber: Map<string, County>,
  municipalityByNumber: Map<string, Municipality>,
  centreById: Map<string, CompiledCentre>,
): MenuTreeRegion[] {
  const centresByCounty = new Map<string, CompiledCentre[]>();
  return [...data.menuRegions]
    .sort((a, b) => a.order - b.order)
    .map((region) => ({
      name: region.name,
      order: region.order,
      counties: region.countyNumbers.map((number) => {
        const county = countyByNumber.get(number);
        if (!county) throw new RoutingDataError(`Menu region ${region.name}: unknown county ${number}`);
        let centres = centresByCounty.get(number);
        if (!centres) {
          centres = [...centreById.values()]
            .filter((c) =>
              c.centre.municipalities.some((m) => municipalityByNumber.get(m)?.countyNumber === number),
            )
            .sort((a, b) => byName(a.centre, b.centre));
          centresByCounty.set(number, centres);
        }
        return { number, name: county.name, centres };
      }),
    }));
}

/**
 * Indexes a routing data set for the engine (built once per data version). Throws
 * `RoutingDataError` for inconsistencies that would make routing ambiguous: duplicate centre
 * ids, a municipality served by two centres, bad schedules or unknown partners.
 */
export function compileRoutingData(data: RoutingDataSet, version: number): CompiledRoutingData {
  const centreById = new Map<string, CompiledCentre>();
  const centreByMunicipality = new Map<string, CompiledCentre>();
  for (const centre of data.centres) {
    if (centreById.has(centre.id)) throw new RoutingDataError(`Centre id ${centre.id} is used twice`);
    const compiled = compileCentre(centre);
    centreById.set(centre.id, compiled);
    for (const m of centre.municipalities) {
      const other = centreByMunicipality.get(m);
      if (other) {
        throw new RoutingDataError(`Municipality ${m} is served by both ${other.centre.id} and ${centre.id}`);
      }
      centreByMunicipality.set(m, compiled);
    }
  }
  for (const { centre, partnerId } of centreById.values()) {
    if (partnerId !== undefined && !centreById.has(partnerId)) {
      throw new RoutingDataError(`Centre ${centre.id}: schedule partner ${partnerId} is not a centre`);
    }
  }

  const municipalityByNumber = new Map(data.municipalities.map((m) => [m.number, m]));
  const countyByNumber = new Map(data.counties.map((c) => [c.number, c]));
  const countyMostPopulous = new Map<string, string>();
  for (const county of data.counties) {
    if (municipalityByNumber.has(county.mostPopulousMunicipality)) {
      countyMostPopulous.set(county.number, county.mostPopulousMunicipality);
    }
  }
  // A county whose most populous municipality is missing or unknown: derive it from population.
  for (const m of data.municipalities) {
    const county = countyByNumber.get(m.countyNumber);
    if (county && municipalityByNumber.has(county.mostPopulousMunicipality)) continue;
    const best = countyMostPopulous.get(m.countyNumber);
    if (best === undefined || municipalityByNumber.get(best)!.population < m.population) {
      countyMostPopulous.set(m.countyNumber, m.number);
    }
  }

  const series = data.numberSeries;
  const seriesTrie = new PrefixTrie(Math.max(1024, series.length * 2));
  series.forEach((s, i) => {
    if (!/^\d{1,8}$/.test(s.prefix)) {
      throw new RoutingDataError(`Number series "${s.prefix}" (${s.operator}): prefix must be 1–8 digits`);
    }
    seriesTrie.insert(s.prefix, i);
  });

  const portedIndex = new PortedIndex();
  const portedSeries = new Int32Array(data.portedNumbers.length);
  data.portedNumbers.forEach((p: PortedNumber, i) => {
    portedIndex.set(p.number, i);
    portedSeries[i] = seriesTrie.longestMatch(p.originalPrefix);
  });

  return {
    version,
    source: data,
    series,
    seriesTrie,
    portedIndex,
    portedSeries,
    centreById,
    centreByMunicipality,
    municipalityByNumber,
    countyByNumber,
    countyMostPopulous,
    postcodeToMunicipality: new Map(data.postcodes.map((p) => [p.code, p.municipality])),
    overflowCentres: [...centreById.values()]
      .filter((c) => c.centre.overflow)
      .sort((a, b) => (a.centre.id < b.centre.id ? -1 : a.centre.id > b.centre.id ? 1 : 0)),
    menu: compileMenu(data, countyByNumber, municipalityByNumber, centreById),
  };
}
