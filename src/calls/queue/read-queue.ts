/**
 * The control room's reads (issue 11; LV-1, LV-4, AMK-1): a centre's queue — its calls waiting for
 * an operator, oldest first — and its live service level, computed exactly as the official
 * figures count (statistics/official-figures.ts) from the calls' stored classification.
 *
 * The queue carries no personal data: no calling number, only what routing knew (method,
 * municipality, positioning, alternative site, re-route). The caller's number is shown once an
 * operator answers, in the call's detail, whose read is audited. So the queue can be read on every
 * push by every console without an audit row per read.
 *
 * A call waiting longer than `STALE_AFTER_MS` is left out of the queue: a telephone system that
 * lost the call's end would otherwise keep it there for good. It still counts (or not) in the
 * figures by its events, like every call.
 */
import type { Queryable } from '../../platform/db/types.ts';
import { startOfOsloDay } from '../../platform/time/calendar.ts';
import type { CallService, PositioningOutcome, RoutingSnapshot } from '../domain/call-event.ts';
import {
  AMK1_REQUIRED_SHARE,
  figuresOfCalls,
  LV4_REQUIRED_SHARE,
  type CountedCall,
  type OfficialFigures,
} from '../statistics/official-figures.ts';

/** A waiting call older than this (6 hours) is taken to be lost by its telephone system. */
export const STALE_AFTER_MS = 6 * 3_600_000;

/** Most calls a queue shows (a centre's queue is tens; this bounds a runaway system). */
export const MAX_QUEUE = 500;

export interface QueueCall {
  id: string;
  state: 'offered' | 'queued' | 'ringing';
  service: CallService | null;
  calledNumber: string | null;
  /** When the call reached the centre (offered, else queued or ringing). */
  startedAt: string;
  /** When it started ringing at the operators: the official answer time runs from here. */
  ringingAt: string | null;
  network: string | null;
  routing: {
    method: RoutingSnapshot['method'] | null;
    locatedBy: RoutingSnapshot['locatedBy'] | null;
    municipality: string | null;
    municipalityName: string | null;
    positioning: PositioningOutcome['status'] | null;
    positioningFailure: string | null;
    /** The centre was unavailable: the call came to its alternative site (RT-11). */
    alternativeSite: boolean;
    /** A re-route (RT-7) sent the call here. */
    rerouted: boolean;
  } | null;
}

export interface QueueNames {
  municipality(nr: string): string | undefined;
}

interface QueueRow {
  id: string;
  state: QueueCall['state'];
  service: CallService | null;
  called_number: string | null;
  started_at: Date | string;
  ringing_at: Date | string | null;
  network: string | null;
  municipality: string | null;
  routing: RoutingSnapshot | string | null;
}

const iso = (v: Date | string) => new Date(v).toISOString();

/** The centre's waiting calls, oldest first. */
export async function readQueue(
  q: Queryable,
  centreId: string,
  nowMs: number,
  names: QueueNames,
): Promise<QueueCall[]> {
  const r = await q.query<QueueRow>(
    `SELECT id, state, service, called_number, started_at, ringing_at, network, municipality, routing
       FROM calls
      WHERE centre_id = $1 AND state IN ('offered', 'queued', 'ringing') AND started_at >= $2
      ORDER BY started_at, id
      LIMIT ${MAX_QUEUE}`,
    [centreId, new Date(nowMs - STALE_AFTER_MS).toISOString()],
  );
  return r.rows.map((row) => {
    const routing: RoutingSnapshot | null =
      typeof row.routing === 'string' ? (JSON.parse(row.routing) as RoutingSnapshot) : row.routing;
    const municipality = routing?.municipality ?? row.municipality;
    return {
      id: row.id,
      state: row.state,
      service: row.service,
      calledNumber: row.called_number,
      startedAt: iso(row.started_at),
      ringingAt: row.ringing_at === null ? null : iso(row.ringing_at),
      network: row.network,
      routing: routing && {
        method: routing.method ?? null,
        locatedBy: routing.locatedBy ?? null,
        municipality: municipality ?? null,
        municipalityName: municipality ? (names.municipality(municipality) ?? null) : null,
        positioning: routing.positioning.status,
        positioningFailure: routing.positioning.status === 'failed' ? routing.positioning.reason : null,
        alternativeSite: routing.alternativeSite === true,
        rerouted: routing.rerouteId !== undefined,
      },
    };
  });
}

export interface ServiceLevelWindow {
  from: string;
  to: string;
  figures: OfficialFigures;
}

export interface ServiceLevel {
  centreId: string;
  service: CallService;
  /** The requirement: 80 % within 2 minutes (LV-4) or 90 % within 10 seconds (AMK-1). */
  requiredShare: number;
  thresholdMs: number;
  at: string;
  /** The last 60 minutes, and today since midnight (Europe/Oslo). */
  lastHour: ServiceLevelWindow;
  today: ServiceLevelWindow;
  waiting: number;
  /** Since the oldest waiting call started ringing (else reached the centre); null when none waits. */
  longestWaitMs: number | null;
}

interface CountedRow {
  id: string;
  centre_id: string;
  service: CallService;
  started_at: Date | string;
  answer_ms: number | null;
  abandoned_before_ringing: boolean;
}

/**
 * The centre's live figures: the calls counted (finished) with their start in each window, as
 * the official figures count them; and the queue's length and longest wait now.
 */
export async function readServiceLevel(
  q: Queryable,
  centreId: string,
  service: CallService,
  nowMs: number,
): Promise<ServiceLevel> {
  const hourStart = nowMs - 3_600_000;
  const dayStart = startOfOsloDay(nowMs);
  const from = Math.min(hourStart, dayStart);
  const counted = await q.query<CountedRow>(
    `SELECT id, centre_id, service, started_at, answer_ms, abandoned_before_ringing
       FROM calls
      WHERE centre_id = $1 AND started_at >= $2 AND started_at <= $3 AND counted = 'counted'`,
    [centreId, new Date(from).toISOString(), new Date(nowMs).toISOString()],
  );
  const calls: CountedCall[] = counted.rows.map((r) => ({
    callId: r.id,
    service: r.service,
    centreId: r.centre_id,
    startAt: new Date(r.started_at).getTime(),
    ...(r.answer_ms !== null && { answerMs: Number(r.answer_ms) }),
    abandonedBeforeRinging: r.abandoned_before_ringing,
  }));
  const window = (startMs: number): ServiceLevelWindow => ({
    from: new Date(startMs).toISOString(),
    to: new Date(nowMs).toISOString(),
    figures: figuresOfCalls(
      calls.filter((c) => c.startAt >= startMs),
      service,
    ).figures,
  });
  const waiting = await q.query<{ n: number | string; oldest: Date | string | null }>(
    `SELECT count(*) AS n, min(coalesce(ringing_at, started_at)) AS oldest
       FROM calls
      WHERE centre_id = $1 AND state IN ('offered', 'queued', 'ringing') AND started_at >= $2`,
    [centreId, new Date(nowMs - STALE_AFTER_MS).toISOString()],
  );
  const w = waiting.rows[0]!;
  return {
    centreId,
    service,
    requiredShare: service === 'amk' ? AMK1_REQUIRED_SHARE : LV4_REQUIRED_SHARE,
    thresholdMs: service === 'amk' ? 10_000 : 120_000,
    at: new Date(nowMs).toISOString(),
    lastHour: window(hourStart),
    today: window(dayStart),
    waiting: Number(w.n),
    longestWaitMs: w.oldest === null ? null : Math.max(0, nowMs - new Date(w.oldest).getTime()),
  };
}
