/** Alert deliveries as stored and read (AMK-3, NN-6; migration 0042). */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../platform/db/types.ts';
import type { DeliveryOutcome, DeliveryState } from '../domain/alert-delivery.ts';

export type AlertKind = 'triple-alert' | 'first-responder' | 'dispatch';

/** One recipient's delivery as a console shows it. */
export interface AlertDeliveryView {
  state: DeliveryState;
  /** The last attempt's outcome; null before the first attempt. */
  outcome: DeliveryOutcome | null;
  attempts: number;
  lastAttemptAt: string | null;
  /** When the next attempt is due (pending only). */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  /** The recipient's terminal and its name in the directory. */
  addressName: string | null;
  addressIssi: string | null;
  /** When the recipient read it on the terminal (its "consumed" report). */
  consumedAt: string | null;
}

/**
 * Queues deliveries in the alert's own transaction (the outbox): due at once. A recipient queued
 * again (a unit dispatched to the same mission a second time) starts over.
 */
export async function queueDeliveries(
  tx: Queryable,
  rows: readonly {
    kind: AlertKind;
    alertId: string;
    recipient: string;
    amkId: string;
    targetIssi: string | null;
  }[],
  now: Date,
): Promise<void> {
  for (const r of rows)
    await tx.query(
      `INSERT INTO amk_alert_deliveries
         (id, alert_kind, alert_id, recipient, amk_id, target_issi, state, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7)
       ON CONFLICT (alert_kind, alert_id, recipient) DO UPDATE SET
         target_issi = EXCLUDED.target_issi, state = 'pending', outcome = NULL, attempts = 0,
         next_attempt_at = EXCLUDED.next_attempt_at, last_attempt_at = NULL, delivered_at = NULL,
         address_issi = NULL, address_name = NULL, message_ref = NULL, consumed_at = NULL,
         created_at = EXCLUDED.created_at`,
      [randomUUID(), r.kind, r.alertId, r.recipient, r.amkId, r.targetIssi, now],
    );
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The deliveries of the given alerts: alert id → recipient → delivery. */
export async function selectDeliveries(
  q: Queryable,
  kind: AlertKind,
  alertIds: readonly string[],
): Promise<Map<string, Map<string, AlertDeliveryView>>> {
  const out = new Map<string, Map<string, AlertDeliveryView>>();
  if (alertIds.length === 0) return out;
  const { rows } = await q.query<{
    alert_id: string;
    recipient: string;
    state: DeliveryState;
    outcome: DeliveryOutcome | null;
    attempts: number;
    last_ms: number | null;
    next_ms: number;
    delivered_ms: number | null;
    consumed_ms: number | null;
    address_issi: string | null;
    address_name: string | null;
  }>(
    `SELECT alert_id::text AS alert_id, recipient, state, outcome, attempts,
            (extract(epoch from last_attempt_at) * 1000)::float8 AS last_ms,
            (extract(epoch from next_attempt_at) * 1000)::float8 AS next_ms,
            (extract(epoch from delivered_at) * 1000)::float8 AS delivered_ms,
            (extract(epoch from consumed_at) * 1000)::float8 AS consumed_ms,
            address_issi, address_name
       FROM amk_alert_deliveries WHERE alert_kind = $1 AND alert_id = ANY($2::uuid[])`,
    [kind, alertIds],
  );
  for (const r of rows) {
    const byRecipient = out.get(r.alert_id) ?? new Map<string, AlertDeliveryView>();
    byRecipient.set(r.recipient, {
      state: r.state,
      outcome: r.outcome,
      attempts: r.attempts,
      lastAttemptAt: iso(r.last_ms),
      nextAttemptAt: r.state === 'pending' ? iso(r.next_ms) : null,
      deliveredAt: iso(r.delivered_ms),
      addressName: r.address_name,
      addressIssi: r.address_issi,
      consumedAt: iso(r.consumed_ms),
    });
    out.set(r.alert_id, byRecipient);
  }
  return out;
}
