/** A unit's short track (NN-4): its last N positions within the last M minutes, oldest first. */
import type { Queryable } from '../../platform/db/types.ts';
import type { TrackPoint } from '../domain/position.ts';

interface Row {
  issi: string;
  observed_ms: number;
  lat: number;
  lon: number;
  error_metres: number | null;
  speed_kmh: number | null;
  heading_deg: number | null;
}

const toPoint = (r: Row): TrackPoint => ({
  observedAt: new Date(r.observed_ms).toISOString(),
  lat: r.lat,
  lon: r.lon,
  errorMetres: r.error_metres,
  speedKmh: r.speed_kmh,
  headingDeg: r.heading_deg,
});

/** The tracks of the terminals, by ISSI (terminals without positions in the window are absent). */
export async function tracksOf(
  q: Queryable,
  issis: readonly string[],
  nowMs: number,
  track: { points: number; minutes: number },
): Promise<Map<string, TrackPoint[]>> {
  const out = new Map<string, TrackPoint[]>();
  if (issis.length === 0) return out;
  const { rows } = await q.query<Row>(
    `SELECT issi, observed_ms, lat, lon, error_metres, speed_kmh, heading_deg FROM (
       SELECT issi, (extract(epoch from observed_at) * 1000)::float8 AS observed_ms, lat, lon, error_metres, speed_kmh,
              heading_deg, row_number() OVER (PARTITION BY issi ORDER BY observed_at DESC) AS n
         FROM amk_positions WHERE issi = ANY($1::text[]) AND observed_at >= $2) t
      WHERE n <= $3 ORDER BY issi, observed_ms`,
    [issis, new Date(nowMs - track.minutes * 60_000), track.points],
  );
  for (const r of rows) {
    const list = out.get(r.issi) ?? [];
    list.push(toPoint(r));
    out.set(r.issi, list);
  }
  return out;
}
