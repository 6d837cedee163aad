/**
 * The routing context's policy (issue 9 part 3): who may read routing, move a centre's calls or
 * mark it unavailable (RT-7, RT-11), switch data versions, read the audit log. A centre is the
 * resource; a membership at that centre, or at the AMK area the centre belongs to, covers it.
 */
import { ROLES, type ScopeRef } from '../platform/auth/actor.ts';
import { definePolicy } from '../platform/auth/policy.ts';

/** A routing centre, with the AMK area it belongs to when known. */
export interface CentreResource {
  centreId: string;
  amkId?: string | null;
}

/** A membership at the centre, or at the AMK area the centre belongs to, covers it. */
export const coversCentre = (s: ScopeRef, r: CentreResource): boolean =>
  (s.level === 'centre' && s.id === r.centreId) || (s.level === 'area' && !!r.amkId && s.id === r.amkId);

export const routingPolicy = definePolicy(
  'routing',
  {
    /** Read routing data, decisions, re-routes (every signed-in caller and integration). */
    'routing.read': { roles: ROLES },
    /** Move a centre's calls (re-route) or change its availability: its leader, or operations. */
    'routing.change': { roles: ['operations', 'centre-leader'] },
    /** Switch the active routing data version: the national operations centre. */
    'routing.data': { roles: ['operations'], nationalOnly: true },
    /** Read the audit log. */
    'audit.read': { roles: ['auditor', 'operations'], nationalOnly: true },
  },
  coversCentre,
);
