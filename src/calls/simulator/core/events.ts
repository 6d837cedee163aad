/**
 * The call events of one simulated call, exactly as the network (the routing decision) and the
 * centre's telephone system (offer, voice menu, ringing, answer, transfers, end) would report them
 * (call-event.ts). PURE. Instants are whole seconds, as telephony call records give them.
 */
import type { CallEvent, Hastegrad, MisroutingReason, RoutingSnapshot } from '../../domain/call-event.ts';
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

/** Builds a call's events in time order; ids are `<callId>:<n>`, stable for the same run. */
export class CallEventWriter {
  readonly events: CallEvent[] = [];
  constructor(readonly callId: string) {}

  private id(): string {
    return `${this.callId}:${this.events.length + 1}`;
  }

  routed(
    at: number,
    calledNumber: string,
    callingNumber: string,
    network: 'fixed' | 'mobile' | 'ip',
    decision: RoutingSnapshot,
  ): this {
    this.events.push({
      eventId: this.id(),
      callId: this.callId,
      occurredAt: iso(at),
      source: SOURCE,
      type: 'routed',
      calledNumber,
      callingNumber,
      network,
      decision,
    });
    return this;
  }
  offered(
    at: number,
    calledNumber: string,
    callingNumber: string,
    network: 'fixed' | 'mobile' | 'ip',
    centreId: string,
  ): this {
    this.events.push({
      eventId: this.id(),
      callId: this.callId,
      occurredAt: iso(at),
      source: SOURCE,
      type: 'offered',
      calledNumber,
      callingNumber,
      network,
      centreId,
    });
    return this;
  }
  queued(at: number, centreId: string): this {
    this.events.push({
      eventId: this.id(),
      callId: this.callId,
      occurredAt: iso(at),
      source: SOURCE,
      type: 'queued',
      centreId,
    });
    return this;
  }
  ringing(at: number, centreId: string): this {
    this.events.push({
      eventId: this.id(),
      callId: this.callId,
      occurredAt: iso(at),
      source: SOURCE,
      type: 'ringing',
      centreId,
    });
    return this;
  }
  answered(at: number, centreId: string, positionId: string): this {
    this.events.push({
      eventId: this.id(),
      callId: this.callId,
      occurredAt: iso(at),
      source: SOURCE,
      type: 'answered',
      centreId,
      positionId,
    });
    return this;
  }
  misrouted(
    at: number,
    reason: MisroutingReason,
    correctMunicipality: string,
    correctCentreId: string,
  ): this {
    this.events.push({
      eventId: this.id(),
      callId: this.callId,
      occurredAt: iso(at),
      source: SOURCE,
      type: 'misrouted',
      reason,
      correctMunicipality,
      correctCentreId,
    });
    return this;
  }
  transferred(at: number, kind: 'amk' | 'legevaktsentral', id: string, hastegrad?: Hastegrad): this {
    this.events.push({
      eventId: this.id(),
      callId: this.callId,
      occurredAt: iso(at),
      source: SOURCE,
      type: 'transferred',
      target: { kind, id },
      outcome: 'connected',
      ...(hastegrad !== undefined && { hastegrad }),
    });
    return this;
  }
  ended(at: number, by: 'caller' | 'operator', hastegrad?: Hastegrad): this {
    this.events.push({
      eventId: this.id(),
      callId: this.callId,
      occurredAt: iso(at),
      source: SOURCE,
      type: 'ended',
      by,
      ...(hastegrad !== undefined && { hastegrad }),
    });
    return this;
  }
  abandoned(at: number): this {
    this.events.push({
      eventId: this.id(),
      callId: this.callId,
      occurredAt: iso(at),
      source: SOURCE,
      type: 'abandoned',
    });
    return this;
  }
}
