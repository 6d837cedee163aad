/**
 * Closing a mission (AMK-2): its units still on it become available again (through the
 * transition table: a unit still transporting the patient must hand over first), then the mission
 * is closed. One transaction: all or nothing.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { refusal } from '../../platform/errors.ts';
import { mayTransition } from '../domain/resource.ts';
import { readOptions, type AmkDeps } from '../deps.ts';
import { applyStatus } from '../resources/change-status.ts';
import { loadResource } from '../resources/resource-store.ts';
import { recordMissionStep } from './mission-events.ts';
import { loadMission, type Mission } from './mission-store.ts';

export async function closeMission(deps: AmkDeps, actor: Actor, missionId: string): Promise<Mission> {
  await deps.db.transaction(async (tx) => {
    const mission = await loadMission(tx, missionId, true);
    if (mission.state !== 'open')
      throw refusal('conflict', 'The mission is closed', { code: 'amk.mission.closed' });
    const busy = mission.units.filter((u) => u.onMission && !mayTransition(u.status, 'available'));
    if (busy.length > 0)
      throw refusal('conflict', 'A unit of the mission cannot be released yet', {
        code: 'amk.mission.unit-busy',
        params: { callSign: busy[0]!.callSign, status: busy[0]!.status },
      });
    for (const u of mission.units.filter((x) => x.onMission)) {
      const unit = await loadResource(tx, u.resourceId, readOptions(deps), true);
      await applyStatus(tx, deps, actor, unit, 'available');
    }
    const now = deps.clock.now();
    await tx.query(`UPDATE amk_missions SET state = 'closed', closed_at = $1 WHERE id = $2`, [
      now,
      missionId,
    ]);
    await recordMissionStep(tx, actor, now, missionId, { kind: 'closed' });
  });
  return loadMission(deps.db, missionId);
}
