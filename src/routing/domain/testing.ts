/**
 * Test factories for the routing domain: a small hand-made data set (fictional numbers) and
 * builders with overrides. Each test builds its own data from these.
 *
 * The set: 4 counties in 3 menu regions, 11 municipalities, 8 centres (one part-day centre,
 * lv-kinn, staffed weekdays 08:00–16:00 with lv-bergen as partner), incumbent, other-operator,
 * IP and mobile series, ported and geo-ported numbers, and postcodes.
 */
import { compileRoutingData } from './compile.ts';
import { hashPick } from './number.ts';
import type { CompiledRoutingData } from './compile.ts';
import type {
  AmkCentre,
  CallInput,
  Centre,
  County,
  MenuRegion,
  Municipality,
  NumberSeries,
  OperationalState,
  PortedNumber,
  Postcode,
  Reroute,
  RoutingDataSet,
} from './types.ts';

let centreSeq = 0;

/** A centre staffed 24/7 with fictional numbers derived from its id; override anything. */
export function buildCentre(overrides: Partial<Centre> = {}): Centre {
  const id = overrides.id ?? `lv-test-${++centreSeq}`;
  // Numbers derive from the id, so the same overrides always build the same centre.
  const n = String(10_000 + hashPick(id, 90_000));
  return {
    id,
    name: `Legevaktsentral ${id}`,
    underlyingNumber: `900${n}`,
    publicNumber: `23${n}0`,
    internalNumber: `920${n}`,
    alternativeSite: { name: `${id} reserve`, number: `930${n}` },
    municipalities: [],
    amkId: 'amk-oslo',
    hostMunicipality: overrides.municipalities?.[0] ?? '0301',
    overflow: false,
    fictional: true,
    ...overrides,
  };
}

const counties: County[] = [
  { number: '03', name: 'Oslo', menuRegion: 'Østlandet', mostPopulousMunicipality: '0301' },
  { number: '34', name: 'Innlandet', menuRegion: 'Østlandet', mostPopulousMunicipality: '3411' },
  { number: '46', name: 'Vestland', menuRegion: 'Vestlandet', mostPopulousMunicipality: '4601' },
  { number: '50', name: 'Trøndelag', menuRegion: 'Midt-Norge', mostPopulousMunicipality: '5001' },
];

const municipalities: Municipality[] = [
  { number: '0301', name: 'Oslo', countyNumber: '03', population: 717_710 },
  { number: '3403', name: 'Hamar', countyNumber: '34', population: 32_000 },
  { number: '3405', name: 'Lillehammer', countyNumber: '34', population: 28_800 },
  { number: '3411', name: 'Ringsaker', countyNumber: '34', population: 35_000 },
  { number: '4601', name: 'Bergen', countyNumber: '46', population: 291_940 },
  { number: '4602', name: 'Kinn', countyNumber: '46', population: 17_300 },
  { number: '4627', name: 'Askøy', countyNumber: '46', population: 30_000 },
  { number: '4640', name: 'Sogndal', countyNumber: '46', population: 12_300 },
  { number: '5001', name: 'Trondheim', countyNumber: '50', population: 214_565 },
  { number: '5006', name: 'Steinkjer', countyNumber: '50', population: 24_500 },
  { number: '5007', name: 'Namsos', countyNumber: '50', population: 15_300 },
];

function defaultCentres(): Centre[] {
  return [
    buildCentre({
      id: 'lv-oslo',
      name: 'Oslo legevaktsentral',
      municipalities: ['0301'],
      overflow: true,
      underlyingNumber: '22000001',
      alternativeSite: { name: 'Oslo reserve', number: '22000099' },
    }),
    buildCentre({
      id: 'lv-hamar',
      name: 'Hamar legevaktsentral',
      municipalities: ['3403', '3411'],
      overflow: true,
      underlyingNumber: '62000001',
      hostMunicipality: '3403',
    }),
    buildCentre({
      id: 'lv-lillehammer',
      name: 'Lillehammer legevaktsentral',
      municipalities: ['3405'],
      underlyingNumber: '61000001',
      hostMunicipality: '3405',
    }),
    buildCentre({
      id: 'lv-bergen',
      name: 'Bergen legevaktsentral',
      municipalities: ['4601', '4627'],
      overflow: true,
      underlyingNumber: '55000001',
      amkId: 'amk-bergen',
      hostMunicipality: '4601',
    }),
    buildCentre({
      id: 'lv-kinn',
      name: 'Kinn legevaktsentral',
      municipalities: ['4602'],
      underlyingNumber: '57000001',
      amkId: 'amk-bergen',
      hostMunicipality: '4602',
      // RT-10: part-day centre, staffed weekdays 08:00–16:00; Bergen takes the rest.
      schedule: {
        staffed: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' }],
        partnerCentreId: 'lv-bergen',
      },
    }),
    buildCentre({
      id: 'lv-sogndal',
      name: 'Sogndal legevaktsentral',
      municipalities: ['4640'],
      underlyingNumber: '57600001',
      amkId: 'amk-bergen',
      hostMunicipality: '4640',
    }),
    buildCentre({
      id: 'lv-trondheim',
      name: 'Trondheim legevaktsentral',
      municipalities: ['5001'],
      overflow: true,
      underlyingNumber: '73000001',
      amkId: 'amk-trondheim',
      hostMunicipality: '5001',
    }),
    buildCentre({
      id: 'lv-namdal',
      name: 'Namdal legevaktsentral',
      municipalities: ['5006', '5007'],
      underlyingNumber: '74000001',
      amkId: 'amk-trondheim',
      hostMunicipality: '5007',
    }),
  ];
}

const amkCentres: AmkCentre[] = [
  {
    id: 'amk-oslo',
    name: 'AMK Oslo',
    healthTrust: 'Oslo universitetssykehus HF',
    internalNumber: '23000113',
    municipalities: ['0301', '3403', '3405', '3411'],
    fictional: true,
  },
  {
    id: 'amk-bergen',
    name: 'AMK Bergen',
    healthTrust: 'Helse Bergen HF',
    internalNumber: '55000113',
    municipalities: ['4601', '4602', '4627', '4640'],
    fictional: true,
  },
  {
    id: 'amk-trondheim',
    name: 'AMK Trondheim',
    healthTrust: 'St. Olavs hospital HF',
    internalNumber: '73000113',
    municipalities: ['5001', '5006', '5007'],
    fictional: true,
  },
];

const numberSeries: NumberSeries[] = [
  { prefix: '22', operator: 'Telenor', kind: 'incumbent-fixed', municipality: '0301' },
  { prefix: '62', operator: 'Telenor', kind: 'incumbent-fixed', municipality: '3403' },
  { prefix: '6255', operator: 'Telenor', kind: 'incumbent-fixed', municipality: '3411' },
  { prefix: '61', operator: 'Telenor', kind: 'incumbent-fixed', municipality: '3405' },
  { prefix: '55', operator: 'Telenor', kind: 'incumbent-fixed', municipality: '4601' },
  { prefix: '5531', operator: 'Telenor', kind: 'incumbent-fixed', municipality: '4627' },
  { prefix: '57', operator: 'Telenor', kind: 'incumbent-fixed', municipality: '4602' },
  { prefix: '5767', operator: 'Telenor', kind: 'incumbent-fixed', municipality: '4640' },
  { prefix: '73', operator: 'Telenor', kind: 'incumbent-fixed', municipality: '5001' },
  { prefix: '74', operator: 'Telenor', kind: 'incumbent-fixed', municipality: '5007' },
  { prefix: '7416', operator: 'Telenor', kind: 'incumbent-fixed', municipality: '5006' },
  { prefix: '21', operator: 'Telia', kind: 'other-fixed', county: '03' },
  { prefix: '5696', operator: 'Telia', kind: 'other-fixed', county: '46' },
  { prefix: '7299', operator: 'Ice', kind: 'other-fixed', county: '50' },
  // Sub-blocks re-allocated to other operators after numbers in them were ported away.
  { prefix: '7399', operator: 'Ice', kind: 'other-fixed', county: '03' },
  { prefix: '56961', operator: 'Telenor', kind: 'incumbent-fixed', municipality: '4640' },
  { prefix: '6399', operator: 'Telia', kind: 'other-fixed', county: '34' },
  { prefix: '85', operator: 'Telenor', kind: 'ip', county: '03' },
  { prefix: '8550', operator: 'Telenor', kind: 'ip', county: '50' },
  { prefix: '8551', operator: 'Telenor', kind: 'ip', municipality: '4601' },
  { prefix: '4', operator: 'Telenor', kind: 'mobile' },
  { prefix: '9', operator: 'Telia', kind: 'mobile' },
];

const portedNumbers: PortedNumber[] = [
  // Telenor Bergen number now with Telia: still Bergen (RT-2).
  { number: '55123456', originalPrefix: '55', currentOperator: 'Telia', geo: false },
  // Trondheim number moved to an Oslo address (geo-ported) inside a block later re-allocated to
  // an Oslo operator: routes by the original series (Trondheim), not the block's county.
  { number: '73999999', originalPrefix: '73', currentOperator: 'Telenor', geo: true },
  // Other-operator number ported; its sub-block was later re-allocated: the original series gives county 46 only.
  { number: '56961555', originalPrefix: '5696', currentOperator: 'Telenor', geo: false },
];

const postcodes: Postcode[] = [
  { code: '0150', place: 'OSLO', municipality: '0301' },
  { code: '2317', place: 'HAMAR', municipality: '3403' },
  { code: '2609', place: 'LILLEHAMMER', municipality: '3405' },
  { code: '5003', place: 'BERGEN', municipality: '4601' },
  { code: '5300', place: 'KLEPPESTØ', municipality: '4627' },
  { code: '6900', place: 'FLORØ', municipality: '4602' },
  { code: '6856', place: 'SOGNDAL', municipality: '4640' },
  { code: '7010', place: 'TRONDHEIM', municipality: '5001' },
  { code: '7713', place: 'STEINKJER', municipality: '5006' },
  { code: '7800', place: 'NAMSOS', municipality: '5007' },
];

const menuRegions: MenuRegion[] = [
  { name: 'Østlandet', order: 1, countyNumbers: ['03', '34'] },
  { name: 'Vestlandet', order: 2, countyNumbers: ['46'] },
  { name: 'Midt-Norge', order: 3, countyNumbers: ['50'] },
];

/** The small routing data set described above; override whole lists. Fresh objects each call. */
export function buildDataSet(overrides: Partial<RoutingDataSet> = {}): RoutingDataSet {
  return structuredClone({
    counties,
    municipalities,
    postcodes,
    menuRegions,
    centres: defaultCentres(),
    amkCentres,
    numberSeries,
    portedNumbers,
    ...overrides,
  });
}

/** `buildDataSet(overrides)` compiled as data version `version`. */
export function buildCompiledData(overrides: Partial<RoutingDataSet> = {}, version = 1): CompiledRoutingData {
  return compileRoutingData(buildDataSet(overrides), version);
}

let rerouteSeq = 0;

/** A planned re-route lv-kinn → lv-sogndal for 2026; override anything (RT-7). */
export function buildReroute(overrides: Partial<Reroute> = {}): Reroute {
  rerouteSeq++;
  return {
    id: `rr-${rerouteSeq}`,
    fromCentreId: 'lv-kinn',
    toCentreId: 'lv-sogndal',
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: '2027-01-01T00:00:00.000Z',
    kind: 'planned',
    reason: 'test',
    ...overrides,
  };
}

/** Operational state without re-routes or unavailable centres; override either list. */
export function buildState(overrides: Partial<OperationalState> = {}): OperationalState {
  return { reroutes: [], unavailableCentreIds: [], ...overrides };
}

/** A fixed call to 116117 from a Bergen incumbent number; override anything. */
export function buildCall(overrides: Partial<CallInput> = {}): CallInput {
  return { calledNumber: '116117', callingNumber: '55501234', network: 'fixed', ...overrides };
}
