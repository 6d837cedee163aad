/**
 * Handover at the hospital (AMK-2): a unit transporting the mission's patient arrives at the
 * hospital and hands over — its status becomes `at-hospital` and the mission's timeline names
 * the hospital.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { refusal } from '../../platform/errors.ts';
import { readOptions, type AmkDeps } from '../deps.ts';
import { applyStatus } from '../resources/change-status.ts';
import { loadResource } from '../resources/resource-store.ts';
import { loadMission, type Mission } from './mission-store.ts';

export async function handOver(
  deps: AmkDeps,
  actor: Actor,
  missionId: string,
  input: { resourceId: string; hospital: string },
): Promise<Mission> {
  await deps.db.transaction(async (tx) => {
    await loadMission(tx, missionId, true);
    const unit = await loadResource(tx, input.resourceId, readOptions(deps), true).catch(() => {
      throw refusal('unprocessable', 'No such unit', { code: 'amk.mission.unknown-unit' });
    });
    if (unit.missionId !== missionId)
      throw refusal('unprocessable', 'The unit is not on this mission', {
        code: 'amk.mission.unit-not-on-mission',
      });
    await applyStatus(tx, deps, actor, unit, 'at-hospital', { hospital: input.hospital });
  });
  return loadMission(deps.db, missionId);
}
