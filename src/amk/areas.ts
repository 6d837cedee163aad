/**
 * Where things are, for the AMK picture: a municipality's AMK area by the routing data in force,
 * the municipality a point lies in (Kartverket's boundaries from the reference data, the same file
 * the national map draws), and an AMK's neighbours (configured: config.ts). Access follows the
 * routing data: a new version moves a municipality to another AMK at once.
 */
import { readFile } from 'node:fs/promises';
import type { RoutingRuntime } from '../routing/runtime.ts';
import { MUNICIPALITY_GEOJSON } from '../routing/map/municipality-map.ts';
import { inPolygon, type LonLat } from './domain/geo.ts';

export interface AmkAreas {
  /** The AMK area of a municipality, or null when the data in force names none. */
  amkOf(municipality: string): string | null;
  /** Whether the data in force knows the AMK centre. */
  isAmk(amkId: string): boolean;
  /** Every AMK centre id of the data in force. */
  amkIds(): string[];
  /** The configured neighbours of an AMK (those the data in force knows). */
  neighboursOf(amkId: string): string[];
  /** The municipality the point lies in, or null (at sea, abroad, or the boundaries unreadable). */
  locate(lat: number, lon: number): Promise<string | null>;
}

interface Shape {
  number: string;
  bbox: [number, number, number, number];
  polygons: LonLat[][][];
}

interface GeoFeature {
  properties: { kommunenummer: string };
  geometry:
    { type: 'Polygon'; coordinates: LonLat[][] } | { type: 'MultiPolygon'; coordinates: LonLat[][][] };
}

async function loadShapes(file: string): Promise<Shape[]> {
  const geo = JSON.parse(await readFile(file, 'utf8')) as { features: GeoFeature[] };
  return geo.features.map((f) => {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const p of polygons)
      for (const [x, y] of p[0] ?? []) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    return { number: f.properties.kommunenummer, bbox: [x0, y0, x1, y1], polygons };
  });
}

export function amkAreas(
  runtime: RoutingRuntime,
  neighbours: ReadonlyMap<string, readonly string[]>,
  boundaries = MUNICIPALITY_GEOJSON,
): AmkAreas {
  let cached: { version: number; byMunicipality: Map<string, string>; amks: Set<string> } | null = null;
  const data = () => {
    if (!runtime.hasData()) return null;
    const s = runtime.current();
    if (cached?.version === s.version) return cached;
    const byMunicipality = new Map<string, string>();
    for (const c of s.data.centres) for (const m of c.municipalities) byMunicipality.set(m, c.amkId);
    for (const a of s.data.amkCentres) for (const m of a.municipalities) byMunicipality.set(m, a.id);
    cached = { version: s.version, byMunicipality, amks: new Set(s.data.amkCentres.map((a) => a.id)) };
    return cached;
  };
  let shapes: Promise<Shape[]> | null = null;
  return {
    amkOf: (m) => data()?.byMunicipality.get(m) ?? null,
    isAmk: (id) => data()?.amks.has(id) ?? false,
    amkIds: () => [...(data()?.amks ?? [])].sort(),
    neighboursOf: (id) => (neighbours.get(id) ?? []).filter((n) => data()?.amks.has(n)),
    async locate(lat, lon) {
      shapes ??= loadShapes(boundaries).catch((e: unknown) => {
        shapes = null;
        throw e;
      });
      for (const s of await shapes) {
        const [x0, y0, x1, y1] = s.bbox;
        if (lon < x0 || lon > x1 || lat < y0 || lat > y1) continue;
        if (s.polygons.some((p) => inPolygon(lon, lat, p))) return s.number;
      }
      return null;
    },
  };
}
