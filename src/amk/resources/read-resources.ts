/**
 * The AMK's picture of its resources (NN-5, AMK-2): its own area's resources — status, latest
 * position (stale when old), crew from the roster with the §11 verdict — and, at a glance, its
 * neighbours' available ones. Shaped for a map and a list: codes, counts, coordinates; no text.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { notFound } from '../../platform/errors.ts';
import { crewOnDuty, type CrewOnDuty } from '../../readiness/roster/crew-on-duty.ts';
import { RESOURCE_STATUSES, type ResourceStatus } from '../domain/resource.ts';
import type { TrackPoint } from '../domain/position.ts';
import { readOptions, type AmkDeps } from '../deps.ts';
import { amkPolicy, amkScopeOf } from '../policy.ts';
import { tracksOf } from '../positions/read-track.ts';
import { loadResource, selectResources, type Resource } from './resource-store.ts';

export interface ResourceView extends Resource {
  /** The crew on duty by the roster and the rules' verdict; null without a roster shift now. */
  crew: CrewOnDuty | null;
  /** Whether the crew breaks the competence rules (§11 for ambulances): the flag a list shows. */
  crewFlagged: boolean;
}

export interface ResourceList {
  /** The AMKs whose resources `own` holds (empty for a national reader: every AMK). */
  amkIds: string[];
  neighbourAmkIds: string[];
  own: ResourceView[];
  /** The neighbours' available resources (NN-5: "over a larger area"). */
  neighbours: ResourceView[];
  counts: { own: Record<ResourceStatus, number>; neighboursAvailable: number; crewFlagged: number };
  /**
   * The own units' short tracks by resource id (oldest first; units without positions in the
   * window absent), and the limits they were cut to — so a map draws every track from one read and
   * extends it from the pushed positions by the same rule; and the age after which a latest
   * position is `stale`, so the map marks one that grows old while it is open.
   */
  tracks: Record<string, TrackPoint[]>;
  trackLimits: { points: number; minutes: number };
  staleAfterMs: number;
}

/** Adds the crew of each resource with a roster unit (one read per such unit). */
export async function withCrew(deps: AmkDeps, resources: Resource[]): Promise<ResourceView[]> {
  const now = deps.clock.nowMs();
  const out: ResourceView[] = [];
  for (const r of resources) {
    const crew = r.rosterUnitId ? await crewOnDuty(deps.db, r.rosterUnitId, now) : null;
    out.push({ ...r, crew, crewFlagged: crew !== null && !crew.ok });
  }
  return out;
}

const bare = (r: Resource): ResourceView => ({ ...r, crew: null, crewFlagged: false });

export async function listResources(
  deps: AmkDeps,
  actor: Actor,
  filter: { amkId?: string | undefined },
): Promise<ResourceList> {
  const scope = amkScopeOf(actor, 'amk.read');
  const o = readOptions(deps);
  let ownAmks: string[] | null = scope === 'national' ? null : scope;
  if (filter.amkId !== undefined) {
    if (ownAmks !== null && !ownAmks.includes(filter.amkId)) ownAmks = [];
    else ownAmks = [filter.amkId];
  }
  const own =
    ownAmks === null
      ? await selectResources(deps.db, '', [], o)
      : await selectResources(deps.db, 'WHERE r.amk_id = ANY($1::text[])', [ownAmks], o);
  const neighbourAmks =
    ownAmks === null
      ? []
      : [...new Set(ownAmks.flatMap((a) => deps.areas.neighboursOf(a)))].filter((n) => !ownAmks.includes(n));
  const neighbours = neighbourAmks.length
    ? await selectResources(
        deps.db,
        `WHERE r.amk_id = ANY($1::text[]) AND r.status = 'available'`,
        [neighbourAmks],
        o,
      )
    : [];
  const ownViews = await withCrew(deps, own);
  const byIssi = await tracksOf(
    deps.db,
    own.flatMap((r) => (r.issi ? [r.issi] : [])),
    deps.clock.nowMs(),
    deps.config.track,
  );
  const tracks: Record<string, TrackPoint[]> = {};
  for (const r of own) {
    const track = r.issi ? byIssi.get(r.issi) : undefined;
    if (track) tracks[r.id] = track;
  }
  const counts = Object.fromEntries(RESOURCE_STATUSES.map((s) => [s, 0])) as Record<ResourceStatus, number>;
  for (const r of own) counts[r.status]++;
  return {
    amkIds: ownAmks ?? [],
    neighbourAmkIds: neighbourAmks.sort(),
    own: ownViews,
    neighbours: neighbours.map(bare),
    counts: {
      own: counts,
      neighboursAvailable: neighbours.length,
      crewFlagged: ownViews.filter((r) => r.crewFlagged).length,
    },
    tracks,
    trackLimits: { ...deps.config.track },
    staleAfterMs: deps.config.staleAfterMs,
  };
}

export interface StatusChange {
  from: ResourceStatus | null;
  to: ResourceStatus;
  missionId: string | null;
  at: string;
  by: string;
}

export interface ResourceDetail extends ResourceView {
  timeline: StatusChange[];
  track: TrackPoint[];
}

/**
 * One resource with its crew, its status timeline (newest 100) and its track. A neighbour's
 * operator may read a neighbour's unit while it is available (what the list showed them).
 */
export async function readResource(deps: AmkDeps, actor: Actor, id: string): Promise<ResourceDetail> {
  const r = await loadResource(deps.db, id, readOptions(deps));
  const own = amkPolicy.can(actor, 'amk.read', { amkIds: [r.amkId] });
  const neighbour =
    r.status === 'available' &&
    amkPolicy.can(actor, 'amk.read', { amkIds: deps.areas.neighboursOf(r.amkId) });
  if (!own && !neighbour) throw notFound('The resource');
  const [view] = own ? await withCrew(deps, [r]) : [bare(r)];
  const t = await deps.db.query<{
    from_status: ResourceStatus | null;
    to_status: ResourceStatus;
    mission_id: string | null;
    at_ms: number;
    actor_name: string;
  }>(
    `SELECT from_status, to_status, mission_id::text AS mission_id, (extract(epoch from at) * 1000)::float8 AS at_ms, actor_name
       FROM amk_resource_status_changes WHERE resource_id = $1 ORDER BY id DESC LIMIT 100`,
    [id],
  );
  const track = r.issi
    ? ((await tracksOf(deps.db, [r.issi], deps.clock.nowMs(), deps.config.track)).get(r.issi) ?? [])
    : [];
  return {
    ...view!,
    timeline: t.rows.reverse().map((x) => ({
      from: x.from_status,
      to: x.to_status,
      missionId: x.mission_id,
      at: new Date(x.at_ms).toISOString(),
      by: x.actor_name,
    })),
    track,
  };
}
