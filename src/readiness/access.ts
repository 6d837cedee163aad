/**
 * Least privilege for the readiness registers: the scopes the readiness policy (policy.ts)
 * grants, resolved to units.
 *
 * - A national membership (admin, auditor, operations, a national `readiness-admin`) covers
 *   everything.
 * - Any other membership names a scope: the id of a readiness unit (e.g. `kommune-4601`,
 *   `hf-helse-bergen-hf`) or a routing centre id stored on a unit (`lv-bergen`, or an AMK area).
 *   It covers that unit, every unit below it (parent chain) and, for a municipality, the units
 *   that cover it (its LV-sentral). A bound `readiness-admin` (a local project leader) writes
 *   within the same scope.
 */
import type { Actor } from '../platform/auth/actor.ts';
import type { Queryable } from '../platform/db/types.ts';
import { notFound, refusal, unprocessable, type AppError } from '../platform/errors.ts';
import { readinessPolicy } from './policy.ts';

export type Scope = { all: true } | { all: false; unitIds: Set<string> };

/**
 * The units the actor may see — or, on a route under a write action (where the router hands the
 * handler only the memberships granting it), change: the union over the memberships the
 * readiness policy grants for reading.
 */
export async function scopeOf(q: Queryable, actor: Actor): Promise<Scope> {
  const grants = readinessPolicy.grants(actor, 'readiness.read');
  if (grants.some((g) => g.role === 'admin' || g.scope.level === 'national')) return { all: true };
  const ids = [...new Set(grants.map((g) => (g.scope.level === 'national' ? '' : g.scope.id)))];
  if (ids.length === 0) return { all: false, unitIds: new Set() };
  const { rows } = await q.query<{ id: string }>(
    `WITH RECURSIVE roots AS (
       SELECT id, kommunenummer FROM readiness_units WHERE id = ANY($1::text[]) OR centre_id = ANY($1::text[])
     ), covering AS (
       SELECT um.unit_id AS id FROM readiness_unit_municipalities um
         JOIN readiness_units u ON u.id = um.unit_id AND u.kind IN ('lv-sentral', 'legevakt')
        WHERE um.kommunenummer IN (SELECT kommunenummer FROM roots WHERE kommunenummer IS NOT NULL)
     ), tree AS (
       SELECT id FROM roots UNION SELECT id FROM covering
       UNION SELECT u.id FROM readiness_units u JOIN tree t ON u.parent_id = t.id
     )
     SELECT id FROM tree`,
    [ids],
  );
  return { all: false, unitIds: new Set(rows.map((r) => r.id)) };
}

/** Whether the actor may work on the national catalogue (courses, level 1–2 procedures, top units). */
export const mayEditNationalCatalogue = (actor: Actor): boolean =>
  readinessPolicy.can(actor, 'readiness.national');

export function canSee(scope: Scope, unitId: string | null | undefined): boolean {
  return scope.all || (!!unitId && scope.unitIds.has(unitId));
}

/**
 * Throws unless the unit lies within the actor's organisation. The error is the one a missing
 * record gives (by default the unit's 404; pass the record's own, e.g. `notFound('The person …')`,
 * when the unit was reached through another record): a caller outside the organisation cannot
 * tell whether the record exists. A 403 here would say "it exists, but not for you".
 */
export async function assertUnitInScope(
  q: Queryable,
  actor: Actor,
  unitId: string,
  refusal: () => AppError = () => notFound(`The unit ${unitId}`),
): Promise<Scope> {
  const scope = await scopeOf(q, actor);
  if (!canSee(scope, unitId)) throw refusal();
  return scope;
}

/** SQL filter fragment `AND <column> = ANY($n)` for a scoped caller, with its parameter. */
export function scopeFilter(scope: Scope, column: string, params: unknown[]): string {
  if (scope.all) return '';
  params.push([...scope.unitIds]);
  return ` AND ${column} = ANY($${params.length}::text[])`;
}

/**
 * Where a unit is put and what it is tagged with must lie in the caller's write scope (issue 9):
 * a bound `readiness-admin` can neither move a unit under another organisation (or to the top of
 * the tree), nor tag it with a centre id outside their organisation. A parent outside the scope
 * answers like a missing one (no existence leak); a centre id outside it is refused (routing
 * centres are public).
 */
export async function checkPlacementInScope(
  q: Queryable,
  scope: Scope,
  b: { parentId?: string | null; centreId?: string | null },
): Promise<void> {
  if (scope.all) return;
  if (b.parentId === null)
    throw refusal('forbidden', 'Only a national readiness administrator may place a unit at the top', {
      code: 'org.top-level-national-only',
    });
  if (b.parentId !== undefined && !canSee(scope, b.parentId))
    // The same answer as a parent that does not exist (organisations/store.ts): no existence leak.
    throw unprocessable(`The parent unit ${b.parentId} does not exist`);
  if (b.centreId) {
    const own = scope.unitIds.has(b.centreId)
      ? true
      : (
          await q.query(
            'SELECT 1 FROM readiness_units WHERE centre_id = $1 AND id = ANY($2::text[]) LIMIT 1',
            [b.centreId, [...scope.unitIds]],
          )
        ).rows.length > 0;
    if (!own)
      throw refusal(
        'forbidden',
        `You may only tag units with a centre of your own organisation, not ${b.centreId}`,
        {
          code: 'org.centre-not-yours',
          params: { centreId: b.centreId },
        },
      );
  }
}
