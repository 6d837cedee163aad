/**
 * The estimated time for a resource to reach a place (AMK-2: suggest the nearest suitable
 * available unit). Pure and deliberately simple — see docs/amk.md, "Driving-time estimate":
 *
 *   minutes = start-up minutes + great-circle km × winding factor ÷ speed (km/h) × 60
 *
 * Road and sea units go around: the straight line times a winding factor (Norwegian roads along
 * fjords and valleys run 1.3–1.5 × the straight line on average; sea routes around islands and
 * headlands ~1.25). Aircraft fly the straight line (factor 1) but need minutes to get airborne.
 *
 * Limits (stated, not hidden): no road network, so a fjord without a bridge, a ferry and its
 * timetable, a closed mountain pass or a road that does not exist are all invisible; no traffic,
 * weather, darkness or landing sites; the speeds are averages for an emergency drive, not this
 * driver's. The estimate orders candidates; it is not a promise of an arrival time.
 */
import type { ResourceKind } from './resource.ts';
import { greatCircleKm } from './geo.ts';

export interface TravelProfile {
  /** Average speed on the way, km/h. */
  speedKmh: number;
  /** Route length ÷ straight-line distance. */
  windingFactor: number;
  /** Minutes from the alert to moving (crew to the vehicle, rotor start, take-off). */
  startMinutes: number;
}

/** The assumed profile of each kind (documented in docs/amk.md). */
export const TRAVEL_PROFILES: Readonly<Record<ResourceKind, TravelProfile>> = {
  'ambulance-car': { speedKmh: 70, windingFactor: 1.4, startMinutes: 1 },
  'ambulance-boat': { speedKmh: 45, windingFactor: 1.25, startMinutes: 5 },
  'ambulance-helicopter': { speedKmh: 230, windingFactor: 1, startMinutes: 10 },
  'ambulance-plane': { speedKmh: 400, windingFactor: 1, startMinutes: 30 },
  'doctor-on-call': { speedKmh: 60, windingFactor: 1.4, startMinutes: 3 },
  'first-responder': { speedKmh: 50, windingFactor: 1.4, startMinutes: 4 },
};

export interface Estimate {
  /** Straight-line distance, km (one decimal). */
  distanceKm: number;
  /** Estimated minutes to reach the place (whole minutes, rounded up). */
  minutes: number;
}

/** The estimate for a resource of `kind` at `from` to reach `to`. */
export function estimateTravel(
  kind: ResourceKind,
  from: { lat: number; lon: number },
  to: { lat: number; lon: number },
): Estimate {
  const p = TRAVEL_PROFILES[kind];
  const km = greatCircleKm(from, to);
  const minutes = p.startMinutes + ((km * p.windingFactor) / p.speedKmh) * 60;
  return { distanceKm: Math.round(km * 10) / 10, minutes: Math.ceil(minutes) };
}
