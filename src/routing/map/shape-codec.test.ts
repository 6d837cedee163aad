import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { geoArea } from 'd3-geo';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SHAPE_OPTIONS,
  decodeMunicipality,
  decodeRing,
  encodeMunicipality,
  encodeRing,
  ringAreaKm2,
  simplifyRing,
  type LonLat,
  type PolygonRings,
} from './shape-codec.ts';

const EARTH_KM = 6371.0088;
/** d3-geo's area of a polygon (steradians) in km². */
const d3Km2 = (coordinates: LonLat[][][]) =>
  geoArea({ type: 'MultiPolygon', coordinates }) * EARTH_KM * EARTH_KM;

/** An anticlockwise (GeoJSON) square of `size` degrees at (lon, lat) with `per` points along each side. */
function square(lon: number, lat: number, size: number, per = 1): LonLat[] {
  const corners: LonLat[] = [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
  ];
  const out: LonLat[] = [];
  for (let c = 0; c < 4; c++) {
    const [a, b] = [corners[c]!, corners[(c + 1) % 4]!];
    for (let i = 0; i < per; i++)
      out.push([a[0] + ((b[0] - a[0]) * i) / per, a[1] + ((b[1] - a[1]) * i) / per]);
  }
  out.push(out[0]!);
  return out;
}

describe('simplifying a ring (Douglas–Peucker in km)', () => {
  it('drops points on a straight side and keeps the corners, closed', () => {
    const s = simplifyRing(square(10, 60, 0.1, 25), 0.05)!;
    expect(s).toHaveLength(5);
    expect(s[0]).toEqual(s[4]);
    expect(new Set(s.slice(0, 4).map((p) => p.join()))).toEqual(
      new Set(['10,60', '10.1,60', '10.1,60.1', '10,60.1']),
    );
  });

  it('keeps a point farther from the line than the tolerance, drops one nearer', () => {
    // A bump of 0.005° latitude (~0.56 km) in the middle of the south side.
    const ring = square(10, 60, 0.1, 2);
    ring[1] = [10.05, 59.995];
    expect(simplifyRing(ring, 0.5)!).toContainEqual([10.05, 59.995]);
    expect(simplifyRing(ring, 0.6)!).not.toContainEqual([10.05, 59.995]);
  });

  it('gives null for a ring that collapses to fewer than three points', () => {
    expect(
      simplifyRing(
        [
          [1, 1],
          [2, 2],
          [1, 1],
        ],
        0.1,
      ),
    ).toBeNull();
  });
});

describe('quantising and encoding a ring', () => {
  it('round-trips within half a quantum, exterior clockwise and holes anticlockwise for d3-geo', () => {
    const ring = square(10.00037, 60.00041, 0.2, 3);
    const q = 0.001;
    const ext = decodeRing(encodeRing(ring, q, true)!, q);
    const hole = decodeRing(encodeRing(ring, q, false)!, q);
    for (const p of ext) {
      const nearest = Math.min(...ring.map((r) => Math.hypot(r[0] - p[0], r[1] - p[1])));
      expect(nearest).toBeLessThanOrEqual(q);
    }
    expect(ext[0]).toEqual(ext.at(-1));
    // d3: the exterior encloses the small square (not the rest of the globe), the hole the opposite.
    const km2 = ringAreaKm2(ring);
    expect(d3Km2([[ext]])).toBeCloseTo(km2, -1);
    expect(d3Km2([[hole]])).toBeGreaterThan(500_000_000);
    // Whole numbers of quanta, no float dust.
    expect(ext.flat().every((v) => Number.isInteger(Math.round(v / q)) && String(v).length <= 7)).toBe(true);
  });

  it('small steps are small numbers: the first point whole, then deltas', () => {
    const e = encodeRing(
      [
        [10, 60],
        [10.002, 60],
        [10.002, 60.002],
        [10, 60],
      ],
      0.001,
      false,
    )!;
    expect(e).toEqual([10_000, 60_000, 2, 0, 0, 2]);
  });

  it('drops points that fall together on the grid, and a ring left with fewer than three', () => {
    expect(
      encodeRing(
        [
          [10, 60],
          [10.0001, 60],
          [10.0001, 60.0001],
          [10, 60],
        ],
        0.001,
        true,
      ),
    ).toBeNull();
  });
});

describe('a municipality’s polygons', () => {
  const opts = { toleranceKm: 0.05, minAreaKm2: 1, quantum: 0.001 };

  it('leaves out islets and holes under the minimum area, but always keeps the largest polygon', () => {
    const main: PolygonRings = [square(10, 60, 0.2, 4), square(10.05, 60.05, 0.005)];
    const islet: PolygonRings = [square(11, 60, 0.005)];
    const lake: PolygonRings = [square(10, 60, 0.2), square(10.05, 60.05, 0.05)];
    expect(encodeMunicipality([islet, main], opts).map((p) => p.length)).toEqual([1]);
    expect(encodeMunicipality([lake], opts).map((p) => p.length)).toEqual([2]);
    // A municipality that is one small island keeps it.
    expect(encodeMunicipality([islet], opts)).toHaveLength(1);
  });

  it('decodes to a GeoJSON MultiPolygon d3-geo draws with the municipality’s area', () => {
    const lake: PolygonRings = [square(10, 60, 0.2, 8), square(10.05, 60.05, 0.05, 8)];
    const geo = decodeMunicipality(encodeMunicipality([lake], opts), opts.quantum);
    expect(geo.type).toBe('MultiPolygon');
    const expected = ringAreaKm2(lake[0]!) - ringAreaKm2(lake[1]!);
    expect(d3Km2(geo.coordinates) / expected).toBeCloseTo(1, 2);
  });
});

describe('the reference municipalities (data/reference/kommuner_2024.geojson, Kartverket)', () => {
  const file = fileURLToPath(new URL('../../../data/reference/kommuner_2024.geojson', import.meta.url));
  const features = (
    JSON.parse(readFileSync(file, 'utf8')) as {
      features: {
        properties: { kommunenummer: string };
        geometry:
          | { type: 'Polygon'; coordinates: PolygonRings }
          | { type: 'MultiPolygon'; coordinates: PolygonRings[] };
      }[];
    }
  ).features;
  const polygonsOf = (f: (typeof features)[number]) =>
    f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;

  it('all 357 encode with the default options, each drawn by d3 as a small area near its original', () => {
    expect(features).toHaveLength(357);
    let before = 0;
    let after = 0;
    let points = 0;
    for (const f of features) {
      const encoded = encodeMunicipality(polygonsOf(f), DEFAULT_SHAPE_OPTIONS);
      expect(encoded.length, f.properties.kommunenummer).toBeGreaterThan(0);
      points += encoded.flat().reduce((n, r) => n + r.length / 2, 0);
      const area = d3Km2(decodeMunicipality(encoded, DEFAULT_SHAPE_OPTIONS.quantum).coordinates);
      // Less than Finnmark's largest municipality with room to spare: never the globe minus a hole.
      expect(area, f.properties.kommunenummer).toBeLessThan(10_000);
      after += area;
      // The source is anticlockwise (GeoJSON): reversed, d3 reads it the same way.
      before += d3Km2(polygonsOf(f).map((rings) => rings.map((r) => [...r].reverse())));
    }
    expect(after / before).toBeGreaterThan(0.98);
    expect(after / before).toBeLessThan(1.02);
    expect(points).toBeLessThan(40_000); // from 84,348
  });
});
