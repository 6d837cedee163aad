/** Geometry on the WGS 84 sphere, pure: great-circle distance and point-in-polygon. */

const EARTH_RADIUS_KM = 6371.0088;
const rad = (d: number) => (d * Math.PI) / 180;

/** Great-circle (haversine) distance in kilometres. */
export function greatCircleKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** [lon, lat] as GeoJSON writes it. */
export type LonLat = readonly [number, number];

/** Ray casting on one ring (planar in degrees: fine for municipality-sized polygons). */
function inRing(lon: number, lat: number, ring: readonly LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether the point is inside a polygon (first ring the outline, the others holes). */
export function inPolygon(lon: number, lat: number, rings: readonly (readonly LonLat[])[]): boolean {
  if (rings.length === 0 || !inRing(lon, lat, rings[0]!)) return false;
  for (let i = 1; i < rings.length; i++) if (inRing(lon, lat, rings[i]!)) return false;
  return true;
}
