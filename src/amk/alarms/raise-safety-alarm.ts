/**
 * A safety alarm (emergency button) from a terminal (NN-4): THE way an alarm enters the AMK
 * picture — from the Nødnett adapter, the JSON input route or the simulator. It reaches the
 * responsible AMK at once (an event in the same transaction, pushed to its consoles) with the
 * unit, its crew, position and track, and waits for an operator's acknowledgement; unacknowledged
 * it escalates (escalate-alarms.ts; the state is in the row, so a restart loses nothing).
 *
 * Responsible: the AMK of the unit that carries the terminal; for a terminal no unit carries, the
 * AMK whose area its last position lies in; with neither, the operations centre (national). An
 * alarm is never dropped for want of an owner.
 *
 * Idempotent per terminal and instant: the same alarm sent twice (a retry) is one alarm.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import { nextEscalationAt } from '../domain/escalation.ts';
import type { AlarmSource } from '../domain/position.ts';
import type { AmkDeps } from '../deps.ts';
import { safetyAlarmChanged } from '../events.ts';
import { alarmPayload, alarmView, audienceOf, loadAlarmRow, type SafetyAlarm } from './alarm-store.ts';

export interface SafetyAlarmInput {
  issi: string;
  /** When the terminal raised it (ISO instant). */
  observedAt: string;
  source: AlarmSource;
}

export async function raiseSafetyAlarm(
  deps: AmkDeps,
  actor: Actor,
  input: SafetyAlarmInput,
): Promise<{ alarm: SafetyAlarm; created: boolean }> {
  const observedAt = new Date(input.observedAt);
  const existing = await deps.db.query<{ id: string }>(
    'SELECT id::text AS id FROM amk_safety_alarms WHERE issi = $1 AND observed_at = $2',
    [input.issi, observedAt],
  );
  if (existing.rows[0])
    return { alarm: await alarmView(deps, await loadAlarmRow(deps.db, existing.rows[0].id)), created: false };

  // Who is responsible: the unit's AMK, else the AMK of the area the terminal is in.
  const unit = await deps.db.query<{ id: string; amk_id: string }>(
    'SELECT id::text AS id, amk_id FROM amk_resources WHERE issi = $1',
    [input.issi],
  );
  let amkId = unit.rows[0]?.amk_id ?? null;
  let lat: number | null = null;
  let lon: number | null = null;
  const pos = await deps.db.query<{ lat: number; lon: number }>(
    'SELECT lat, lon FROM amk_latest_positions WHERE issi = $1',
    [input.issi],
  );
  if (pos.rows[0]) ({ lat, lon } = pos.rows[0]);
  if (amkId === null && lat !== null && lon !== null) {
    const municipality = await deps.areas.locate(lat, lon).catch((e: unknown) => {
      deps.logger.warn({ err: e }, 'the municipality boundaries could not be read: the alarm goes national');
      return null;
    });
    amkId = municipality ? deps.areas.amkOf(municipality) : null;
  }

  const id = randomUUID();
  const nowMs = deps.clock.nowMs();
  const escalateAt = nextEscalationAt(0, nowMs, amkId !== null, deps.config.escalation);
  return deps.db.transaction(async (tx) => {
    const ins = await tx.query<{ id: string }>(
      `INSERT INTO amk_safety_alarms (id, issi, observed_at, source, resource_id, amk_id, lat, lon, level, escalate_at, raised_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10) ON CONFLICT (issi, observed_at) DO NOTHING RETURNING id::text AS id`,
      [
        id,
        input.issi,
        observedAt,
        input.source,
        unit.rows[0]?.id ?? null,
        amkId,
        lat,
        lon,
        escalateAt === null ? null : new Date(escalateAt),
        new Date(nowMs),
      ],
    );
    if (!ins.rows[0]) {
      // Raised by a concurrent delivery of the same alarm: that one is the alarm.
      const other = await tx.query<{ id: string }>(
        'SELECT id::text AS id FROM amk_safety_alarms WHERE issi = $1 AND observed_at = $2',
        [input.issi, observedAt],
      );
      return { alarm: await alarmView(deps, await loadAlarmRow(tx, other.rows[0]!.id), tx), created: false };
    }
    const row = await loadAlarmRow(tx, id);
    const audience = audienceOf(deps, row);
    await tx.query(
      `INSERT INTO amk_safety_alarm_steps (alarm_id, kind, level, amk_ids, at, actor_name) VALUES ($1, 'raised', 0, $2, $3, $4)`,
      [id, JSON.stringify(audience), new Date(nowMs), actor.name],
    );
    const alarm = await alarmView(deps, row, tx);
    for (const to of audience.length ? audience : [null])
      await recordChange(tx, actor, {
        audit: {
          action: 'amk.safety-alarm.raised',
          entityType: 'amk-safety-alarm',
          entityId: id,
          centreId: to,
          details: { issi: input.issi, resourceId: alarm.resourceId, amkId, level: alarm.level },
        },
        event: safetyAlarmChanged.of(alarmPayload(alarm, 'raised', to)),
      });
    return { alarm, created: true };
  });
}
