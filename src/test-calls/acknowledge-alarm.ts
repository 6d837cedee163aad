/**
 * Acknowledging a test-call alarm (RT-8, RT-14): the operations centre or the centre's leader says
 * it is seen and being handled — who, when, a comment; audited with its event in one transaction.
 */
import type { Actor } from '../platform/auth/actor.ts';
import { notFound, refusal } from '../platform/errors.ts';
import type { Db } from '../platform/db/types.ts';
import { recordChange } from '../platform/events/record-change.ts';
import type { Clock } from '../platform/time/clock.ts';
import { alarmAcknowledged } from './events.ts';
import { acknowledgeAlarm, readAlarm, type AlarmRow } from './store.ts';

export async function acknowledgeTestCallAlarm(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  alarmId: string,
  comment: string | null,
): Promise<AlarmRow> {
  return deps.db.transaction(async (tx) => {
    const alarm = await readAlarm(tx, alarmId);
    if (!alarm) throw notFound('The alarm');
    const at = deps.clock.now().toISOString();
    if (!(await acknowledgeAlarm(tx, alarmId, actor.name, at, comment))) {
      throw refusal('conflict', 'The alarm is already acknowledged', {
        code: 'test-calls.alarm-already-acknowledged',
      });
    }
    await recordChange(tx, actor, {
      audit: {
        action: 'test-calls.alarm.acknowledged',
        entityType: 'test-call-alarm',
        entityId: alarmId,
        centreId: alarm.centreId,
        details: { runId: alarm.runId, comment },
      },
      event: alarmAcknowledged.of({ alarmId, runId: alarm.runId, centreId: alarm.centreId }),
    });
    return { ...alarm, acknowledgedBy: actor.name, acknowledgedAt: at, comment };
  });
}
