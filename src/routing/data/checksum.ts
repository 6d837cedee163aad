import { createHash } from 'node:crypto';
import type { RoutingDataSet } from '../domain/types.ts';

/**
 * SHA-256 over a canonical text form of a data set (explicit field order, lists in their order),
 * so the same content always gives the same checksum, however the objects were built.
 */
export function dataSetChecksum(data: RoutingDataSet): string {
  const h = createHash('sha256');
  const put = (section: string, rows: Iterable<readonly unknown[]>) => {
    h.update(`#${section}\n`);
    let chunk = '';
    for (const r of rows) {
      chunk += JSON.stringify(r) + '\n';
      if (chunk.length > 65536) {
        h.update(chunk);
        chunk = '';
      }
    }
    h.update(chunk);
  };
  put('counties', data.counties.map((c) => [c.number, c.name, c.menuRegion, c.mostPopulousMunicipality]));
  put('municipalities', data.municipalities.map((m) => [m.number, m.name, m.countyNumber, m.population]));
  put('postcodes', data.postcodes.map((p) => [p.code, p.place, p.municipality]));
  put('menuRegions', data.menuRegions.map((r) => [r.name, r.order, r.countyNumbers]));
  put(
    'amkCentres',
    data.amkCentres.map((a) => [a.id, a.name, a.healthTrust, a.internalNumber, a.fictional, a.municipalities]),
  );
  put(
    'centres',
    data.centres.map((c) => [
      c.id,
      c.name,
      c.underlyingNumber,
      c.publicNumber,
      c.internalNumber,
      c.alternativeSite.name,
      c.alternativeSite.number,
      c.amkId,
      c.hostMunicipality,
      c.overflow,
      c.fictional,
      c.municipalities,
      c.schedule ? [c.schedule.partnerCentreId, c.schedule.staffed.map((w) => [w.days, w.from, w.to])] : null,
    ]),
  );
  put(
    'numberSeries',
    data.numberSeries.map((s) => [s.prefix, s.operator, s.kind, s.municipality ?? null, s.county ?? null]),
  );
  put(
    'portedNumbers',
    data.portedNumbers.map((p) => [p.number, p.originalPrefix, p.currentOperator, p.geo]),
  );
  return h.digest('hex');
}
