/**
 * Records a batch of position reports (NN-4): THE way positions enter the AMK picture — from the
 * Nødnett adapter (decoded LIP), the JSON input route and the simulator.
 *
 * - Idempotent per terminal and observation instant: a report sent twice is kept once.
 * - Out of order: every report is kept (the track), but a terminal's latest position moves only
 *   to a later observation — an old report arriving late never moves a unit back.
 * - A report that cannot be a position (latitude out of range, an instant that is not one) is
 *   rejected and counted; the rest of the batch is recorded.
 * - The batch is one transaction (positions, latest positions, one event per AMK whose units
 *   moved): a database failure records nothing and the caller may send the batch again.
 *
 * Positions are telemetry, not changes by a person: they are not audited one by one; the events
 * (outbox) tell the consoles.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { appendEvent } from '../../platform/events/outbox.ts';
import type { PositionReport } from '../domain/position.ts';
import type { AmkDeps } from '../deps.ts';
import { positionsRecorded } from '../events.ts';

export interface RecordPositionsResult {
  /** Reports stored now. */
  recorded: number;
  /** Reports already stored (same terminal and instant). */
  duplicates: number;
  /** Reports that were not positions. */
  rejected: number;
  /** Terminals whose latest position moved. */
  latestChanged: number;
}

const finiteOrNull = (v: number | null) => (v === null || Number.isFinite(v) ? v : NaN);

/** Whether a report is a position (the JSON edge checks the same with zod; the adapter may not). */
export function isValidReport(r: PositionReport): boolean {
  const t = Date.parse(r.observedAt);
  return (
    /^[0-9]{1,10}$/.test(r.issi) &&
    Number.isFinite(t) &&
    Number.isFinite(r.lat) &&
    Number.isFinite(r.lon) &&
    Math.abs(r.lat) <= 90 &&
    Math.abs(r.lon) <= 180 &&
    !Number.isNaN(finiteOrNull(r.errorMetres)) &&
    !Number.isNaN(finiteOrNull(r.speedKmh)) &&
    !Number.isNaN(finiteOrNull(r.headingDeg))
  );
}

export async function recordPositions(
  deps: AmkDeps,
  actor: Actor,
  reports: readonly PositionReport[],
): Promise<RecordPositionsResult> {
  const valid = reports.filter(isValidReport);
  // One row per (issi, instant) within the batch too: the first wins, as in the table.
  const unique = new Map<string, PositionReport>();
  for (const r of valid) {
    const key = `${r.issi}@${new Date(r.observedAt).getTime()}`;
    if (!unique.has(key)) unique.set(key, r);
  }
  const rows = [...unique.values()];
  const rejected = reports.length - valid.length;
  if (rows.length === 0) return { recorded: 0, duplicates: valid.length, rejected, latestChanged: 0 };
  const received = deps.clock.now();
  const col = <T>(f: (r: PositionReport) => T) => rows.map(f);
  // The batch as columns, once: both statements unnest the same arrays.
  const columns = [
    col((r) => r.issi),
    col((r) => r.observedAt),
    col((r) => r.lat),
    col((r) => r.lon),
    col((r) => r.errorMetres),
    col((r) => r.speedKmh),
    col((r) => r.headingDeg),
    col((r) => r.source),
  ];
  return deps.db.transaction(async (tx) => {
    const inserted = await tx.query<{ issi: string }>(
      `INSERT INTO amk_positions (issi, observed_at, lat, lon, error_metres, speed_kmh, heading_deg, source, received_at)
       SELECT issi, observed_at, lat, lon, error_metres, speed_kmh, heading_deg, source, $9
         FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::text[])
           AS t(issi, observed_at, lat, lon, error_metres, speed_kmh, heading_deg, source)
       ON CONFLICT (issi, observed_at) DO NOTHING RETURNING issi`,
      [...columns, received],
    );
    if (inserted.rows.length === 0)
      return { recorded: 0, duplicates: valid.length, rejected, latestChanged: 0 };
    const latest = await tx.query<{
      issi: string;
      observed_ms: number;
      lat: number;
      lon: number;
      error_metres: number | null;
      speed_kmh: number | null;
      heading_deg: number | null;
    }>(
      `INSERT INTO amk_latest_positions AS l (issi, observed_at, lat, lon, error_metres, speed_kmh, heading_deg, source)
       SELECT DISTINCT ON (issi) issi, observed_at, lat, lon, error_metres, speed_kmh, heading_deg, source
         FROM unnest($1::text[], $2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::text[])
           AS t(issi, observed_at, lat, lon, error_metres, speed_kmh, heading_deg, source)
        ORDER BY issi, observed_at DESC
       ON CONFLICT (issi) DO UPDATE SET observed_at = EXCLUDED.observed_at, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
         error_metres = EXCLUDED.error_metres, speed_kmh = EXCLUDED.speed_kmh, heading_deg = EXCLUDED.heading_deg,
         source = EXCLUDED.source
       WHERE l.observed_at < EXCLUDED.observed_at
       RETURNING issi, (extract(epoch from observed_at) * 1000)::float8 AS observed_ms, lat, lon, error_metres,
         speed_kmh, heading_deg`,
      columns,
    );
    if (latest.rows.length > 0) {
      const owners = await tx.query<{ id: string; issi: string; amk_id: string }>(
        'SELECT id::text AS id, issi, amk_id FROM amk_resources WHERE issi = ANY($1::text[])',
        [latest.rows.map((r) => r.issi)],
      );
      const byIssi = new Map(owners.rows.map((o) => [o.issi, o]));
      const byAmk = new Map<string, ReturnType<typeof positionsRecorded.schema.parse>['units']>();
      for (const p of latest.rows) {
        const o = byIssi.get(p.issi);
        if (!o) continue;
        const list = byAmk.get(o.amk_id) ?? [];
        list.push({
          resourceId: o.id,
          issi: p.issi,
          lat: p.lat,
          lon: p.lon,
          observedAt: new Date(p.observed_ms).toISOString(),
          errorMetres: p.error_metres,
          speedKmh: p.speed_kmh,
          headingDeg: p.heading_deg,
        });
        byAmk.set(o.amk_id, list);
      }
      for (const [amkId, units] of byAmk)
        await appendEvent(tx, actor, positionsRecorded.of({ amkId, units }));
    }
    return {
      recorded: inserted.rows.length,
      duplicates: valid.length - inserted.rows.length,
      rejected,
      latestChanged: latest.rows.length,
    };
  });
}
