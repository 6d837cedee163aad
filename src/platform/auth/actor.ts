/**
 * Who does something: a signed-in user, an integration token, or the system itself — and the
 * roles the platform knows. Every change is attributed to an actor in the audit trail.
 */

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

/** Who did something: a signed-in user, an integration token, or the system itself. */
export interface Actor {
  type: 'user' | 'token' | 'system';
  id: string | null;
  name: string;
  role: Role;
  /** Centre the actor is bound to (LV-sentral or AMK id), when the role is centre-bound. */
  centreId: string | null;
}

export const SYSTEM_ACTOR: Actor = {
  type: 'system',
  id: null,
  name: 'system',
  role: 'admin',
  centreId: null,
};
