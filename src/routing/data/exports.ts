/**
 * The routing table (RT-8) and the internal phone list (RT-9) as plain rows, and CSV output.
 * Pure functions of a data set: the HTTP API and the CLI serve them.
 */
import type { RoutingDataSet } from '../domain/types.ts';
import { writeCsv, type CsvValue } from './csv.ts';

export interface RoutingTableRow {
  municipalityNumber: string;
  municipalityName: string;
  countyNumber: string;
  countyName: string;
  centreId: string;
  centreName: string;
  /** The number 116117 is routed to for this municipality (RT-8). */
  underlyingNumber: string;
  /** The centre's public 8-digit direct number (RT-1, RT-8). */
  publicNumber: string;
}

export const ROUTING_TABLE_COLUMNS = [
  'municipalityNumber',
  'municipalityName',
  'countyNumber',
  'countyName',
  'centreId',
  'centreName',
  'underlyingNumber',
  'publicNumber',
] as const satisfies readonly (keyof RoutingTableRow)[];

export interface PhoneListRow {
  centreId: string;
  centreName: string;
  publicNumber: string;
  /** Number for transfers between centres (RT-9). */
  internalNumber: string;
  underlyingNumber: string;
  alternativeSiteName: string;
  alternativeSiteNumber: string;
  amkId: string;
  amkName: string;
}

export const PHONE_LIST_COLUMNS = [
  'centreId',
  'centreName',
  'publicNumber',
  'internalNumber',
  'underlyingNumber',
  'alternativeSiteName',
  'alternativeSiteNumber',
  'amkId',
  'amkName',
] as const satisfies readonly (keyof PhoneListRow)[];

const collator = new Intl.Collator('nb');

/** One row per municipality, by municipality number (RT-8). Municipalities without a centre are left out. */
export function routingTableRows(data: RoutingDataSet): RoutingTableRow[] {
  const counties = new Map(data.counties.map((c) => [c.number, c]));
  const centreOf = new Map(data.centres.flatMap((c) => c.municipalities.map((m) => [m, c] as const)));
  return [...data.municipalities]
    .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))
    .flatMap((m) => {
      const centre = centreOf.get(m.number);
      if (!centre) return [];
      return [
        {
          municipalityNumber: m.number,
          municipalityName: m.name,
          countyNumber: m.countyNumber,
          countyName: counties.get(m.countyNumber)?.name ?? '',
          centreId: centre.id,
          centreName: centre.name,
          underlyingNumber: centre.underlyingNumber,
          publicNumber: centre.publicNumber,
        },
      ];
    });
}

/** One row per centre, by name (Norwegian collation): the internal phone list (RT-9, RT-11). */
export function phoneListRows(data: RoutingDataSet): PhoneListRow[] {
  const amks = new Map(data.amkCentres.map((a) => [a.id, a]));
  return [...data.centres]
    .sort((a, b) => collator.compare(a.name, b.name))
    .map((c) => ({
      centreId: c.id,
      centreName: c.name,
      publicNumber: c.publicNumber,
      internalNumber: c.internalNumber,
      underlyingNumber: c.underlyingNumber,
      alternativeSiteName: c.alternativeSite.name,
      alternativeSiteNumber: c.alternativeSite.number,
      amkId: c.amkId,
      amkName: amks.get(c.amkId)?.name ?? '',
    }));
}

/**
 * RFC 4180 CSV with a header row and CRLF line ends. Columns are `columns` when given, else the
 * keys of the first row (so an empty list without `columns` gives an empty string).
 */
export function toCsv<T extends object>(rows: readonly T[], columns?: readonly (keyof T & string)[]): string {
  const cols = columns ?? (rows.length > 0 ? (Object.keys(rows[0]!) as (keyof T & string)[]) : []);
  if (cols.length === 0) return '';
  return writeCsv(cols, rows as unknown as Record<string, CsvValue>[]);
}
