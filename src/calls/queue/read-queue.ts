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
  figuresFromCounts,
  LV4_REQUIRED_SHARE,
  WITHIN_10_MINUTES_MS,
  WITHIN_10_SECONDS_MS,
  WITHIN_2_MINUTES_MS,
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

interface WindowRow {
  w: 'hour' | 'day';
  answered: number | string;
  unanswered: number | string;
  abandoned_before_ringing: number | string;
  within10s: number | string;
  within2min: number | string;
  within10min: number | string;
  median: number | string | null;
  longest: number | string | null;
}

/**
 * The counts of one window as the official figures take them (figuresFromCounts): answered and
 * unanswered counted calls, answered within each limit (inclusive), the exact median (the mean
 * of the two middle values, as `exactMedian`) and the longest answer time. Summed in the database:
 * a busy centre's day is thousands of calls, read on every push.
 */
const WINDOW_COUNTS = (w: string, from: string) => `
  SELECT '${w}' AS w,
         count(*) FILTER (WHERE answer_ms IS NOT NULL) AS answered,
         count(*) FILTER (WHERE answer_ms IS NULL) AS unanswered,
         count(*) FILTER (WHERE answer_ms IS NULL AND abandoned_before_ringing) AS abandoned_before_ringing,
         count(*) FILTER (WHERE answer_ms <= ${WITHIN_10_SECONDS_MS}) AS within10s,
         count(*) FILTER (WHERE answer_ms <= ${WITHIN_2_MINUTES_MS}) AS within2min,
         count(*) FILTER (WHERE answer_ms <= ${WITHIN_10_MINUTES_MS}) AS within10min,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY answer_ms) AS median,
         max(answer_ms) AS longest
    FROM calls
   WHERE centre_id = $1 AND service = $2 AND counted = 'counted' AND started_at >= ${from} AND started_at <= $5`;

/**
 * The centre's live figures: the calls counted (finished, or answered) with their start in each
 * window, as the official figures count them; and the queue's length and longest wait now.
 */
export async function readServiceLevel(
  q: Queryable,
  centreId: string,
  service: CallService,
  nowMs: number,
): Promise<ServiceLevel> {
  const hourStart = nowMs - 3_600_000;
  const dayStart = startOfOsloDay(nowMs);
  const iso = (ms: number) => new Date(ms).toISOString();
  const counts = await q.query<WindowRow>(
    `${WINDOW_COUNTS('hour', '$3')} UNION ALL ${WINDOW_COUNTS('day', '$4')}`,
    [centreId, service, iso(hourStart), iso(dayStart), iso(nowMs)],
  );
  const window = (w: WindowRow['w'], startMs: number): ServiceLevelWindow => {
    const r = counts.rows.find((x) => x.w === w)!;
    const median = r.median === null ? null : Number(r.median);
    return {
      from: iso(startMs),
      to: iso(nowMs),
      figures: figuresFromCounts(service, {
        answered: Number(r.answered),
        unanswered: Number(r.unanswered),
        abandonedBeforeRinging: Number(r.abandoned_before_ringing),
        within10s: Number(r.within10s),
        within2min: Number(r.within2min),
        within10min: Number(r.within10min),
        medianAnswer: median === null ? null : { minMs: median, maxMs: median, exact: true },
        longestAnswerMs: r.longest === null ? null : Number(r.longest),
      }),
    };
  };
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
    at: iso(nowMs),
    lastHour: window('hour', hourStart),
    today: window('day', dayStart),
    waiting: Number(w.n),
    longestWaitMs: w.oldest === null ? null : Math.max(0, nowMs - new Date(w.oldest).getTime()),
  };
}
