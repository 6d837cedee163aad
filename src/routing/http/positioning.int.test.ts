import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocationSimulator, type LocationSimulator } from '../positioning/simulator.ts';
import { buildDataSet } from '../domain/testing.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../testing-app.ts';

describe('RT-3/RT-15: mobile calls positioned through the operators during an HTTP decision', () => {
  let sims: LocationSimulator[] = [];
  let t: RoutingTestApp;
  beforeAll(async () => {
    const municipalities = buildDataSet().municipalities.map((m) => ({
      number: m.number,
      population: m.population,
    }));
    sims = await Promise.all(
      ['telenor', 'telia', 'ice'].map((operator) =>
        startLocationSimulator({
          host: '127.0.0.1',
          port: 0,
          operator,
          latencyMs: { mean: 5, jitter: 2 },
          failureRate: 0,
          unknownRate: 0,
          municipalities,
        }),
      ),
    );
    t = await createRoutingTestApp({
      env: {
        NODMELD_POSITIONING_OPERATORS: sims
          .map((s, i) => `${['telenor', 'telia', 'ice'][i]}=${s.url}`)
          .join(','),
        NODMELD_POSITIONING_DEADLINE_MS: '2000',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(sims.map((s) => s.close()));
  });

  it('positions a mobile call without a given position and routes it by the answer; metrics show it', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/routing/decisions',
      headers: { authorization: `Bearer ${t.apiToken}` },
      payload: { calledNumber: '116117', callingNumber: '+4791234567', network: 'mobile' },
    });
    expect(r.statusCode).toBe(200);
    const d = r.json();
    expect(d).toMatchObject({ outcome: 'connect', locatedBy: 'mobile-position' });
    expect(buildDataSet().municipalities.map((m) => m.number)).toContain(d.municipality);
    // The same number is in the same place (the simulator is deterministic).
    const again = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/routing/decisions',
        headers: { authorization: `Bearer ${t.apiToken}` },
        payload: { calledNumber: '116117', callingNumber: '91234567', network: 'mobile' },
      })
    ).json();
    expect(again.municipality).toBe(d.municipality);
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/nodmeld_positioning_lookups_total\{outcome="positioned"\} 2/);
    expect(metrics).toMatch(/nodmeld_routing_decisions_total\{door="http",outcome="connect"\} 2\n/);
  });
});
