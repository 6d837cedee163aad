/**
 * The Nødnett context's policy (NN-1, NN-2, NN-3, NN-7). The resource is an AMK area (its AMK
 * centre's id) or none (national and regional talk groups).
 *
 * - `nodnett.read`: the fleet map and who is the doctor on call — AMK operators, leaders and the
 *   national operations centre, auditors. A scoped membership (the AMK centre or its area) sees its
 *   own AMK's local and incident groups and the national and regional ones; a municipality's doctor
 *   on call is read by the AMK the municipality belongs to.
 * - `nodnett.operate`: create and release incident groups, attach units and other agencies' groups,
 *   start and end conferences — AMK operators of that AMK and the national operations centre.
 *   Every such change is audited and an event (recordChange).
 */
import type { ScopeRef } from '../platform/auth/actor.ts';
import { definePolicy } from '../platform/auth/policy.ts';

export interface AmkResource {
  /** The AMK area (AMK centre id); null for what belongs to no AMK (national, regional). */
  amkId: string | null;
}

/** A membership at the AMK centre or its area covers it. */
export const coversAmk = (s: ScopeRef, r: AmkResource): boolean =>
  r.amkId !== null && (s.level === 'centre' || s.level === 'area') && s.id === r.amkId;

export const nodnettPolicy = definePolicy(
  'nodnett',
  {
    'nodnett.read': {
      roles: ['amk-operator', 'centre-leader', 'operations', 'auditor'],
      covers: (s, r) => r.amkId === null || coversAmk(s, r),
    },
    'nodnett.operate': { roles: ['amk-operator', 'operations'] },
  },
  coversAmk,
);

export const READ = { policy: nodnettPolicy, action: 'nodnett.read' } as const;
export const OPERATE = { policy: nodnettPolicy, action: 'nodnett.operate' } as const;
