/**
 * Raising a triple alert (AMK-3): one action alerts the police and fire operations centres, the
 * other affected AMKs (a mission's units' AMKs are affected by themselves) and, when chosen, the
 * rescue coordination centre. The alert and its recipients, an audit row and an event for every
 * AMK concerned are one transaction.
 *
 * The AMKs are told by the event on their consoles. The police and fire operations centres and
 * the rescue coordination centre are told over Nødnett: a delivery per recipient is queued in the
 * same transaction and sent by the delivery worker after the commit (alert-delivery/), each
 * attempt logged; the recipient's "consumed" report acknowledges it with its time. An
 * acknowledgement can also come from their system (an integration token) or be recorded by the
 * raising AMK's operator as it comes in by telephone.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import { refusal } from '../../platform/errors.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import { queueDeliveries } from '../alert-delivery/delivery-store.ts';
import { recipientsOf } from '../domain/triple-alert.ts';
import type { AmkDeps } from '../deps.ts';
import { tripleAlertChanged } from '../events.ts';
import { loadMission } from '../missions/mission-store.ts';
import { amkPolicy } from '../policy.ts';
import { amksOfAlert, loadTripleAlert, type TripleAlert } from './triple-alert-store.ts';

export interface TripleAlertInput {
  missionId?: string | null;
  lat?: number | null;
  lon?: number | null;
  municipality?: string | null;
  affectedAmkIds?: string[];
  rescueCoordination?: boolean;
}

export async function raiseTripleAlert(
  deps: AmkDeps,
  actor: Actor,
  input: TripleAlertInput,
): Promise<TripleAlert> {
  let place: { lat: number; lon: number; municipality: string; amkId: string; unitAmks: string[] };
  if (input.missionId) {
    const m = await loadMission(deps.db, input.missionId).catch(() => {
      throw refusal('unprocessable', 'No such mission', { code: 'amk.triple-alert.unknown-mission' });
    });
    place = { ...m.location, amkId: m.amkId, unitAmks: m.amkIds };
  } else {
    if (input.lat == null || input.lon == null)
      throw refusal('unprocessable', 'A triple alert needs a mission or a place', {
        code: 'amk.triple-alert.no-place',
      });
    const municipality = input.municipality ?? (await deps.areas.locate(input.lat, input.lon));
    const amkId = municipality ? deps.areas.amkOf(municipality) : null;
    if (!municipality || !amkId)
      throw refusal('unprocessable', 'The place is in no AMK area', { code: 'amk.mission.no-amk-area' });
    place = { lat: input.lat, lon: input.lon, municipality, amkId, unitAmks: [] };
  }
  if (!amkPolicy.can(actor, 'amk.operate', { amkIds: [place.amkId] }))
    throw refusal('forbidden', 'The place is outside the caller’s AMK areas', {
      code: 'amk.mission.outside-area',
    });
  const affected = [...(input.affectedAmkIds ?? []), ...place.unitAmks];
  const unknown = affected.find((a) => !deps.areas.isAmk(a));
  if (unknown)
    throw refusal('unprocessable', `No AMK ${unknown} in the routing data in force`, {
      code: 'amk.resource.unknown-amk',
    });
  const recipients = recipientsOf({
    amkId: place.amkId,
    affectedAmkIds: affected,
    rescueCoordination: input.rescueCoordination ?? false,
  });
  const id = randomUUID();
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO amk_triple_alerts (id, mission_id, amk_id, lat, lon, municipality, raised_at, raised_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, input.missionId ?? null, place.amkId, place.lat, place.lon, place.municipality, now, actor.name],
    );
    for (const r of recipients)
      await tx.query(
        'INSERT INTO amk_triple_alert_recipients (alert_id, recipient, amk_id) VALUES ($1, $2, $3)',
        [id, r.recipient, r.amkId],
      );
    const amks = amksOfAlert({
      amkId: place.amkId,
      recipients: recipients.map((r) => ({
        ...r,
        acknowledgedAt: null,
        acknowledgedBy: null,
        delivery: null,
      })),
    });
    for (const amk of amks)
      await recordChange(tx, actor, {
        audit: {
          action: 'amk.triple-alert.raised',
          entityType: 'amk-triple-alert',
          entityId: id,
          centreId: amk,
          details: { recipients: recipients.map((r) => r.recipient), missionId: input.missionId ?? null },
        },
        event: tripleAlertChanged.of({ alertId: id, audienceAmkId: amk, change: 'raised', recipient: null }),
      });
    // Police, fire and rescue coordination over Nødnett, sent after the commit (alert-delivery/).
    await queueDeliveries(
      tx,
      recipients
        .filter((r) => r.kind !== 'amk')
        .map((r) => ({
          kind: 'triple-alert' as const,
          alertId: id,
          recipient: r.recipient,
          amkId: place.amkId,
          targetIssi: null,
        })),
      now,
    );
  });
  deps.alertDelivery.kick();
  return loadTripleAlert(deps.db, id);
}
