/**
 * The national view of the live service level (issue 11: the wall-board and the national map):
 * every legevaktsentral and AMK centre of the routing data in force, each with its last hour and
 * today as the official figures count (LV-4: within 2 minutes; AMK-1: within 10 seconds), its
 * queue's length and longest wait, and where its calls go now (normal, closed outside its staffed
 * hours, re-routed, unavailable).
 *
 * One truth: the figures are `readServiceLevels` — the very function and SQL a console's
 * per-centre read uses — for all centres in two queries, reduced to the few numbers a wall-board
 * shows (`liveWindow`). Aggregate counts only: no call, no number, no health data.
 */
import type { Queryable } from '../../platform/db/types.ts';
import { centreRoutings, type CentreRouting } from '../../routing/domain/centre-status.ts';
import type { RoutingRuntime } from '../../routing/runtime.ts';
import type { CallService } from '../domain/call-event.ts';
import { readServiceLevels, type ServiceLevel, type ServiceLevelWindow } from './read-queue.ts';

/** One window of a centre's figures as the wall-board shows it. */
export interface LiveWindow {
  from: string;
  /** Counted calls (answered + unanswered), as the official figures count them. */
  calls: number;
  answered: number;
  unanswered: number;
  /** Answered within the centre's limit: 2 minutes (LV-4) or 10 seconds (AMK-1), inclusive. */
  withinLimit: number;
  /** withinLimit / calls; null without calls. */
  share: number | null;
  /** share ≥ the required share; null without calls. */
  met: boolean | null;
}

export interface NationalCentre {
  centreId: string;
  name: string;
  service: CallService;
  /** The AMK area (an AMK centre is its own). */
  amkId: string | null;
  requiredShare: number;
  thresholdMs: number;
  lastHour: LiveWindow;
  today: LiveWindow;
  waiting: number;
  longestWaitMs: number | null;
  /** Where its calls go now; null for an AMK centre (113 calls are not routed by nodmeld). */
  routing: CentreRouting | null;
}

export interface NationalServiceLevel {
  /** The server's clock when read. */
  at: string;
  /** The routing data version the centres and their status come from (null: none loaded). */
  dataVersion: number | null;
  centres: NationalCentre[];
}

/** A window of `readServiceLevels` as the wall-board's numbers (the figure of the centre's service). */
export function liveWindow(w: ServiceLevelWindow, service: CallService): LiveWindow {
  const f = w.figures;
  return {
    from: w.from,
    calls: f.calls,
    answered: f.answered,
    unanswered: f.unanswered,
    withinLimit: service === 'amk' ? f.answeredWithin10Seconds : f.answeredWithin2Minutes,
    share: f.target.share,
    met: f.target.met,
  };
}

export interface NationalCentreRef {
  centreId: string;
  name: string;
  service: CallService;
  amkId: string | null;
}

/** What the national read needs of the routing data in force. */
export interface NationalDirectory {
  /** Every centre (legevaktsentraler, then AMK centres) and the data version they come from. */
  centres(): { dataVersion: number | null; centres: NationalCentreRef[] };
  /** Each legevaktsentral's routing status at `ms`. */
  routings(ms: number): Map<string, CentreRouting>;
  /** Catches up with routing changes committed before now (another instance's, or one the bus has not delivered yet). */
  sync(): Promise<void>;
}

/** The directory from the routing runtime (no data loaded: no centres). */
export function runtimeDirectory(runtime: RoutingRuntime | undefined): NationalDirectory {
  return {
    centres() {
      if (!runtime?.hasData()) return { dataVersion: null, centres: [] };
      const { version, data } = runtime.current();
      return {
        dataVersion: version,
        centres: [
          ...data.centres.map((c) => ({
            centreId: c.id,
            name: c.name,
            service: 'legevakt' as const,
            amkId: c.amkId,
          })),
          ...data.amkCentres.map((a) => ({
            centreId: a.id,
            name: a.name,
            service: 'amk' as const,
            amkId: a.id,
          })),
        ],
      };
    },
    routings(ms) {
      if (!runtime?.hasData()) return new Map();
      return centreRoutings(runtime.current().compiled, runtime.state(), ms);
    },
    sync: () => runtime?.syncNow() ?? Promise.resolve(),
  };
}

/**
 * Every centre's live figures and routing status now. The routing state is brought up to date
 * first, so a page that re-reads on a re-route's push sees it, whichever instance made it.
 */
export async function readNationalServiceLevel(
  q: Queryable,
  directory: NationalDirectory,
  nowMs: () => number,
): Promise<NationalServiceLevel> {
  await directory.sync();
  const now = nowMs();
  const { dataVersion, centres } = directory.centres();
  const levels: ServiceLevel[] = await readServiceLevels(
    q,
    centres.map((c) => ({ centreId: c.centreId, service: c.service })),
    now,
  );
  const routings = directory.routings(now);
  return {
    at: new Date(now).toISOString(),
    dataVersion,
    centres: centres.map((c, i) => {
      const sl = levels[i]!;
      return {
        centreId: c.centreId,
        name: c.name,
        service: c.service,
        amkId: c.amkId,
        requiredShare: sl.requiredShare,
        thresholdMs: sl.thresholdMs,
        lastHour: liveWindow(sl.lastHour, c.service),
        today: liveWindow(sl.today, c.service),
        waiting: sl.waiting,
        longestWaitMs: sl.longestWaitMs,
        routing: c.service === 'amk' ? null : (routings.get(c.centreId) ?? null),
      };
    }),
  };
}
