/**
 * Writes a `RoutingDataSet` as a data set directory that `loadDataSetDir` reads back to an equal
 * set: used to export a stored version and to build test fixtures.
 *
 * The reference files get the columns the data set has; columns it does not carry (area,
 * centroids, official names, …) are left empty. Postcodes of territories were already mapped to
 * their serving municipality on load, so no territory file rows are written.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RoutingDataSet } from '../domain/types.ts';
import { writeCsv, type CsvValue } from './csv.ts';
import { COLUMNS, FILES, FORMAT_VERSION, MANIFEST_FILE, type FileKey, type Manifest } from './files.ts';

/** The files of a data set as text, keyed by file name. */
export function dataSetFiles(data: RoutingDataSet, manifest?: Partial<Manifest>): Map<string, string> {
  const counties = new Map(data.counties.map((c) => [c.number, c]));
  const files = new Map<string, string>();
  const put = (key: FileKey, rows: Record<string, CsvValue>[]) => files.set(FILES[key], writeCsv(COLUMNS[key], rows, '\n'));
  put(
    'municipalities',
    data.municipalities.map((m) => ({
      kommunenummer: m.number,
      kommunenavn: m.name,
      kommunenavn_entydig: m.name,
      kommunenavn_offisielt: m.name,
      fylkesnummer: m.countyNumber,
      fylkesnavn: counties.get(m.countyNumber)?.name,
      meny_region: counties.get(m.countyNumber)?.menuRegion,
      folketall_2024: m.population,
    })),
  );
  put(
    'counties',
    data.counties.map((c) => ({
      fylkesnummer: c.number,
      fylkesnavn: c.name,
      fylkesnavn_offisielt: c.name,
      meny_region: c.menuRegion,
      storste_kommune_nummer: c.mostPopulousMunicipality,
    })),
  );
  put(
    'menuRegions',
    [...data.menuRegions]
      .sort((a, b) => a.order - b.order)
      .map((r) => ({ meny_region: r.name, fylkesnumre: r.countyNumbers.join(' ') })),
  );
  put(
    'postcodes',
    data.postcodes.map((p) => ({ postnummer: p.code, poststed: p.place, kommunenummer: p.municipality, kategori: 'G' })),
  );
  put(
    'healthTrustAreas',
    data.municipalities.map((m) => ({ kode: m.number, navn: m.name, type: 'kommune', kommunenummer: m.number })),
  );
  put('postcodeTerritories', []);
  put(
    'centres',
    data.centres.map((c) => ({
      id: c.id,
      name: c.name,
      host_municipality: c.hostMunicipality,
      underlying_number: c.underlyingNumber,
      public_number: c.publicNumber,
      internal_number: c.internalNumber,
      alternative_site_name: c.alternativeSite.name,
      alternative_site_number: c.alternativeSite.number,
      amk_id: c.amkId,
      overflow: c.overflow,
      fictional: c.fictional,
    })),
  );
  put(
    'centreMunicipalities',
    data.centres.flatMap((c) => c.municipalities.map((m) => ({ municipality_number: m, centre_id: c.id }))),
  );
  put(
    'centreSchedules',
    data.centres.flatMap((c) =>
      (c.schedule?.staffed ?? []).map((w) => ({
        centre_id: c.id,
        partner_centre_id: c.schedule!.partnerCentreId,
        days: w.days.join(' '),
        from: w.from,
        to: w.to,
      })),
    ),
  );
  put(
    'amkCentres',
    data.amkCentres.map((a) => ({
      id: a.id,
      name: a.name,
      health_trust: a.healthTrust,
      internal_number: a.internalNumber,
      fictional: a.fictional,
    })),
  );
  put(
    'amkMunicipalities',
    data.amkCentres.flatMap((a) => a.municipalities.map((m) => ({ municipality_number: m, amk_id: a.id }))),
  );
  put(
    'numberSeries',
    data.numberSeries.map((s) => ({
      prefix: s.prefix,
      operator: s.operator,
      kind: s.kind,
      municipality: s.municipality,
      county: s.county,
    })),
  );
  put(
    'portedNumbers',
    data.portedNumbers.map((p) => ({
      number: p.number,
      original_prefix: p.originalPrefix,
      current_operator: p.currentOperator,
      geo: p.geo,
    })),
  );
  const m: Manifest = { formatVersion: FORMAT_VERSION, name: 'export', description: '', ...manifest };
  files.set(MANIFEST_FILE, JSON.stringify(m, null, 2) + '\n');
  return files;
}

/** Writes the files of `data` into `dir` (created if needed). */
export async function writeDataSetDir(dir: string, data: RoutingDataSet, manifest?: Partial<Manifest>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await Promise.all([...dataSetFiles(data, manifest)].map(([name, text]) => writeFile(path.join(dir, name), text)));
}
