/**
 * Least privilege for the readiness registers.
 *
 * - `admin`, `auditor` and `operations` read everything; `admin` and an unbound `readiness-admin`
 *   (the national / area level: Helsedirektoratet's area leader, HDO) write everything.
 * - Every other caller is bound to an organisation through `actor.centreId`: the id of a
 *   readiness unit (e.g. `kommune-4601`, `hf-helse-bergen-hf`) or the routing centre id stored on a
 *   unit (`lv-bergen`). A bound caller sees that unit, every unit below it (parent chain) and, for
 *   a municipality, the units that cover it (its LV-sentral). A bound `readiness-admin` (a local
 *   project leader) writes within the same scope. A `centre-leader`, `operator` or `amk-operator`
 *   without a binding sees nothing.
 */
import type { Actor } from '../platform/audit.ts';
import type { Queryable } from '../platform/db/types.ts';
import { notFound, type AppError } from '../platform/errors.ts';

export const WRITE_ROLES = ['readiness-admin'] as const;
export const READ_ROLES = [
  'readiness-admin',
  'auditor',
  'operations',
  'centre-leader',
  'operator',
  'amk-operator',
] as const;

export type Scope = { all: true } | { all: false; unitIds: Set<string> };

const NATIONAL_READERS = new Set(['admin', 'auditor', 'operations']);

/** The units the actor may see (and, for writers, change). */
export async function scopeOf(q: Queryable, actor: Actor): Promise<Scope> {
  if (NATIONAL_READERS.has(actor.role) || (actor.role === 'readiness-admin' && !actor.centreId)) {
    return { all: true };
  }
  if (!actor.centreId) return { all: false, unitIds: new Set() };
  const { rows } = await q.query<{ id: string }>(
    `WITH RECURSIVE roots AS (
       SELECT id, kommunenummer FROM readiness_units WHERE id = $1 OR centre_id = $1
     ), covering AS (
       SELECT um.unit_id AS id FROM readiness_unit_municipalities um
         JOIN readiness_units u ON u.id = um.unit_id AND u.kind IN ('lv-sentral', 'legevakt')
        WHERE um.kommunenummer IN (SELECT kommunenummer FROM roots WHERE kommunenummer IS NOT NULL)
     ), tree AS (
       SELECT id FROM roots UNION SELECT id FROM covering
       UNION SELECT u.id FROM readiness_units u JOIN tree t ON u.parent_id = t.id
     )
     SELECT id FROM tree`,
    [actor.centreId],
  );
  return { all: false, unitIds: new Set(rows.map((r) => r.id)) };
}

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
