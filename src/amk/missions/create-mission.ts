/**
 * A mission (AMK-2), optionally from a 113 call on record: its urgency (akutt, haster, vanlig) and
 * location. The location's municipality (given, or found from the point) places it in an AMK area;
 * the operator must work for that AMK. A call the operator may not read is not a call they can
 * start a mission from (answered as an unknown call).
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import { refusal } from '../../platform/errors.ts';
import { callOwner } from '../../calls/read-calls.ts';
import { callsPolicy } from '../../calls/policy.ts';
import type { Urgency } from '../domain/mission.ts';
import type { AmkDeps } from '../deps.ts';
import { amkPolicy } from '../policy.ts';
import { recordMissionStep } from './mission-events.ts';
import { loadMission, type Mission } from './mission-store.ts';

export interface MissionInput {
  callId?: string | null;
  urgency: Urgency;
  lat: number;
  lon: number;
  /** The municipality of the location; found from the point when left out. */
  municipality?: string | null;
}

export async function createMission(deps: AmkDeps, actor: Actor, input: MissionInput): Promise<Mission> {
  const municipality = input.municipality ?? (await deps.areas.locate(input.lat, input.lon));
  const amkId = municipality ? deps.areas.amkOf(municipality) : null;
  if (!municipality || !amkId)
    throw refusal('unprocessable', 'The location is in no AMK area of the routing data in force', {
      code: 'amk.mission.no-amk-area',
      params: { municipality: municipality ?? '' },
    });
  if (!amkPolicy.can(actor, 'amk.operate', { amkIds: [amkId] }))
    throw refusal('forbidden', 'The location is outside the caller’s AMK areas', {
      code: 'amk.mission.outside-area',
      params: { amkId },
    });
  if (input.callId) {
    const owner = await callOwner(deps.db, input.callId);
    if (
      !owner ||
      !callsPolicy.can(actor, 'calls.read', { centreId: owner.centreId ?? '', amkId: owner.amkArea })
    )
      throw refusal('unprocessable', 'No such call', { code: 'amk.mission.unknown-call' });
  }
  const id = randomUUID();
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO amk_missions (id, call_id, urgency, lat, lon, municipality, amk_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, input.callId ?? null, input.urgency, input.lat, input.lon, municipality, amkId, now],
    );
    await recordMissionStep(tx, actor, now, id, { kind: 'created' });
  });
  return loadMission(deps.db, id);
}
