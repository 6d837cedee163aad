/**
 * The compact municipality shapes of the national map (issue 11): simplification, quantisation and
 * the delta encoding the server sends, and its decoding in the browser. Pure and without imports,
 * so the web app bundles the decoder from here (one codec, tested once: shape-codec.test.ts).
 *
 * A ring travels as a flat list of integers `[x0, y0, dx1, dy1, …]` in units of `quantum` degrees
 * (longitude, latitude): the first point whole, each next one as its step from the one before; the
 * closing point is left out. Small steps are short numbers, and gzip does the rest.
 *
 * Winding: d3-geo draws a spherical polygon as the area to the right of its exterior ring
 * (clockwise), the opposite of GeoJSON (RFC 7946: anticlockwise). The encoder writes exteriors
 * clockwise and holes anticlockwise, so d3 draws each municipality and not the rest of the globe.
 */

/** A point as [longitude, latitude] in degrees. */
export type LonLat = [number, number];

/** One polygon: its exterior ring, then its holes (each ring closed: last point = first). */
export type PolygonRings = LonLat[][];

/** An encoded polygon: its rings, each a flat delta-encoded integer list (exterior first). */
export type EncodedPolygon = number[][];

export interface ShapeOptions {
  /** Douglas–Peucker tolerance in kilometres (a point nearer than this to the simplified line goes). */
  toleranceKm: number;
  /** Polygons and holes smaller than this (km²) are left out — except a municipality's largest polygon. */
  minAreaKm2: number;
  /** Degrees per unit of the integers sent. */
  quantum: number;
}

/**
 * For a screen the height of Norway (~1,750 km) in 1,000–2,000 pixels, a pixel is ~0.9–1.75 km:
 * 0.5 km of simplification and a 0.002° grid (~220 m) stay under a pixel, and islets under 1 km²
 * would be specks. 84,000 points in the reference file become ~26,000, ~63 KB gzipped.
 */
export const DEFAULT_SHAPE_OPTIONS: ShapeOptions = { toleranceKm: 0.5, minAreaKm2: 1, quantum: 0.002 };

const KM_PER_DEGREE = 111.195;

/** Planar coordinates in km around latitude `lat0` (equirectangular: fine for a municipality). */
function toKm(p: LonLat, cosLat0: number): [number, number] {
  return [p[0] * KM_PER_DEGREE * cosLat0, p[1] * KM_PER_DEGREE];
}

/** Twice the signed area of a closed ring in the plane (positive: anticlockwise). */
function signedArea2(ring: readonly (readonly [number, number])[]): number {
  let a = 0;
  for (let i = 0, n = ring.length - 1; i < n; i++) {
    const p = ring[i]!;
    const q = ring[i + 1]!;
    a += p[0] * q[1] - q[0] * p[1];
  }
  return a;
}

/** The area of a closed lon/lat ring in km² (equirectangular around its mean latitude). */
export function ringAreaKm2(ring: readonly LonLat[]): number {
  if (ring.length < 4) return 0;
  let lat = 0;
  for (const p of ring) lat += p[1];
  const cos = Math.cos(((lat / ring.length) * Math.PI) / 180);
  return Math.abs(signedArea2(ring.map((p) => toKm(p, cos)))) / 2;
}

/** Squared distance from p to the segment a–b (planar). */
function segmentDistance2(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return x * x + y * y;
}

/**
 * Douglas–Peucker simplification of a closed ring (tolerance in km, measured in a local plane).
 * The ring is split at its first point and the point farthest from it, so both halves keep their
 * ends. Returns a closed ring, or null when fewer than three distinct points would remain.
 */
export function simplifyRing(ring: readonly LonLat[], toleranceKm: number): LonLat[] | null {
  const n = ring.length - 1; // the closing point repeats the first
  if (n < 3) return null;
  let lat = 0;
  for (let i = 0; i < n; i++) lat += ring[i]![1];
  const cos = Math.cos(((lat / n) * Math.PI) / 180);
  const pts = ring.slice(0, n).map((p) => toKm(p, cos));
  const keep = new Uint8Array(n + 1);
  let far = 0;
  let farD = -1;
  for (let i = 1; i < n; i++) {
    const dx = pts[i]![0] - pts[0]![0];
    const dy = pts[i]![1] - pts[0]![1];
    const d = dx * dx + dy * dy;
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  keep[0] = keep[far] = keep[n] = 1;
  const tol2 = toleranceKm * toleranceKm;
  const at = (i: number) => pts[i === n ? 0 : i]!;
  const stack: [number, number][] = [
    [0, far],
    [far, n],
  ];
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    let best = -1;
    let bestD = tol2;
    for (let i = from + 1; i < to; i++) {
      const d = segmentDistance2(at(i), at(from), at(to));
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best >= 0) {
      keep[best] = 1;
      stack.push([from, best], [best, to]);
    }
  }
  const out: LonLat[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(ring[i]!);
  if (out.length < 3) return null;
  out.push(out[0]!);
  return out;
}

/**
 * Quantises a closed ring to `quantum` degrees and delta-encodes it (the closing point left out),
 * dropping points that fall on the one before. Wound clockwise when `exterior`, else
 * anticlockwise (d3-geo's convention). Null when fewer than three distinct points remain.
 */
export function encodeRing(ring: readonly LonLat[], quantum: number, exterior: boolean): number[] | null {
  const q: [number, number][] = [];
  for (let i = 0; i < ring.length - 1; i++) {
    const x = Math.round(ring[i]![0] / quantum);
    const y = Math.round(ring[i]![1] / quantum);
    const last = q[q.length - 1];
    if (!last || last[0] !== x || last[1] !== y) q.push([x, y]);
  }
  while (q.length > 1 && q[0]![0] === q[q.length - 1]![0] && q[0]![1] === q[q.length - 1]![1]) q.pop();
  if (q.length < 3) return null;
  const closed = [...q, q[0]!];
  const area = signedArea2(closed);
  if (area === 0) return null;
  // Exterior clockwise (negative area with y up); holes anticlockwise.
  if (exterior === area > 0) q.reverse();
  const out = [q[0]![0], q[0]![1]];
  for (let i = 1; i < q.length; i++) out.push(q[i]![0] - q[i - 1]![0], q[i]![1] - q[i - 1]![1]);
  return out;
}

/** The closed lon/lat ring of an encoded one. */
export function decodeRing(encoded: readonly number[], quantum: number): LonLat[] {
  const out: LonLat[] = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    x += encoded[i]!;
    y += encoded[i + 1]!;
    // Rounded to the quantum's decimals: no 59.300000000000004 from adding up the steps.
    out.push([round(x * quantum, quantum), round(y * quantum, quantum)]);
  }
  if (out.length > 0) out.push(out[0]!);
  return out;
}

function round(v: number, quantum: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(quantum)));
  return Number(v.toFixed(decimals));
}

/**
 * A municipality's polygons, simplified, without islets and holes under `minAreaKm2` (its largest
 * polygon always stays, however small: Utsira is a municipality too), quantised and encoded.
 */
export function encodeMunicipality(polygons: readonly PolygonRings[], opts: ShapeOptions): EncodedPolygon[] {
  const candidates = polygons
    .map((rings) => ({ rings, area: ringAreaKm2(rings[0] ?? []) }))
    .sort((a, b) => b.area - a.area);
  const out: EncodedPolygon[] = [];
  candidates.forEach(({ rings, area }, i) => {
    if (i > 0 && area < opts.minAreaKm2) return;
    const exterior = encodeRing(simplifyRing(rings[0]!, opts.toleranceKm) ?? rings[0]!, opts.quantum, true);
    if (!exterior) return;
    const encoded: EncodedPolygon = [exterior];
    for (const hole of rings.slice(1)) {
      if (ringAreaKm2(hole) < opts.minAreaKm2) continue;
      const h = simplifyRing(hole, opts.toleranceKm);
      const e = h && encodeRing(h, opts.quantum, false);
      if (e) encoded.push(e);
    }
    out.push(encoded);
  });
  return out;
}

/** A municipality's polygons as a GeoJSON MultiPolygon (d3-geo's winding: exterior clockwise). */
export function decodeMunicipality(
  polygons: readonly EncodedPolygon[],
  quantum: number,
): { type: 'MultiPolygon'; coordinates: LonLat[][][] } {
  return {
    type: 'MultiPolygon',
    coordinates: polygons.map((rings) => rings.map((r) => decodeRing(r, quantum))),
  };
}
