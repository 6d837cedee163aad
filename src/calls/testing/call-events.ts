/**
 * Test and benchmark factory: the events of one call from a short script (times in ms), so each
 * test owns its data and says only what matters to it.
 */
import type { CallEvent, CallEventSource, RoutingSnapshot } from '../domain/call-event.ts';

export interface CallScript {
  callId: string;
  /** 116117 (default: routed by nodmeld first), 113 or a centre's 8-digit number. */
  calledNumber?: string;
  centreId?: string;
  /** The caller's municipality in the routing decision (116117 only). */
  municipality?: string;
  /** When the call was offered to the centre (epoch ms). */
  offeredAt: number;
  /** Time in the centre's voice menu before it rings (a `queued` event when given). */
  menuMs?: number;
  /** Ringing → answered; undefined for an unanswered call. */
  answerMs?: number;
  /** Unanswered: the caller hangs up this long after it started ringing (or after offer when `abandonInMenu`). */
  abandonAfterMs?: number;
  /** Unanswered: the caller hangs up in the voice menu, before it rings. */
  abandonInMenu?: boolean;
  /** Answered: conversation length before the end; undefined leaves the call in progress. */
  talkMs?: number;
  transferToAmk?: boolean;
  misrouted?: boolean;
  callbackRequested?: boolean;
  source?: CallEventSource;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The routing decision a routed 116117 call carries in tests. */
export function buildRoutingSnapshot(overrides: Partial<RoutingSnapshot> = {}): RoutingSnapshot {
  return {
    outcome: 'connect',
    method: 'number-series',
    centreId: 'lv-a',
    municipality: '0301',
    county: '03',
    positioning: { status: 'not-applicable' },
    dataVersion: 1,
    ...overrides,
  };
}

/** The events of a scripted call, in time order. */
export function scriptCallEvents(s: CallScript): CallEvent[] {
  const calledNumber = s.calledNumber ?? '116117';
  const centreId = s.centreId ?? (calledNumber === '113' ? 'amk-a' : 'lv-a');
  const source = s.source ?? 'centre-telephony';
  const base = (type: string, at: number) => ({
    eventId: `${s.callId}:${type}`,
    callId: s.callId,
    occurredAt: iso(at),
    source,
  });
  const events: CallEvent[] = [];
  if (calledNumber === '116117') {
    const routedAt = s.offeredAt - 200;
    events.push({
      ...base('routed', routedAt),
      source: 'sip-redirect',
      type: 'routed',
      calledNumber,
      callingNumber: '41234567',
      network: 'mobile',
      decision: buildRoutingSnapshot({
        centreId,
        ...(s.municipality !== undefined && {
          municipality: s.municipality,
          county: s.municipality.slice(0, 2),
        }),
      }),
    });
  }
  events.push({ ...base('offered', s.offeredAt), type: 'offered', calledNumber, centreId });
  let t = s.offeredAt;
  if (s.menuMs !== undefined) {
    events.push({ ...base('queued', t), type: 'queued', centreId });
    t += s.menuMs;
  }
  if (s.abandonInMenu) {
    events.push({ ...base('abandoned', t + (s.abandonAfterMs ?? 0)), type: 'abandoned' });
    return events;
  }
  events.push({ ...base('ringing', t), type: 'ringing', centreId });
  if (s.callbackRequested) {
    events.push({ ...base('callback-requested', t + 1), type: 'callback-requested', number: '41234567' });
  }
  if (s.answerMs === undefined) {
    if (s.abandonAfterMs !== undefined) {
      events.push({ ...base('abandoned', t + s.abandonAfterMs), type: 'abandoned' });
    }
    return events;
  }
  t += s.answerMs;
  events.push({ ...base('answered', t), type: 'answered', positionId: 'pos-1', userId: 'user-1' });
  if (s.misrouted) {
    events.push({
      ...base('misrouted', t + 5_000),
      source: 'operator',
      type: 'misrouted',
      reason: 'base-station-across-border',
      correctMunicipality: '3201',
      correctCentreId: 'lv-b',
    });
  }
  if (s.transferToAmk) {
    events.push({
      ...base('transferred', t + 30_000),
      type: 'transferred',
      target: { kind: 'amk', id: 'amk-a' },
      outcome: 'connected',
      hastegrad: 'akutt',
    });
  }
  if (s.talkMs !== undefined) {
    events.push({
      ...base('ended', t + Math.max(s.talkMs, s.transferToAmk ? 30_000 : 0)),
      type: 'ended',
      by: 'operator',
    });
  }
  return events;
}
