import type { Queryable } from './db/types.ts';

/** Who did something: a signed-in user, an integration token, or the system itself. */
export interface Actor {
  type: 'user' | 'token' | 'system';
  id: string | null;
  name: string;
  role: Role;
  /** Centre the actor is bound to (LV-sentral or AMK id), when the role is centre-bound. */
  centreId: string | null;
}

export const ROLES = [
  'admin',
  'operations',
  'centre-leader',
  'operator',
  'amk-operator',
  'readiness-admin',
  'auditor',
  'integration',
] as const;
export type Role = (typeof ROLES)[number];

export const SYSTEM_ACTOR: Actor = {
  type: 'system',
  id: null,
  name: 'system',
  role: 'admin',
  centreId: null,
};

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
