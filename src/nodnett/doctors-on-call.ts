/**
 * "Who is the doctor on call for municipality X now, and how do I reach them?" (NN-7) — read from
 * the readiness context's rosters (`readiness/roster/on-call.ts`), placed in its AMK by the routing
 * data in force. Says plainly what the registers cannot tell (docs/nodnett.md): no person has a
 * phone number on record, and no radio terminal is tied to a person — only to a unit.
 */
import type { Db } from '../platform/db/types.ts';
import { readDoctorsOnCall, type DoctorOnCall } from '../readiness/roster/on-call.ts';
import type { RoutingRuntime } from '../routing/runtime.ts';
import type { AmkResource } from './policy.ts';

/** What the registers lack to reach a doctor directly: always true today, listed so the UI can say so. */
export const REACH_GAPS = ['no-phone-number-on-record', 'no-terminal-per-person'] as const;

export interface DoctorsOnCallAnswer {
  municipality: string;
  at: string;
  amkId: string | null;
  doctors: DoctorOnCall[];
  /** Why the answer may not be enough: the register gaps, and `no-roster` when no shift covers the instant. */
  gaps: (typeof REACH_GAPS)[number][] | ('no-roster' | (typeof REACH_GAPS)[number])[];
}

/** The AMK a municipality belongs to by the routing data in force (its serving centre's AMK). */
export function municipalityAmk(runtime: RoutingRuntime, municipality: string): AmkResource {
  if (!runtime.hasData()) return { amkId: null };
  const serving = runtime.current().compiled.centreByMunicipality.get(municipality);
  return { amkId: serving?.centre.amkId ?? null };
}

export async function doctorsOnCall(
  deps: { db: Db; runtime: RoutingRuntime },
  municipality: string,
  atMs: number,
): Promise<DoctorsOnCallAnswer> {
  const doctors = await readDoctorsOnCall(deps.db, municipality, atMs);
  return {
    municipality,
    at: new Date(atMs).toISOString(),
    amkId: municipalityAmk(deps.runtime, municipality).amkId,
    doctors,
    gaps: doctors.length === 0 ? ['no-roster', ...REACH_GAPS] : [...REACH_GAPS],
  };
}
