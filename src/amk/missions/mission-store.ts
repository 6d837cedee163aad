/** Missions as stored and read (AMK-2): the mission, its units (with their own AMKs), its timeline. */
import type { Queryable } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import { selectDeliveries, type AlertDeliveryView } from '../alert-delivery/delivery-store.ts';
import type { MissionState, TimelineKind, Urgency } from '../domain/mission.ts';
import type { ResourceKind, ResourceStatus } from '../domain/resource.ts';

export interface MissionUnit {
  resourceId: string;
  callSign: string;
  kind: ResourceKind;
  amkId: string;
  /** The unit's status now, and whether it still serves this mission. */
  status: ResourceStatus;
  onMission: boolean;
  dispatchedAt: string;
  /** The dispatch's delivery to the unit's terminal over Nødnett (utalarmering). */
  delivery: AlertDeliveryView | null;
}

export interface TimelineEntry {
  kind: TimelineKind;
  resourceId: string | null;
  status: ResourceStatus | null;
  hospital: string | null;
  at: string;
  by: string;
}

export interface Mission {
  id: string;
  callId: string | null;
  urgency: Urgency;
  location: { lat: number; lon: number; municipality: string };
  /** The AMK that owns it (its location's). */
  amkId: string;
  /** Every AMK that follows it: the owner and the AMKs of its units. */
  amkIds: string[];
  state: MissionState;
  createdAt: string;
  closedAt: string | null;
  revision: number;
  units: MissionUnit[];
}

export interface MissionDetail extends Mission {
  timeline: TimelineEntry[];
}

interface Row {
  id: string;
  call_id: string | null;
  urgency: Urgency;
  lat: number;
  lon: number;
  municipality: string;
  amk_id: string;
  state: MissionState;
  created_ms: number;
  closed_ms: number | null;
  revision: number;
}

const SELECT = `SELECT m.id::text AS id, m.call_id, m.urgency, m.lat, m.lon, m.municipality, m.amk_id, m.state,
  (extract(epoch from m.created_at) * 1000)::float8 AS created_ms, (extract(epoch from m.closed_at) * 1000)::float8 AS closed_ms,
  m.revision FROM amk_missions m`;

const iso = (ms: number) => new Date(ms).toISOString();

async function unitsOf(q: Queryable, ids: string[]): Promise<Map<string, MissionUnit[]>> {
  const out = new Map<string, MissionUnit[]>();
  if (ids.length === 0) return out;
  const { rows } = await q.query<{
    mission_id: string;
    resource_id: string;
    call_sign: string;
    kind: ResourceKind;
    amk_id: string;
    status: ResourceStatus;
    current_mission: string | null;
    dispatched_ms: number;
  }>(
    `SELECT u.mission_id::text AS mission_id, u.resource_id::text AS resource_id, r.call_sign, r.kind, u.amk_id, r.status,
            r.mission_id::text AS current_mission, (extract(epoch from u.dispatched_at) * 1000)::float8 AS dispatched_ms
       FROM amk_mission_units u JOIN amk_resources r ON r.id = u.resource_id
      WHERE u.mission_id = ANY($1::uuid[]) ORDER BY u.dispatched_at, r.call_sign`,
    [ids],
  );
  const deliveries = await selectDeliveries(q, 'dispatch', ids);
  for (const r of rows) {
    const list = out.get(r.mission_id) ?? [];
    list.push({
      resourceId: r.resource_id,
      callSign: r.call_sign,
      kind: r.kind,
      amkId: r.amk_id,
      status: r.status,
      onMission: r.current_mission === r.mission_id,
      dispatchedAt: iso(r.dispatched_ms),
      delivery: deliveries.get(r.mission_id)?.get(r.resource_id) ?? null,
    });
    out.set(r.mission_id, list);
  }
  return out;
}

function toMission(r: Row, units: MissionUnit[]): Mission {
  return {
    id: r.id,
    callId: r.call_id,
    urgency: r.urgency,
    location: { lat: r.lat, lon: r.lon, municipality: r.municipality },
    amkId: r.amk_id,
    amkIds: [...new Set([r.amk_id, ...units.map((u) => u.amkId)])].sort(),
    state: r.state,
    createdAt: iso(r.created_ms),
    closedAt: r.closed_ms === null ? null : iso(r.closed_ms),
    revision: Number(r.revision),
    units,
  };
}

/** Missions matching a WHERE on `m`, newest first. */
export async function selectMissions(
  q: Queryable,
  where: string,
  params: readonly unknown[],
): Promise<Mission[]> {
  const { rows } = await q.query<Row>(`${SELECT} ${where} ORDER BY m.created_at DESC LIMIT 500`, params);
  const units = await unitsOf(
    q,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toMission(r, units.get(r.id) ?? []));
}

export async function loadMission(q: Queryable, id: string, forUpdate = false): Promise<Mission> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('The mission');
  const { rows } = await q.query<Row>(`${SELECT} WHERE m.id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw notFound('The mission');
  return toMission(rows[0], (await unitsOf(q, [id])).get(id) ?? []);
}

export async function timelineOf(q: Queryable, id: string): Promise<TimelineEntry[]> {
  const { rows } = await q.query<{
    kind: TimelineKind;
    resource_id: string | null;
    status: ResourceStatus | null;
    hospital: string | null;
    at_ms: number;
    actor_name: string;
  }>(
    `SELECT kind, resource_id::text AS resource_id, status, hospital, (extract(epoch from at) * 1000)::float8 AS at_ms, actor_name
       FROM amk_mission_timeline WHERE mission_id = $1 ORDER BY id`,
    [id],
  );
  return rows.map((r) => ({
    kind: r.kind,
    resourceId: r.resource_id,
    status: r.status,
    hospital: r.hospital,
    at: iso(r.at_ms),
    by: r.actor_name,
  }));
}

/** The AMKs that follow a mission (route scopes); empty when there is no such mission. */
export async function amksOfMission(q: Queryable, id: string): Promise<string[]> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return [];
  const { rows } = await q.query<{ amk_id: string }>(
    `SELECT amk_id FROM amk_missions WHERE id = $1 UNION SELECT amk_id FROM amk_mission_units WHERE mission_id = $1`,
    [id],
  );
  return rows.map((r) => r.amk_id);
}
