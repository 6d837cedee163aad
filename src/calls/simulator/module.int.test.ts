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
    app = await createRoutingTestApp({
      more: [callsModule, simulatorModule],
      env: { NODMELD_SIMULATE: 'on', NODMELD_SIMULATE_SPEED: '3600', NODMELD_SIMULATE_SCALE: '1' },
    });
    const background = app.use(simulatorModule).background!;
    expect(background).not.toBeNull();
    // The store records in a transaction per batch: wait until a call has also been played through.
    await until(
      () => background.stats.eventsSent > 0 && background.stats.calls > 0,
      'simulated call events recorded by the calls module',
    );
    expect(background.stats.errors).toBe(0);
    const metrics = await app.app.inject({
      url: '/metrics',
      headers: { authorization: `Bearer ${app.adminToken}` },
    });
    expect(metrics.body).toMatch(
      /nodmeld_routing_decisions_total\{door="simulator",outcome="connect"\} [1-9]/,
    );
    expect(metrics.body).toMatch(/nodmeld_simulator_calls_total [1-9]/);
  });
});
