/**
 * Demo resources for the simulated fleet (issue 14, NN-4, NN-5): on the embedded default, where the
 * simulated terminals move, the AMK units those terminals belong to are registered — ambulance
 * cars, an air ambulance helicopter, a boat on the coast, doctors on call and first-responder
 * groups (fire, police, volunteers) at home stations in each simulated AMK area, each with the
 * simulated terminal's ISSI — so a new user's map shows units that move and the occasional safety
 * alarm lands on a named unit with its crew, not on an unknown terminal.
 *
 * Through the AMK context's own use cases (`listResources`, `registerResource`: audit row and event
 * as any registration). Idempotent: a terminal whose ISSI a resource already carries, or whose demo
 * call sign is taken, is left alone, so a second start adds nothing and a user's own resources are
 * never touched. Areas the routing data in force does not know are skipped.
 */
import type { Actor } from '../platform/auth/actor.ts';
import type { AmkDeps } from '../amk/deps.ts';
import type { FirstResponderAgency, ResourceKind } from '../amk/domain/resource.ts';
import { listResources } from '../amk/resources/read-resources.ts';
import { registerResource, type ResourceInput } from '../amk/resources/maintain-resources.ts';
import type { SimulatedArea } from './simulator/fleet.ts';
import type { Ssi } from './port.ts';

/** Areas with a coast where an ambulance boat is plausible (the rest get a car in its place). */
const COASTAL = new Set([
  'amk-oslo',
  'amk-bergen',
  'amk-stavanger',
  'amk-st-olavs',
  'amk-unn',
  'amk-nordland',
]);

/** Short area codes for the demo call signs. */
const CODES: Readonly<Record<string, string>> = {
  'amk-oslo': 'OSL',
  'amk-innlandet': 'INN',
  'amk-bergen': 'BGO',
  'amk-stavanger': 'SVG',
  'amk-st-olavs': 'TRD',
  'amk-unn': 'TOS',
  'amk-nordland': 'BOO',
};

interface Role {
  kind: ResourceKind;
  agency?: FirstResponderAgency;
  /** Call-sign part and the station's kind (bokmål: what a Norwegian operator calls it). */
  sign: string;
  station: string;
}

const CAR: Role = { kind: 'ambulance-car', sign: 'A', station: 'ambulansestasjon' };
const DOCTOR: Role = { kind: 'doctor-on-call', sign: 'LEGE', station: 'legevakt' };
const HELICOPTER: Role = { kind: 'ambulance-helicopter', sign: 'LA', station: 'luftambulansebase' };
const BOAT: Role = { kind: 'ambulance-boat', sign: 'BÅT', station: 'ambulansebåtstasjon' };
const group = (agency: FirstResponderAgency, sign: string, station: string): Role => ({
  kind: 'first-responder',
  agency,
  sign,
  station,
});

/**
 * The role of the area's n-th terminal (0-based): the first seven give each area one of every
 * kind, the rest are ambulance cars with every fifth a doctor on call.
 */
export function demoRole(areaId: string, n: number): Role {
  const first = [
    CAR,
    DOCTOR,
    HELICOPTER,
    COASTAL.has(areaId) ? BOAT : CAR,
    group('fire', 'BRANN', 'brannstasjon'),
    group('police', 'POLITI', 'politistasjon'),
    group('volunteer', 'FRIVILLIG', 'frivilligsentral'),
  ];
  if (n < first.length) return first[n]!;
  return (n - first.length) % 5 === 4 ? DOCTOR : CAR;
}

/** The demo resources for the simulated terminals, in ISSI order (pure). */
export function demoResources(
  terminals: readonly { issi: Ssi; area: string }[],
  areas: readonly SimulatedArea[],
): ResourceInput[] {
  const seen = new Map<string, number>();
  const perSign = new Map<string, number>();
  const out: ResourceInput[] = [];
  for (const t of [...terminals].sort((a, b) => a.issi - b.issi)) {
    const area = areas.find((a) => a.id === t.area);
    if (!area) continue;
    const n = seen.get(area.id) ?? 0;
    seen.set(area.id, n + 1);
    const role = demoRole(area.id, n);
    const code = CODES[area.id] ?? area.id.replace(/^amk-/, '').slice(0, 3).toUpperCase();
    const key = `${code} ${role.sign}`;
    const k = (perSign.get(key) ?? 0) + 1;
    perSign.set(key, k);
    // Stations around the area's point, a few kilometres apart (deterministic).
    const angle = (n * 137.5 * Math.PI) / 180;
    const r = 0.02 + 0.015 * Math.sqrt(n);
    out.push({
      callSign: `DEMO ${key}${role.kind === 'first-responder' && k === 1 ? '' : ` ${k}`}`,
      kind: role.kind,
      agency: role.agency ?? null,
      amkId: area.id,
      station: {
        name: `${area.name} ${role.station}${k > 1 ? ` ${k}` : ''} (demo)`,
        lat: Math.round((area.lat + r * Math.sin(angle)) * 1e5) / 1e5,
        lon: Math.round((area.lon + 2 * r * Math.cos(angle)) * 1e5) / 1e5,
      },
      issi: String(t.issi),
      rosterUnitId: null,
    });
  }
  return out;
}

export interface DemoResult {
  registered: number;
  /** Already there (same ISSI or call sign). */
  kept: number;
  /** In an area the routing data in force does not know. */
  skippedAreas: string[];
}

/**
 * Registers the demo resources that are missing. A registration that fails (a concurrent start
 * took the call sign or the ISSI) is counted as kept; any other failure is the caller's to log.
 */
export async function ensureDemoResources(
  deps: AmkDeps,
  actor: Actor,
  wanted: readonly ResourceInput[],
): Promise<DemoResult> {
  const list = await listResources(deps, actor, {});
  const issis = new Set(list.own.map((r) => r.issi).filter((i): i is string => i !== null));
  const signs = new Set(list.own.map((r) => r.callSign));
  const skipped = new Set<string>();
  let registered = 0;
  let kept = 0;
  for (const input of wanted) {
    if (!deps.areas.isAmk(input.amkId)) {
      skipped.add(input.amkId);
      continue;
    }
    if ((input.issi && issis.has(input.issi)) || signs.has(input.callSign)) {
      kept += 1;
      continue;
    }
    try {
      await registerResource(deps, actor, input);
      registered += 1;
    } catch (err) {
      // Another instance starting at the same moment: its registration stands.
      if ((err as { code?: string }).code === '23505') kept += 1;
      else throw err;
    }
  }
  return { registered, kept, skippedAreas: [...skipped].sort() };
}
