/**
 * The emergency-plan register's policy (LV-7; decision 0007). The resource is a municipality,
 * placed by the routing data in force: the legevaktsentral that serves it, that centre's partner
 * outside its staffed hours (RT-10), and the AMK area the centre belongs to.
 *
 * - `emergency-plans.read`: read the plans, their contacts and documents — the operators, AMK
 *   operators and leaders of the centre that serves the municipality, of its partner centre (which
 *   takes its calls at night), of the AMK centre or AMK area; the national operations centre (it
 *   moves calls by a municipality's emergency plan, RT-14) and auditors, nationally; a
 *   municipality's own people (`municipality-reader`, held at the readiness unit `kommune-<nr>`),
 *   their own municipality's. Every download of a document is audited.
 * - `emergency-plans.maintain`: create, change and remove plans, contacts and documents — the
 *   leaders of the centre that serves the municipality (or of its AMK area), and administrators.
 */
import type { ScopeRef } from '../platform/auth/actor.ts';
import { definePolicy } from '../platform/auth/policy.ts';

/** A municipality as the routing data places it (null where the data names nothing). */
export interface MunicipalityResource {
  municipality: string;
  /** The legevaktsentral that serves the municipality. */
  centreId: string | null;
  /** The centre that takes the serving centre's calls outside its staffed hours. */
  partnerCentreId: string | null;
  /** The AMK area (its AMK centre's id) the serving centre belongs to. */
  amkId: string | null;
}

/** A membership at the serving centre, or at its AMK area, covers the municipality. */
export const servesMunicipality = (s: ScopeRef, r: MunicipalityResource): boolean =>
  (s.level === 'centre' && r.centreId !== null && s.id === r.centreId) ||
  (s.level === 'area' && r.amkId !== null && s.id === r.amkId);

/**
 * Readers also at the partner centre and at the AMK centre itself; a municipality's own readers at
 * its unit `kommune-<nr>`.
 */
const readsMunicipality = (s: ScopeRef, r: MunicipalityResource): boolean =>
  servesMunicipality(s, r) ||
  (s.level === 'centre' && (s.id === r.partnerCentreId || s.id === r.amkId)) ||
  (s.level === 'unit' && r.municipality !== '' && s.id === `kommune-${r.municipality}`);

export const emergencyPlansPolicy = definePolicy(
  'emergency-plans',
  {
    'emergency-plans.read': {
      roles: ['centre-leader', 'operator', 'amk-operator', 'operations', 'auditor', 'municipality-reader'],
      covers: readsMunicipality,
    },
    'emergency-plans.maintain': { roles: ['centre-leader'] },
  },
  servesMunicipality,
);

export const READ = { policy: emergencyPlansPolicy, action: 'emergency-plans.read' } as const;
export const MAINTAIN = { policy: emergencyPlansPolicy, action: 'emergency-plans.maintain' } as const;
