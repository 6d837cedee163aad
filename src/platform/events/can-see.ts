/**
 * Who may be told about an event: ONE function, `canSee(actor, event)`, supplied to
 * `System.create`. The default below reads the existing Actor (role + bound centre); the scoped
 * access work (memberships and per-context policies, issue 9 part 3) replaces it with the same
 * policy that answers reads, without touching the bus or the SSE route.
 */
import type { Actor } from '../auth/actor.ts';
import type { StoredEvent } from './define-event.ts';

export type CanSee = (actor: Actor, event: StoredEvent) => boolean;

/** Roles that read every register nationally. */
const NATIONAL_ROLES = new Set(['admin', 'operations', 'auditor', 'integration']);

/**
 * Default rule: national roles (and an unbound readiness administrator) see everything; everyone
 * else sees national events and the events of the centre, AMK area or unit they are bound to (its
 * id in `actor.centreId`) — nothing else. Unit events reach a bound caller only for their own unit
 * (the unit tree is the readiness policy's business; until it plugs in here, less is pushed).
 */
export const defaultCanSee: CanSee = (actor, event) => {
  if (NATIONAL_ROLES.has(actor.role)) return true;
  if (actor.role === 'readiness-admin' && !actor.centreId) return true;
  if (event.scope.kind === 'national') return true;
  return actor.centreId !== null && event.scope.id === actor.centreId;
};
