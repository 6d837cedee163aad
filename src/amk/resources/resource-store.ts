/** The resources' rows and their read model (NN-5): a resource with its latest position. */
import type { Queryable } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import type { FirstResponderAgency, ResourceKind, ResourceStatus } from '../domain/resource.ts';
import { isStale } from '../domain/position.ts';

export interface LatestPosition {
  lat: number;
  lon: number;
  observedAt: string;
  errorMetres: number | null;
  speedKmh: number | null;
  headingDeg: number | null;
  /** Older than the configured age: shown, but not trusted for suggestions. */
  stale: boolean;
}

export interface Resource {
  id: string;
  callSign: string;
  kind: ResourceKind;
  agency: FirstResponderAgency | null;
  amkId: string;
  station: { name: string; lat: number; lon: number };
  issi: string | null;
  rosterUnitId: string | null;
  status: ResourceStatus;
  statusChangedAt: string;
  missionId: string | null;
  revision: number;
  position: LatestPosition | null;
}

interface Row {
  id: string;
  call_sign: string;
  kind: ResourceKind;
  agency: FirstResponderAgency | null;
  amk_id: string;
  station_name: string;
  station_lat: number;
  station_lon: number;
  issi: string | null;
  roster_unit_id: string | null;
  status: ResourceStatus;
  status_changed_ms: number;
  mission_id: string | null;
  revision: number;
  p_observed_ms: number | null;
  p_lat: number | null;
  p_lon: number | null;
  p_error: number | null;
  p_speed: number | null;
  p_heading: number | null;
}

export const SELECT_RESOURCES = `SELECT r.id::text AS id, r.call_sign, r.kind, r.agency, r.amk_id, r.station_name,
    r.station_lat, r.station_lon, r.issi, r.roster_unit_id, r.status,
    (extract(epoch from r.status_changed_at) * 1000)::float8 AS status_changed_ms, r.mission_id::text AS mission_id,
    r.revision, (extract(epoch from p.observed_at) * 1000)::float8 AS p_observed_ms, p.lat AS p_lat, p.lon AS p_lon,
    p.error_metres AS p_error, p.speed_kmh AS p_speed, p.heading_deg AS p_heading
  FROM amk_resources r LEFT JOIN amk_latest_positions p ON p.issi = r.issi`;

export function toResource(r: Row, nowMs: number, staleAfterMs: number): Resource {
  return {
    id: r.id,
    callSign: r.call_sign,
    kind: r.kind,
    agency: r.agency,
    amkId: r.amk_id,
    station: { name: r.station_name, lat: r.station_lat, lon: r.station_lon },
    issi: r.issi,
    rosterUnitId: r.roster_unit_id,
    status: r.status,
    statusChangedAt: new Date(r.status_changed_ms).toISOString(),
    missionId: r.mission_id,
    revision: Number(r.revision),
    position:
      r.p_observed_ms === null
        ? null
        : {
            lat: r.p_lat!,
            lon: r.p_lon!,
            observedAt: new Date(r.p_observed_ms).toISOString(),
            errorMetres: r.p_error,
            speedKmh: r.p_speed,
            headingDeg: r.p_heading,
            stale: isStale(r.p_observed_ms, nowMs, staleAfterMs),
          },
  };
}

export interface ReadOptions {
  nowMs: number;
  staleAfterMs: number;
}

/** Resources matching a WHERE clause on `r` (parameterised), by call sign. */
export async function selectResources(
  q: Queryable,
  where: string,
  params: readonly unknown[],
  o: ReadOptions,
): Promise<Resource[]> {
  const { rows } = await q.query<Row>(`${SELECT_RESOURCES} ${where} ORDER BY r.call_sign`, params);
  return rows.map((r) => toResource(r, o.nowMs, o.staleAfterMs));
}

/** One resource (not-found when there is none; `forUpdate` locks its row). */
export async function loadResource(
  q: Queryable,
  id: string,
  o: ReadOptions,
  forUpdate = false,
): Promise<Resource> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('The resource');
  const lock = forUpdate ? 'FOR UPDATE OF r' : '';
  const { rows } = await q.query<Row>(`${SELECT_RESOURCES} WHERE r.id = $1 ${lock}`, [id]);
  if (!rows[0]) throw notFound('The resource');
  return toResource(rows[0], o.nowMs, o.staleAfterMs);
}

/** The AMK of a resource, or null when there is none (route scopes). */
export async function amkOfResource(q: Queryable, id: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const r = await q.query<{ amk_id: string }>('SELECT amk_id FROM amk_resources WHERE id = $1', [id]);
  return r.rows[0]?.amk_id ?? null;
}
