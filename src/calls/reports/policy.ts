/**
 * Who may read a call report (RT-13; decision 0007). A centre's report: members of that centre, or
 * of the AMK area it belongs to. A municipality's report (its callers, at whichever centre): members
 * of the municipality (the readiness unit `kommune-<nr>`), of the centre that serves it, or of that
 * centre's AMK area. An AMK area's report: members of that area. A county's report (its callers,
 * across the AMK areas and centres that serve it) and the national report: national memberships
 * only. A report holds counts and
 * call ids, never calling numbers, so reading one is not a read of call details (not audited).
 */
import type { ScopeRef } from '../../platform/auth/actor.ts';
import { definePolicy } from '../../platform/auth/policy.ts';

export type ReportResource =
  | { kind: 'centre'; centreId: string; amkId: string | null }
  | { kind: 'municipality'; municipality: string; centreIds: readonly string[]; amkIds: readonly string[] }
  | { kind: 'amk-area'; amkId: string }
  | { kind: 'county' }
  | { kind: 'national' };

/** The readiness unit id of a municipality (the scope a municipality's people hold). */
export const municipalityUnitId = (nr: string): string => `kommune-${nr}`;

export function coversReport(s: ScopeRef, r: ReportResource): boolean {
  if (s.level === 'national') return true;
  switch (r.kind) {
    case 'centre':
      return (s.level === 'centre' && s.id === r.centreId) || (s.level === 'area' && s.id === r.amkId);
    case 'municipality':
      return (
        (s.level === 'unit' && s.id === municipalityUnitId(r.municipality)) ||
        (s.level === 'centre' && r.centreIds.includes(s.id)) ||
        (s.level === 'area' && r.amkIds.includes(s.id))
      );
    case 'amk-area':
      return s.level === 'area' && s.id === r.amkId;
    case 'county':
    case 'national':
      return false;
  }
}

export const callReportsPolicy = definePolicy(
  'calls-reports',
  {
    /** Read the call report of a centre, a municipality or the nation within one's scope. */
    'calls.report': {
      roles: [
        'operations',
        'centre-leader',
        'operator',
        'amk-operator',
        'auditor',
        'readiness-admin',
        'municipality-reader',
      ],
    },
  },
  coversReport,
);
