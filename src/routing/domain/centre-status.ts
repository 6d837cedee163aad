/**
 * Where a legevaktsentral's own calls go now (issue 11, the wall-board and the national map): to
 * the centre itself, to its partner because it is outside its staffed hours (RT-10), to another
 * centre by a re-route (RT-7), or to its alternative answering site because it is marked
 * unavailable (RT-11). Answered by the engine's own `decideFromCentre` from the centre itself, so
 * the status says exactly what a call to one of its municipalities meets — schedule first, then
 * re-routes (chains followed), then the alternative site of the centre at the end. Pure.
 */
import type { CompiledCentre, CompiledRoutingData } from './compile.ts';
import { decideFromCentre } from './engine.ts';
import { activeRerouteFrom, indexState } from './reroutes.ts';
import type { OperationalState, Reroute, TraceStep } from './types.ts';

export type CentreRoutingStatus = 'normal' | 'closed' | 'rerouted' | 'unavailable';

export interface CentreRouting {
  /**
   * The first step that moves the centre's calls away from it: `closed` (outside its staffed
   * hours: its partner takes them), `rerouted`, `unavailable` (its alternative site takes them);
   * `normal` when it answers them itself.
   */
  status: CentreRoutingStatus;
  /** The centre that answers the calls now, at the end of schedules and re-routes (itself if normal). */
  answeredBy: string;
  /** The calls go to that centre's alternative answering site (it is marked unavailable). */
  alternativeSite: boolean;
  /** The re-route in force from this centre (status `rerouted`). */
  reroute: Pick<Reroute, 'id' | 'kind' | 'toCentreId' | 'startsAt' | 'endsAt'> | null;
}

/** The routing status of `centre` at `ms` (epoch ms). */
export function centreRouting(
  data: CompiledRoutingData,
  state: OperationalState,
  ms: number,
  centre: CompiledCentre,
): CentreRouting {
  const trace: TraceStep[] = [];
  const d = decideFromCentre(data, state, ms, centre, 'number-series', undefined, undefined, trace);
  const moved = trace.find((s) => s.step === 'schedule' || s.step === 'reroute');
  const status: CentreRoutingStatus =
    moved?.step === 'schedule'
      ? 'closed'
      : moved?.step === 'reroute'
        ? 'rerouted'
        : d.alternativeSite
          ? 'unavailable'
          : 'normal';
  const reroute =
    status === 'rerouted' ? (activeRerouteFrom(indexState(state), centre.centre.id, ms) ?? null) : null;
  return {
    status,
    answeredBy: d.centreId,
    alternativeSite: d.alternativeSite === true,
    reroute: reroute && {
      id: reroute.id,
      kind: reroute.kind,
      toCentreId: reroute.toCentreId,
      startsAt: reroute.startsAt,
      endsAt: reroute.endsAt,
    },
  };
}

/** The routing status of every centre of the data at `ms`, by centre id. */
export function centreRoutings(
  data: CompiledRoutingData,
  state: OperationalState,
  ms: number,
): Map<string, CentreRouting> {
  const out = new Map<string, CentreRouting>();
  for (const c of data.centreById.values()) out.set(c.centre.id, centreRouting(data, state, ms, c));
  return out;
}
