/**
 * The Nødnett module (NN-1 … NN-4, NN-7; docs/nodnett.md): the network behind the `NodnettPort`
 * — today the simulator, configured by `config.ts` — the terminal feed that decodes its LIP reports
 * into plain positions and alarms for in-process subscribers (the AMK context, wired by the lead),
 * and the /api/v1/nodnett routes for talk groups, conferences and the doctor on call. Mounted
 * after routing (a municipality's AMK) and readiness (the rosters).
 */
import { defineModule } from '../platform/module.ts';
import { routingModule } from '../routing/module.ts';
import { lipCommand } from './cli.ts';
import { simulateNodnettCli } from './simulate-cli.ts';
import { nodnettConfigSchema, type NodnettConfig } from './config.ts';
import { registerNodnettRoutes } from './http/routes.ts';
import type { NodnettPort } from './port.ts';
import { createSimulatedNodnett, type SimulatorControl } from './simulator/simulated-nodnett.ts';
import { createTerminalFeed, noFeedCounts, type NodnettFeedEvent, type FeedCounts } from './terminal-feed.ts';
import { amkModule } from '../amk/module.ts';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import { AmkFeed } from './amk-feed.ts';
import { nodnettAlertChannel } from './alert-channel.ts';
import { loadOperationsCentres } from './operations-centres.ts';
import { isAnswer } from './status-plan.ts';
import { demoResources, ensureDemoResources } from './demo-resources.ts';
import { DEFAULT_AREAS } from './simulator/fleet.ts';

export interface NodnettApi {
  /** The network, or null when configured off. */
  port: NodnettPort | null;
  /**
   * Every decoded terminal event (positions, emergency alarms, statuses, undecodable reports), in
   * report order, in-process: the AMK context's adapter subscribes here. Returns the unsubscribe.
   */
  subscribe(listener: (event: NodnettFeedEvent) => void): () => void;
  counts(): FeedCounts;
  /** The simulator's controls (raise an alarm, coverage, outage), when the network is simulated. */
  simulator: SimulatorControl | null;
}

export const nodnettModule = defineModule<NodnettConfig, NodnettApi>({
  name: 'nodnett',
  config: nodnettConfigSchema,
  cli: { lip: lipCommand, 'simulate nodnett': simulateNodnettCli },
  async init(ctx) {
    const routing = ctx.use(routingModule);
    // Where triple alerts go (a bad file stops the start, naming its line: operations-centres.ts).
    const directory =
      ctx.config.mode === 'simulator' ? loadOperationsCentres(ctx.config.operationsCentres) : null;
    const sim =
      ctx.config.mode === 'simulator'
        ? createSimulatedNodnett({
            seed: ctx.config.seed,
            terminals: ctx.config.terminals,
            clock: ctx.clock,
            // A living picture: crews report their way through a dispatch (crewsFollowDispatch), rarely
            // a safety alarm (≈ one an hour at 200 terminals).
            statusPerReport: 0,
            crewsFollowDispatch: true,
            // First-responder groups answer their alerts where the picture lives (NODMELD_NODNETT_MOVE).
            firstRespondersAnswer: ctx.config.moving,
            emergencyPerReport: 1 / 72_000,
            // The operations centres' dispatch positions receive triple alerts and read them.
            dispatchers: directory?.centres.map((c) => c.issi) ?? [],
            consumeAfterMs: ctx.config.simulatedReadMs,
          })
        : null;
    const port: NodnettPort | null = sim;
    const feed = port ? createTerminalFeed(port) : null;
    const amk = ctx.find(amkModule);
    // The units the simulated terminals belong to, before they start reporting (demo-resources.ts).
    if (sim && amk && ctx.config.demoResources) {
      try {
        const r = await ensureDemoResources(
          amk.deps,
          { ...SYSTEM_ACTOR, name: 'nodnett-demo' },
          demoResources(sim.control.terminals(), DEFAULT_AREAS),
        );
        if (r.registered > 0 || r.skippedAreas.length > 0)
          ctx.logger.info(r, 'demo AMK resources for the simulated Nødnett terminals');
      } catch (err) {
        // The picture is a demo: a start never fails for it; the next start tries again.
        ctx.logger.warn({ err }, 'demo AMK resources not registered');
      }
    }
    if (sim && ctx.config.moving) sim.control.start();
    const reports = ctx.metrics.counter({
      name: 'nodmeld_nodnett_events_total',
      help: 'Decoded Nødnett terminal events, by kind',
      labels: ['kind'],
    });
    feed?.subscribe((e) => reports.inc(e.kind));
    // Into the AMK picture: positions in batches, safety alarms at once (amk-feed.ts).
    const toAmk =
      feed && amk
        ? new AmkFeed({
            amk,
            actor: { ...SYSTEM_ACTOR, name: 'nodnett' },
            timers: ctx.clock,
            logger: ctx.logger,
          })
        : null;
    const unsubscribeAmk = toAmk ? feed!.subscribe(toAmk.take) : () => undefined;
    // A crew's status message moves its unit's status (NN-5), a first-responder group's answers
    // its alert (NN-6); one at a time in report order.
    const statuses = ctx.metrics.counter({
      name: 'nodmeld_nodnett_crew_statuses_total',
      help: 'Status messages from Nødnett terminals, by what they did: a crew’s to its unit (changed, unchanged, refused), a first-responder group’s answer to its alert (answered, no-open-alert); unknown-terminal, not-in-plan, failed',
      labels: ['outcome'],
    });
    const nodnettActor = { ...SYSTEM_ACTOR, name: 'nodnett' };
    let statusChain: Promise<void> = Promise.resolve();
    const unsubscribeStatuses =
      feed && amk
        ? feed.subscribe((e) => {
            if (e.kind !== 'status') return;
            const status = ctx.config.statusPlan.get(e.status);
            if (!status) return statuses.inc('not-in-plan');
            const issi = String(e.issi);
            statusChain = statusChain
              .then(() =>
                // A first-responder group's answer to an alert (NN-6), else a crew's unit status.
                isAnswer(status)
                  ? amk.answerFromTerminal(nodnettActor, { issi, answer: status })
                  : amk.statusFromTerminal(nodnettActor, { issi, status }),
              )
              .then(
                (outcome) => statuses.inc(outcome),
                (err: unknown) => {
                  statuses.inc('failed');
                  ctx.logger.warn(
                    { err, issi: e.issi, status },
                    'nodnett: a crew status could not be recorded; the crew’s next status or the operator sets it',
                  );
                },
              );
          })
        : () => undefined;
    // Triple alerts and first-responder alerts leave through Nødnett; a read report acknowledges.
    if (port && amk && directory)
      amk.alertDelivery.attach(
        nodnettAlertChannel({
          port,
          directory,
          runtime: routing.runtime,
          dispatchStatus: [...ctx.config.statusPlan].find(([, s]) => s === 'dispatched')?.[0] ?? null,
        }),
      );
    const unsubscribeReports =
      feed && amk
        ? feed.subscribe((e) => {
            if (e.kind !== 'sds-report' || e.report !== 'consumed') return;
            amk.alertDelivery
              .consumed({ addressIssi: String(e.issi), messageRef: e.messageRef, at: e.receivedAt })
              .catch((err: unknown) =>
                ctx.logger.error(
                  { err, issi: e.issi, messageRef: e.messageRef },
                  'nodnett: a read report could not be recorded; the operator records the acknowledgement',
                ),
              );
          })
        : () => undefined;
    const deps = {
      port,
      db: ctx.db,
      logger: ctx.logger,
      runtime: routing.runtime,
      clock: ctx.clock,
    };
    return {
      api: {
        port,
        subscribe: (listener) => feed?.subscribe(listener) ?? (() => undefined),
        counts: () => feed?.counts() ?? noFeedCounts(),
        simulator: sim?.control ?? null,
      },
      routes: (route) => registerNodnettRoutes(route, deps),
      // Routing and calls serve without Nødnett: an unreachable network degrades, never downs, the server.
      health: () => ({
        status: sim && !sim.control.isAvailable() ? 'degraded' : 'ok',
        detail: {
          mode: ctx.config.mode,
          moving: ctx.config.moving,
          network: sim ? (sim.control.isAvailable() ? 'up' : 'unavailable') : 'off',
        },
      }),
      async stop() {
        unsubscribeAmk();
        unsubscribeReports();
        unsubscribeStatuses();
        await statusChain;
        amk?.alertDelivery.attach(null);
        await toAmk?.stop();
        feed?.stop();
        await port?.close();
      },
    };
  },
});
