import type { Queryable } from './db/types.ts';
import type { Actor } from './auth/actor.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  centreId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Writes one audit row. Call it with the transaction that makes the change, so the change and its
 * audit row commit or roll back together.
 */
export async function recordAudit(q: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_events (actor_type, actor_id, actor_name, action, entity_type, entity_id, centre_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      actor.type,
      actor.id,
      actor.name,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.centreId ?? null,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

/** One changed field in an audit row: the value before and after the change. */
export interface FieldChange {
  from: unknown;
  to: unknown;
}

/**
 * The fields whose values differ between two versions of a record (compared as JSON), with both
 * values: what an update's audit row records, so the trail keeps the before-values and names only
 * what really changed (not every field of the request, and never fields the request left alone).
 */
export function changedFields<T extends object>(before: T, after: T): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const from = (before as Record<string, unknown>)[key] ?? null;
    const to = (after as Record<string, unknown>)[key] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}
