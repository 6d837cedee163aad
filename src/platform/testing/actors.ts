/** Actors for unit tests: a signed-in user holding one role at one centre. */
import type { Actor, Role } from '../auth/actor.ts';

export function memberAt(centreId: string, role: Role = 'operator'): Actor {
  return {
    type: 'user',
    id: `${role}-${centreId}`,
    name: `${role} at ${centreId}`,
    role,
    centreId,
    memberships: [{ role, scope: { level: 'centre', id: centreId } }],
  };
}
