/** Safety alarms as stored and as the consoles read them (NN-4). */
import type { Queryable } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import { crewOnDuty, type CrewMemberOnDuty } from '../../readiness/roster/crew-on-duty.ts';
import { ALARM_LEVELS, alarmAudience, type AlarmLevel } from '../domain/escalation.ts';
import type { AlarmSource, TrackPoint } from '../domain/position.ts';
import type { AmkDeps } from '../deps.ts';
import { tracksOf } from '../positions/read-track.ts';
import type { safetyAlarmChanged } from '../events.ts';

export interface AlarmStep {
  kind: 'raised' | 'escalated' | 'acknowledged';
  level: AlarmLevel;
  amkIds: string[];
  at: string;
  by: string;
}

export interface SafetyAlarm {
  id: string;
  issi: string;
  observedAt: string;
  source: AlarmSource;
  resourceId: string | null;
  callSign: string | null;
  /** The AMK responsible; null: the operations centre. */
  amkId: string | null;
  level: AlarmLevel;
  /** Every AMK the alarm has reached (empty: the operations centre). */
  audience: string[];
  raisedAt: string;
  /** When it escalates unless acknowledged; null when acknowledged or at its last level. */
  escalateAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  position: TrackPoint | null;
  track: TrackPoint[];
  crew: CrewMemberOnDuty[];
  steps: AlarmStep[];
}

export interface AlarmRow {
  id: string;
  issi: string;
  observed_ms: number;
  source: AlarmSource;
  resource_id: string | null;
  call_sign: string | null;
  roster_unit_id: string | null;
  amk_id: string | null;
  level: number;
  raised_ms: number;
  escalate_ms: number | null;
  acknowledged_ms: number | null;
  acknowledged_by: string | null;
}

export const SELECT_ALARMS = `SELECT a.id::text AS id, a.issi, (extract(epoch from a.observed_at) * 1000)::float8 AS observed_ms,
    a.source, a.resource_id::text AS resource_id, r.call_sign, r.roster_unit_id, a.amk_id, a.level,
    (extract(epoch from a.raised_at) * 1000)::float8 AS raised_ms,
    (extract(epoch from a.escalate_at) * 1000)::float8 AS escalate_ms,
    (extract(epoch from a.acknowledged_at) * 1000)::float8 AS acknowledged_ms, a.acknowledged_by
  FROM amk_safety_alarms a LEFT JOIN amk_resources r ON r.id = a.resource_id`;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function loadAlarmRow(q: Queryable, id: string, forUpdate = false): Promise<AlarmRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('The alarm');
  const { rows } = await q.query<AlarmRow>(
    `${SELECT_ALARMS} WHERE a.id = $1 ${forUpdate ? 'FOR UPDATE OF a' : ''}`,
    [id],
  );
  if (!rows[0]) throw notFound('The alarm');
  return rows[0];
}

/** The alarm's audience at its level: its AMK, and at the last level its neighbours. */
export const audienceOf = (deps: AmkDeps, r: Pick<AlarmRow, 'level' | 'amk_id'>): string[] =>
  alarmAudience(r.level, r.amk_id, r.amk_id ? deps.areas.neighboursOf(r.amk_id) : []);

/** The alarm with its unit's crew now, position and track, and every step. */
export async function alarmView(deps: AmkDeps, r: AlarmRow, q: Queryable = deps.db): Promise<SafetyAlarm> {
  const now = deps.clock.nowMs();
  const track = (await tracksOf(q, [r.issi], now, deps.config.track)).get(r.issi) ?? [];
  const latest = await q.query<{
    observed_ms: number;
    lat: number;
    lon: number;
    error_metres: number | null;
    speed_kmh: number | null;
    heading_deg: number | null;
  }>(
    `SELECT (extract(epoch from observed_at) * 1000)::float8 AS observed_ms, lat, lon, error_metres, speed_kmh, heading_deg
       FROM amk_latest_positions WHERE issi = $1`,
    [r.issi],
  );
  const p = latest.rows[0];
  const crew = r.roster_unit_id ? await crewOnDuty(q, r.roster_unit_id, now) : null;
  const steps = await q.query<{
    kind: AlarmStep['kind'];
    level: number;
    amk_ids: unknown;
    at_ms: number;
    actor_name: string;
  }>(
    `SELECT kind, level, amk_ids, (extract(epoch from at) * 1000)::float8 AS at_ms, actor_name
       FROM amk_safety_alarm_steps WHERE alarm_id = $1 ORDER BY id`,
    [r.id],
  );
  return {
    id: r.id,
    issi: r.issi,
    observedAt: iso(r.observed_ms)!,
    source: r.source,
    resourceId: r.resource_id,
    callSign: r.call_sign,
    amkId: r.amk_id,
    level: ALARM_LEVELS[Math.min(r.level, ALARM_LEVELS.length - 1)]!,
    audience: audienceOf(deps, r),
    raisedAt: iso(r.raised_ms)!,
    escalateAt: iso(r.escalate_ms),
    acknowledgedAt: iso(r.acknowledged_ms),
    acknowledgedBy: r.acknowledged_by,
    position: p
      ? {
          observedAt: iso(p.observed_ms)!,
          lat: p.lat,
          lon: p.lon,
          errorMetres: p.error_metres,
          speedKmh: p.speed_kmh,
          headingDeg: p.heading_deg,
        }
      : null,
    track,
    crew: crew?.crew ?? [],
    steps: steps.rows.map((s) => ({
      kind: s.kind,
      level: ALARM_LEVELS[Math.min(s.level, ALARM_LEVELS.length - 1)]!,
      amkIds: (typeof s.amk_ids === 'string' ? JSON.parse(s.amk_ids) : s.amk_ids) as string[],
      at: iso(s.at_ms)!,
      by: s.actor_name,
    })),
  };
}

type AlarmPayload = Parameters<typeof safetyAlarmChanged.of>[0];

/** The pushed payload for one AMK told (crew only to an AMK; the national audience gets none). */
export function alarmPayload(
  a: SafetyAlarm,
  change: AlarmPayload['change'],
  audienceAmkId: string | null,
): AlarmPayload {
  return {
    alarmId: a.id,
    change,
    level: a.level,
    audienceAmkId,
    amkId: a.amkId,
    issi: a.issi,
    resourceId: a.resourceId,
    callSign: a.callSign,
    position: a.position,
    track: a.track,
    crew: audienceAmkId ? a.crew : [],
  };
}
