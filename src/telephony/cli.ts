/**
 * `nodmeld sip`: the SIP redirect server on its own. By default it routes on the live system — the
 * database's active data version, re-routes and availability, kept current by polling, with the
 * routing configuration (positioning, overflow policy) — exactly as the SIP server inside
 * `nodmeld start`, so it can run as a separate SIP node beside the HTTP instances on PostgreSQL.
 * `--what-if [--data DIR]` routes on data files only and says so.
 */
import { MetricsRegistry } from '../platform/metrics.ts';
import { systemClock } from '../platform/time/clock.ts';
import type { CliCommand } from '../platform/module.ts';
import { routingModule, startRoutingServices } from '../routing/module.ts';
import { EventBus } from '../platform/events/event-bus.ts';
import { callRouterFor } from './sip/engine-call-router.ts';
import { createCallDecider } from '../routing/decide-call.ts';
import { compileRoutingData } from '../routing/domain/compile.ts';
import type { OperationalState } from '../routing/domain/types.ts';
import { loadDataSetOrThrow, routingPolicyFromConfig } from '../routing/config.ts';
import { DEFAULT_DATA_DIR } from '../routing/data/load.ts';
import { createPositioningService } from '../routing/positioning/positioning-service.ts';
import { positioningOptionsFromSettings } from '../routing/positioning/settings.ts';

const NO_OPERATIONAL_STATE: OperationalState = { reroutes: [], unavailableCentreIds: [] };
import { runSipCommand } from './sip/cli.ts';
import type { TelephonyConfig } from './config.ts';
import { menuSessionsOf } from './menu-sessions.ts';

export const sipCommand: CliCommand<TelephonyConfig> = {
  usage: `sip [--host H] [--port N] [--metrics-port N] [--what-if [--data DIR]]
                                         run the SIP redirect server on its own, on the live routing
                                         state (or, with --what-if, on data files only)`,
  async run(argv, ctx) {
    const whatIf = argv.includes('--what-if');
    const rest = argv.filter((a) => a !== '--what-if');
    const io = { out: ctx.out, err: ctx.err, config: ctx.config.sip };
    if (whatIf) {
      const i = rest.indexOf('--data');
      const routingConfig = ctx.configOf(routingModule);
      const dir =
        (i >= 0 ? rest[i + 1] : undefined) ?? routingConfig.NODMELD_REFERENCE_DATA_DIR ?? DEFAULT_DATA_DIR;
      const compiled = compileRoutingData(await loadDataSetOrThrow(dir), 0);
      const options = positioningOptionsFromSettings(routingConfig);
      const positioning = options ? createPositioningService(options) : undefined;
      ctx.out(
        `WHAT-IF: routing on the data files in ${dir} only — no stored version, re-routes or availability`,
      );
      try {
        const decider = createCallDecider({
          getData: () => compiled,
          getState: () => NO_OPERATIONAL_STATE,
          policy: routingPolicyFromConfig(routingConfig),
          positioning,
          deadlineMs: routingConfig.NODMELD_POSITIONING_DEADLINE_MS,
        });
        const args = i >= 0 ? [...rest.slice(0, i), ...rest.slice(i + 2)] : rest;
        return await runSipCommand(args, { ...io, router: callRouterFor(decider) });
      } finally {
        await positioning?.close();
      }
    }
    if (rest.includes('--data')) {
      ctx.err('nodmeld sip: --data routes on files only: add --what-if to say so');
      return 2;
    }
    if (rest.includes('--help') || rest.includes('-h')) return runSipCommand(rest, io);
    const db = await ctx.openDb();
    try {
      const metrics = new MetricsRegistry();
      // Re-routes and activations made through the server reach this process as events at once.
      const events = new EventBus({
        db,
        logger: ctx.logger,
        metrics,
        safetyPollMs: ctx.platform.NODMELD_EVENTS_SAFETY_POLL_MS,
        gapGraceMs: ctx.platform.NODMELD_EVENTS_GAP_GRACE_MS,
      });
      await events.start();
      const routing = await startRoutingServices({
        db,
        logger: ctx.logger,
        metrics,
        clock: systemClock,
        config: ctx.configOf(routingModule),
        events,
      }).catch(async (err: unknown) => {
        await events.stop();
        throw err;
      });
      try {
        ctx.out(
          `routing on the live state of the database (data version ${routing.runtime.current().version})`,
        );
        return await runSipCommand(rest, {
          ...io,
          router: callRouterFor(routing.decider, menuSessionsOf(routing)),
          metrics,
        });
      } finally {
        await routing.stop();
        await events.stop();
      }
    } finally {
      await db.close();
    }
  },
};
