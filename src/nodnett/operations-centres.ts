/**
 * The directory of the other agencies' operations centres on Nødnett (AMK-3): for each police
 * district's operations centre, each 110 centre and each rescue coordination centre, the ISSI of
 * its dispatch position and the counties (2 digits) or municipalities (4 digits) it covers. The
 * alert channel looks a triple alert's recipient up here by the incident's municipality: a
 * municipality listed by number wins over its county (Asker and Bærum belong to Oslo police
 * district, the rest of Akershus to Øst).
 *
 * A CSV file (`agency,name,issi,areas`; areas separated by spaces) that the operator of a
 * deployment maintains; the simulator's (`data/simulator/operations-centres.csv`, invented
 * ISSIs) is the default in simulator mode. A bad file stops the start with its file and line.
 */
import { readFileSync } from 'node:fs';
import { CsvSyntaxError, parseCsv } from '../platform/text/csv.ts';
import { TRIPLE_ALERT_AGENCIES, type TripleAlertAgency } from '../amk/domain/triple-alert.ts';
import type { Ssi } from './port.ts';

export interface OperationsCentre {
  agency: TripleAlertAgency;
  name: string;
  issi: Ssi;
  /** County numbers (2 digits) and municipality numbers (4 digits). */
  areas: string[];
}

export interface OperationsCentreDirectory {
  centres: readonly OperationsCentre[];
  /**
   * The centre of `agency` for the municipality (4 digits; its county, when not given, from the
   * first two digits), or null when the directory has none.
   */
  resolve(agency: TripleAlertAgency, municipality: string, county?: string): OperationsCentre | null;
}

export const SIMULATED_OPERATIONS_CENTRES = new URL(
  '../../data/simulator/operations-centres.csv',
  import.meta.url,
).pathname;

export class DirectoryError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
  }
}

/** Parses the directory's CSV text; throws a `DirectoryError` naming the file and line. */
export function parseOperationsCentres(text: string, file: string): OperationsCentreDirectory {
  let parsed;
  try {
    parsed = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new DirectoryError(file, e.line, e.message);
    throw e;
  }
  const want = ['agency', 'name', 'issi', 'areas'];
  if (parsed.header.join(',') !== want.join(','))
    throw new DirectoryError(file, 1, `the header must be ${want.join(',')}`);
  const centres: OperationsCentre[] = [];
  const taken = new Map<string, number>();
  for (const row of parsed.rows) {
    const [agency = '', name = '', issi = '', areas = ''] = row.cells.map((c) => c.trim());
    if (row.cells.length !== 4) throw new DirectoryError(file, row.line, 'a row has 4 columns');
    if (!(TRIPLE_ALERT_AGENCIES as readonly string[]).includes(agency))
      throw new DirectoryError(file, row.line, `agency must be one of ${TRIPLE_ALERT_AGENCIES.join(', ')}`);
    if (!name) throw new DirectoryError(file, row.line, 'name is empty');
    if (!/^\d{1,8}$/.test(issi) || Number(issi) < 1 || Number(issi) > 0xffffff)
      throw new DirectoryError(file, row.line, `issi ${JSON.stringify(issi)} is not a 24-bit number`);
    const list = areas.split(/\s+/).filter(Boolean);
    if (list.length === 0) throw new DirectoryError(file, row.line, 'areas is empty');
    for (const a of list) {
      if (!/^(\d{2}|\d{4})$/.test(a))
        throw new DirectoryError(
          file,
          row.line,
          `area ${JSON.stringify(a)} is neither a county (2 digits) nor a municipality (4 digits)`,
        );
      const key = `${agency}:${a}`;
      const first = taken.get(key);
      if (first !== undefined)
        throw new DirectoryError(
          file,
          row.line,
          `area ${a} of ${agency} is already covered on line ${first}`,
        );
      taken.set(key, row.line);
    }
    centres.push({ agency: agency as TripleAlertAgency, name, issi: Number(issi), areas: list });
  }
  const byArea = new Map<string, OperationsCentre>();
  for (const c of centres) for (const a of c.areas) byArea.set(`${c.agency}:${a}`, c);
  return {
    centres,
    resolve: (agency, municipality, county) =>
      byArea.get(`${agency}:${municipality}`) ??
      byArea.get(`${agency}:${county ?? municipality.slice(0, 2)}`) ??
      null,
  };
}

export function loadOperationsCentres(file: string): OperationsCentreDirectory {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DirectoryError(file, 0, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return parseOperationsCentres(text, file);
}
