/**
 * The one helper for a change: its audit row and its domain event, written in the transaction that
 * makes the change (an outbox). Both commit or roll back with the change; other instances and
 * browsers learn of it only once it is committed (NOTIFY is delivered at commit).
 */
import { recordAudit, type AuditEntry } from '../audit.ts';
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/types.ts';
import type { PendingEvent } from './define-event.ts';
import { appendEvent } from './outbox.ts';

/**
 * Writes the audit row and the outbox row of one change. Call it with the transaction that makes
 * the change (`db.transaction(async (tx) => …)`), never with the pool. Returns the event's position.
 */
export async function recordChange(
  tx: Queryable,
  actor: Actor,
  change: { audit: AuditEntry; event: PendingEvent },
): Promise<number> {
  await recordAudit(tx, actor, change.audit);
  return appendEvent(tx, actor, change.event);
}
