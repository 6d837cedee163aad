/**
 * Assembles the routing context from configuration: runtime (+ positioning), re-route and menu
 * services, metrics and HTTP routes.
 */
import type { Logger } from 'pino';
import type { Config } from '../server/config.ts';
import type { Db } from '../platform/db/types.ts';
import { renderFamily, type MetricsRegistry } from '../platform/metrics.ts';
import type { ContextRegistration } from '../server/app.ts';
import { DEFAULT_POLICY, type RoutingPolicy } from './domain/types.ts';
import { RoutingRuntime } from './runtime.ts';
import { RerouteService } from './reroutes/reroute-service.ts';
import { MenuSessionService } from './menu-sessions.ts';
import { registerRoutingHttp } from './http/routes.ts';
import {
  createPositioningService,
  type PositioningService,
  type PositioningStats,
} from './positioning/positioning-service.ts';
import { positioningOptionsFromSettings } from './positioning/settings.ts';
import { DEFAULT_REROUTE_RULES } from './reroutes/reroute-policy.ts';

export interface RoutingContext {
  runtime: RoutingRuntime;
  reroutes: RerouteService;
  menus: MenuSessionService;
  positioning: PositioningService | null;
  register: ContextRegistration;
  close(): Promise<void>;
}

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

export function routingPolicyFromConfig(config: Config): RoutingPolicy {
  return config.NODMELD_OVERFLOW_CENTRE
    ? { ...DEFAULT_POLICY, overflow: { mode: 'fixed', centreId: config.NODMELD_OVERFLOW_CENTRE } }
    : DEFAULT_POLICY;
}

export function createRoutingContext(opts: {
  config: Config;
  db: Db;
  logger: Logger;
  metrics?: MetricsRegistry;
  now?: () => Date;
}): RoutingContext {
  const { config } = opts;
  const positioningOptions = positioningOptionsFromSettings(config);
  const positioning = positioningOptions ? createPositioningService(positioningOptions) : null;
  const runtime = new RoutingRuntime({
    db: opts.db,
    logger: opts.logger,
    policy: routingPolicyFromConfig(config),
    positioning: positioning ?? undefined,
    positioningDeadlineMs: config.NODMELD_POSITIONING_DEADLINE_MS,
    pollMs: config.NODMELD_DATA_POLL_MS,
    now: opts.now,
  });
  const reroutes = new RerouteService(
    runtime,
    { ...DEFAULT_REROUTE_RULES, plannedDeadline: config.NODMELD_REROUTE_PLANNED_DEADLINE },
    opts.now,
  );
  const menus = new MenuSessionService(runtime, opts.now);
  const register: ContextRegistration = (route, deps) => {
    registerRoutingHttp(route, { runtime, reroutes, menus });
    deps.metrics.add(() => {
      const c = runtime.counters;
      return (
        renderFamily('nodmeld_routing_decisions_total', 'counter', 'Routing decisions made', [
          { value: c.decisions },
        ]) +
        renderFamily(
          'nodmeld_routing_menu_total',
          'counter',
          'Decisions that sent the call to the fallback menu',
          [{ value: c.menu }],
        ) +
        renderFamily('nodmeld_routing_positioning_total', 'counter', 'Mobile positioning outcomes', [
          { labels: { outcome: 'positioned' }, value: c.positioned },
          { labels: { outcome: 'failed' }, value: c.unpositioned },
        ]) +
        renderFamily('nodmeld_routing_data_version', 'gauge', 'Active routing data version', [
          { value: runtime.hasData() ? runtime.current().version : 0 },
        ]) +
        (positioning ? renderPositioningMetrics(positioning.stats()) : '')
      );
    });
  };
  return {
    runtime,
    reroutes,
    menus,
    positioning,
    register,
    async close() {
      runtime.stop();
      await positioning?.close();
    },
  };
}
