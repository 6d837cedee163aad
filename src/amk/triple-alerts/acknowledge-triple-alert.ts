/**
 * A recipient's acknowledgement of a triple alert (AMK-3), with its time: an AMK recipient by one
 * of that AMK's operators; the police, the fire service and the rescue coordination centre through
 * their integration (a national token) or recorded by the raising AMK's operator as the
 * confirmation comes in. Every AMK concerned is told.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { notFound, refusal } from '../../platform/errors.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import type { AmkDeps } from '../deps.ts';
import { tripleAlertChanged } from '../events.ts';
import { amkPolicy } from '../policy.ts';
import { amksOfAlert, loadTripleAlert, type TripleAlert } from './triple-alert-store.ts';

export async function acknowledgeTripleAlert(
  deps: AmkDeps,
  actor: Actor,
  id: string,
  recipient: string,
): Promise<TripleAlert> {
  await deps.db.transaction(async (tx) => {
    const alert = await loadTripleAlert(tx, id);
    const amks = amksOfAlert(alert);
    if (!amkPolicy.can(actor, 'amk.read', { amkIds: amks }) && !amkPolicy.can(actor, 'amk.report'))
      throw notFound('The triple alert');
    const r = alert.recipients.find((x) => x.recipient === recipient);
    if (!r)
      throw refusal('unprocessable', 'Not a recipient of this alert', {
        code: 'amk.triple-alert.unknown-recipient',
      });
    const may = r.amkId
      ? amkPolicy.can(actor, 'amk.operate', { amkIds: [r.amkId] })
      : amkPolicy.can(actor, 'amk.operate', { amkIds: [alert.amkId] }) || amkPolicy.can(actor, 'amk.report');
    if (!may) throw refusal('forbidden', 'Not yours to acknowledge', { code: 'amk.triple-alert.not-yours' });
    const done = await recordTripleAlertAcknowledgement(
      tx,
      actor,
      alert,
      recipient,
      deps.clock.now(),
      actor.name,
    );
    if (!done)
      throw refusal('conflict', 'Already acknowledged', {
        code: 'amk.triple-alert.already-acknowledged',
        params: { by: r.acknowledgedBy ?? '' },
      });
  });
  return loadTripleAlert(deps.db, id);
}

/**
 * Writes one recipient's acknowledgement (its time and who) with its audit row and an event for
 * every AMK concerned, in the caller's transaction; false when it was already acknowledged. Shared
 * by the operator's and the integration's acknowledgement above and the recipient's "consumed"
 * report over Nødnett (alert-delivery/).
 */
export async function recordTripleAlertAcknowledgement(
  tx: Queryable,
  actor: Actor,
  alert: TripleAlert,
  recipient: string,
  at: Date,
  by: string,
): Promise<boolean> {
  const done = await tx.query<{ recipient: string }>(
    `UPDATE amk_triple_alert_recipients SET acknowledged_at = $1, acknowledged_by = $2
      WHERE alert_id = $3 AND recipient = $4 AND acknowledged_at IS NULL RETURNING recipient`,
    [at, by, alert.id, recipient],
  );
  if (done.rows.length === 0) return false;
  for (const amk of amksOfAlert(alert))
    await recordChange(tx, actor, {
      audit: {
        action: 'amk.triple-alert.acknowledged',
        entityType: 'amk-triple-alert',
        entityId: alert.id,
        centreId: amk,
        details: { recipient, by },
      },
      event: tripleAlertChanged.of({
        alertId: alert.id,
        audienceAmkId: amk,
        change: 'acknowledged',
        recipient,
      }),
    });
  return true;
}
