/**
 * An operator acknowledges a safety alarm (NN-4): any operator the alarm has reached (its AMK, at
 * the last level its neighbours too; the operations centre for an alarm no AMK holds). It stops
 * the escalation; every AMK told is told it is acknowledged, by whom and when.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { notFound, refusal } from '../../platform/errors.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import type { AmkDeps } from '../deps.ts';
import { safetyAlarmChanged } from '../events.ts';
import { amkPolicy } from '../policy.ts';
import { alarmPayload, alarmView, audienceOf, loadAlarmRow, type SafetyAlarm } from './alarm-store.ts';

export async function acknowledgeAlarm(deps: AmkDeps, actor: Actor, id: string): Promise<SafetyAlarm> {
  return deps.db.transaction(async (tx) => {
    const row = await loadAlarmRow(tx, id, true);
    const audience = audienceOf(deps, row);
    if (!amkPolicy.can(actor, 'amk.operate', { amkIds: audience })) throw notFound('The alarm');
    if (row.acknowledged_ms !== null)
      throw refusal('conflict', 'The alarm is already acknowledged', {
        code: 'amk.alarm.already-acknowledged',
        params: { by: row.acknowledged_by ?? '', at: new Date(row.acknowledged_ms).toISOString() },
      });
    const nowMs = deps.clock.nowMs();
    await tx.query(
      'UPDATE amk_safety_alarms SET acknowledged_at = $1, acknowledged_by = $2, escalate_at = NULL WHERE id = $3',
      [new Date(nowMs), actor.name, id],
    );
    await tx.query(
      `INSERT INTO amk_safety_alarm_steps (alarm_id, kind, level, amk_ids, at, actor_name) VALUES ($1, 'acknowledged', $2, $3, $4, $5)`,
      [id, row.level, JSON.stringify(audience), new Date(nowMs), actor.name],
    );
    const alarm = await alarmView(
      deps,
      { ...row, acknowledged_ms: nowMs, acknowledged_by: actor.name, escalate_ms: null },
      tx,
    );
    for (const to of audience.length ? audience : [null])
      await recordChange(tx, actor, {
        audit: {
          action: 'amk.safety-alarm.acknowledged',
          entityType: 'amk-safety-alarm',
          entityId: id,
          centreId: to,
          details: { level: alarm.level, raisedAt: alarm.raisedAt },
        },
        event: safetyAlarmChanged.of(alarmPayload(alarm, 'acknowledged', to)),
      });
    return alarm;
  });
}
