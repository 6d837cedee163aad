/**
 * The test-call regime's policy (RT-8; decision 0007). The resource is a centre under test or a
 * municipality whose callers were placed: the centre's leader sees and signs its centre's results,
 * a municipality's reader (`municipality-reader` at the unit `kommune-<nr>`) its municipality's
 * (the 116117 calls from it and the direct number of the centre that serves it), the operations
 * centre and auditors everything.
 *
 * - `test-calls.read`: history, results and alarms.
 * - `test-calls.run`: start or resume a run — the operations centre (any centres), a centre leader
 *   (own centre).
 * - `test-calls.sign`: sign off a run's results for a centre (its leader) or a municipality (its reader).
 * - `test-calls.acknowledge`: acknowledge an alarm — the operations centre, the centre's leader.
 */
import type { ScopeRef } from '../platform/auth/actor.ts';
import { definePolicy } from '../platform/auth/policy.ts';

export interface TestCallResource {
  centreId: string | null;
  municipality: string | null;
}

const sameScope = (s: ScopeRef, r: TestCallResource): boolean =>
  (s.level === 'centre' && r.centreId !== null && s.id === r.centreId) ||
  (s.level === 'unit' && r.municipality !== null && s.id === `kommune-${r.municipality}`);

export const testCallsPolicy = definePolicy(
  'test-calls',
  {
    'test-calls.read': { roles: ['centre-leader', 'operations', 'auditor', 'municipality-reader'] },
    'test-calls.run': { roles: ['centre-leader', 'operations'] },
    'test-calls.sign': { roles: ['centre-leader', 'municipality-reader'] },
    'test-calls.acknowledge': { roles: ['centre-leader', 'operations'] },
  },
  sameScope,
);

export const READ = { policy: testCallsPolicy, action: 'test-calls.read' } as const;
export const RUN = { policy: testCallsPolicy, action: 'test-calls.run' } as const;
export const SIGN = { policy: testCallsPolicy, action: 'test-calls.sign' } as const;
export const ACKNOWLEDGE = { policy: testCallsPolicy, action: 'test-calls.acknowledge' } as const;

/** The municipality number a unit scope names (`kommune-4601` → `4601`), else null. */
export const municipalityOfUnit = (id: string): string | null => /^kommune-(\d{4})$/.exec(id)?.[1] ?? null;
