/**
 * Semantic validation of a routing data set (RT-2, RT-5, RT-6, RT-8, RT-10, RT-11): field formats,
 * uniqueness, referential integrity and the coverage rules. It works on the in-memory
 * `RoutingDataSet`, so the directory loader and `importDataSet` share one set of rules; the loader
 * passes the source line of every entity so each error points at a file and line.
 */
import type { RoutingDataSet, SeriesKind } from '../domain/types.ts';
import type { DataError } from './csv.ts';
import { FILES } from './files.ts';

/** Source line of every entity, by array index (nested arrays for per-centre/AMK lists). */
export interface SourceLines {
  counties: number[];
  municipalities: number[];
  postcodes: number[];
  menuRegions: number[];
  centres: number[];
  centreMunicipalities: number[][];
  centreSchedules: number[][];
  amkCentres: number[];
  amkMunicipalities: number[][];
  numberSeries: number[];
  portedNumbers: number[];
}

export const SERIES_KINDS: readonly SeriesKind[] = ['incumbent-fixed', 'other-fixed', 'mobile', 'ip'];

/** A valid-looking Norwegian 8-digit subscriber number (no 0/1 first digit). */
export const NUMBER_8 = /^[2-9]\d{7}$/;
/** Fixed-network 8-digit number: geographic ranges 2x, 3x, 5x, 6x, 7x. */
export const FIXED_NUMBER_8 = /^[23567]\d{7}$/;
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** Collects the semantic errors of a data set; an empty array means the set is valid. */
export function validateDataSet(data: RoutingDataSet, lines?: SourceLines): DataError[] {
  const errors: DataError[] = [];
  const err = (file: string, line: number | undefined, message: string) =>
    errors.push({ file, line: line ?? 0, message });

  // Counties and municipalities.
  const counties = new Map<string, number>();
  data.counties.forEach((c, i) => {
    const line = lines?.counties[i];
    if (!/^\d{2}$/.test(c.number)) err(FILES.counties, line, `county number "${c.number}" must be 2 digits`);
    else if (counties.has(c.number)) err(FILES.counties, line, `county ${c.number} is listed twice`);
    else counties.set(c.number, i);
    if (!c.name.trim()) err(FILES.counties, line, `county ${c.number} has no name`);
  });
  const municipalities = new Map<string, number>();
  const municipalityNames = new Set<string>();
  data.municipalities.forEach((m, i) => {
    const line = lines?.municipalities[i];
    if (!/^\d{4}$/.test(m.number)) {
      err(FILES.municipalities, line, `municipality number "${m.number}" must be 4 digits`);
    } else if (municipalities.has(m.number)) {
      err(FILES.municipalities, line, `municipality ${m.number} is listed twice`);
    } else municipalities.set(m.number, i);
    if (!m.name.trim()) err(FILES.municipalities, line, `municipality ${m.number} has no name`);
    else if (municipalityNames.has(m.name)) {
      err(FILES.municipalities, line, `municipality name "${m.name}" is used twice (use the unambiguous name)`);
    }
    municipalityNames.add(m.name);
    if (!counties.has(m.countyNumber)) {
      err(FILES.municipalities, line, `municipality ${m.number}: unknown county "${m.countyNumber}"`);
    }
    if (!Number.isInteger(m.population) || m.population < 0) {
      err(FILES.municipalities, line, `municipality ${m.number}: population must be a whole number >= 0`);
    }
  });
  const muni = (n: string) => {
    const i = municipalities.get(n);
    return i === undefined ? undefined : data.municipalities[i];
  };
  data.counties.forEach((c, i) => {
    const line = lines?.counties[i];
    const top = muni(c.mostPopulousMunicipality);
    if (!top) {
      err(FILES.counties, line, `county ${c.number}: most populous municipality "${c.mostPopulousMunicipality}" is unknown`);
      return;
    }
    if (top.countyNumber !== c.number) {
      err(FILES.counties, line, `county ${c.number}: most populous municipality ${top.number} lies in county ${top.countyNumber}`);
      return;
    }
    const bigger = data.municipalities.find((m) => m.countyNumber === c.number && m.population > top.population);
    if (bigger) {
      err(
        FILES.counties,
        line,
        `county ${c.number}: ${bigger.number} ${bigger.name} (${bigger.population}) is more populous than ${top.number} ${top.name} (${top.population})`,
      );
    }
  });

  // Menu regions (RT-5).
  const regionOfCounty = new Map<string, string>();
  const regionNames = new Set<string>();
  const orders = new Set<number>();
  data.menuRegions.forEach((r, i) => {
    const line = lines?.menuRegions[i];
    if (!r.name.trim()) err(FILES.menuRegions, line, 'menu region has no name');
    if (regionNames.has(r.name)) err(FILES.menuRegions, line, `menu region "${r.name}" is listed twice`);
    regionNames.add(r.name);
    if (!Number.isInteger(r.order) || r.order < 1 || r.order > 9) {
      err(FILES.menuRegions, line, `menu region "${r.name}": menu position ${r.order} must be a digit 1–9`);
    } else if (orders.has(r.order)) {
      err(FILES.menuRegions, line, `menu region "${r.name}": menu position ${r.order} is used twice`);
    }
    orders.add(r.order);
    if (r.countyNumbers.length === 0) err(FILES.menuRegions, line, `menu region "${r.name}" has no counties`);
    for (const c of r.countyNumbers) {
      if (!counties.has(c)) err(FILES.menuRegions, line, `menu region "${r.name}": unknown county "${c}"`);
      else if (regionOfCounty.has(c)) {
        err(FILES.menuRegions, line, `county ${c} is in both "${regionOfCounty.get(c)}" and "${r.name}"`);
      } else regionOfCounty.set(c, r.name);
    }
  });
  data.counties.forEach((c, i) => {
    const region = regionOfCounty.get(c.number);
    if (region === undefined) err(FILES.menuRegions, 0, `county ${c.number} ${c.name} is in no menu region`);
    else if (region !== c.menuRegion) {
      err(FILES.counties, lines?.counties[i], `county ${c.number}: menu region "${c.menuRegion}" but ${FILES.menuRegions} puts it in "${region}"`);
    }
  });

  // Postcodes (RT-5).
  const postcodes = new Set<string>();
  data.postcodes.forEach((p, i) => {
    const line = lines?.postcodes[i];
    if (!/^\d{4}$/.test(p.code)) err(FILES.postcodes, line, `postcode "${p.code}" must be 4 digits`);
    else if (postcodes.has(p.code)) err(FILES.postcodes, line, `postcode ${p.code} is listed twice`);
    postcodes.add(p.code);
    if (!p.place.trim()) err(FILES.postcodes, line, `postcode ${p.code} has no place name`);
    if (!municipalities.has(p.municipality)) {
      err(FILES.postcodes, line, `postcode ${p.code}: unknown municipality "${p.municipality}" (map territories in ${FILES.postcodeTerritories})`);
    }
  });

  // AMK centres: every municipality belongs to exactly one.
  const amkIds = new Set<string>();
  const amkOf = new Map<string, string>();
  data.amkCentres.forEach((a, i) => {
    const line = lines?.amkCentres[i];
    if (!SLUG.test(a.id)) err(FILES.amkCentres, line, `AMK id "${a.id}" must be lower-case letters, digits and dashes`);
    else if (amkIds.has(a.id)) err(FILES.amkCentres, line, `AMK id ${a.id} is used twice`);
    amkIds.add(a.id);
    if (!a.name.trim()) err(FILES.amkCentres, line, `AMK ${a.id} has no name`);
    if (!a.healthTrust.trim()) err(FILES.amkCentres, line, `AMK ${a.id} has no health trust`);
    if (!NUMBER_8.test(a.internalNumber)) {
      err(FILES.amkCentres, line, `AMK ${a.id}: internal number "${a.internalNumber}" is not an 8-digit Norwegian number`);
    }
    if (a.municipalities.length === 0) err(FILES.amkCentres, line, `AMK ${a.id} covers no municipality`);
    a.municipalities.forEach((m, j) => {
      const mline = lines?.amkMunicipalities[i]?.[j];
      if (!municipalities.has(m)) err(FILES.amkMunicipalities, mline, `unknown municipality "${m}"`);
      else if (amkOf.has(m)) err(FILES.amkMunicipalities, mline, `municipality ${m} is already covered by AMK ${amkOf.get(m)}`);
      else amkOf.set(m, a.id);
    });
  });
  reportUncovered(data, amkOf, FILES.amkMunicipalities, 'no AMK centre', err);

  // Centres (RT-1, RT-6, RT-8, RT-9, RT-10, RT-11).
  const centreIndex = new Map<string, number>();
  const centreNames = new Set<string>();
  const usedNumbers = new Map<string, string>();
  const centreOf = new Map<string, string>();
  data.centres.forEach((c, i) => {
    const line = lines?.centres[i];
    const e = (message: string) => err(FILES.centres, line, message);
    if (!SLUG.test(c.id)) e(`centre id "${c.id}" must be lower-case letters, digits and dashes`);
    else if (centreIndex.has(c.id)) e(`centre id ${c.id} is used twice`);
    else centreIndex.set(c.id, i);
    if (!c.name.trim()) e(`centre ${c.id} has no name`);
    else if (centreNames.has(c.name)) e(`centre name "${c.name}" is used twice`);
    centreNames.add(c.name);
    const numbers: [string, string, RegExp][] = [
      ['underlying number', c.underlyingNumber, NUMBER_8],
      ['public number', c.publicNumber, FIXED_NUMBER_8],
      ['internal number', c.internalNumber, NUMBER_8],
    ];
    for (const [what, value, pattern] of numbers) {
      if (!pattern.test(value)) {
        e(`centre ${c.id}: ${what} "${value}" is not ${pattern === FIXED_NUMBER_8 ? 'a fixed-network' : 'an'} 8-digit Norwegian number`);
      } else if (usedNumbers.has(value)) e(`centre ${c.id}: ${what} ${value} is already used as ${usedNumbers.get(value)}`);
      else usedNumbers.set(value, `${what} of ${c.id}`);
    }
    if (!c.alternativeSite.name.trim()) e(`centre ${c.id}: alternative answering site has no name (RT-11)`);
    if (!NUMBER_8.test(c.alternativeSite.number)) {
      e(`centre ${c.id}: alternative site number "${c.alternativeSite.number}" is not an 8-digit Norwegian number`);
    } else if (c.alternativeSite.number === c.underlyingNumber) {
      e(`centre ${c.id}: alternative site number must differ from the underlying number (RT-11)`);
    }
    if (!amkIds.has(c.amkId)) e(`centre ${c.id}: unknown AMK "${c.amkId}"`);
    if (c.municipalities.length === 0) e(`centre ${c.id} serves no municipality`);
    c.municipalities.forEach((m, j) => {
      const mline = lines?.centreMunicipalities[i]?.[j];
      if (!municipalities.has(m)) err(FILES.centreMunicipalities, mline, `unknown municipality "${m}"`);
      else if (centreOf.has(m)) {
        err(FILES.centreMunicipalities, mline, `municipality ${m} is already served by centre ${centreOf.get(m)}`);
      } else centreOf.set(m, c.id);
    });
    if (!municipalities.has(c.hostMunicipality)) e(`centre ${c.id}: unknown host municipality "${c.hostMunicipality}"`);
    else {
      if (!c.municipalities.includes(c.hostMunicipality)) {
        e(`centre ${c.id}: host municipality ${c.hostMunicipality} is not among the municipalities it serves`);
      }
      const hostAmk = amkOf.get(c.hostMunicipality);
      if (hostAmk !== undefined && amkIds.has(c.amkId) && hostAmk !== c.amkId) {
        e(`centre ${c.id}: AMK ${c.amkId} differs from ${hostAmk}, the AMK of its host municipality ${c.hostMunicipality}`);
      }
    }
  });
  reportUncovered(data, centreOf, FILES.centreMunicipalities, 'no centre', err);

  // Schedules (RT-10): partners exist and are staffed around the clock, so no chain can leave a
  // municipality without a staffed centre.
  data.centres.forEach((c, i) => {
    if (!c.schedule) return;
    const firstLine = lines?.centreSchedules[i]?.[0];
    const e = (message: string, line = firstLine) => err(FILES.centreSchedules, line, message);
    const partnerId = c.schedule.partnerCentreId;
    const p = centreIndex.get(partnerId);
    if (partnerId === c.id) e(`centre ${c.id} cannot be its own schedule partner`);
    else if (p === undefined) e(`centre ${c.id}: unknown partner centre "${partnerId}"`);
    else if (data.centres[p]!.schedule) {
      e(`centre ${c.id}: partner ${partnerId} is itself part-day; a partner must be staffed 24/7 (RT-10)`);
    }
    if (c.schedule.staffed.length === 0) e(`centre ${c.id}: a part-day schedule needs at least one staffed window`);
    c.schedule.staffed.forEach((w, k) => {
      const line = lines?.centreSchedules[i]?.[k];
      if (w.days.length === 0) e(`centre ${c.id}: window has no weekdays`, line);
      const seen = new Set<number>();
      for (const d of w.days) {
        if (!Number.isInteger(d) || d < 1 || d > 7) e(`centre ${c.id}: weekday ${d} must be 1 (Monday) … 7 (Sunday)`, line);
        else if (seen.has(d)) e(`centre ${c.id}: weekday ${d} is listed twice`, line);
        seen.add(d);
      }
      if (!CLOCK.test(w.from)) e(`centre ${c.id}: start time "${w.from}" must be HH:MM (00:00–23:59)`, line);
      if (!CLOCK.test(w.to) && w.to !== '24:00') e(`centre ${c.id}: end time "${w.to}" must be HH:MM (00:00–24:00)`, line);
    });
  });

  // Overflow centres (RT-6): the centre serving each county's most populous municipality.
  if (!data.centres.some((c) => c.overflow)) err(FILES.centres, 0, 'no centre is marked as overflow centre (RT-6)');
  for (const county of data.counties) {
    const centreId = centreOf.get(county.mostPopulousMunicipality);
    const ci = centreId === undefined ? undefined : centreIndex.get(centreId);
    if (ci !== undefined && !data.centres[ci]!.overflow) {
      err(
        FILES.centres,
        lines?.centres[ci],
        `centre ${centreId} serves ${county.mostPopulousMunicipality}, the most populous municipality of county ${county.number}, and must be an overflow centre (RT-6)`,
      );
    }
  }

  validateNumberPlan(data, municipalities, counties, lines, err);
  return errors;
}

function reportUncovered(
  data: RoutingDataSet,
  covered: Map<string, string>,
  file: string,
  what: string,
  err: (file: string, line: number, message: string) => void,
): void {
  for (const m of data.municipalities) {
    if (!covered.has(m.number)) err(file, 0, `municipality ${m.number} ${m.name} is served by ${what}`);
  }
}

/** Number series and ported numbers (RT-2). */
function validateNumberPlan(
  data: RoutingDataSet,
  municipalities: Map<string, number>,
  counties: Map<string, number>,
  lines: SourceLines | undefined,
  err: (file: string, line: number | undefined, message: string) => void,
): void {
  const prefixes = new Set<string>();
  const series = data.numberSeries;
  for (let i = 0; i < series.length; i++) {
    const s = series[i]!;
    const e = (message: string) => err(FILES.numberSeries, lines?.numberSeries[i], message);
    if (!/^\d{1,8}$/.test(s.prefix)) e(`prefix "${s.prefix}" must be 1–8 digits`);
    else if (prefixes.has(s.prefix)) e(`prefix ${s.prefix} is listed twice`);
    prefixes.add(s.prefix);
    if (!s.operator.trim()) e(`series ${s.prefix} has no operator`);
    if (!SERIES_KINDS.includes(s.kind)) {
      e(`series ${s.prefix}: kind "${s.kind}" must be one of ${SERIES_KINDS.join(', ')}`);
      continue;
    }
    const first = s.prefix[0] ?? '';
    if (s.kind === 'mobile' ? !'49'.includes(first) : s.kind === 'ip' ? !'2356789'.includes(first) : !'23567'.includes(first)) {
      e(`series ${s.prefix}: a ${s.kind} series cannot start with ${first}`);
    }
    const mi = s.municipality ? municipalities.get(s.municipality) : undefined;
    if (s.municipality && mi === undefined) e(`series ${s.prefix}: unknown municipality "${s.municipality}"`);
    if (s.county && !counties.has(s.county)) e(`series ${s.prefix}: unknown county "${s.county}"`);
    if (mi !== undefined && s.county && data.municipalities[mi]!.countyNumber !== s.county) {
      e(`series ${s.prefix}: municipality ${s.municipality} is not in county ${s.county}`);
    }
    switch (s.kind) {
      case 'incumbent-fixed':
        if (!s.municipality) e(`series ${s.prefix}: an incumbent fixed series must name its municipality`);
        break;
      case 'other-fixed':
        if (s.municipality) e(`series ${s.prefix}: another operator's fixed series resolves to a county only`);
        if (!s.county) e(`series ${s.prefix}: another operator's fixed series must name its county`);
        break;
      case 'mobile':
        if (s.municipality || s.county) e(`series ${s.prefix}: a mobile series carries no geography`);
        break;
      case 'ip':
        if (!s.county && !s.municipality) e(`series ${s.prefix}: an IP series must name a county or a municipality`);
        break;
    }
  }
  // The hot loop of the loader (100,000+ rows): no closures per row.
  const numbers = new Set<string>();
  const ported = data.portedNumbers;
  const file = FILES.portedNumbers;
  for (let i = 0; i < ported.length; i++) {
    const p = ported[i]!;
    const line = lines?.portedNumbers[i];
    if (!NUMBER_8.test(p.number)) err(file, line, `ported number "${p.number}" is not an 8-digit Norwegian number`);
    else if (numbers.has(p.number)) err(file, line, `ported number ${p.number} is listed twice`);
    numbers.add(p.number);
    if (!prefixes.has(p.originalPrefix)) {
      err(file, line, `ported number ${p.number}: original series "${p.originalPrefix}" is not in ${FILES.numberSeries}`);
    } else if (!p.number.startsWith(p.originalPrefix)) {
      err(file, line, `ported number ${p.number} does not belong to its original series ${p.originalPrefix}`);
    }
    if (!p.currentOperator.trim()) err(file, line, `ported number ${p.number} has no current operator`);
  }
}
