/**
 * One step of a mission: its timeline row, its revision, and an audit row and event for every AMK
 * that follows it (the owner and its units' AMKs) — in the caller's transaction.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import type { TimelineKind } from '../domain/mission.ts';
import type { ResourceStatus } from '../domain/resource.ts';
import { missionChanged } from '../events.ts';
import { amksOfMission } from './mission-store.ts';

export async function recordMissionStep(
  tx: Queryable,
  actor: Actor,
  at: Date,
  missionId: string,
  step: {
    kind: TimelineKind;
    resourceId?: string | null;
    status?: ResourceStatus | null;
    hospital?: string | null;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO amk_mission_timeline (mission_id, kind, resource_id, status, hospital, at, actor_name)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      missionId,
      step.kind,
      step.resourceId ?? null,
      step.status ?? null,
      step.hospital ?? null,
      at,
      actor.name,
    ],
  );
  const rev = await tx.query<{ revision: number }>(
    'UPDATE amk_missions SET revision = revision + 1 WHERE id = $1 RETURNING revision',
    [missionId],
  );
  const revision = Number(rev.rows[0]?.revision ?? 0);
  for (const amk of (await amksOfMission(tx, missionId)).sort())
    await recordChange(tx, actor, {
      audit: {
        action: `amk.mission.${step.kind}`,
        entityType: 'amk-mission',
        entityId: missionId,
        centreId: amk,
        details: {
          resourceId: step.resourceId ?? null,
          status: step.status ?? null,
          hospital: step.hospital ?? null,
        },
      },
      event: missionChanged.of({
        missionId,
        audienceAmkId: amk,
        change: step.kind,
        resourceId: step.resourceId ?? null,
        revision,
      }),
    });
}
