/**
 * The simulator module in a running system: background traffic only when configured on, decided by
 * the live routing decider (door "simulator"); off by default in the test harness.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../platform/testing/until.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../../routing/testing-app.ts';
import { simulatorModule } from './module.ts';
import { callsModule } from '../module.ts';
import { centresWithRole } from '../../platform/auth/auth-service.ts';

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
    // 113 calls too (AMK-1): offered to the caller's AMK, recorded with the AMK service.
    await until(
      async () =>
        Number(
          (
            await t.db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM calls WHERE service = 'amk' AND called_number = '113' AND centre_id LIKE 'amk-%'`,
            )
          ).rows[0]!.n,
        ) > 0,
      'a simulated 113 call at an AMK centre',
    );
    expect(background.stats.errors).toBe(0);
    expect(background.stats.calls).toBeGreaterThan(0);
  });

  it('NODMELD_SIMULATE_PEOPLE: a centre’s calls ring for people at the console — answered by a person, never by the model; the others as before (LV-1)', async () => {
    const t = await createRoutingTestApp({
      more: [callsModule, simulatorModule],
      env: {
        NODMELD_SIMULATE: 'on',
        NODMELD_SIMULATE_SPEED: '30',
        NODMELD_SIMULATE_SCALE: '1',
        NODMELD_SIMULATE_PEOPLE: 'lv-bergen',
        NODMELD_SIMULATE_PEOPLE_PER_HOUR: '3600',
      },
    });
    app = t;
    const api = t.use(simulatorModule);
    expect(api.people).not.toBeNull();
    const operator = await t.tokenFor('operator', 'lv-bergen');
    const queue = async () => {
      const r = await t.app.inject({
        url: '/api/v1/calls/queue?centre=lv-bergen',
        headers: { authorization: `Bearer ${operator}` },
      });
      expect(r.statusCode).toBe(200);
      return r
        .json<{ calls: { id: string; state: string }[] }>()
        .calls.filter((c) => c.state === 'ringing')
        .map((c) => c.id);
    };
    let waiting: string[] = [];
    // A call is queued in the voice menu (~15 s) before it rings at the operators.
    await until(
      async () => (waiting = await queue()).length > 0,
      'a simulated call ringing at lv-bergen',
      60_000,
    );
    const callId = waiting[0]!;
    const answered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/calls/${encodeURIComponent(callId)}/answer`,
      headers: { authorization: `Bearer ${operator}` },
      payload: { positionId: 'pos-1' },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const count = async (sql: string) => Number((await t.db.query<{ n: number }>(sql)).rows[0]!.n);
    // The model answers the other centres' calls, never lv-bergen's: the one answered there is ours.
    await until(
      async () =>
        (await count(
          `SELECT count(*)::int AS n FROM calls WHERE centre_id <> 'lv-bergen' AND answered_at IS NOT NULL`,
        )) > 0,
      'the model answered a call at another centre',
    );
    const rows = await t.db.query<{ id: string }>(
      `SELECT id FROM calls WHERE centre_id = 'lv-bergen' AND answered_at IS NOT NULL`,
    );
    expect(rows.rows.map((r) => r.id)).toEqual([callId]);
    await api.people!.stop();
    const state = await t.db.query<{ state: string }>(`SELECT state FROM calls WHERE id = $1`, [callId]);
    expect(state.rows[0]!.state).toBe('answered');
    expect(api.people!.stats.errors).toBe(0);
    expect(api.background!.stats.errors).toBe(0);
  }, 120_000);

  it('NODMELD_SIMULATE_PEOPLE=auto: the centres where an enabled user is an operator (the demo operator’s Bergen)', async () => {
    const first = await createRoutingTestApp({ more: [callsModule] });
    try {
      await first.tokenFor('operator', 'lv-oslo');
      await first.tokenFor('centre-leader', 'lv-bergen');
      expect(await centresWithRole(first.db, 'operator')).toEqual(['lv-oslo']);
      app = await createRoutingTestApp({
        db: first.db,
        more: [callsModule, simulatorModule],
        env: { NODMELD_SIMULATE: 'on', NODMELD_SIMULATE_PEOPLE: 'auto' },
      });
      const people = app.use(simulatorModule).people;
      expect(people).not.toBeNull();
      const off = await createRoutingTestApp({
        db: first.db,
        more: [callsModule, simulatorModule],
        env: { NODMELD_SIMULATE: 'on', NODMELD_SIMULATE_PEOPLE: 'none' },
      });
      expect(off.use(simulatorModule).people).toBeNull();
      await off.close();
    } finally {
      await app?.close();
      app = undefined;
      await first.close();
    }
  });
});
