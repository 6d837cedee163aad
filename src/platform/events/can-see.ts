/**
 * Who may be told about an event: ONE function, `canSee(actor, event)`, supplied to
 * `System.create`. The default below reads the actor's memberships (issue 9 part 3); a deployment
 * may pass a finer one without touching the bus or the SSE route.
 */
import { membershipsOf, type Actor } from '../auth/actor.ts';
import { audienceOf, type StoredEvent } from './define-event.ts';

export type CanSee = (actor: Actor, event: StoredEvent) => boolean;

/**
 * The membership levels whose scope is an event's scope of each kind. An AMK area is named by its
 * AMK centre's id, so a membership at that centre (an AMK operator) covers the area's events too.
 */
const LEVELS_OF_KIND = { amk: ['area', 'centre'], centre: ['centre'], unit: ['unit'] } as const;

/**
 * The rule, read from the actor's memberships (decision 0007): a national membership (of any
 * role: every role may read its context nationally) sees everything, and every subscriber sees
 * national events; otherwise an event reaches a member whose scope is the event's own scope — the
 * same centre, AMK area or unit; an event declared for every member (`audience`, define-event.ts:
 * a centre's routing status) reaches every signed-in subscriber. Coverage that needs data (an AMK area's centres, a unit's
 * sub-units) is left to the context policies' reads: the push errs on telling less, never more,
 * and a page reloads what it shows when it opens or reconnects its stream.
 */
export const defaultCanSee: CanSee = (actor, event) => {
  if (audienceOf(event.type) === 'every-member') return true;
  const memberships = membershipsOf(actor);
  if (memberships.some((m) => m.scope.level === 'national')) return true;
  if (event.scope.kind === 'national') return true;
  const levels: readonly string[] = LEVELS_OF_KIND[event.scope.kind];
  return memberships.some(
    (m) => m.scope.level !== 'national' && levels.includes(m.scope.level) && m.scope.id === event.scope.id,
  );
};
