/**
 * Dispatching a unit to a mission (AMK-2): an available unit of the mission's AMK or of a
 * neighbouring AMK (then both AMKs follow the mission). Sets the unit `dispatched` through the
 * transition table, links it to the mission, and writes the mission's timeline — one transaction,
 * with the dispatch queued for the unit's terminal over Nødnett (utalarmering; alert-delivery/),
 * sent after the commit.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { refusal } from '../../platform/errors.ts';
import { queueDeliveries } from '../alert-delivery/delivery-store.ts';
import { readOptions, type AmkDeps } from '../deps.ts';
import { applyStatus } from '../resources/change-status.ts';
import { loadResource } from '../resources/resource-store.ts';
import { recordMissionStep } from './mission-events.ts';
import { loadMission, type Mission } from './mission-store.ts';

export async function dispatchUnit(
  deps: AmkDeps,
  actor: Actor,
  missionId: string,
  resourceId: string,
): Promise<Mission> {
  await deps.db.transaction(async (tx) => {
    const mission = await loadMission(tx, missionId, true);
    if (mission.state !== 'open')
      throw refusal('conflict', 'The mission is closed', { code: 'amk.mission.closed' });
    const unit = await loadResource(tx, resourceId, readOptions(deps), true).catch(() => {
      throw refusal('unprocessable', 'No such unit', { code: 'amk.mission.unknown-unit' });
    });
    const reachable =
      unit.amkId === mission.amkId || deps.areas.neighboursOf(mission.amkId).includes(unit.amkId);
    if (!reachable)
      throw refusal('unprocessable', 'The unit belongs to neither the mission’s AMK nor a neighbour', {
        code: 'amk.mission.unit-out-of-reach',
        params: { amkId: unit.amkId },
      });
    await applyStatus(tx, deps, actor, unit, 'dispatched', { missionId });
    const now = deps.clock.now();
    await tx.query(
      `INSERT INTO amk_mission_units (mission_id, resource_id, amk_id, dispatched_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (mission_id, resource_id) DO UPDATE SET dispatched_at = EXCLUDED.dispatched_at`,
      [missionId, resourceId, unit.amkId, now],
    );
    await recordMissionStep(tx, actor, now, missionId, {
      kind: 'dispatched',
      resourceId,
      status: 'dispatched',
    });
    await queueDeliveries(
      tx,
      [
        {
          kind: 'dispatch',
          alertId: missionId,
          recipient: resourceId,
          amkId: unit.amkId,
          targetIssi: unit.issi,
        },
      ],
      now,
    );
  });
  deps.alertDelivery.kick();
  return loadMission(deps.db, missionId);
}
