/**
 * Escalation of unacknowledged safety alarms (NN-4): run by the job `amk.escalate-alarms` every
 * `NODMELD_AMK_ESCALATION_SWEEP_MS` on one instance of the cluster (and safe on several: each step
 * is a conditional update of the alarm's locked row). The due instant is in the row, so a restart
 * or a take-over by another instance escalates what fell due meanwhile — once.
 */
import { SYSTEM_ACTOR, type Actor } from '../../platform/auth/actor.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import { ALARM_LEVELS, nextEscalationAt } from '../domain/escalation.ts';
import type { AmkDeps } from '../deps.ts';
import { safetyAlarmChanged } from '../events.ts';
import { alarmPayload, alarmView, audienceOf, loadAlarmRow } from './alarm-store.ts';

/** Escalates every alarm due at the clock's now by one level; returns how many steps were taken. */
export async function escalateDueAlarms(deps: AmkDeps, actor: Actor = SYSTEM_ACTOR): Promise<number> {
  const nowMs = deps.clock.nowMs();
  const due = await deps.db.query<{ id: string }>(
    `SELECT id::text AS id FROM amk_safety_alarms
      WHERE escalate_at IS NOT NULL AND escalate_at <= $1 AND acknowledged_at IS NULL ORDER BY escalate_at LIMIT 500`,
    [new Date(nowMs)],
  );
  let steps = 0;
  for (const { id } of due.rows) {
    const stepped = await deps.db.transaction(async (tx) => {
      const row = await loadAlarmRow(tx, id, true);
      if (row.acknowledged_ms !== null || row.escalate_ms === null || row.escalate_ms > nowMs) return false;
      const level = Math.min(row.level + 1, ALARM_LEVELS.length - 1);
      const next = nextEscalationAt(level, nowMs, row.amk_id !== null, deps.config.escalation);
      await tx.query('UPDATE amk_safety_alarms SET level = $1, escalate_at = $2 WHERE id = $3', [
        level,
        next === null ? null : new Date(next),
        id,
      ]);
      const after = { ...row, level, escalate_ms: next };
      const audience = audienceOf(deps, after);
      await tx.query(
        `INSERT INTO amk_safety_alarm_steps (alarm_id, kind, level, amk_ids, at, actor_name) VALUES ($1, 'escalated', $2, $3, $4, $5)`,
        [id, level, JSON.stringify(audience), new Date(nowMs), actor.name],
      );
      const alarm = await alarmView(deps, after, tx);
      for (const to of audience)
        await recordChange(tx, actor, {
          audit: {
            action: 'amk.safety-alarm.escalated',
            entityType: 'amk-safety-alarm',
            entityId: id,
            centreId: to,
            details: { level: alarm.level, audience },
          },
          event: safetyAlarmChanged.of(alarmPayload(alarm, 'escalated', to)),
        });
      return true;
    });
    if (stepped) steps++;
  }
  return steps;
}
