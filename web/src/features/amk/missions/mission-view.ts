/**
 * The pure rules of the AMK missions' pages (issue 14; AMK-2, AMK-3, NN-6): which missions a
 * filter shows and in what order, a mission's age, the units still on it and those that may hand
 * over, the timeline newest first, the create form's location, a municipality's point, and who may
 * acknowledge which recipient of a triple alert. No React, no I/O (mission-view.test.ts).
 */
import { decodeRing } from '../../../../../src/routing/map/shape-codec.ts';
import type { FirstResponderAlert, Mission, MissionDetail, TripleAlert, Urgency } from './api.ts';

export type MissionFilter = 'open' | 'closed' | 'cross-border' | 'all';
export const MISSION_FILTERS: readonly MissionFilter[] = ['open', 'cross-border', 'closed', 'all'];

/** A mission followed by more than one AMK: its units come from across an AMK border. */
export const crossesBorder = (m: Pick<Mission, 'amkIds'>): boolean => m.amkIds.length > 1;

const URGENCY_RANK: Record<Urgency, number> = { akutt: 0, haster: 1, vanlig: 2 };

/**
 * The missions a filter shows: open ones by urgency (akutt first), then oldest first (the one
 * waiting longest on top); closed ones newest closed first.
 */
export function missionsFor<M extends Mission>(missions: readonly M[], filter: MissionFilter): M[] {
  const shown = missions.filter((m) =>
    filter === 'all' ? true : filter === 'cross-border' ? crossesBorder(m) : m.state === filter,
  );
  return shown.sort((a, b) => {
    if (a.state !== b.state) return a.state === 'open' ? -1 : 1;
    if (a.state === 'closed')
      return Date.parse(b.closedAt ?? b.createdAt) - Date.parse(a.closedAt ?? a.createdAt);
    return (
      URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] ||
      Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
      a.id.localeCompare(b.id)
    );
  });
}

/** How many missions each filter shows. */
export function filterCounts(missions: readonly Mission[]): Record<MissionFilter, number> {
  return {
    open: missions.filter((m) => m.state === 'open').length,
    closed: missions.filter((m) => m.state === 'closed').length,
    'cross-border': missions.filter(crossesBorder).length,
    all: missions.length,
  };
}

/** A mission's age (until it closed), whole minutes split into hours and minutes. */
export function ageOf(
  m: Pick<Mission, 'createdAt' | 'closedAt'>,
  nowMs: number,
): { hours: number; minutes: number } {
  const end = m.closedAt ? Date.parse(m.closedAt) : nowMs;
  const total = Math.max(0, Math.floor((end - Date.parse(m.createdAt)) / 60_000));
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

/** The units still on the mission (a unit that became available has left it). */
export const unitsOnMission = (m: Pick<Mission, 'units'>) => m.units.filter((u) => u.onMission);

/** The units that may hand over at a hospital now: on the mission and transporting. */
export const handoverUnits = (m: Pick<Mission, 'units'>) =>
  m.units.filter((u) => u.onMission && u.status === 'transporting');

/** Whether the mission may be closed: open, and none of its units is transporting a patient. */
export const mayClose = (m: Pick<Mission, 'state' | 'units'>): boolean =>
  m.state === 'open' && handoverUnits(m).length === 0;

export interface TimelineRow {
  key: string;
  at: string;
  kind: MissionDetail['timeline'][number]['kind'];
  callSign: string | null;
  status: MissionDetail['timeline'][number]['status'];
  hospital: string | null;
}

/** The timeline newest first, each step with the call sign of its unit. */
export function timelineRows(m: Pick<MissionDetail, 'timeline' | 'units'>): TimelineRow[] {
  const callSign = new Map(m.units.map((u) => [u.resourceId, u.callSign]));
  return m.timeline
    .map((s, i) => ({
      key: `${i}`,
      index: i,
      at: s.at,
      kind: s.kind,
      callSign: s.resourceId ? (callSign.get(s.resourceId) ?? null) : null,
      status: s.status,
      hospital: s.hospital,
    }))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.index - a.index)
    .map(({ index: _index, ...row }) => row);
}

/** A coordinate as typed: a decimal comma or point; null when it is not a number in range. */
export function parseCoordinate(text: string, kind: 'lat' | 'lon'): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  const max = kind === 'lat' ? 90 : 180;
  return Math.abs(n) <= max ? n : null;
}

export interface LocationForm {
  mode: 'point' | 'municipality';
  lat: string;
  lon: string;
  municipality: string;
}

export type LocationProblem = 'lat' | 'lon' | 'municipality' | 'municipality-no-point';

/**
 * The location the create form sends: a point (the server finds its municipality), or a chosen
 * municipality with its point (`pointOf`; the server then takes the municipality as given).
 */
export function locationOf(
  form: LocationForm,
  pointOf: (municipality: string) => { lat: number; lon: number } | null,
): { location: { lat: number; lon: number; municipality?: string } } | { problems: LocationProblem[] } {
  if (form.mode === 'municipality') {
    if (!form.municipality) return { problems: ['municipality'] };
    const p = pointOf(form.municipality);
    return p
      ? { location: { ...p, municipality: form.municipality } }
      : { problems: ['municipality-no-point'] };
  }
  const lat = parseCoordinate(form.lat, 'lat');
  const lon = parseCoordinate(form.lon, 'lon');
  const problems: LocationProblem[] = [];
  if (lat === null) problems.push('lat');
  if (lon === null) problems.push('lon');
  return lat !== null && lon !== null ? { location: { lat, lon } } : { problems };
}

/**
 * A point inside a municipality for a mission placed by municipality only: the area centroid of its
 * largest polygon's exterior ring (the map's encoded shapes). Rounded to 5 decimals (~1 m). For a
 * strongly concave shape the centroid can lie outside; the municipality is sent with it, so the
 * mission's AMK is right, and the point only orders suggested units.
 */
export function municipalityPoint(
  polygons: readonly (readonly (readonly number[])[])[],
  quantum: number,
): { lat: number; lon: number } | null {
  let best: { area: number; lat: number; lon: number } | null = null;
  for (const rings of polygons) {
    const exterior = rings[0];
    if (!exterior) continue;
    const ring = decodeRing(exterior, quantum);
    if (ring.length < 3) continue;
    let a2 = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < ring.length; i++) {
      const [x0, y0] = ring[i]!;
      const [x1, y1] = ring[(i + 1) % ring.length]!;
      const cross = x0 * y1 - x1 * y0;
      a2 += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    if (a2 === 0) continue;
    const area = Math.abs(a2) / 2;
    if (!best || area > best.area) best = { area, lon: cx / (3 * a2), lat: cy / (3 * a2) };
  }
  if (!best) return null;
  const round = (n: number) => Math.round(n * 1e5) / 1e5;
  return { lat: round(best.lat), lon: round(best.lon) };
}

/**
 * Whether the user may acknowledge `recipient` of `alert` (the server decides; this only offers the
 * button): an AMK recipient by its own operators, police, fire and the rescue coordination centre
 * recorded by the raising AMK's operator.
 */
export function mayAcknowledge(
  alert: Pick<TripleAlert, 'amkId'>,
  recipient: Pick<TripleAlert['recipients'][number], 'kind' | 'amkId' | 'acknowledgedAt'>,
  operates: 'national' | readonly string[],
): boolean {
  if (recipient.acknowledgedAt !== null) return false;
  const at = (amk: string | null) => amk !== null && (operates === 'national' || operates.includes(amk));
  return recipient.kind === 'amk' ? at(recipient.amkId) : at(alert.amkId);
}

/** The recipients with those still missing first (the eye goes to what waits), each in the server's order. */
export function recipientsMissingFirst<R extends { acknowledgedAt: string | null }>(
  recipients: readonly R[],
): R[] {
  return [
    ...recipients.filter((r) => r.acknowledgedAt === null),
    ...recipients.filter((r) => r.acknowledgedAt !== null),
  ];
}

/** The answers an operator may record for a first-responder group now. */
export function answersFor(
  a: Pick<FirstResponderAlert, 'answer' | 'arrivedAt'>,
): ('accepted' | 'declined' | 'arrived')[] {
  if (a.answer === null) return ['accepted', 'declined'];
  if (a.answer === 'accepted' && a.arrivedAt === null) return ['arrived'];
  return [];
}

/** Where a capability lets the user act: everywhere, or the AMK ids of its scopes. */
export function scopeIds(
  capabilities: readonly { action: string; scopes: readonly { level: string; id?: string }[] }[] | undefined,
  action: string,
): 'national' | string[] {
  const c = capabilities?.find((x) => x.action === action);
  if (!c) return [];
  if (c.scopes.some((s) => s.level === 'national')) return 'national';
  return c.scopes.flatMap((s) => (s.id ? [s.id] : []));
}

/**
 * The way from an answered 113 call to a new mission: the missions page with the call (and its
 * hastegrad, when chosen) filled in; null for a call not answered at an AMK centre (not 113).
 */
export function missionFromCallPath(
  callId: string,
  centre: { service: 'legevakt' | 'amk' },
  hastegrad: Urgency | '' | undefined,
): string | null {
  if (centre.service !== 'amk') return null;
  const q = new URLSearchParams({ callId, ...(hastegrad ? { urgency: hastegrad } : {}) });
  return `/amk/missions?${q.toString()}`;
}
