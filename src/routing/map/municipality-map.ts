/**
 * The national map's municipalities (issue 11): each municipality's boundary from the reference
 * data (`data/reference/kommuner_2024.geojson`, Kartverket, CC BY 4.0), simplified and encoded
 * compactly (shape-codec.ts), with the legevaktsentral that serves it by the routing data in force
 * (its `centre-municipalities`), so the browser colours it by that centre's live figures. Drawn in
 * the browser with d3-geo: no tile server, no network beyond this server.
 *
 * The shapes are made once, on the first request (~80 ms); the body, its gzip and its ETag once
 * per routing data version. A browser that has it asks with If-None-Match and gets a 304.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { RoutingRuntime } from '../runtime.ts';
import {
  DEFAULT_SHAPE_OPTIONS,
  encodeMunicipality,
  type EncodedPolygon,
  type PolygonRings,
  type ShapeOptions,
} from './shape-codec.ts';

export const MUNICIPALITY_GEOJSON = fileURLToPath(
  new URL('../../../data/reference/kommuner_2024.geojson', import.meta.url),
);

/** Who made the boundaries, as the map must credit them (CC BY 4.0). */
export const MAP_ATTRIBUTION = {
  holder: 'Kartverket',
  licence: 'CC BY 4.0',
  licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
  year: 2024,
} as const;

export interface MapMunicipality {
  /** Four digits. */
  number: string;
  name: string;
  /** The legevaktsentral that serves it by the routing data (its home centre); null when none does. */
  centreId: string | null;
  /** The AMK area it belongs to by the routing data (its AMK centre's id); null when none. */
  amkId: string | null;
  /** Its polygons, encoded (shape-codec.ts); empty when the reference data has no boundary for it. */
  polygons: EncodedPolygon[];
}

export interface MunicipalityMapBody {
  /** The routing data version the centres come from (null: none loaded). */
  dataVersion: number | null;
  /** Degrees per unit of the encoded coordinates. */
  quantum: number;
  attribution: typeof MAP_ATTRIBUTION;
  municipalities: MapMunicipality[];
}

/** One representation of the body, ready to send. */
export interface MapRepresentation {
  etag: string;
  json: Buffer;
  gzip: Buffer;
  body: MunicipalityMapBody;
}

interface Shape {
  name: string;
  polygons: EncodedPolygon[];
}

interface GeoFeature {
  properties: { kommunenummer: string; kommunenavn: string };
  geometry:
    { type: 'Polygon'; coordinates: PolygonRings } | { type: 'MultiPolygon'; coordinates: PolygonRings[] };
}

/** The reference GeoJSON as encoded shapes by municipality number. */
export function shapesOf(geojson: { features: GeoFeature[] }, opts: ShapeOptions): Map<string, Shape> {
  const out = new Map<string, Shape>();
  for (const f of geojson.features) {
    const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    out.set(f.properties.kommunenummer, {
      name: f.properties.kommunenavn,
      polygons: encodeMunicipality(polygons, opts),
    });
  }
  return out;
}

export class MunicipalityMap {
  private shapes: Promise<{ byNumber: Map<string, Shape>; hash: string }> | null = null;
  private cached: MapRepresentation | null = null;

  constructor(
    private readonly runtime: RoutingRuntime,
    private readonly file = MUNICIPALITY_GEOJSON,
    private readonly opts: ShapeOptions = DEFAULT_SHAPE_OPTIONS,
  ) {}

  /** The body for the data version in force (made once per version). */
  async current(): Promise<MapRepresentation> {
    const version = this.runtime.hasData() ? this.runtime.current().version : null;
    const shapes = await this.loadShapes();
    if (this.cached && this.cached.body.dataVersion === version) return this.cached;
    const body = this.bodyOf(version, shapes.byNumber);
    const json = Buffer.from(JSON.stringify(body));
    const rep = {
      etag: `W/"map-${version ?? 'none'}-${shapes.hash}"`,
      json,
      gzip: gzipSync(json, { level: 9 }),
      body,
    };
    this.cached = rep;
    return rep;
  }

  private loadShapes() {
    this.shapes ??= (async () => {
      const text = await readFile(this.file, 'utf8');
      const byNumber = shapesOf(JSON.parse(text) as { features: GeoFeature[] }, this.opts);
      const hash = createHash('sha256')
        .update(JSON.stringify(['with-amk', this.opts, [...byNumber]]))
        .digest('base64url')
        .slice(0, 16);
      return { byNumber, hash };
    })().catch((err: unknown) => {
      // A missing or broken file is tried again on the next request.
      this.shapes = null;
      throw err;
    });
    return this.shapes;
  }

  private bodyOf(version: number | null, shapes: Map<string, Shape>): MunicipalityMapBody {
    const snap = this.runtime.hasData() ? this.runtime.current() : null;
    const compiled = snap?.compiled ?? null;
    // The AMK area as the AMK context reads it (src/amk/areas.ts): the centre's AMK, then the AMK
    // centres' own municipality lists.
    const amkOf = new Map<string, string>();
    for (const c of snap?.data.centres ?? []) for (const m of c.municipalities) amkOf.set(m, c.amkId);
    for (const a of snap?.data.amkCentres ?? []) for (const m of a.municipalities) amkOf.set(m, a.id);
    const numbers = new Set([...shapes.keys(), ...(compiled?.municipalityByNumber.keys() ?? [])]);
    return {
      dataVersion: version,
      quantum: this.opts.quantum,
      attribution: MAP_ATTRIBUTION,
      municipalities: [...numbers].sort().map((number) => ({
        number,
        name: compiled?.municipalityByNumber.get(number)?.name ?? shapes.get(number)?.name ?? number,
        centreId: compiled?.centreByMunicipality.get(number)?.centre.id ?? null,
        amkId: amkOf.get(number) ?? null,
        polygons: shapes.get(number)?.polygons ?? [],
      })),
    };
  }
}
