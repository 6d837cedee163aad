/**
 * The routing module (RT-1 … RT-15): the runtime on the database's active data version, mobile
 * positioning, the one decide-call use case, re-route and menu services, the HTTP API under
 * /api/v1/routing and the `route`, `export` and `data` commands.
 */
import type { Logger } from 'pino';
import type { Db } from '../platform/db/types.ts';
import { defineModule } from '../platform/module.ts';
import type { MetricsRegistry } from '../platform/metrics.ts';
import type { Clock } from '../platform/time/clock.ts';
import type { EventBus } from '../platform/events/event-bus.ts';
import { renderFamily } from '../platform/metrics.ts';
import type { RoutingDataSet } from './domain/types.ts';
import { RoutingRuntime } from './runtime.ts';
import { RerouteService } from './reroutes/reroute-service.ts';
import { MenuSessionService } from './menu-sessions.ts';
import { registerRoutingHttp } from './http/routes.ts';
import { registerMapHttp } from './http/map-routes.ts';
import { MunicipalityMap } from './map/municipality-map.ts';
import {
  createPositioningService,
  type PositioningService,
  type PositioningStats,
} from './positioning/positioning-service.ts';
import { positioningOptionsFromSettings } from './positioning/settings.ts';
import {
  loadDataSetOrThrow,
  routingConfigSchema,
  routingPolicyFromConfig,
  type RoutingConfig,
} from './config.ts';
import { DEFAULT_REROUTE_RULES } from './reroutes/reroute-policy.ts';
import { runtimeDecider, type CallDecider } from './decide-call.ts';
import { DEFAULT_DATA_DIR } from './data/load.ts';
import { routingCommands } from './cli.ts';
import { routingHealth } from './health.ts';

export interface RoutingApi {
  runtime: RoutingRuntime;
  decider: CallDecider;
  reroutes: RerouteService;
  menus: MenuSessionService;
  positioning: PositioningService | null;
}

export interface RoutingModuleOptions {
  /** Data imported when the database has none (tests); default: NODMELD_REFERENCE_DATA_DIR or the national set. */
  seed?: () => Promise<RoutingDataSet>;
  /** Overrides the kernel's clock for this module (tests). */
  now?: () => Date;
}

/**
 * Starts the routing services on a database: positioning, the runtime on the active data version
 * (importing the seed when there is none), the decider, re-route and menu services. Used by the
 * module and by processes that route without HTTP (`nodmeld sip`).
 */
export async function startRoutingServices(opts: {
  db: Db;
  logger: Logger;
  metrics: MetricsRegistry;
  clock: Clock;
  config: RoutingConfig;
  /** Routing events from every instance (the kernel's bus); without it, only the fallback poll. */
  events?: EventBus;
  options?: RoutingModuleOptions;
}): Promise<RoutingApi & { stop: () => Promise<void> }> {
  const { config, options = {} } = opts;
  const now = options.now ?? (() => opts.clock.now());
  const positioningOptions = positioningOptionsFromSettings(config);
  const positioning = positioningOptions ? createPositioningService(positioningOptions) : null;
  const runtime = new RoutingRuntime({
    db: opts.db,
    logger: opts.logger,
    policy: routingPolicyFromConfig(config),
    pollMs: config.NODMELD_DATA_POLL_MS,
    events: opts.events,
    now,
  });
  const decider = runtimeDecider(runtime, {
    positioning: positioning ?? undefined,
    deadlineMs: config.NODMELD_POSITIONING_DEADLINE_MS,
    metrics: opts.metrics,
    nowMs: () => now().getTime(),
    onListenerError: (err) => opts.logger.error({ err }, 'a decision listener failed'),
  });
  const reroutes = new RerouteService(
    runtime,
    { ...DEFAULT_REROUTE_RULES, plannedDeadline: config.NODMELD_REROUTE_PLANNED_DEADLINE },
    now,
  );
  const menus = new MenuSessionService(runtime, now);
  opts.metrics.gauge({
    name: 'nodmeld_routing_data_version',
    help: 'Active routing data version',
    collect: () => (runtime.hasData() ? runtime.current().version : 0),
  });
  if (positioning) opts.metrics.add(() => renderPositioningMetrics(positioning.stats()));
  const stop = async () => {
    runtime.stop();
    await positioning?.close();
  };
  try {
    await runtime.start(
      options.seed ?? (() => loadDataSetOrThrow(config.NODMELD_REFERENCE_DATA_DIR ?? DEFAULT_DATA_DIR)),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { runtime, decider, reroutes, menus, positioning, stop };
}

/** The routing module; options are for tests. */
export function createRoutingModule(options: RoutingModuleOptions = {}) {
  return defineModule<RoutingConfig, RoutingApi>({
    name: 'routing',
    config: routingConfigSchema,
    cli: routingCommands,
    async init(ctx) {
      const { stop, ...api } = await startRoutingServices({ ...ctx, options });
      const { runtime } = api;
      const map = new MunicipalityMap(runtime);
      return {
        api,
        routes(route) {
          registerRoutingHttp(route, api);
          registerMapHttp(route, map);
        },
        // From memory: data version and the state's age; degraded when stale (health.ts).
        health: () => routingHealth(runtime),
        stop,
      };
    },
  });
}

/** The routing module as `nodmeld start` mounts it. */
export const routingModule = createRoutingModule();

function renderPositioningMetrics(s: PositioningStats): string {
  const ops = Object.entries(s.operators);
  const results = [
    'answers',
    'notSubscriber',
    'unknownMunicipality',
    'failures',
    'timeouts',
    'circuitOpen',
    'aborted',
  ] as const;
  let cumulative = 0;
  const buckets = s.elapsedMs.buckets.map((le, i) => {
    cumulative = s.elapsedMs.counts[i] ?? cumulative;
    return { labels: { le: String(le) }, value: cumulative };
  });
  return (
    renderFamily('nodmeld_positioning_lookups_total', 'counter', 'Positioning lookups by outcome (RT-3)', [
      { labels: { outcome: 'positioned' }, value: s.positioned },
      ...Object.entries(s.failed).map(([reason, value]) => ({ labels: { outcome: reason }, value })),
    ]) +
    renderFamily(
      'nodmeld_positioning_operator_requests_total',
      'counter',
      'Location requests per operator and result',
      ops.flatMap(([operator, o]) =>
        results.map((result) => ({ labels: { operator, result }, value: o[result] })),
      ),
    ) +
    renderFamily(
      'nodmeld_positioning_breaker_open',
      'gauge',
      'Circuit breaker state per operator (1 = open or half-open)',
      ops.map(([operator, o]) => ({
        labels: { operator, state: o.breakerState },
        value: o.breakerState === 'closed' ? 0 : 1,
      })),
    ) +
    renderFamily('nodmeld_positioning_elapsed_ms_bucket', 'counter', 'Positioning time histogram (ms)', [
      ...buckets,
      { labels: { le: '+Inf' }, value: s.elapsedMs.count },
    ])
  );
}
