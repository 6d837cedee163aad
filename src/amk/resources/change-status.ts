/**
 * A resource's status change (NN-5, AMK-2): checked against the pure transition table, written to
 * its timeline, audited and announced — in the caller's transaction. A unit on a mission writes
 * the mission's timeline too, and its return to `available` ends its part in the mission.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { conflict, refusal } from '../../platform/errors.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import { mayTransition, type ResourceStatus } from '../domain/resource.ts';
import { readOptions, type AmkDeps } from '../deps.ts';
import { resourceChanged } from '../events.ts';
import { recordMissionStep } from '../missions/mission-events.ts';
import { loadResource, type Resource } from './resource-store.ts';
import { tellNeighbours } from './tell-neighbours.ts';

/**
 * Moves the (locked) resource to `to` inside `tx`. `missionId` is the mission a dispatch joins;
 * other changes keep the unit's mission until it is available again.
 */
export async function applyStatus(
  tx: Queryable,
  deps: AmkDeps,
  actor: Actor,
  before: Resource,
  to: ResourceStatus,
  opts: { missionId?: string; hospital?: string } = {},
): Promise<void> {
  if (!mayTransition(before.status, to))
    throw refusal('conflict', `A resource cannot go from ${before.status} to ${to}`, {
      code: 'amk.status.transition',
      params: { from: before.status, to },
    });
  const now = deps.clock.now();
  const missionId = to === 'dispatched' ? (opts.missionId ?? null) : before.missionId;
  const keepMission = to === 'available' ? null : missionId;
  await tx.query(
    `UPDATE amk_resources SET status = $1, status_changed_at = $2, mission_id = $3, revision = revision + 1 WHERE id = $4`,
    [to, now, keepMission, before.id],
  );
  await tx.query(
    `INSERT INTO amk_resource_status_changes (resource_id, from_status, to_status, mission_id, at, actor_name)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [before.id, before.status, to, missionId, now, actor.name],
  );
  await recordChange(tx, actor, {
    audit: {
      action: 'amk.resource.status-changed',
      entityType: 'amk-resource',
      entityId: before.id,
      centreId: before.amkId,
      details: { from: before.status, to, missionId },
    },
    event: resourceChanged.of({
      resourceId: before.id,
      amkId: before.amkId,
      change: 'status',
      status: to,
      fromStatus: before.status,
      missionId,
      revision: before.revision + 1,
    }),
  });
  // The neighbours list this AMK's available units only: a unit joining or leaving them is news there.
  if ((before.status === 'available') !== (to === 'available')) {
    await tellNeighbours(tx, deps, actor, {
      resourceId: before.id,
      amkId: before.amkId,
      available: to === 'available',
    });
  }
  if (missionId && to !== 'dispatched') {
    const kind = to === 'at-hospital' && opts.hospital ? 'handover' : 'unit-status';
    await recordMissionStep(tx, actor, now, missionId, {
      kind,
      resourceId: before.id,
      status: to,
      hospital: opts.hospital ?? null,
    });
  }
}

/**
 * The operator's status change of a unit. Dispatching is done from a mission (dispatch-unit.ts),
 * so `dispatched` is refused here; `revision`, when given, must be the unit's current one.
 */
export async function changeResourceStatus(
  deps: AmkDeps,
  actor: Actor,
  id: string,
  input: { status: ResourceStatus; revision?: number; hospital?: string },
): Promise<Resource> {
  if (input.status === 'dispatched')
    throw refusal('unprocessable', 'A unit is dispatched from a mission', {
      code: 'amk.status.dispatch-from-mission',
    });
  await deps.db.transaction(async (tx) => {
    const before = await loadResource(tx, id, readOptions(deps), true);
    if (input.revision !== undefined && input.revision !== before.revision)
      throw conflict('The resource was changed since it was read', {
        detailCode: 'amk.resource.revision',
        detailParams: { revision: before.revision },
      });
    await applyStatus(
      tx,
      deps,
      actor,
      before,
      input.status,
      input.hospital !== undefined ? { hospital: input.hospital } : {},
    );
  });
  return loadResource(deps.db, id, readOptions(deps));
}
