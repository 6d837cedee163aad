/**
 * One policy per context (issue 9 part 3): "may this actor do this action on this resource?".
 * A context declares its actions once with `definePolicy` — which roles may do each and how a
 * membership's scope covers a resource of the context (a centre, a unit, …). Routes name their
 * action (`auth: { policy, action, scope }`) so the router checks it in one place before the
 * handler; `/api/v1/auth/me` lists the capabilities (action × scopes) the web shows from, and the
 * same `can` can filter pushed events.
 *
 * The rule shape: a membership allows an action when its role is one of the action's roles (an
 * `admin` membership allows everything) and its scope covers the resource — a national membership
 * covers every resource; any other only what the context's `covers` says. Without a resource
 * (`can(actor, action)`) the question is "anywhere at all" — the gate before a handler that
 * checks each record itself.
 */
import { membershipsOf, type Actor, type Membership, type Role, type ScopeRef } from './actor.ts';

export interface ActionRule<R> {
  /** Roles that may do it (besides `admin`). */
  roles: readonly Role[];
  /** Only national memberships may do it (e.g. national course catalogue). */
  nationalOnly?: boolean;
  /** Whether a non-national scope covers the resource; default: the scope names it (`resourceScope`). */
  covers?: (scope: ScopeRef, resource: R) => boolean;
}

/** What an actor may do, for `/api/v1/auth/me` and the web: an action and where. */
export interface Capability {
  action: string;
  scopes: ScopeRef[];
}

export interface Policy<A extends string, R> {
  readonly name: string;
  readonly actions: readonly A[];
  /** May the actor do `action` on `resource` — or, without a resource, anywhere? */
  can(actor: Actor, action: A, resource?: R): boolean;
  /** The memberships that allow the action somewhere (their scopes filter lists). */
  grants(actor: Actor, action: A): Membership[];
  /**
   * The actor as a handler of `action` sees it — only the memberships that grant the action — or
   * null when none does. Remembered per actor object (actors are immutable; a changed user or
   * token is a new actor), so the per-request gate costs a map lookup.
   */
  narrow(actor: Actor, action: A): Actor | null;
  /** Roles that may do `action` somewhere (documentation, OpenAPI `x-roles`). */
  roles(action: A): readonly Role[];
}

/** Every policy defined, in definition order (for capabilities). */
export const policyRegistry: Policy<string, never>[] = [];

const isNational = (s: ScopeRef) => s.level === 'national';

/**
 * Defines a context's policy. `sameScope(scope, resource)` is the default `covers`: whether the
 * membership's scope names the resource (its centre, unit, area).
 */
export function definePolicy<A extends string, R>(
  name: string,
  rules: Record<A, ActionRule<R>>,
  sameScope: (scope: ScopeRef, resource: R) => boolean,
): Policy<A, R> {
  const actions = Object.keys(rules) as A[];
  const allows = (m: Membership, action: A): boolean => {
    const rule = rules[action];
    if (m.role === 'admin') return true;
    if (!rule.roles.includes(m.role)) return false;
    return !rule.nationalOnly || isNational(m.scope);
  };
  const narrowed = new WeakMap<Actor, Map<A, Actor | null>>();
  const policy: Policy<A, R> = {
    name,
    actions,
    can(actor, action, resource) {
      const rule = rules[action];
      if (!rule) return false;
      return membershipsOf(actor).some((m) => {
        if (!allows(m, action)) return false;
        if (resource === undefined || isNational(m.scope) || m.role === 'admin') return true;
        return (rule.covers ?? sameScope)(m.scope, resource);
      });
    },
    grants(actor, action) {
      return membershipsOf(actor).filter((m) => allows(m, action));
    },
    narrow(actor, action) {
      let byAction = narrowed.get(actor);
      if (!byAction) narrowed.set(actor, (byAction = new Map()));
      let out = byAction.get(action);
      if (out === undefined) {
        const memberships = rules[action] ? policy.grants(actor, action) : [];
        out = memberships.length > 0 ? { ...actor, memberships } : null;
        byAction.set(action, out);
      }
      return out;
    },
    roles(action) {
      return ['admin', ...rules[action].roles];
    },
  };
  const known = policyRegistry.findIndex((p) => p.name === name);
  if (known >= 0) policyRegistry.splice(known, 1);
  policyRegistry.push(policy);
  return policy;
}

/** Every action the actor may do somewhere, with the scopes where (a national grant covers all). */
export function capabilitiesOf(actor: Actor): Capability[] {
  const out: Capability[] = [];
  for (const p of policyRegistry) {
    for (const action of p.actions) {
      const grants = p.grants(actor, action);
      if (grants.length === 0) continue;
      const national = grants.some((g) => isNational(g.scope) || g.role === 'admin');
      const scopes = national ? [{ level: 'national' as const }] : dedupe(grants.map((g) => g.scope));
      out.push({ action, scopes });
    }
  }
  return out;
}

function dedupe(scopes: ScopeRef[]): ScopeRef[] {
  const seen = new Map<string, ScopeRef>();
  for (const s of scopes) seen.set(JSON.stringify(s), s);
  return [...seen.values()];
}
