/**
 * Reads municipality numbers and populations from `kommuner_2024.csv` (columns `kommunenummer`,
 * `folketall_2024`) for the location simulator. Kept here, small and separate from the routing
 * data loader, so the simulator can run without a complete routing data set.
 */
import { readFile } from 'node:fs/promises';

export interface MunicipalityWeight {
  number: string;
  population: number;
}

/** Splits one CSV line, honouring double-quoted fields with "" escapes. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** Parses CSV text; errors name the file and line. */
export function parseMunicipalitiesCsv(text: string, file = 'municipalities.csv'): MunicipalityWeight[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  const numberCol = header.indexOf('kommunenummer');
  const populationCol = header.indexOf('folketall_2024');
  if (numberCol < 0 || populationCol < 0) {
    throw new Error(`${file}:1: header must have columns kommunenummer and folketall_2024`);
  }
  const out: MunicipalityWeight[] = [];
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '') return;
    const fields = splitCsvLine(line);
    const number = fields[numberCol]?.trim() ?? '';
    const population = Number(fields[populationCol]?.trim());
    if (!/^\d{4}$/.test(number))
      throw new Error(`${file}:${i + 1}: kommunenummer "${number}" is not 4 digits`);
    if (!Number.isInteger(population) || population < 0) {
      throw new Error(
        `${file}:${i + 1}: folketall_2024 "${fields[populationCol] ?? ''}" is not a whole number`,
      );
    }
    out.push({ number, population });
  });
  if (out.length === 0) throw new Error(`${file}: no municipalities`);
  return out;
}

export async function readMunicipalitiesCsv(file: string): Promise<MunicipalityWeight[]> {
  return parseMunicipalitiesCsv(await readFile(file, 'utf8'), file);
}
