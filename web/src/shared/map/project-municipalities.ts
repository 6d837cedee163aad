/**
 * Maps of municipalities (issues 11 and 14): the server's compact municipality boundaries
 * (`/api/v1/routing/map/municipalities`, decoded with the server's own codec) projected with d3-geo
 * into SVG paths — transverse Mercator on 15° E (the UTM zone 33 Norway's maps use), fitted to the
 * width, as tall as the shapes need (or at most `maxHeight`, then fitted to the height and
 * centred). The national map (features/live-figures) draws the whole country; the AMK picture
 * (features/amk) fits the view to an AMK's area, clips the rest to the frame, and places units with
 * `project`. Pure given its input (project-municipalities.test.ts); a page memoises it per body.
 */
import { geoPath, geoTransverseMercator, type GeoPermissibleObjects } from 'd3-geo';
import type { MapMunicipality, MunicipalityMapBody } from '../../../../src/routing/map/municipality-map.ts';
import { decodeMunicipality } from '../../../../src/routing/map/shape-codec.ts';
import { api } from '../api/client.ts';

export type { MapMunicipality, MunicipalityMapBody };

/** The boundaries (gzipped and revalidated by ETag by the browser's own cache). */
export const loadMunicipalityMap = (signal?: AbortSignal) =>
  api<MunicipalityMapBody>('GET', '/api/v1/routing/map/municipalities', { signal });

export interface MapShape {
  number: string;
  name: string;
  centreId: string | null;
  amkId: string | null;
  /** The SVG path, in the map's pixels (one decimal). */
  d: string;
}

export interface ProjectedMap {
  width: number;
  height: number;
  shapes: MapShape[];
  /** A point (degrees) in the map's pixels (one decimal); null where the projection has none. */
  project: (lon: number, lat: number) => [number, number] | null;
}

export interface ProjectOptions {
  width?: number;
  /**
   * Fit the view to these municipalities (default: all of them); the others are drawn where they
   * fall inside the frame and clipped at its edge (those wholly outside are left out).
   */
  fitTo?: (m: MapMunicipality) => boolean;
  /** At most this tall: a taller area is fitted to the height instead, centred across. */
  maxHeight?: number;
  /** Room around the fitted municipalities, as a share of the width on each side (default 0). */
  margin?: number;
}

const PAD = 8;
const round1 = (v: number) => Math.round(v * 10) / 10;

export function projectMunicipalities(
  body: MunicipalityMapBody,
  options: number | ProjectOptions = {},
): ProjectedMap {
  const opts = typeof options === 'number' ? { width: options } : options;
  const width = opts.width ?? 600;
  const features = body.municipalities
    .filter((m) => m.polygons.length > 0)
    .map((m) => ({
      type: 'Feature' as const,
      properties: m,
      geometry: decodeMunicipality(m.polygons, body.quantum),
    }));
  const fitTo = opts.fitTo;
  const chosen = fitTo ? features.filter((f) => fitTo(f.properties)) : features;
  const fit = { type: 'FeatureCollection' as const, features: chosen.length ? chosen : features };
  const fitObject = fit as GeoPermissibleObjects;
  const room = Math.round((opts.margin ?? 0) * width);
  const pad = PAD + room;
  const projection = geoTransverseMercator()
    .rotate([-15, 0])
    .fitWidth(width - 2 * pad, fitObject);
  const path = geoPath(projection).digits(1);
  let [[x0, y0], [x1, y1]] = path.bounds(fitObject);
  let height = Math.ceil(y1 - y0 + 2 * pad);
  let dx = 0;
  if (opts.maxHeight !== undefined && height > opts.maxHeight) {
    height = opts.maxHeight;
    projection.fitHeight(height - 2 * pad, fitObject);
    [[x0, y0], [x1, y1]] = path.bounds(fitObject);
    dx = (width - 2 * pad - (x1 - x0)) / 2;
  }
  projection.translate([projection.translate()[0] - x0 + pad + dx, projection.translate()[1] - y0 + pad]);
  if (fitTo)
    projection.clipExtent([
      [0, 0],
      [width, height],
    ]);
  const shapes = features.map((f) => ({
    number: f.properties.number,
    name: f.properties.name,
    centreId: f.properties.centreId,
    amkId: f.properties.amkId,
    d: path(f) ?? '',
  }));
  return {
    width,
    height,
    shapes: fitTo ? shapes.filter((s) => s.d !== '') : shapes,
    project: (lon, lat) => {
      const p = projection([lon, lat]);
      return p ? [round1(p[0]), round1(p[1])] : null;
    },
  };
}
