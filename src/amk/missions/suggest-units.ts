/**
 * Suggested units for a mission (AMK-2): the nearest suitable available units — ambulances and
 * doctors on call of the mission's AMK and of its neighbours — by the estimated time to reach the
 * location (domain/driving-time.ts: a straight line, a winding factor and a speed per kind; its
 * limits in docs/amk.md). A unit is placed where its latest position says, unless that is stale;
 * then at its home station.
 */
import { estimateTravel } from '../domain/driving-time.ts';
import { MISSION_KINDS, type ResourceKind } from '../domain/resource.ts';
import { readOptions, type AmkDeps } from '../deps.ts';
import { selectResources } from '../resources/resource-store.ts';
import type { Mission } from './mission-store.ts';

export interface Suggestion {
  resourceId: string;
  callSign: string;
  kind: ResourceKind;
  amkId: string;
  /** Whether the unit belongs to a neighbouring AMK. */
  neighbour: boolean;
  /** Where the estimate starts: the unit's fresh position, or its home station. */
  from: 'position' | 'station';
  distanceKm: number;
  estimatedMinutes: number;
}

export async function suggestUnits(deps: AmkDeps, mission: Mission, limit: number): Promise<Suggestion[]> {
  const amks = [mission.amkId, ...deps.areas.neighboursOf(mission.amkId)];
  const candidates = await selectResources(
    deps.db,
    `WHERE r.amk_id = ANY($1::text[]) AND r.status = 'available' AND r.kind = ANY($2::text[])`,
    [amks, MISSION_KINDS],
    readOptions(deps),
  );
  const to = { lat: mission.location.lat, lon: mission.location.lon };
  return candidates
    .map((r) => {
      const fresh = r.position && !r.position.stale ? r.position : null;
      const e = estimateTravel(r.kind, fresh ?? r.station, to);
      return {
        resourceId: r.id,
        callSign: r.callSign,
        kind: r.kind,
        amkId: r.amkId,
        neighbour: r.amkId !== mission.amkId,
        from: fresh ? ('position' as const) : ('station' as const),
        distanceKm: e.distanceKm,
        estimatedMinutes: e.minutes,
      };
    })
    .sort(
      (a, b) =>
        a.estimatedMinutes - b.estimatedMinutes ||
        a.distanceKm - b.distanceKm ||
        a.callSign.localeCompare(b.callSign),
    )
    .slice(0, limit);
}
