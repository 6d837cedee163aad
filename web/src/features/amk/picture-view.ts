/**
 * The AMK picture's view model (issue 14; NN-4, NN-5): pure functions from what the server sent —
 * the resource list, pushed positions and status changes, the safety alarms — to what the page
 * draws. No React, no clock of its own (the page passes `nowMs` from use-now.ts); tested in
 * picture-view.test.ts.
 *
 * Pushed changes are applied in place of a re-read: a position moves one unit and extends its
 * track by the server's own rule (the last N points of the last M minutes); a status change is
 * taken when its revision is newer than the one on screen. A re-read (on connect, on a registered
 * or changed unit, on a neighbour's unit becoming available or not, every 30 s for the neighbours'
 * positions, which are not pushed to this AMK) is merged with what arrived meanwhile, so a read
 * that started before a push never moves a unit back.
 */
import {
  RESOURCE_STATUSES,
  TRANSITIONS,
  type PositionsRecordedPayload,
  type Resource,
  type ResourceChangedPayload,
  type ResourceKind,
  type ResourceList,
  type ResourceStatus,
  type SafetyAlarm,
  type TrackPoint,
} from './api.ts';

export interface PictureUnit {
  resource: Resource;
  /** A neighbouring AMK's available unit (NN-5), shown apart from the own ones. */
  neighbour: boolean;
  /** Oldest first; empty without positions in the window (and for neighbours' units). */
  track: readonly TrackPoint[];
}

export interface Picture {
  amkIds: readonly string[];
  neighbourAmkIds: readonly string[];
  /** By resource id, own units first then neighbours', as the server listed them. */
  units: ReadonlyMap<string, PictureUnit>;
  trackLimits: { points: number; minutes: number };
  staleAfterMs: number;
}

const observedMs = (p: { observedAt: string }) => Date.parse(p.observedAt);

/** The track cut to the server's rule at `nowMs`: no duplicates, oldest first, the last N of the last M minutes. */
export function cutTrack(
  points: readonly TrackPoint[],
  limits: Picture['trackLimits'],
  nowMs: number,
): TrackPoint[] {
  const since = nowMs - limits.minutes * 60_000;
  const byTime = new Map<number, TrackPoint>();
  for (const p of points) {
    const t = observedMs(p);
    if (t >= since) byTime.set(t, p);
  }
  return [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .slice(-limits.points)
    .map(([, p]) => p);
}

/** The picture a resource list describes. */
export function pictureOf(list: ResourceList): Picture {
  const units = new Map<string, PictureUnit>();
  for (const r of list.own)
    units.set(r.id, { resource: r, neighbour: false, track: list.tracks[r.id] ?? [] });
  for (const r of list.neighbours)
    if (!units.has(r.id)) units.set(r.id, { resource: r, neighbour: true, track: [] });
  return {
    amkIds: list.amkIds,
    neighbourAmkIds: list.neighbourAmkIds,
    units,
    trackLimits: list.trackLimits,
    staleAfterMs: list.staleAfterMs,
  };
}

/**
 * A fresh read merged with the picture on screen: the read decides which units there are; a unit's
 * status stays as on screen when that revision is newer, its position when that observation is
 * later, and the two tracks are joined.
 */
export function mergeRead(prev: Picture | null, list: ResourceList, nowMs: number): Picture {
  const next = pictureOf(list);
  if (!prev) return next;
  const units = new Map<string, PictureUnit>();
  for (const [id, u] of next.units) {
    const old = prev.units.get(id);
    if (!old) {
      units.set(id, u);
      continue;
    }
    let resource = u.resource;
    if (old.resource.revision > resource.revision)
      resource = {
        ...resource,
        status: old.resource.status,
        statusChangedAt: old.resource.statusChangedAt,
        missionId: old.resource.missionId,
        revision: old.resource.revision,
      };
    const a = old.resource.position;
    const b = resource.position;
    if (a && (!b || observedMs(a) > observedMs(b))) resource = { ...resource, position: a };
    const track = u.neighbour ? [] : cutTrack([...old.track, ...u.track], next.trackLimits, nowMs);
    units.set(id, { ...u, resource, track });
  }
  return { ...next, units };
}

/**
 * Pushed positions (`amk.positions.recorded`): each named unit moves when the point is later than
 * the one on screen, and its track takes the point. Units not on screen are left to the next read.
 * Returns the same picture when nothing changed (a redraw can be skipped).
 */
export function withPositions(p: Picture, payload: PositionsRecordedPayload, nowMs: number): Picture {
  let units: Map<string, PictureUnit> | null = null;
  for (const point of payload.units) {
    const u = (units ?? p.units).get(point.resourceId);
    if (!u) continue;
    const tp: TrackPoint = {
      observedAt: point.observedAt,
      lat: point.lat,
      lon: point.lon,
      errorMetres: point.errorMetres,
      speedKmh: point.speedKmh,
      headingDeg: point.headingDeg,
    };
    const current = u.resource.position;
    const later = !current || observedMs(tp) > observedMs(current);
    const track = u.neighbour ? u.track : cutTrack([...u.track, tp], p.trackLimits, nowMs);
    if (!later && track.length === u.track.length) continue;
    units ??= new Map(p.units);
    units.set(point.resourceId, {
      ...u,
      track,
      resource: later ? { ...u.resource, position: { ...tp, stale: false } } : u.resource,
    });
  }
  return units ? { ...p, units } : p;
}

/**
 * A pushed resource change (`amk.resource.changed`). A status change of a unit on screen is
 * applied when its revision is newer; anything else — a unit registered or its register data
 * changed, one not on screen — needs a re-read: then `reload` is true.
 */
export function withResourceChange(
  p: Picture,
  payload: ResourceChangedPayload,
  at: string,
): { picture: Picture; reload: boolean } {
  const u = p.units.get(payload.resourceId);
  if (payload.change !== 'status' || !u) return { picture: p, reload: true };
  if (payload.revision <= u.resource.revision) return { picture: p, reload: false };
  const units = new Map(p.units);
  units.set(payload.resourceId, {
    ...u,
    resource: {
      ...u.resource,
      status: payload.status,
      missionId: payload.missionId,
      revision: payload.revision,
      statusChangedAt: at,
    },
  });
  return { picture: { ...p, units }, reload: false };
}

/** Where a unit is drawn: its latest position, else its home station. */
export interface Place {
  lat: number;
  lon: number;
  from: 'position' | 'station';
  /** The position is older than the configured age (at `nowMs`, not only when it was read). */
  stale: boolean;
}

export function placeOf(u: PictureUnit, staleAfterMs: number, nowMs: number): Place {
  const p = u.resource.position;
  if (!p) return { lat: u.resource.station.lat, lon: u.resource.station.lon, from: 'station', stale: false };
  return {
    lat: p.lat,
    lon: p.lon,
    from: 'position',
    stale: p.stale || nowMs - observedMs(p) > staleAfterMs,
  };
}

/** The map's marker for each status: a shape as well as a colour, never colour alone. */
export const STATUS_SHAPES: Record<ResourceStatus, string> = {
  available: 'M0,-6A6,6 0 1,1 0,6A6,6 0 1,1 0,-6Z', // circle
  dispatched: 'M0,-7L6.5,5H-6.5Z', // triangle
  'en-route': 'M-6,-5L6,0L-6,5Z', // arrow (triangle to the right)
  'at-scene': 'M0,-7L7,0L0,7L-7,0Z', // diamond
  transporting: 'M-5.5,-5.5H5.5V5.5H-5.5Z', // square
  'at-hospital': 'M-2,-6H2V-2H6V2H2V6H-2V2H-6V-2H-2Z', // plus
  'out-of-service': 'M-6,-3.5L-3.5,-6L0,-2.5L3.5,-6L6,-3.5L2.5,0L6,3.5L3.5,6L0,2.5L-3.5,6L-6,3.5L-2.5,0Z', // cross
};

export type StatusFilter = ResourceStatus | 'all' | 'crew-flagged';
export type KindFilter = ResourceKind | 'all';
export type SideFilter = 'all' | 'own' | 'neighbours';

export interface Filter {
  status: StatusFilter;
  kind: KindFilter;
  side: SideFilter;
}

export const NO_FILTER: Filter = { status: 'all', kind: 'all', side: 'all' };

export function matches(u: PictureUnit, f: Filter): boolean {
  if (f.side === 'own' && u.neighbour) return false;
  if (f.side === 'neighbours' && !u.neighbour) return false;
  if (f.kind !== 'all' && u.resource.kind !== f.kind) return false;
  if (f.status === 'crew-flagged') return u.resource.crewFlagged;
  return f.status === 'all' || u.resource.status === f.status;
}

const STATUS_ORDER = new Map(RESOURCE_STATUSES.map((s, i) => [s, i]));

/** The list's order: own units before neighbours', by status (the table's order), then call sign. */
export function sortUnits(units: Iterable<PictureUnit>): PictureUnit[] {
  return [...units].sort(
    (a, b) =>
      Number(a.neighbour) - Number(b.neighbour) ||
      STATUS_ORDER.get(a.resource.status)! - STATUS_ORDER.get(b.resource.status)! ||
      a.resource.callSign.localeCompare(b.resource.callSign, 'nb'),
  );
}

export interface Counts {
  own: Record<ResourceStatus, number>;
  ownTotal: number;
  neighboursAvailable: number;
  crewFlagged: number;
}

/** Counts of what is on screen (kept current by the pushes, unlike the read's own counts). */
export function countUnits(units: Iterable<PictureUnit>, kind: KindFilter = 'all'): Counts {
  const own = Object.fromEntries(RESOURCE_STATUSES.map((s) => [s, 0])) as Record<ResourceStatus, number>;
  let ownTotal = 0;
  let neighboursAvailable = 0;
  let crewFlagged = 0;
  for (const u of units) {
    if (kind !== 'all' && u.resource.kind !== kind) continue;
    if (u.neighbour) {
      if (u.resource.status === 'available') neighboursAvailable++;
      continue;
    }
    own[u.resource.status]++;
    ownTotal++;
    if (u.resource.crewFlagged) crewFlagged++;
  }
  return { own, ownTotal, neighboursAvailable, crewFlagged };
}

/**
 * Where an operator may move a unit from `status` by hand: the transition table without
 * `dispatched`, which only a mission's dispatch sets (the server refuses it here).
 */
export const manualNextStatuses = (status: ResourceStatus): ResourceStatus[] =>
  TRANSITIONS[status].filter((s) => s !== 'dispatched');

/** Unacknowledged alarms first — the highest escalation level, then the oldest — and the acknowledged ones newest first. */
export function splitAlarms(alarms: readonly SafetyAlarm[]): {
  open: SafetyAlarm[];
  acknowledged: SafetyAlarm[];
} {
  const level = (a: SafetyAlarm) => (a.level === 'neighbours' ? 2 : a.level === 'all-operators' ? 1 : 0);
  const open = alarms
    .filter((a) => a.acknowledgedAt === null)
    .sort((a, b) => level(b) - level(a) || Date.parse(a.raisedAt) - Date.parse(b.raisedAt));
  const acknowledged = alarms
    .filter((a) => a.acknowledgedAt !== null)
    .sort((a, b) => Date.parse(b.acknowledgedAt!) - Date.parse(a.acknowledgedAt!));
  return { open, acknowledged };
}

/** How long ago, in whole seconds (never negative: the machines' clocks may differ a little). */
export const secondsSince = (iso: string, nowMs: number): number =>
  Math.max(0, Math.floor((nowMs - Date.parse(iso)) / 1000));

/** `m:ss` under an hour, `t:mm:ss` from an hour: how long an alarm has waited. */
export function clockText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** An age as the list says it: seconds under a minute, minutes under an hour, then hours and minutes. */
export function ageOf(
  seconds: number,
): { unit: 'seconds'; n: number } | { unit: 'minutes'; n: number } | { unit: 'hours'; h: number; m: number } {
  if (seconds < 60) return { unit: 'seconds', n: seconds };
  if (seconds < 3600) return { unit: 'minutes', n: Math.floor(seconds / 60) };
  return { unit: 'hours', h: Math.floor(seconds / 3600), m: Math.floor((seconds % 3600) / 60) };
}
