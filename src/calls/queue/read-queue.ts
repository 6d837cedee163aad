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
  centre_id: string;
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
 * The counts of one window per centre as the official figures take them (figuresFromCounts):
 * answered and unanswered counted calls, answered within each limit (inclusive), the exact median
 * (the mean of the two middle values, as `exactMedian`) and the longest answer time. Summed in the
 * database: a busy centre's day is thousands of calls, read on every push. `wanted` is the
 * (centre, service) pairs asked for ($1, $2): one centre for a console, every centre for the
 * national view — the same SQL, so both count alike.
 */
const WINDOW_COUNTS = (w: string, from: string) => `
  SELECT c.centre_id, '${w}' AS w,
         count(*) FILTER (WHERE answer_ms IS NOT NULL) AS answered,
         count(*) FILTER (WHERE answer_ms IS NULL) AS unanswered,
         count(*) FILTER (WHERE answer_ms IS NULL AND abandoned_before_ringing) AS abandoned_before_ringing,
         count(*) FILTER (WHERE answer_ms <= ${WITHIN_10_SECONDS_MS}) AS within10s,
         count(*) FILTER (WHERE answer_ms <= ${WITHIN_2_MINUTES_MS}) AS within2min,
         count(*) FILTER (WHERE answer_ms <= ${WITHIN_10_MINUTES_MS}) AS within10min,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY answer_ms) AS median,
         max(answer_ms) AS longest
    FROM calls c JOIN wanted USING (centre_id, service)
   WHERE c.counted = 'counted' AND c.started_at >= ${from} AND c.started_at <= $5
   GROUP BY c.centre_id`;

/** A centre and the service whose figure it answers for (LV-4 for a legevaktsentral, AMK-1 for an AMK). */
export interface ServiceLevelTarget {
  centreId: string;
  service: CallService;
}

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
  return (await readServiceLevels(q, [{ centreId, service }], nowMs))[0]!;
}

/**
 * The live figures of many centres at once (the national view): two queries whatever the number
 * of centres — the window counts grouped by centre, and the waiting calls grouped by centre. Each
 * centre's answer is what `readServiceLevel` gives for it alone (one function serves both). A
 * centre without calls gets zero counts. In the order asked.
 */
export async function readServiceLevels(
  q: Queryable,
  targets: readonly ServiceLevelTarget[],
  nowMs: number,
): Promise<ServiceLevel[]> {
  if (targets.length === 0) return [];
  const hourStart = nowMs - 3_600_000;
  const dayStart = startOfOsloDay(nowMs);
  const iso = (ms: number) => new Date(ms).toISOString();
  const centreIds = targets.map((t) => t.centreId);
  const counts = await q.query<WindowRow>(
    `WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[]) AS w(centre_id, service))
     ${WINDOW_COUNTS('hour', '$3')} UNION ALL ${WINDOW_COUNTS('day', '$4')}`,
    [centreIds, targets.map((t) => t.service), iso(hourStart), iso(dayStart), iso(nowMs)],
  );
  const waiting = await q.query<{ centre_id: string; n: number | string; oldest: Date | string | null }>(
    `SELECT centre_id, count(*) AS n, min(coalesce(ringing_at, started_at)) AS oldest
       FROM calls
      WHERE centre_id = ANY($1::text[]) AND state IN ('offered', 'queued', 'ringing') AND started_at >= $2
      GROUP BY centre_id`,
    [centreIds, new Date(nowMs - STALE_AFTER_MS).toISOString()],
  );
  const rows = new Map(counts.rows.map((r) => [`${r.w} ${r.centre_id}`, r]));
  const waits = new Map(waiting.rows.map((r) => [r.centre_id, r]));
  const window = (
    centreId: string,
    service: CallService,
    w: WindowRow['w'],
    startMs: number,
  ): ServiceLevelWindow => {
    const r = rows.get(`${w} ${centreId}`);
    const n = (v: number | string | undefined) => Number(v ?? 0);
    const median = r?.median == null ? null : Number(r.median);
    return {
      from: iso(startMs),
      to: iso(nowMs),
      figures: figuresFromCounts(service, {
        answered: n(r?.answered),
        unanswered: n(r?.unanswered),
        abandonedBeforeRinging: n(r?.abandoned_before_ringing),
        within10s: n(r?.within10s),
        within2min: n(r?.within2min),
        within10min: n(r?.within10min),
        medianAnswer: median === null ? null : { minMs: median, maxMs: median, exact: true },
        longestAnswerMs: r?.longest == null ? null : Number(r.longest),
      }),
    };
  };
  return targets.map(({ centreId, service }) => {
    const w = waits.get(centreId);
    return {
      centreId,
      service,
      requiredShare: service === 'amk' ? AMK1_REQUIRED_SHARE : LV4_REQUIRED_SHARE,
      thresholdMs: service === 'amk' ? WITHIN_10_SECONDS_MS : WITHIN_2_MINUTES_MS,
      at: iso(nowMs),
      lastHour: window(centreId, service, 'hour', hourStart),
      today: window(centreId, service, 'day', dayStart),
      waiting: Number(w?.n ?? 0),
      longestWaitMs: w?.oldest == null ? null : Math.max(0, nowMs - new Date(w.oldest).getTime()),
    };
  });
}
