/**
 * Test factories for routing data: a tiny, complete and valid data set (two counties, five
 * municipalities, three centres of which one part-day, two AMKs, a few series and ported
 * numbers). Every call returns fresh objects, so a test may change what it gets.
 */
import type { AmkCentre, Centre, NumberSeries, PortedNumber, RoutingDataSet } from '../domain/types.ts';

export function buildCentre(overrides: Partial<Centre> = {}): Centre {
  return {
    id: 'lv-storby',
    name: 'Storby legevaktsentral',
    underlyingNumber: '22100001',
    publicNumber: '22100002',
    internalNumber: '22100003',
    alternativeSite: { name: 'Småby legevakt (reservemottak)', number: '22110001' },
    municipalities: ['0101', '0102'],
    amkId: 'amk-nord',
    hostMunicipality: '0101',
    overflow: true,
    fictional: true,
    ...overrides,
  };
}

export function buildAmkCentre(overrides: Partial<AmkCentre> = {}): AmkCentre {
  return {
    id: 'amk-nord',
    name: 'AMK Nord',
    healthTrust: 'Nordfylke sykehus HF',
    internalNumber: '22100100',
    municipalities: ['0101', '0102', '0103'],
    fictional: true,
    ...overrides,
  };
}

export function buildNumberSeries(overrides: Partial<NumberSeries> = {}): NumberSeries {
  return { prefix: '2210', operator: 'Telenor', kind: 'incumbent-fixed', municipality: '0101', county: '01', ...overrides };
}

export function buildPortedNumber(overrides: Partial<PortedNumber> = {}): PortedNumber {
  return { number: '22101234', originalPrefix: '2210', currentOperator: 'Telia', geo: false, ...overrides };
}

/** A small valid data set; `overrides` replace whole lists. */
export function buildDataSet(overrides: Partial<RoutingDataSet> = {}): RoutingDataSet {
  return {
    counties: [
      { number: '01', name: 'Nordfylke', menuRegion: 'Nord', mostPopulousMunicipality: '0101' },
      { number: '02', name: 'Sørfylke', menuRegion: 'Sør', mostPopulousMunicipality: '0201' },
    ],
    municipalities: [
      { number: '0101', name: 'Storby', countyNumber: '01', population: 50000 },
      { number: '0102', name: 'Småby', countyNumber: '01', population: 3000 },
      { number: '0103', name: 'Fjellbygd', countyNumber: '01', population: 800 },
      { number: '0201', name: 'Havby', countyNumber: '02', population: 20000 },
      { number: '0202', name: 'Øybygd', countyNumber: '02', population: 1500 },
    ],
    postcodes: [
      { code: '1000', place: 'STORBY', municipality: '0101' },
      { code: '1100', place: 'SMÅBY', municipality: '0102' },
      { code: '1200', place: 'FJELLBYGD', municipality: '0103' },
      { code: '2000', place: 'HAVBY', municipality: '0201' },
      { code: '2100', place: 'ØYBYGD', municipality: '0202' },
    ],
    menuRegions: [
      { name: 'Nord', order: 1, countyNumbers: ['01'] },
      { name: 'Sør', order: 2, countyNumbers: ['02'] },
    ],
    centres: [
      buildCentre(),
      buildCentre({
        id: 'lv-fjellbygd',
        name: 'Fjellbygd legevaktsentral',
        underlyingNumber: '22120001',
        publicNumber: '22120002',
        internalNumber: '22120003',
        alternativeSite: { name: 'Fjellbygd reservemottak', number: '22120009' },
        municipalities: ['0103'],
        hostMunicipality: '0103',
        overflow: false,
        schedule: {
          staffed: [
            { days: [1, 2, 3, 4, 5], from: '08:00', to: '15:30' },
            { days: [5, 6], from: '20:00', to: '02:00' },
          ],
          partnerCentreId: 'lv-storby',
        },
      }),
      buildCentre({
        id: 'lv-havby',
        name: 'Havby legevaktsentral',
        underlyingNumber: '51000001',
        publicNumber: '51000002',
        internalNumber: '51000003',
        alternativeSite: { name: 'Øybygd legevakt (reservemottak)', number: '51010001' },
        municipalities: ['0201', '0202'],
        amkId: 'amk-sor',
        hostMunicipality: '0201',
      }),
    ],
    amkCentres: [
      buildAmkCentre(),
      buildAmkCentre({
        id: 'amk-sor',
        name: 'AMK Sør',
        healthTrust: 'Sørfylke sykehus HF',
        internalNumber: '51000100',
        municipalities: ['0201', '0202'],
      }),
    ],
    numberSeries: [
      buildNumberSeries(),
      buildNumberSeries({ prefix: '2211', municipality: '0102' }),
      buildNumberSeries({ prefix: '2212', municipality: '0103' }),
      { prefix: '2213', operator: 'Telia', kind: 'other-fixed', county: '01' },
      buildNumberSeries({ prefix: '5100', municipality: '0201', county: '02' }),
      { prefix: '510055', operator: 'Ice', kind: 'other-fixed', county: '02' },
      buildNumberSeries({ prefix: '5101', municipality: '0202', county: '02' }),
      { prefix: '850', operator: 'Telio', kind: 'ip', county: '01' },
      { prefix: '90', operator: 'Telenor', kind: 'mobile' },
    ],
    portedNumbers: [
      buildPortedNumber(),
      // Ported before sub-block 510055 was re-allocated: still routes by 5100 (RT-2).
      buildPortedNumber({ number: '51005512', originalPrefix: '5100', currentOperator: 'Ice', geo: true }),
    ],
    ...overrides,
  };
}
