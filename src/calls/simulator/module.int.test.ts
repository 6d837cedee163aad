/**
 * The simulator module in a running system: background traffic only when configured on, decided by
 * the live routing decider (door "simulator"); off by default in the test harness.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../platform/testing/until.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../../routing/testing-app.ts';
import { simulatorModule } from './module.ts';
import { callsModule } from '../module.ts';

let app: RoutingTestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('simulator module: background traffic', () => {
  it('is off in the test harness: no simulated calls, no decisions by the simulator', async () => {
    app = await createRoutingTestApp({ more: [simulatorModule] });
    expect(app.use(simulatorModule).background).toBeNull();
  });

  it('NODMELD_SIMULATE=on plays calls through the live routing decider (door "simulator") into the calls module', async () => {
    const t = await createRoutingTestApp({
      more: [callsModule, simulatorModule],
      env: { NODMELD_SIMULATE: 'on', NODMELD_SIMULATE_SPEED: '3600', NODMELD_SIMULATE_SCALE: '1' },
    });
    app = t;
    const background = t.use(simulatorModule).background!;
    expect(background).not.toBeNull();
    // The store records in a transaction per batch, and the first calls played may be direct
    // calls to a centre's number (no routing decision): wait until both show on /metrics.
    const scrape = async () =>
      (
        await t.app.inject({
          url: '/metrics',
          headers: { authorization: `Bearer ${t.adminToken}` },
        })
      ).body;
    const decided = /nodmeld_routing_decisions_total\{door="simulator",outcome="connect"\} [1-9]/;
    const played = /nodmeld_simulator_calls_total [1-9]/;
    await until(async () => {
      const body = await scrape();
      return background.stats.eventsSent > 0 && decided.test(body) && played.test(body);
    }, 'simulated calls decided by routing and recorded by the calls module');
    expect(background.stats.errors).toBe(0);
    expect(background.stats.calls).toBeGreaterThan(0);
  });
});
