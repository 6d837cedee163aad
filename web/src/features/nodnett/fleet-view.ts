/**
 * The Nødnett pages' pure rules (NN-1, NN-2, NN-3): the fleet map as a tree (national, regional,
 * and per AMK area its local and incident groups), the other agencies' groups an incident group
 * can take, the AMK areas the user may act in, and the forms' input read into API bodies.
 */
import type { Agency, ConferenceParty, TalkGroup } from './api.ts';

export interface AreaBranch {
  area: string;
  /** The area's name as the fleet map says it (its health group's name, e.g. "AMK Oslo"). */
  name: string;
  local: TalkGroup[];
  incident: TalkGroup[];
}

export interface FleetTree {
  national: TalkGroup[];
  regional: TalkGroup[];
  areas: AreaBranch[];
}

const byName = (a: TalkGroup, b: TalkGroup) => a.name.localeCompare(b.name, 'nb');
const AGENCY_ORDER: readonly Agency[] = ['health', 'police', 'fire'];
const agencyRank = (g: TalkGroup) => AGENCY_ORDER.indexOf(g.agencies[0] ?? 'health');

/** The fleet map as a tree: the areas by name, in each the health, police and fire groups, then incidents. */
export function fleetTree(groups: readonly TalkGroup[]): FleetTree {
  const national = groups.filter((g) => g.level === 'national').sort(byName);
  const regional = groups.filter((g) => g.level === 'regional').sort(byName);
  const areas = new Map<string, AreaBranch>();
  for (const g of groups) {
    if ((g.level !== 'local' && g.level !== 'incident') || g.area === null) continue;
    const branch = areas.get(g.area) ?? { area: g.area, name: '', local: [], incident: [] };
    areas.set(g.area, branch);
    if (g.level === 'local') branch.local.push(g);
    else branch.incident.push(g);
  }
  for (const b of areas.values()) {
    b.local.sort((x, y) => agencyRank(x) - agencyRank(y) || byName(x, y));
    b.incident.sort(byName);
    const health = b.local.find((g) => g.agencies.length === 1 && g.agencies[0] === 'health');
    b.name = health?.name ?? b.local[0]?.name ?? b.incident[0]?.name ?? b.area;
  }
  return {
    national,
    regional,
    areas: [...areas.values()].sort((a, b) => a.name.localeCompare(b.name, 'nb')),
  };
}

/**
 * The other agencies' local groups of the incident group's area that it does not have yet (police
 * and fire first: what "attach the other agencies" means on the radio).
 */
export function partnerGroups(groups: readonly TalkGroup[], incident: TalkGroup): TalkGroup[] {
  return groups
    .filter(
      (g) =>
        g.level === 'local' &&
        g.area === incident.area &&
        !g.agencies.includes('health') &&
        !incident.members.groups.includes(g.gssi),
    )
    .sort((x, y) => agencyRank(x) - agencyRank(y) || byName(x, y));
}

/** The name of a member group, else its number (a group outside what the user may see). */
export function groupName(groups: readonly TalkGroup[], gssi: number): string {
  return groups.find((g) => g.gssi === gssi)?.name ?? String(gssi);
}

/**
 * The AMK areas the user may act in (`nodnett.operate`): every area of the fleet map for a national
 * scope, else those of the scopes that the fleet map knows.
 */
export function operableAreas(
  scopes: readonly { level: string; id?: string }[] | undefined,
  tree: FleetTree,
): AreaBranch[] {
  if (!scopes || scopes.length === 0) return [];
  if (scopes.some((s) => s.level === 'national')) return tree.areas;
  const ids = new Set(
    scopes.flatMap((s) => ((s.level === 'area' || s.level === 'centre') && s.id ? [s.id] : [])),
  );
  return tree.areas.filter((a) => ids.has(a.area));
}

export const MAX_SSI = 0xffffff;

/** Terminal numbers (ISSI) typed with commas or spaces: the numbers, or the first entry that is not one. */
export function parseIssis(text: string): { ok: true; issis: number[] } | { ok: false; bad: string } {
  const issis: number[] = [];
  for (const token of text.split(/[\s,;]+/).filter(Boolean)) {
    const n = /^\d{1,8}$/.test(token) ? Number(token) : NaN;
    if (!(n >= 1 && n <= MAX_SSI)) return { ok: false, bad: token };
    if (!issis.includes(n)) issis.push(n);
  }
  return { ok: true, issis };
}

export interface ConferenceForm {
  /** The ambulance crew's terminal (ISSI). */
  crew: string;
  /** The doctor on call: a terminal (ISSI) or a telephone number. */
  doctorBy: 'terminal' | 'phone';
  doctor: string;
  /** The hospital specialist's telephone number. */
  specialist: string;
}

export type ConferenceFieldError = 'issi' | 'phone' | 'required';

const PHONE = /^\+?[0-9]{3,15}$/;
const phoneOf = (s: string) => s.replace(/[\s-]/g, '');

/**
 * The parties of the COPD conference (NN-3: crew, doctor on call, specialist), or each field's
 * error. The crew and one more are needed; the specialist may be left out.
 */
export function conferenceParties(
  f: ConferenceForm,
):
  | { ok: true; parties: ConferenceParty[] }
  | { ok: false; errors: Partial<Record<keyof ConferenceForm, ConferenceFieldError>> } {
  const errors: Partial<Record<keyof ConferenceForm, ConferenceFieldError>> = {};
  const parties: ConferenceParty[] = [];
  const issi = (field: 'crew' | 'doctor', text: string) => {
    const r = parseIssis(text);
    if (!r.ok || r.issis.length !== 1) errors[field] = text.trim() ? 'issi' : 'required';
    else parties.push({ kind: 'terminal', issi: r.issis[0]! });
  };
  issi('crew', f.crew);
  if (f.doctorBy === 'terminal') issi('doctor', f.doctor);
  else if (!f.doctor.trim()) errors.doctor = 'required';
  else if (!PHONE.test(phoneOf(f.doctor))) errors.doctor = 'phone';
  else parties.push({ kind: 'phone', number: phoneOf(f.doctor) });
  if (f.specialist.trim()) {
    if (!PHONE.test(phoneOf(f.specialist))) errors.specialist = 'phone';
    else parties.push({ kind: 'phone', number: phoneOf(f.specialist) });
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, parties };
}

/** A municipality number as typed (four digits), or null. */
export function municipalityNumber(text: string): string | null {
  const t = text.trim();
  return /^\d{4}$/.test(t) ? t : null;
}
