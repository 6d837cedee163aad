/**
 * Loads a routing data set directory (docs/data.md) into a validated `RoutingDataSet`.
 *
 * Two phases, so one mistake does not drown in follow-up errors: first every file is parsed
 * (CSV syntax, headers, field syntax) and all such errors are reported together; only when that
 * is clean are the files joined and checked as a whole (`validateDataSet`).
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  AmkCentre,
  Centre,
  County,
  MenuRegion,
  Municipality,
  NumberSeries,
  PortedNumber,
  Postcode,
  RoutingDataSet,
  SeriesKind,
  StaffedWindow,
} from '../domain/types.ts';
import { mapHeader, parseCsv, type CsvRecord, type DataError } from './csv.ts';
import { COLUMNS, FILES, FORMAT_VERSION, MANIFEST_FILE, type FileKey, type Manifest } from './files.ts';
import { dataSetStats } from './stats.ts';
import { validateDataSet, type SourceLines } from './validate.ts';
import { decodeUtf8 } from '../../platform/text/utf8.ts';

/** The default data set shipped in the repository (`data/default/`). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../data/default/', import.meta.url));

export type LoadResult =
  | { ok: true; data: RoutingDataSet; stats: Record<string, number>; manifest: Manifest }
  | { ok: false; errors: DataError[] };

/** Reads and validates a data set directory. Never throws for bad data: errors come back with file and line. */
export async function loadDataSetDir(dir: string): Promise<LoadResult> {
  try {
    if (!(await stat(dir)).isDirectory()) return { ok: false, errors: [{ file: '.', line: 0, message: 'not a directory' }] };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'directory does not exist' : `cannot read directory (${code ?? String(e)})`;
    return { ok: false, errors: [{ file: '.', line: 0, message }] };
  }
  const names = [MANIFEST_FILE, ...Object.values(FILES)];
  const files = new Map<string, string>();
  const errors: DataError[] = [];
  await Promise.all(
    names.map(async (name) => {
      try {
        // Strictly UTF-8 (a BOM is fine): a Latin-1 file would otherwise load with its names garbled.
        const decoded = decodeUtf8(await readFile(path.join(dir, name)));
        if (decoded.ok) files.set(name, decoded.text);
        else for (const e of decoded.errors) errors.push({ file: name, line: e.line, message: e.message });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const message = code === 'ENOENT' ? 'file is missing' : `cannot read file (${code ?? String(e)})`;
        errors.push({ file: name, line: 0, message });
      }
    }),
  );
  if (errors.length > 0) return { ok: false, errors: sortErrors(errors) };
  return parseDataSetFiles(files);
}

/** Like `loadDataSetDir`, from file contents keyed by file name (e.g. an upload). */
export function parseDataSetFiles(files: ReadonlyMap<string, string>): LoadResult {
  const errors: DataError[] = [];
  const text = (name: string): string | undefined => {
    const t = files.get(name);
    if (t === undefined) errors.push({ file: name, line: 0, message: 'file is missing' });
    else if (!checkText(t, name, errors)) return undefined;
    return t;
  };
  const manifestText = text(MANIFEST_FILE);
  const manifest = manifestText === undefined ? undefined : parseManifest(manifestText, errors);
  const tables = {} as Record<FileKey, Table>;
  for (const key of Object.keys(FILES) as FileKey[]) tables[key] = readTable(text(FILES[key]), key, errors);
  if (errors.length > 0) return { ok: false, errors: sortErrors(errors) };

  const parsed = parseRows(tables, errors);
  if (errors.length > 0 || !manifest) return { ok: false, errors: sortErrors(errors) };
  const { data, lines } = assemble(parsed, tables, errors);
  addAll(errors, validateDataSet(data, lines));
  if (errors.length > 0) return { ok: false, errors: sortErrors(errors) };
  return { ok: true, data, stats: dataSetStats(data), manifest };
}

let defaultSet: Promise<RoutingDataSet> | undefined;

/** The default data set, loaded once per process (for tests and first start). Throws if it is invalid. */
export function loadDefaultDataSet(): Promise<RoutingDataSet> {
  defaultSet ??= loadDataSetDir(DEFAULT_DATA_DIR).then((r) => {
    if (r.ok) return r.data;
    const first = r.errors.slice(0, 5).map((e) => `${e.file}:${e.line}: ${e.message}`);
    throw new Error(`The default data set in ${DEFAULT_DATA_DIR} is invalid:\n${first.join('\n')}`);
  });
  return defaultSet;
}

/**
 * Characters a data file must not hold: NUL (PostgreSQL refuses it) and U+FFFD (a file that was
 * decoded from another encoding before it got here). Reports each line; false when any.
 */
function checkText(t: string, file: string, errors: DataError[]): boolean {
  if (!/[\u0000\uFFFD]/.test(t)) return true;
  t.split('\n').forEach((lineText, i) => {
    if (lineText.includes('\u0000'))
      errors.push({ file, line: i + 1, message: 'contains a NUL character (U+0000)' });
    else if (lineText.includes('\uFFFD'))
      errors.push({ file, line: i + 1, message: 'contains U+FFFD: the text was decoded from another encoding; save the file as UTF-8' });
  });
  return false;
}

function sortErrors(errors: DataError[]): DataError[] {
  return errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

function parseManifest(text: string, errors: DataError[]): Manifest | undefined {
  const err = (message: string) => errors.push({ file: MANIFEST_FILE, line: 0, message });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    err(`not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    err('must be a JSON object');
    return undefined;
  }
  const m = json as Record<string, unknown>;
  if (m.formatVersion !== FORMAT_VERSION) {
    err(`formatVersion must be ${FORMAT_VERSION}, found ${JSON.stringify(m.formatVersion)}`);
  }
  if (typeof m.name !== 'string' || !m.name.trim()) err('"name" must be a non-empty string');
  if (typeof m.description !== 'string') err('"description" must be a string');
  return m as unknown as Manifest;
}

interface Table {
  key: FileKey;
  file: string;
  records: CsvRecord[];
  /** Column name → field index. */
  ix: Record<string, number>;
}

/** Appends one by one: a file with a bad value on every line has more errors than a call takes arguments. */
function addAll(errors: DataError[], more: readonly DataError[]): void {
  for (const e of more) errors.push(e);
}

function readTable(text: string | undefined, key: FileKey, errors: DataError[]): Table {
  const file = FILES[key];
  const table: Table = { key, file, records: [], ix: {} };
  if (text === undefined) return table;
  const csv = parseCsv(text, file);
  if (csv.header.length === 0) {
    addAll(errors, csv.errors);
    return table;
  }
  const header = mapHeader(csv.header, COLUMNS[key], file);
  if ('errors' in header) {
    // With the wrong columns every row would fail too: report the header only.
    addAll(errors, header.errors);
    addAll(
      errors,
      csv.errors.filter((e) => e.line === 1),
    );
    return table;
  }
  addAll(errors, csv.errors);
  table.records = csv.records;
  table.ix = header.index;
  return table;
}

/** Reads typed values out of one record, recording field-syntax errors. */
class Row {
  /** The record being read: one Row is reused for all records of a table (100,000+ rows). */
  rec!: CsvRecord;

  constructor(
    private readonly table: Table,
    private readonly errors: DataError[],
  ) {}

  get line(): number {
    return this.rec.line;
  }

  str(column: string): string {
    return this.rec.fields[this.table.ix[column]!]!;
  }

  /** Empty → undefined. */
  opt(column: string): string | undefined {
    const v = this.str(column);
    return v === '' ? undefined : v;
  }

  fail(column: string, message: string): void {
    this.errors.push({ file: this.table.file, line: this.rec.line, message: `column "${column}": ${message}` });
  }

  /** A value that must match `pattern` (e.g. digit codes); reports `what` otherwise. */
  code(column: string, pattern: RegExp, what: string): string {
    const v = this.str(column);
    if (!pattern.test(v)) this.fail(column, `"${v}" is not ${what}`);
    return v;
  }

  bool(column: string): boolean {
    const v = this.str(column);
    if (v !== 'true' && v !== 'false') this.fail(column, `expected true or false, found "${v}"`);
    return v === 'true';
  }

  int(column: string): number {
    const v = this.str(column);
    if (!/^\d+$/.test(v)) this.fail(column, `expected a whole number, found "${v}"`);
    return Number(v);
  }

  /** Space-separated integers, e.g. "1 2 3 4 5". */
  ints(column: string, what: string): number[] {
    const v = this.str(column);
    if (!/^\d+(?: \d+)*$/.test(v)) this.fail(column, `"${v}" is not ${what}`);
    return v.split(' ').map(Number);
  }
}

/** Maps every record of a table through `f`, returning values and their source lines. */
function mapRecords<T>(table: Table, errors: DataError[], f: (r: Row) => T): { values: T[]; lines: number[] } {
  const row = new Row(table, errors);
  const values: T[] = [];
  const lines: number[] = [];
  for (const rec of table.records) {
    row.rec = rec;
    values.push(f(row));
    lines.push(rec.line);
  }
  return { values, lines };
}

const DIGITS = (n: number) => new RegExp(`^\\d{${n}}$`);
const D2 = DIGITS(2);
const D4 = DIGITS(4);
const D6 = DIGITS(6);
const PHONE = /^\d{8}$/;
const POSTCODE_CATEGORIES = new Set(['G', 'P', 'B', 'S', 'F']);

interface Lined<T> {
  line: number;
  value: T;
}

function parseRows(t: Record<FileKey, Table>, errors: DataError[]) {
  const lined = <T>(key: FileKey, f: (r: Row) => T): Lined<T>[] => {
    const { values, lines } = mapRecords(t[key], errors, f);
    return values.map((value, i) => ({ line: lines[i]!, value }));
  };
  const bulk = <T>(key: FileKey, f: (r: Row) => T) => mapRecords(t[key], errors, f);
  return {
    municipalities: lined<Municipality>('municipalities', (r) => ({
      number: r.code('kommunenummer', D4, 'a 4-digit municipality number'),
      name: r.str('kommunenavn_entydig'),
      countyNumber: r.code('fylkesnummer', D2, 'a 2-digit county number'),
      population: r.int('folketall_2024'),
    })),
    counties: lined<County>('counties', (r) => ({
      number: r.code('fylkesnummer', D2, 'a 2-digit county number'),
      name: r.str('fylkesnavn'),
      menuRegion: r.str('meny_region'),
      mostPopulousMunicipality: r.code('storste_kommune_nummer', D4, 'a 4-digit municipality number'),
    })),
    menuRegions: lined<Omit<MenuRegion, 'order'>>('menuRegions', (r) => ({
      name: r.str('meny_region'),
      countyNumbers: r.code('fylkesnumre', /^\d{2}(?: \d{2})*$/, 'county numbers separated by spaces').split(' '),
    })),
    postcodes: lined<Postcode>('postcodes', (r) => {
      const category = r.str('kategori');
      if (!POSTCODE_CATEGORIES.has(category)) r.fail('kategori', `"${category}" is not one of G, P, B, S, F`);
      return {
        code: r.code('postnummer', D4, 'a 4-digit postcode'),
        place: r.str('poststed'),
        municipality: r.code('kommunenummer', D4, 'a 4-digit municipality number'),
      };
    }),
    healthTrustAreas: lined('healthTrustAreas', (r) => {
      const type = r.str('type');
      if (type !== 'kommune' && type !== 'bydel') r.fail('type', `expected kommune or bydel, found "${type}"`);
      r.code('kode', type === 'bydel' ? D6 : D4, type === 'bydel' ? 'a 6-digit bydel code' : 'a 4-digit municipality number');
      return r.code('kommunenummer', D4, 'a 4-digit municipality number');
    }),
    territories: lined('postcodeTerritories', (r) => ({
      territory: r.code('territory_number', D4, 'a 4-digit number'),
      name: r.str('territory_name'),
      servedBy: r.code('served_by_municipality', D4, 'a 4-digit municipality number'),
    })),
    centres: lined<Omit<Centre, 'municipalities' | 'schedule'>>('centres', (r) => ({
      id: r.str('id'),
      name: r.str('name'),
      underlyingNumber: r.code('underlying_number', PHONE, 'an 8-digit number'),
      publicNumber: r.code('public_number', PHONE, 'an 8-digit number'),
      internalNumber: r.code('internal_number', PHONE, 'an 8-digit number'),
      alternativeSite: {
        name: r.str('alternative_site_name'),
        number: r.code('alternative_site_number', PHONE, 'an 8-digit number'),
      },
      amkId: r.str('amk_id'),
      hostMunicipality: r.code('host_municipality', D4, 'a 4-digit municipality number'),
      overflow: r.bool('overflow'),
      fictional: r.bool('fictional'),
    })),
    centreMunicipalities: lined('centreMunicipalities', (r) => ({
      municipality: r.code('municipality_number', D4, 'a 4-digit municipality number'),
      owner: r.str('centre_id'),
    })),
    centreSchedules: lined('centreSchedules', (r) => ({
      owner: r.str('centre_id'),
      partner: r.str('partner_centre_id'),
      window: {
        days: r.ints('days', 'ISO weekdays (1 = Monday … 7 = Sunday) separated by spaces'),
        from: r.str('from'),
        to: r.str('to'),
      } satisfies StaffedWindow,
    })),
    amkCentres: lined<Omit<AmkCentre, 'municipalities'>>('amkCentres', (r) => ({
      id: r.str('id'),
      name: r.str('name'),
      healthTrust: r.str('health_trust'),
      internalNumber: r.code('internal_number', PHONE, 'an 8-digit number'),
      fictional: r.bool('fictional'),
    })),
    amkMunicipalities: lined('amkMunicipalities', (r) => ({
      municipality: r.code('municipality_number', D4, 'a 4-digit municipality number'),
      owner: r.str('amk_id'),
    })),
    numberSeries: bulk<NumberSeries>('numberSeries', (r) => {
      const s: NumberSeries = { prefix: r.str('prefix'), operator: r.str('operator'), kind: r.str('kind') as SeriesKind };
      const municipality = r.opt('municipality');
      const county = r.opt('county');
      if (municipality !== undefined) s.municipality = municipality;
      if (county !== undefined) s.county = county;
      return s;
    }),
    portedNumbers: bulk<PortedNumber>('portedNumbers', (r) => ({
      number: r.str('number'),
      originalPrefix: r.str('original_prefix'),
      currentOperator: r.str('current_operator'),
      geo: r.bool('geo'),
    })),
  };
}

/**
 * Joins the per-file rows into one data set: attaches municipality and schedule rows to their
 * centres and AMKs, and maps territory postcodes (Svalbard, Jan Mayen) to the municipality whose
 * centre serves them.
 */
function assemble(
  p: ReturnType<typeof parseRows>,
  t: Record<FileKey, Table>,
  errors: DataError[],
): { data: RoutingDataSet; lines: SourceLines } {
  const known = new Set(p.municipalities.map((m) => m.value.number));
  const territories = new Map<string, string>();
  for (const { line, value } of p.territories) {
    const e = (message: string) => errors.push({ file: t.postcodeTerritories.file, line, message });
    if (known.has(value.territory)) e(`${value.territory} is a municipality, not a territory`);
    else if (territories.has(value.territory)) e(`territory ${value.territory} is listed twice`);
    if (!known.has(value.servedBy)) e(`unknown municipality "${value.servedBy}"`);
    territories.set(value.territory, value.servedBy);
  }
  for (const { line, value } of p.healthTrustAreas) {
    if (!known.has(value)) errors.push({ file: t.healthTrustAreas.file, line, message: `unknown municipality "${value}"` });
  }
  const postcodes = p.postcodes.map(({ value }) => {
    const servedBy = territories.get(value.municipality);
    return servedBy === undefined ? value : { ...value, municipality: servedBy };
  });

  const centreMunis = group(p.centreMunicipalities, p.centres, t.centreMunicipalities.file, 'centre', errors);
  const amkMunis = group(p.amkMunicipalities, p.amkCentres, t.amkMunicipalities.file, 'AMK', errors);
  const schedules = group(p.centreSchedules, p.centres, t.centreSchedules.file, 'centre', errors);

  const centres: Centre[] = p.centres.map(({ value }, i) => {
    const centre: Centre = { ...value, municipalities: centreMunis[i]!.map((r) => r.value.municipality) };
    const windows = schedules[i]!;
    if (windows.length > 0) {
      const partner = windows[0]!.value.partner;
      for (const w of windows) {
        if (w.value.partner !== partner) {
          errors.push({
            file: t.centreSchedules.file,
            line: w.line,
            message: `centre ${value.id}: all windows must name the same partner centre (${partner}), found "${w.value.partner}"`,
          });
        }
      }
      centre.schedule = { staffed: windows.map((w) => w.value.window), partnerCentreId: partner };
    }
    return centre;
  });
  const data: RoutingDataSet = {
    counties: p.counties.map((r) => r.value),
    municipalities: p.municipalities.map((r) => r.value),
    postcodes,
    menuRegions: p.menuRegions.map(({ value }, i) => ({ ...value, order: i + 1 })),
    centres,
    amkCentres: p.amkCentres.map(({ value }, i) => ({
      ...value,
      municipalities: amkMunis[i]!.map((r) => r.value.municipality),
    })),
    numberSeries: p.numberSeries.values,
    portedNumbers: p.portedNumbers.values,
  };
  const lineOf = (xs: Lined<unknown>[]) => xs.map((x) => x.line);
  const lines: SourceLines = {
    counties: lineOf(p.counties),
    municipalities: lineOf(p.municipalities),
    postcodes: lineOf(p.postcodes),
    menuRegions: lineOf(p.menuRegions),
    centres: lineOf(p.centres),
    centreMunicipalities: centreMunis.map(lineOf),
    centreSchedules: schedules.map(lineOf),
    amkCentres: lineOf(p.amkCentres),
    amkMunicipalities: amkMunis.map(lineOf),
    numberSeries: p.numberSeries.lines,
    portedNumbers: p.portedNumbers.lines,
  };
  return { data, lines };
}

/** Groups child rows by their owner's id, in file order; rows naming an unknown owner are errors. */
function group<T extends { owner: string }>(
  children: Lined<T>[],
  owners: Lined<{ id: string }>[],
  file: string,
  what: string,
  errors: DataError[],
): Lined<T>[][] {
  const index = new Map<string, number>();
  owners.forEach((o, i) => {
    if (!index.has(o.value.id)) index.set(o.value.id, i);
  });
  const out: Lined<T>[][] = owners.map(() => []);
  for (const child of children) {
    const i = index.get(child.value.owner);
    if (i === undefined) errors.push({ file, line: child.line, message: `unknown ${what} "${child.value.owner}"` });
    else out[i]!.push(child);
  }
  return out;
}
