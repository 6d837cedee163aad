/**
 * First responders (akutthjelpere, NN-6): alert the first-responder groups near a mission — the
 * available groups (fire, police, volunteers) of the mission's AMK and its neighbours within a
 * radius of the location — and follow who accepted, where they are and when they arrived. A group
 * that accepts joins the mission as a unit (`dispatched`); its arrival moves it to `at-scene`
 * through the transition table. Answers come from the group's system through an integration
 * token, or are recorded by an AMK operator as they come in by radio or telephone.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { notFound, refusal } from '../../platform/errors.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import {
  queueDeliveries,
  selectDeliveries,
  type AlertDeliveryView,
} from '../alert-delivery/delivery-store.ts';
import { estimateTravel } from '../domain/driving-time.ts';
import { greatCircleKm } from '../domain/geo.ts';
import type { FirstResponderAgency, FirstResponderAnswer, ResourceStatus } from '../domain/resource.ts';
import { readOptions, type AmkDeps } from '../deps.ts';
import { firstResponderChanged } from '../events.ts';
import { recordMissionStep } from '../missions/mission-events.ts';
import { amksOfMission, loadMission } from '../missions/mission-store.ts';
import { amkPolicy } from '../policy.ts';
import { applyStatus } from '../resources/change-status.ts';
import { loadResource, selectResources, type LatestPosition } from '../resources/resource-store.ts';

export interface FirstResponderAlert {
  id: string;
  missionId: string;
  resourceId: string;
  callSign: string;
  agency: FirstResponderAgency | null;
  amkId: string;
  alertedAt: string;
  answer: 'accepted' | 'declined' | null;
  answeredAt: string | null;
  arrivedAt: string | null;
  status: ResourceStatus;
  position: LatestPosition | null;
  /** Estimated minutes to the location from the group's fresh position, else its station. */
  estimatedMinutes: number;
  /** The alert's delivery to the group's terminal over Nødnett. */
  delivery: AlertDeliveryView | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

type FirstResponderChange = Parameters<typeof firstResponderChanged.of>[0]['change'];

/**
 * A change of first-responder alerts of a mission: its audit row and event for every AMK concerned
 * (the mission's and the groups'), in the caller's transaction. Also the delivery worker's, for an
 * alert's delivery over Nødnett and its read report (alert-delivery/).
 */
export async function recordFirstResponderChange(
  tx: Queryable,
  actor: Actor,
  missionId: string,
  change: FirstResponderChange,
  alertIds: string[],
  extraAmks: string[],
  details: Record<string, unknown> = {},
): Promise<void> {
  const amks = [...new Set([...(await amksOfMission(tx, missionId)), ...extraAmks])].sort();
  for (const amk of amks)
    await recordChange(tx, actor, {
      audit: {
        action: `amk.first-responder.${change}`,
        entityType: 'amk-mission',
        entityId: missionId,
        centreId: amk,
        details: { alertIds, ...details },
      },
      event: firstResponderChanged.of({ missionId, audienceAmkId: amk, change, alertIds }),
    });
}

/** The alerts of a mission, nearest first. */
export async function listFirstResponderAlerts(
  deps: AmkDeps,
  missionId: string,
): Promise<FirstResponderAlert[]> {
  const mission = await loadMission(deps.db, missionId);
  const { rows } = await deps.db.query<{
    id: string;
    resource_id: string;
    amk_id: string;
    alerted_ms: number;
    answer: 'accepted' | 'declined' | null;
    answered_ms: number | null;
    arrived_ms: number | null;
  }>(
    `SELECT id::text AS id, resource_id::text AS resource_id, amk_id, (extract(epoch from alerted_at) * 1000)::float8 AS alerted_ms,
            answer, (extract(epoch from answered_at) * 1000)::float8 AS answered_ms,
            (extract(epoch from arrived_at) * 1000)::float8 AS arrived_ms
       FROM amk_first_responder_alerts WHERE mission_id = $1`,
    [missionId],
  );
  if (rows.length === 0) return [];
  const deliveries = await selectDeliveries(
    deps.db,
    'first-responder',
    rows.map((r) => r.id),
  );
  const groups = new Map(
    (
      await selectResources(
        deps.db,
        'WHERE r.id = ANY($1::uuid[])',
        [rows.map((r) => r.resource_id)],
        readOptions(deps),
      )
    ).map((g) => [g.id, g]),
  );
  return rows
    .map((r) => {
      const g = groups.get(r.resource_id)!;
      const from = g.position && !g.position.stale ? g.position : g.station;
      return {
        id: r.id,
        missionId,
        resourceId: g.id,
        callSign: g.callSign,
        agency: g.agency,
        amkId: r.amk_id,
        alertedAt: iso(r.alerted_ms)!,
        answer: r.answer,
        answeredAt: iso(r.answered_ms),
        arrivedAt: iso(r.arrived_ms),
        status: g.status,
        position: g.position,
        estimatedMinutes: estimateTravel('first-responder', from, mission.location).minutes,
        delivery: deliveries.get(r.id)?.get('group') ?? null,
      };
    })
    .sort((a, b) => a.estimatedMinutes - b.estimatedMinutes || a.callSign.localeCompare(b.callSign));
}

/** Alerts the available groups within `radiusKm` of an open mission (not those alerted before). */
export async function alertFirstResponders(
  deps: AmkDeps,
  actor: Actor,
  missionId: string,
  radiusKm: number,
): Promise<FirstResponderAlert[]> {
  const mission = await loadMission(deps.db, missionId);
  if (mission.state !== 'open')
    throw refusal('conflict', 'The mission is closed', { code: 'amk.mission.closed' });
  const amks = [mission.amkId, ...deps.areas.neighboursOf(mission.amkId)];
  const groups = (
    await selectResources(
      deps.db,
      `WHERE r.amk_id = ANY($1::text[]) AND r.kind = 'first-responder' AND r.status = 'available'
         AND NOT EXISTS (SELECT 1 FROM amk_first_responder_alerts a WHERE a.mission_id = $2 AND a.resource_id = r.id)`,
      [amks, missionId],
      readOptions(deps),
    )
  ).filter(
    (g) =>
      greatCircleKm(g.position && !g.position.stale ? g.position : g.station, mission.location) <= radiusKm,
  );
  if (groups.length > 0) {
    const now = deps.clock.now();
    await deps.db.transaction(async (tx) => {
      const ids: string[] = [];
      for (const g of groups) {
        const id = randomUUID();
        ids.push(id);
        await tx.query(
          `INSERT INTO amk_first_responder_alerts (id, mission_id, resource_id, amk_id, alerted_at) VALUES ($1, $2, $3, $4, $5)`,
          [id, missionId, g.id, g.amkId, now],
        );
        // To the group's terminal over Nødnett (alert-delivery/); a group without one is shown as such.
        await queueDeliveries(
          tx,
          [{ kind: 'first-responder', alertId: id, recipient: 'group', amkId: g.amkId, targetIssi: g.issi }],
          now,
        );
      }
      await recordFirstResponderChange(
        tx,
        actor,
        missionId,
        'alerted',
        ids,
        groups.map((g) => g.amkId),
      );
    });
    deps.alertDelivery.kick();
  }
  return listFirstResponderAlerts(deps, missionId);
}

/** The mission of an alert and the AMKs concerned (route scopes); null when there is no such alert. */
export async function alertPlace(
  q: Queryable,
  alertId: string,
): Promise<{ missionId: string; amkIds: string[] } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(alertId)) return null;
  const r = await q.query<{ mission_id: string; amk_id: string }>(
    'SELECT mission_id::text AS mission_id, amk_id FROM amk_first_responder_alerts WHERE id = $1',
    [alertId],
  );
  const row = r.rows[0];
  if (!row) return null;
  return {
    missionId: row.mission_id,
    amkIds: [...new Set([row.amk_id, ...(await amksOfMission(q, row.mission_id))])],
  };
}

/**
 * A group's answer: `accepted` (it joins the mission, `dispatched`), `declined`, or `arrived` (after
 * accepting: `en-route` then `at-scene`). By the group's integration, or an operator of the group's
 * or the mission's AMK recording it. (From the group's terminal: answer-from-terminal.ts.)
 */
export async function answerFirstResponderAlert(
  deps: AmkDeps,
  actor: Actor,
  alertId: string,
  answer: FirstResponderAnswer,
): Promise<FirstResponderAlert[]> {
  const place = await alertPlace(deps.db, alertId);
  if (
    !place ||
    !(amkPolicy.can(actor, 'amk.operate', { amkIds: place.amkIds }) || amkPolicy.can(actor, 'amk.report'))
  )
    throw notFound('The alert');
  await deps.db.transaction((tx) => applyAnswer(tx, deps, actor, { id: alertId, ...place }, answer));
  return listFirstResponderAlerts(deps, place.missionId);
}

/** Whether the alert, as it stands, can take the answer (the order the answers come in). */
export function mayAnswer(
  alert: { answer: string | null; arrived: boolean },
  answer: FirstResponderAnswer,
): boolean {
  return answer === 'arrived' ? alert.answer === 'accepted' && !alert.arrived : alert.answer === null;
}

/**
 * Records the answer to the (existing) alert in the caller's transaction: the alert, the unit's
 * status and the mission, audited and announced; a refusal (409) when the alert cannot take it.
 */
export async function applyAnswer(
  tx: Queryable,
  deps: AmkDeps,
  actor: Actor,
  alert: { id: string; missionId: string; amkIds: string[] },
  answer: FirstResponderAnswer,
): Promise<void> {
  const r = await tx.query<{ resource_id: string; answer: string | null; arrived: boolean }>(
    `SELECT resource_id::text AS resource_id, answer, arrived_at IS NOT NULL AS arrived
       FROM amk_first_responder_alerts WHERE id = $1 FOR UPDATE`,
    [alert.id],
  );
  const row = r.rows[0]!;
  const now = deps.clock.now();
  if (!mayAnswer(row, answer))
    throw refusal('conflict', `The alert cannot take the answer ${answer} now`, {
      code: 'amk.first-responder.answer',
      params: { answer },
    });
  if (answer === 'arrived') {
    let unit = await loadResource(tx, row.resource_id, readOptions(deps), true);
    if (unit.status === 'dispatched') {
      await applyStatus(tx, deps, actor, unit, 'en-route');
      unit = await loadResource(tx, row.resource_id, readOptions(deps), true);
    }
    await applyStatus(tx, deps, actor, unit, 'at-scene');
    await tx.query('UPDATE amk_first_responder_alerts SET arrived_at = $1 WHERE id = $2', [now, alert.id]);
  } else {
    await tx.query(
      'UPDATE amk_first_responder_alerts SET answer = $1, answered_at = $2, answered_by = $3 WHERE id = $4',
      [answer, now, actor.name, alert.id],
    );
    if (answer === 'accepted') {
      const unit = await loadResource(tx, row.resource_id, readOptions(deps), true);
      await applyStatus(tx, deps, actor, unit, 'dispatched', { missionId: alert.missionId });
      await tx.query(
        `INSERT INTO amk_mission_units (mission_id, resource_id, amk_id, dispatched_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (mission_id, resource_id) DO UPDATE SET dispatched_at = EXCLUDED.dispatched_at`,
        [alert.missionId, unit.id, unit.amkId, now],
      );
      await recordMissionStep(tx, actor, now, alert.missionId, {
        kind: 'dispatched',
        resourceId: unit.id,
        status: 'dispatched',
      });
    }
  }
  await recordFirstResponderChange(tx, actor, alert.missionId, answer, [alert.id], alert.amkIds);
}
