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
  /** A municipality's own people (kommunen): its callers' figures and reports, its emergency plans. */
  'municipality-reader',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Where a membership applies (issue 9 part 3): the whole country, an AMK area (named by its AMK
 * centre id), one centre (LV-sentral or AMK id) or one readiness unit (e.g. `kommune-4601`).
 */
export const SCOPE_LEVELS = ['national', 'area', 'centre', 'unit'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];
export type ScopeRef = { level: 'national' } | { level: Exclude<ScopeLevel, 'national'>; id: string };

/** A role held at a scope. A user may hold several (an operator at two centres, …). */
export interface Membership {
  role: Role;
  scope: ScopeRef;
}

export const NATIONAL: ScopeRef = { level: 'national' };

/** Who did something: a signed-in user, an integration token, or the system itself. */
export interface Actor {
  type: 'user' | 'token' | 'system';
  id: string | null;
  name: string;
  /** The primary role (the first membership's): kept for the audit trail and older callers. */
  role: Role;
  /** Centre the actor is bound to (LV-sentral or AMK id), when the role is centre-bound. */
  centreId: string | null;
  /**
   * Every role the actor holds, each at its scope. Absent on actors built in code (the system,
   * the CLI, tokens): then the one membership implied by `role` and `centreId` (membershipsOf).
   */
  memberships?: readonly Membership[];
}

/** The scope a legacy `centreId` binding means: a routing centre (lv-/amk-) or a readiness unit. */
export function scopeForBinding(centreId: string | null | undefined): ScopeRef {
  if (!centreId) return NATIONAL;
  return /^(lv|amk)-/.test(centreId) ? { level: 'centre', id: centreId } : { level: 'unit', id: centreId };
}

/** The actor's memberships, or the one implied by its role and binding. */
export function membershipsOf(actor: Actor): readonly Membership[] {
  return actor.memberships ?? [{ role: actor.role, scope: scopeForBinding(actor.centreId) }];
}

export const SYSTEM_ACTOR: Actor = {
  type: 'system',
  id: null,
  name: 'system',
  role: 'admin',
  centreId: null,
};
