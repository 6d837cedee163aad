/**
 * The calls module (issue 10; docs/calls.md): every call on record. The store (call events, call
 * records, rollup cells), the integration API for call events, reads with access by centre and
 * audit, the official figures from the rollup cells, and the call reports (RT-13) under
 * /api/v1/calls/reports, which read the store through their `CallReportSource` port. Mounted after
 * routing, whose data gives each centre's AMK area (without routing, LV calls group under
 * `unknown` AMK area), names the centres and municipalities and says who serves a municipality.
 */
import { isTestCallId } from '../test-calls/domain/test-call-id.ts';
import { SYSTEM_ACTOR, type Actor } from '../platform/auth/actor.ts';
import { defineModule } from '../platform/module.ts';
import { eventLoopBusy } from '../platform/event-loop-load.ts';
import { dailyAt } from '../platform/jobs/schedule.ts';
import { callsConfigSchema, type CallsConfig } from './config.ts';
import { pruneCalls } from './retention/prune-calls.ts';
import { routingModule } from '../routing/module.ts';
import type { CallEvent, CallService } from './domain/call-event.ts';
import { callEventSchema } from './domain/call-event.ts';
import { queryFigures, type FiguresQuery, type FiguresResult } from './figures/query-figures.ts';
import {
  recordCallEventParts,
  speculate,
  type IngestPlan,
  type IngestResult,
  type Speculation,
} from './ingest/record-call-events.ts';
import { DEFAULT_GROUP_EVENTS, IngestQueue, pauseForIo } from './ingest/ingest-queue.ts';
import { CallHistoryCache } from './ingest/history-cache.ts';
import { registerCallsHttp } from './http/routes.ts';
import { registerQueueHttp } from './http/queue-routes.ts';
import { registerContactRecordHttp } from './http/contact-record-routes.ts';
import { CoalescedReads } from './queue/coalesced-reads.ts';
import { readQueue, readServiceLevel } from './queue/read-queue.ts';
import { readNationalServiceLevel, runtimeDirectory } from './queue/read-national.ts';
import { callsPolicy } from './policy.ts';
import type { CallReportSource } from './reports/model/source.ts';
import { routingDirectory } from './reports/routing-directory.ts';
import { registerCallReportRoutes } from './reports/routes.ts';
import { storeReportSource } from './store/report-source.ts';
import { RoutedRecorder } from './recording/routed-recorder.ts';
import { handoffEventOf } from './recording/handoff-event.ts';
import { telephonyModule } from '../telephony/module.ts';

export interface CallsApi {
  /**
   * Records call events (any calls, any order; idempotent by event id) as the system: one result
   * per event. For in-process recorders — the SIP redirect server's batched `routed` events
   * (recording/routed-recorder.ts), the simulator. Events are validated against the event schema
   * first (a malformed one rejects the call).
   */
  record(events: readonly CallEvent[], actor?: Actor): Promise<IngestResult[]>;
  /** The official figures from the rollup cells. */
  figures(query: FiguresQuery): Promise<FiguresResult>;
  /** What the reports read: the store's cells and calls. */
  reports: CallReportSource;
}

export const callsModule = defineModule<CallsConfig, CallsApi>({
  name: 'calls',
  config: callsConfigSchema,
  init(ctx) {
    // Retention of call metadata: once a day on one instance (retention/prune-calls.ts).
    ctx.jobs.register({
      name: 'calls.prune',
      schedule: dailyAt('03:50'),
      async run(job) {
        const r = await pruneCalls(job, {
          now: job.clock.now(),
          retentionDays: ctx.config.retentionDays,
          numberRetentionDays: ctx.config.numberRetentionDays,
        });
        job.logger.info(r, 'calls past their retention deleted');
      },
    });
    const routing = ctx.find(routingModule);
    const amkAreaOf = (centreId: string, service: CallService | undefined): string | undefined => {
      if (service === 'amk') return centreId;
      const runtime = routing?.runtime;
      if (!runtime?.hasData()) return undefined;
      return runtime.current().compiled.centreById.get(centreId)?.centre.amkId;
    };
    const histories = new CallHistoryCache();
    // One transaction at a time; batches that arrive meanwhile are written together (group commit).
    const ingestOptions = { amkAreaOf, histories };
    // Pipelined: the next group is planned while the current one is written (ingest-queue.ts).
    const writer = new IngestQueue<IngestPlan, Speculation>(
      (parts, pipeline) => recordCallEventParts(ctx.db, parts, ingestOptions, pipeline),
      DEFAULT_GROUP_EVENTS,
      (parts, basis) => speculate(parts, basis, ingestOptions, pauseForIo),
    );
    ctx.metrics.gauge({
      name: 'nodmeld_calls_ingest',
      help: 'The calls ingest (group commit): transactions written (groups), batches that shared a transaction with another (grouped), batches waiting for the next transaction (waiting), groups planned while the one before was written (planned) and those whose plan held (held)',
      labels: ['state'],
      collect: () => Object.entries(writer.stats()).map(([state, value]) => ({ labels: { state }, value })),
    });
    /** The sender may report for a call of `centreId` (national senders for any, and before a centre is known). */
    const ingest = (
      events: readonly CallEvent[],
      actor: Actor,
      mayRecord = (centreId: string | undefined) =>
        actor.type === 'system' ||
        callsPolicy.can(actor, 'calls.record', {
          centreId: centreId ?? '',
          amkId: centreId === undefined ? null : (amkAreaOf(centreId, undefined) ?? null),
        }),
    ) => writer.submit({ actor, events, mayRecord });
    const directory = routingDirectory(routing?.runtime);
    // One read for all of a centre's consoles that ask at once (queue/coalesced-reads.ts).
    const queues = new CoalescedReads((centreId) =>
      readQueue(ctx.db, centreId, ctx.clock.nowMs(), directory),
    );
    const serviceLevels = new CoalescedReads((centreId) =>
      readServiceLevel(
        ctx.db,
        centreId,
        directory.amkOf(centreId) === centreId ? 'amk' : 'legevakt',
        ctx.clock.nowMs(),
      ),
    );
    // Every centre at once for the wall-boards and the map: one read however many ask.
    const nationalDirectory = runtimeDirectory(routing?.runtime);
    const national = new CoalescedReads(() =>
      readNationalServiceLevel(ctx.db, nationalDirectory, () => ctx.clock.nowMs()),
    );
    const reports = storeReportSource(ctx.db);
    // Every decision of this process's routing (SIP redirect server, decision API) becomes the
    // call's routed event, batched off the call's path (recording/routed-recorder.ts).
    const recorder = routing
      ? new RoutedRecorder({
          record: (events) => ingest(events, SYSTEM_ACTOR),
          timers: ctx.clock,
          logger: ctx.logger,
          // Writes take at most 2.5 % of the time while routing's event loop is busy.
          routingBusy: eventLoopBusy(0.5),
        })
      : null;
    // The test-call regime's own calls (RT-8) are not callers: they stay out of the record and
    // the statistics (their results are the test-call context's).
    const stopListening = recorder
      ? routing!.decider.onDecided((notice) => {
          if (!isTestCallId(notice.callId)) recorder.take(notice);
        })
      : null;
    // The voice menu's B2BUA hand-overs (telephony, mounted before us): the second leg's outcome
    // becomes the call's event through the same buffer, off the call's path (handoff-event.ts).
    const telephony = ctx.find(telephonyModule);
    const stopHandoffs =
      recorder && telephony
        ? telephony.onHandoffOutcome((notice) => {
            if (!isTestCallId(notice.callId)) recorder.takeEvent(handoffEventOf(notice));
          })
        : null;
    if (recorder) {
      ctx.metrics.gauge({
        name: 'nodmeld_calls_routed_recorder',
        help: 'The calls record of routed calls: failing (1 while the store is being retried), waiting to be written (buffered), written (recorded), already there (duplicates), refused, dropped in a long store outage, failed write attempts',
        labels: ['state'],
        collect: () =>
          Object.entries(recorder.stats()).map(([state, value]) => ({
            labels: { state },
            value: Number(value),
          })),
      });
    }
    const api: CallsApi = {
      record: async (events, actor = SYSTEM_ACTOR) =>
        ingest(
          events.map((e) => callEventSchema.parse(e)),
          actor,
        ),
      async figures(query) {
        const r = await queryFigures(ctx.db, query);
        if (r === 'too-many-cells') throw new Error('unreachable: no cell limit');
        return r;
      },
      reports,
    };
    return {
      api,
      health() {
        const st = recorder?.stats();
        // Recording lags (the store is failing): routing goes on, the calls record catches up.
        return st?.failing
          ? { status: 'degraded', detail: { routedWaiting: st.buffered, dropped: st.dropped } }
          : { status: 'ok' };
      },
      async stop() {
        stopListening?.();
        stopHandoffs?.();
        await recorder?.stop();
      },
      routes(route) {
        registerCallsHttp(route, { db: ctx.db, ingest });
        registerContactRecordHttp(route, { db: ctx.db });
        registerQueueHttp(route, {
          db: ctx.db,
          nowMs: () => ctx.clock.nowMs(),
          directory,
          ingest,
          queues,
          serviceLevels,
          national,
        });
        registerCallReportRoutes(route, {
          source: reports,
          directory,
          clock: ctx.clock,
        });
      },
    };
  },
});
