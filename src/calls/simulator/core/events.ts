/**
 * The call events of one simulated call, exactly as the network (the routing decision) and the
 * centre's telephone system (offer, voice menu, ringing, answer, transfers, end) would report them
 * (call-event.ts). PURE. Instants are whole seconds, as telephony call records give them.
 */
import type { CallEvent, Hastegrad, MisroutingReason, RoutingSnapshot } from '../../domain/call-event.ts';
import type { FoldableEvent, TimedEvent } from '../../domain/call-state.ts';
import type { RoutingDecision } from '../../../routing/domain/types.ts';

const iso = (ms: number): string => new Date(ms).toISOString();
const SOURCE = 'simulator' as const;

/** The decision as the `routed` event records it. */
export function snapshotOf(
  decision: RoutingDecision,
  positioning: RoutingSnapshot['positioning'],
): RoutingSnapshot {
  if (decision.outcome === 'menu') {
    return {
      outcome: 'menu',
      ...(decision.municipality !== undefined && { municipality: decision.municipality }),
      ...(decision.county !== undefined && { county: decision.county }),
      positioning,
      dataVersion: decision.dataVersion,
    };
  }
  return {
    outcome: 'connect',
    method: decision.method,
    ...(decision.locatedBy !== undefined && { locatedBy: decision.locatedBy }),
    centreId: decision.centreId,
    ...(decision.municipality !== undefined && { municipality: decision.municipality }),
    ...(decision.county !== undefined && { county: decision.county }),
    positioning,
    dataVersion: decision.dataVersion,
    ...(decision.alternativeSite === true && { alternativeSite: true }),
  };
}

/** The event fields a writer method gives; the writer adds the identity and the instant. */
type Body<E extends CallEvent> = E extends CallEvent
  ? Omit<E, 'eventId' | 'callId' | 'occurredAt' | 'source'>
  : never;

/**
 * Builds a call's events in time order; ids are `<callId>:<n>`, stable for the same run. One
 * model, two outputs: `timed` holds each event's foldable fields and its instant as a number (what
 * the what-if run folds, call-state.ts `foldOrderedEvents`); `events` builds the full call events
 * (instant as ISO 8601 text, source) from them on first read, for real time and tests.
 */
export class CallEventWriter {
  readonly timed: TimedEvent[] = [];
  private built: CallEvent[] | undefined;
  /** @param recording false: a call the run does not want (another worker's); nothing is written. */
  constructor(
    readonly callId: string,
    readonly recording = true,
  ) {}

  /** The call's events so far, as the network and the centre report them. */
  get events(): CallEvent[] {
    const { timed, callId } = this;
    const built = (this.built ??= []);
    while (built.length < timed.length) {
      const { event, at } = timed[built.length]!;
      // The same fields in the same order as a directly written event: id, call, instant, source, body.
      built.push(
        Object.assign({ eventId: event.eventId, callId, occurredAt: iso(at), source: SOURCE }, event),
      );
    }
    return built;
  }

  /** Instant of the last event (epoch ms); undefined before the first. */
  get lastAt(): number | undefined {
    return this.timed[this.timed.length - 1]?.at;
  }

  /** Takes `body` (a fresh object of the caller) as the event itself, adding its id. */
  private push(at: number, body: Body<CallEvent>): this {
    if (!this.recording) return this;
    const event = body as FoldableEvent;
    event.eventId = `${this.callId}:${this.timed.length + 1}`;
    this.timed.push({ event, at });
    return this;
  }

  routed(
    at: number,
    calledNumber: string,
    callingNumber: string,
    network: 'fixed' | 'mobile' | 'ip',
    decision: RoutingDecision,
    positioning: RoutingSnapshot['positioning'],
  ): this {
    if (!this.recording) return this;
    return this.push(at, {
      type: 'routed',
      calledNumber,
      callingNumber,
      network,
      decision: snapshotOf(decision, positioning),
    });
  }
  offered(
    at: number,
    calledNumber: string,
    callingNumber: string,
    network: 'fixed' | 'mobile' | 'ip',
    centreId: string,
  ): this {
    return this.push(at, { type: 'offered', calledNumber, callingNumber, network, centreId });
  }
  queued(at: number, centreId: string): this {
    return this.push(at, { type: 'queued', centreId });
  }
  ringing(at: number, centreId: string): this {
    return this.push(at, { type: 'ringing', centreId });
  }
  answered(at: number, centreId: string, positionId: string): this {
    return this.push(at, { type: 'answered', centreId, positionId });
  }
  misrouted(
    at: number,
    reason: MisroutingReason,
    correctMunicipality: string,
    correctCentreId: string,
  ): this {
    return this.push(at, { type: 'misrouted', reason, correctMunicipality, correctCentreId });
  }
  transferred(at: number, kind: 'amk' | 'legevaktsentral', id: string, hastegrad?: Hastegrad): this {
    return this.push(at, {
      type: 'transferred',
      target: { kind, id },
      outcome: 'connected',
      ...(hastegrad !== undefined && { hastegrad }),
    });
  }
  ended(at: number, by: 'caller' | 'operator', hastegrad?: Hastegrad): this {
    return this.push(at, { type: 'ended', by, ...(hastegrad !== undefined && { hastegrad }) });
  }
  abandoned(at: number): this {
    return this.push(at, { type: 'abandoned' });
  }

  /**
   * The caller's hang-up at `at` as an event of its own, NOT added to the call's events: for a
   * call left ringing for people at a console (`TrafficModel.ringForPeople`), which is abandoned
   * only if nobody has answered it by then — the store's fold decides (an answered call refuses it).
   */
  hangUpIfStillWaiting(at: number): CallEvent {
    return {
      eventId: `${this.callId}:gave-up`,
      callId: this.callId,
      occurredAt: iso(at),
      source: SOURCE,
      type: 'abandoned',
    };
  }
}
