/**
 * The simulated fleet map: fictional talk groups laid out as Nødnett's health fleet map is
 * (national, regional per health region, local per AMK area, with the police's and the fire
 * service's local groups beside them so that incident groups can be shared). Deterministic.
 */
import type { Ssi, TalkGroup } from '../port.ts';

export interface SimulatedArea {
  /** AMK area id, e.g. `amk-oslo`. */
  id: string;
  name: string;
  /** Health region id, e.g. `helse-sor-ost`. */
  region: string;
  /** A point in the area where terminals start. */
  lat: number;
  lon: number;
}

/** Fictional AMK areas at real places, one or more per health region. */
export const DEFAULT_AREAS: readonly SimulatedArea[] = [
  { id: 'amk-oslo', name: 'Oslo', region: 'helse-sor-ost', lat: 59.91, lon: 10.75 },
  { id: 'amk-innlandet', name: 'Innlandet', region: 'helse-sor-ost', lat: 60.79, lon: 11.07 },
  { id: 'amk-bergen', name: 'Bergen', region: 'helse-vest', lat: 60.39, lon: 5.32 },
  { id: 'amk-stavanger', name: 'Stavanger', region: 'helse-vest', lat: 58.97, lon: 5.73 },
  { id: 'amk-st-olavs', name: 'Trondheim', region: 'helse-midt', lat: 63.43, lon: 10.39 },
  { id: 'amk-unn', name: 'Tromsø', region: 'helse-nord', lat: 69.65, lon: 18.96 },
  { id: 'amk-nordland', name: 'Bodø', region: 'helse-nord', lat: 67.28, lon: 14.4 },
];

const REGION_NAMES: Readonly<Record<string, string>> = {
  'helse-sor-ost': 'Helse Sør-Øst',
  'helse-vest': 'Helse Vest',
  'helse-midt': 'Helse Midt-Norge',
  'helse-nord': 'Helse Nord',
};

/** First GSSI of the fixed groups, and of the incident groups the simulator allocates. */
export const FIXED_GSSI_BASE = 9_000_001;
export const INCIDENT_GSSI_BASE = 9_100_001;

/** The fixed talk groups for these areas: national, regional, and per area health, police and fire. */
export function buildFleetMap(areas: readonly SimulatedArea[], capacity: number): TalkGroup[] {
  let next: Ssi = FIXED_GSSI_BASE;
  const group = (g: Omit<TalkGroup, 'gssi' | 'capacity' | 'members'>): TalkGroup => ({
    ...g,
    gssi: next++,
    capacity,
    members: { terminals: [], groups: [] },
  });
  const groups: TalkGroup[] = [
    group({ name: 'Nasjonal helse', level: 'national', agencies: ['health'], area: null }),
    group({
      name: 'Nasjonal samvirke',
      level: 'national',
      agencies: ['health', 'police', 'fire'],
      area: null,
    }),
  ];
  for (const region of [...new Set(areas.map((a) => a.region))]) {
    groups.push(
      group({
        name: `${REGION_NAMES[region] ?? region} helse`,
        level: 'regional',
        agencies: ['health'],
        area: region,
      }),
    );
  }
  for (const a of areas) {
    groups.push(group({ name: `AMK ${a.name}`, level: 'local', agencies: ['health'], area: a.id }));
    groups.push(group({ name: `Politi ${a.name}`, level: 'local', agencies: ['police'], area: a.id }));
    groups.push(group({ name: `Brann ${a.name}`, level: 'local', agencies: ['fire'], area: a.id }));
  }
  return groups;
}
