/**
 * The readiness context's policy (issue 9 part 3). A unit is the resource; a membership covers
 * the unit it names, every unit below it, and units tagged with the centre (or AMK area) it names
 * — resolved in the database by access.ts (`scopeOf`), from the memberships this policy grants.
 *
 * - read: every role of the registers (national readers see everything);
 * - write: `readiness-admin` within their scope (a local project leader) or nationally;
 * - national: the national catalogue (courses and their versions, level 1–2 procedures, units at
 *   the top of the tree): only a national `readiness-admin`.
 */
import type { ScopeRef } from '../platform/auth/actor.ts';
import { definePolicy } from '../platform/auth/policy.ts';

/** A unit with the ids of its place in the tree: itself, its ancestors and their centre ids. */
export interface UnitResource {
  chain: readonly string[];
}

export const readinessPolicy = definePolicy(
  'readiness',
  {
    'readiness.read': {
      roles: ['readiness-admin', 'auditor', 'operations', 'centre-leader', 'operator', 'amk-operator'],
    },
    'readiness.write': { roles: ['readiness-admin'] },
    'readiness.national': { roles: ['readiness-admin'], nationalOnly: true },
  },
  (s: ScopeRef, r: UnitResource) => s.level !== 'national' && r.chain.includes(s.id),
);

export const READ = { policy: readinessPolicy, action: 'readiness.read' } as const;
export const WRITE = { policy: readinessPolicy, action: 'readiness.write' } as const;
export const NATIONAL_CATALOGUE = { policy: readinessPolicy, action: 'readiness.national' } as const;
