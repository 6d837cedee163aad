/**
 * The AMK context's policy (NN-4, NN-5, AMK-2; decision 0007). The resource is a set of AMK areas
 * (AMK centre ids): a resource's own AMK; a mission's AMK and the AMKs of the units it has had; an
 * alarm's audience. A membership at the AMK centre, or at its AMK area, covers it.
 *
 * - `amk.read`: the AMK picture — resources, positions, alarms, missions — for the AMK's operators,
 *   its leaders (who keep its resources) and the national operations centre. A list shows the caller's own AMK's resources and its
 *   neighbours' available ones (NN-5). Reading one mission is audited (it is about a patient).
 * - `amk.operate`: change a unit's status, acknowledge an alarm, create and run missions — the
 *   AMK's operators.
 * - `amk.manage`: register and change resources — the AMK centre's leaders, the operations centre.
 * - `amk.report`: positions and safety alarms from Nødnett or another source — integrations (the
 *   Nødnett gateway's token) and the operations centre, nationally.
 */
import type { ScopeRef } from '../platform/auth/actor.ts';
import { definePolicy } from '../platform/auth/policy.ts';

/** The AMK areas a record belongs to. */
export interface AmkResource {
  amkIds: readonly string[];
}

export const coversAmk = (s: ScopeRef, r: AmkResource): boolean =>
  (s.level === 'centre' || s.level === 'area') && r.amkIds.includes(s.id);

export const amkPolicy = definePolicy(
  'amk',
  {
    'amk.read': { roles: ['amk-operator', 'centre-leader', 'operations'] },
    'amk.operate': { roles: ['amk-operator', 'operations'] },
    'amk.manage': { roles: ['centre-leader', 'operations'] },
    'amk.report': { roles: ['integration', 'operations'], nationalOnly: true },
  },
  coversAmk,
);

export const READ = { policy: amkPolicy, action: 'amk.read' } as const;
export const OPERATE = { policy: amkPolicy, action: 'amk.operate' } as const;
export const MANAGE = { policy: amkPolicy, action: 'amk.manage' } as const;
export const REPORT = { policy: amkPolicy, action: 'amk.report' } as const;

/** Where an actor may do `action`: everywhere, or the AMK areas its memberships name. */
export function amkScopeOf(
  actor: Parameters<typeof amkPolicy.grants>[0],
  action: Parameters<typeof amkPolicy.grants>[1],
): 'national' | string[] {
  const grants = amkPolicy.grants(actor, action);
  if (grants.some((g) => g.role === 'admin' || g.scope.level === 'national')) return 'national';
  return [
    ...new Set(
      grants.flatMap((g) => (g.scope.level === 'centre' || g.scope.level === 'area' ? [g.scope.id] : [])),
    ),
  ];
}
