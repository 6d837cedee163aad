/**
 * The national map's geometry (issue 11): the server's compact municipality boundaries decoded
 * (its own codec) and projected with d3-geo into SVG paths — transverse Mercator on 15° E (the
 * UTM zone 33 Norway's maps use), fitted to the width, as tall as the country needs. Pure given
 * its input (map-view.test.ts); the page memoises it per body.
 */
import { geoPath, geoTransverseMercator, type GeoPermissibleObjects } from 'd3-geo';
import { decodeMunicipality } from '../../../../src/routing/map/shape-codec.ts';
import type { MunicipalityMapBody } from './api.ts';

export interface MapShape {
  number: string;
  name: string;
  centreId: string | null;
  /** The SVG path, in the map's pixels (one decimal). */
  d: string;
}

export interface ProjectedMap {
  width: number;
  height: number;
  shapes: MapShape[];
}

const PAD = 8;

export function projectMunicipalities(body: MunicipalityMapBody, width = 600): ProjectedMap {
  const features = body.municipalities
    .filter((m) => m.polygons.length > 0)
    .map((m) => ({
      type: 'Feature' as const,
      properties: m,
      geometry: decodeMunicipality(m.polygons, body.quantum),
    }));
  const all = { type: 'FeatureCollection' as const, features } as GeoPermissibleObjects;
  const projection = geoTransverseMercator()
    .rotate([-15, 0])
    .fitWidth(width - 2 * PAD, all);
  const path = geoPath(projection).digits(1);
  const [[x0, y0], [, y1]] = path.bounds(all);
  projection.translate([projection.translate()[0] - x0 + PAD, projection.translate()[1] - y0 + PAD]);
  return {
    width,
    height: Math.ceil(y1 - y0 + 2 * PAD),
    shapes: features.map((f) => ({
      number: f.properties.number,
      name: f.properties.name,
      centreId: f.properties.centreId,
      d: path(f) ?? '',
    })),
  };
}

/** The shapes by the centre that serves them (municipalities without a centre under null). */
export function shapesByCentre(shapes: readonly MapShape[]): Map<string | null, MapShape[]> {
  const out = new Map<string | null, MapShape[]>();
  for (const s of shapes) {
    const list = out.get(s.centreId) ?? [];
    list.push(s);
    out.set(s.centreId, list);
  }
  return out;
}
