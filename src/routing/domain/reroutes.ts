/** Re-routes (RT-7): which are active at an instant, and refusing ones that would form a cycle. */
import type { CompiledRoutingData } from './compile.ts';
import type { OperationalState, Reroute } from './types.ts';

interface ActiveWindow {
  reroute: Reroute;
  start: number;
  /** Exclusive; Infinity for open-ended re-routes. */
  end: number;
}

/** Operational state indexed for the engine: re-routes by source centre, unavailable set. */
export interface IndexedState {
  byFromCentre: Map<string, ActiveWindow[]>;
  unavailable: Set<string>;
}

/** Parses a re-route's window; null when either end is not a valid instant. */
function parseWindow(reroute: Reroute): { start: number; end: number } | null {
  const start = Date.parse(reroute.startsAt);
  const end = reroute.endsAt === null ? Infinity : Date.parse(reroute.endsAt);
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  return { start, end };
}

interface StateCacheEntry {
  reroutes: Reroute[];
  count: number;
  unavailableIds: string[];
  unavailableCount: number;
  indexed: IndexedState;
}

const stateCache = new WeakMap<OperationalState, StateCacheEntry>();
let lastState: OperationalState | undefined;
let lastEntry: StateCacheEntry | undefined;

/**
 * Indexes the operational state, memoised per state object. The state is treated as immutable:
 * adapters build a new object (or new arrays) when re-routes change; an in-place push is also
 * noticed through the array lengths.
 */
export function indexState(state: OperationalState): IndexedState {
  // Every call of a busy server passes the same state object: check the last one before the WeakMap.
  const cached = state === lastState ? lastEntry : stateCache.get(state);
  if (
    cached &&
    cached.reroutes === state.reroutes &&
    cached.count === state.reroutes.length &&
    cached.unavailableIds === state.unavailableCentreIds &&
    cached.unavailableCount === state.unavailableCentreIds.length
  ) {
    lastState = state;
    lastEntry = cached;
    return cached.indexed;
  }
  const byFromCentre = new Map<string, ActiveWindow[]>();
  for (const reroute of state.reroutes) {
    const window = parseWindow(reroute);
    // A re-route with an unreadable window can never be active; validateReroute refuses those.
    if (!window) continue;
    const list = byFromCentre.get(reroute.fromCentreId) ?? [];
    list.push({ reroute, ...window });
    byFromCentre.set(reroute.fromCentreId, list);
  }
  const indexed = { byFromCentre, unavailable: new Set(state.unavailableCentreIds) };
  const entry = {
    reroutes: state.reroutes,
    count: state.reroutes.length,
    unavailableIds: state.unavailableCentreIds,
    unavailableCount: state.unavailableCentreIds.length,
    indexed,
  };
  stateCache.set(state, entry);
  lastState = state;
  lastEntry = entry;
  return indexed;
}

/**
 * The re-route that applies to `centreId` at `ms` (window [startsAt, endsAt)). When several
 * overlap, the one that started last wins (ties: the larger id), so the choice is deterministic.
 */
export function activeRerouteFrom(indexed: IndexedState, centreId: string, ms: number): Reroute | undefined {
  const list = indexed.byFromCentre.get(centreId);
  if (list === undefined) return undefined;
  let best: ActiveWindow | undefined;
  for (let i = 0; i < list.length; i++) {
    const w = list[i]!;
    if (w.start > ms || ms >= w.end) continue;
    if (
      best === undefined ||
      w.start > best.start ||
      (w.start === best.start && w.reroute.id > best.reroute.id)
    ) {
      best = w;
    }
  }
  return best?.reroute;
}

export type RerouteValidation =
  | { ok: true }
  | {
      ok: false;
      code: 'cycle' | 'unknown-centre' | 'same-centre' | 'bad-window';
      message: string;
      cycle?: string[];
    };

/** Path of centre ids from `from` to `target` over the edges, or null (depth-first). */
function findPath(edges: Reroute[], from: string, target: string): string[] | null {
  const seen = new Set<string>([from]);
  const walk = (centre: string): string[] | null => {
    if (centre === target) return [centre];
    for (const e of edges) {
      if (e.fromCentreId !== centre || seen.has(e.toCentreId)) continue;
      seen.add(e.toCentreId);
      const rest = walk(e.toCentreId);
      if (rest) return [centre, ...rest];
    }
    return null;
  };
  return walk(from);
}

/**
 * Checks a re-route before it is accepted (RT-7). Refused: unknown centres, a re-route to the
 * same centre, a window that is unreadable or empty, and a cycle: at some instant inside the
 * candidate's window, following the re-routes active then (all of them, not only the one the
 * engine would pick) leads back to a centre. `existing` are the already accepted re-routes; one
 * with the candidate's id is ignored (an edit replaces it). Pure.
 */
export function validateReroute(
  candidate: Reroute,
  existing: Reroute[],
  data: CompiledRoutingData,
): RerouteValidation {
  for (const id of [candidate.fromCentreId, candidate.toCentreId]) {
    if (!data.centreById.has(id)) {
      return {
        ok: false,
        code: 'unknown-centre',
        message: `Centre "${id}" does not exist in data version ${data.version}`,
      };
    }
  }
  if (candidate.fromCentreId === candidate.toCentreId) {
    return {
      ok: false,
      code: 'same-centre',
      message: `A re-route cannot send ${candidate.fromCentreId} to itself`,
    };
  }
  const window = parseWindow(candidate);
  if (!window) {
    return {
      ok: false,
      code: 'bad-window',
      message: 'startsAt and endsAt must be ISO instants (endsAt may be null)',
    };
  }
  if (window.end <= window.start) {
    return { ok: false, code: 'bad-window', message: 'endsAt must be after startsAt' };
  }

  const overlapping: ActiveWindow[] = [];
  for (const reroute of existing) {
    if (reroute.id === candidate.id) continue;
    const w = parseWindow(reroute);
    if (w && w.start < window.end && window.start < w.end) overlapping.push({ reroute, ...w });
  }
  // The set of active re-routes only changes at window boundaries: check each elementary interval.
  const instants = new Set<number>([window.start]);
  for (const w of overlapping) {
    if (w.start > window.start) instants.add(w.start);
    if (w.end < window.end) instants.add(w.end);
  }
  for (const instant of [...instants].sort((a, b) => a - b)) {
    const edges = overlapping.filter((w) => w.start <= instant && instant < w.end).map((w) => w.reroute);
    // Accepted re-routes hold no cycle, so a new one must pass through the candidate's edge.
    const path = findPath(edges, candidate.toCentreId, candidate.fromCentreId);
    if (path) {
      const cycle = [candidate.fromCentreId, ...path];
      return {
        ok: false,
        code: 'cycle',
        message: `Re-route would form a cycle ${cycle.join(' → ')} from ${new Date(instant).toISOString()}`,
        cycle,
      };
    }
  }
  return { ok: true };
}
