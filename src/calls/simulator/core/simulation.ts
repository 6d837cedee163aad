/**
 * The what-if run of the traffic model: every hour of the span in order, on the simulated clock
 * (the instants themselves), with the engine deciding synchronously. PURE: calls `onCall` with each
 * finished call and its events.
 */
import type { CallInput, RoutingDecision } from '../../../routing/domain/types.ts';
import {
  TrafficModel,
  type PendingCall,
  type SimulatedCall,
  type TrafficModelInput,
} from './traffic-model.ts';

export interface SimulationInput extends TrafficModelInput {
  /** The engine's decision for a 116117 call, counted (decide-call with door "simulator"). */
  decide: (call: CallInput, atMs: number) => RoutingDecision;
  /*
   * `owns` (TrafficModelInput): only the calls of these centres are written, played out and handed
   * to `onCall`. Partitions of the centres run in parallel give together exactly the calls of one
   * run: demand and routing are drawn the same in each, and a centre's queue and stream depend on
   * nothing else.
   */
}

export interface SimulationSummary {
  calls: number;
  events: number;
}

function byRing(a: PendingCall, b: PendingCall): number {
  const ra = a.ringAt ?? a.hangUpInMenuAt!;
  const rb = b.ringAt ?? b.hangUpInMenuAt!;
  return ra - rb || a.arrival.seq - b.arrival.seq;
}

/**
 * Runs the span. The centres' queues need their calls in ring order, and a call rings after its
 * arrival (menus): calls are held until the next hour's arrivals have started, which no later
 * arrival can ring before.
 */
export function simulate(input: SimulationInput, onCall: (call: SimulatedCall) => void): SimulationSummary {
  const model = new TrafficModel(input);
  return runModel(model, input.decide, onCall, input.owns);
}

export function runModel(
  model: TrafficModel,
  decide: (call: CallInput, atMs: number) => RoutingDecision,
  onCall: (call: SimulatedCall) => void,
  owns: (centreId: string | undefined) => boolean = () => true,
): SimulationSummary {
  let calls = 0;
  let events = 0;
  const emit = (c: SimulatedCall) => {
    calls++;
    events += c.timed.length;
    onCall(c);
  };
  let pending: PendingCall[] = [];
  const release = (before: number) => {
    pending.sort(byRing);
    let i = 0;
    for (; i < pending.length; i++) {
      const p = pending[i]!;
      if ((p.ringAt ?? p.hangUpInMenuAt!) >= before) break;
      emit(model.complete(p));
    }
    pending = pending.slice(i);
  };
  for (let h = 0; h < model.hours.length; h++) {
    for (const a of model.arrivalsOfHour(h)) {
      const next = a.emergency
        ? model.emergencyCall(a)
        : a.direct
          ? model.directCall(a)
          : model.afterDecision(a, decide(model.callInputOf(a), a.at));
      if ('outcome' in next) {
        if (owns(next.centreId)) emit(next);
      } else if (owns(next.centreId)) pending.push(next);
    }
    const nextHour = h + 1 < model.hours.length ? model.hours[h + 1]!.startMs : Infinity;
    release(nextHour);
  }
  release(Infinity);
  return { calls, events };
}
