/**
 * A crew's status messages over the simulated Nødnett move its unit in the AMK picture (NN-5), in a
 * running system on PGlite and PostgreSQL: "en route" and "at scene" from the terminal of a
 * dispatched unit follow the transition table into the unit's and the mission's timeline, with
 * Nødnett as the source; a status the table does not allow, a dispatch from the terminal, a
 * terminal no unit has and a value outside the status plan change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amkModule } from '../amk/module.ts';
import { amkApi, PLACES, resourceBody } from '../amk/testing.ts';
import { dbKinds } from '../platform/db/testing.ts';
import { until } from '../platform/testing/until.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { nodnettModule } from './module.ts';
import { SIMULATED_STATUSES } from './simulator/simulated-nodnett.ts';

describe.each(dbKinds())('crew status messages on %s (NN-5)', (kind) => {
  let t: RoutingTestApp;
  beforeAll(async () => {
    t = await createRoutingTestApp({
      kind,
      more: [amkModule, nodnettModule],
      env: { NODMELD_NODNETT: 'simulator', NODMELD_NODNETT_TERMINALS: '6' },
    });
  });
  afterAll(async () => t?.close());

  it('the crew’s keys move a dispatched unit en route and to the scene; what the table forbids changes nothing', async () => {
    const api = amkApi(t);
    const token = await t.tokenWith([{ role: 'amk-operator', scope: { level: 'area', id: 'amk-bergen' } }]);
    const sim = t.use(nodnettModule).simulator!;
    const [car, spare] = sim.terminals();
    const unit = (
      await api.post(
        '/resources',
        t.adminToken,
        resourceBody({ issi: String(car!.issi), callSign: `A-${kind}` }),
      )
    ).json<{ id: string }>();
    const statusOf = async () =>
      (await api.get(`/resources/${unit.id}`, token)).json<{ status: string }>().status;
    const changes = async () =>
      (
        await t.db.query<{ to_status: string; actor_name: string }>(
          'SELECT to_status, actor_name FROM amk_resource_status_changes WHERE resource_id = $1 ORDER BY at, id',
          [unit.id],
        )
      ).rows;

    // Not dispatched: "at scene" is not a step from available; "dispatched" is the AMK's to give.
    sim.crewStatus(car!.issi, SIMULATED_STATUSES['at-scene']);
    sim.crewStatus(car!.issi, SIMULATED_STATUSES.dispatched);
    // A terminal no unit has, and a value outside the plan.
    sim.crewStatus(spare!.issi, SIMULATED_STATUSES['en-route']);
    sim.crewStatus(car!.issi, 0x1234);
    const m = (await api.post('/missions', token, { urgency: 'akutt', ...PLACES.bergen })).json<{
      id: string;
    }>();
    expect((await api.post(`/missions/${m.id}/dispatch`, token, { resourceId: unit.id })).statusCode).toBe(
      200,
    );
    expect(await statusOf()).toBe('dispatched');

    sim.crewStatus(car!.issi, SIMULATED_STATUSES['en-route']);
    await until(async () => (await statusOf()) === 'en-route', 'en route from the terminal');
    sim.crewStatus(car!.issi, SIMULATED_STATUSES['at-hospital']); // not from en route
    sim.crewStatus(car!.issi, SIMULATED_STATUSES['at-scene']);
    await until(async () => (await statusOf()) === 'at-scene', 'at the scene from the terminal');
    expect(await changes()).toEqual([
      { to_status: 'available', actor_name: 'admin' },
      { to_status: 'dispatched', actor_name: expect.any(String) },
      { to_status: 'en-route', actor_name: 'nodnett' },
      { to_status: 'at-scene', actor_name: 'nodnett' },
    ]);
    const timeline = (await api.get(`/missions/${m.id}`, token)).json<{
      timeline: { kind: string; status?: string | null }[];
    }>().timeline;
    expect(timeline.filter((s) => s.kind === 'unit-status').map((s) => s.status)).toEqual(
      expect.arrayContaining(['en-route', 'at-scene']),
    );
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    const counted = (outcome: string) =>
      Number(
        new RegExp(`nodmeld_nodnett_crew_statuses_total\\{outcome="${outcome}"\\} (\\d+)`).exec(
          metrics.body,
        )?.[1] ?? 0,
      );
    expect(counted('changed')).toBe(2);
    expect(counted('refused')).toBe(3);
    expect(counted('unknown-terminal')).toBe(1);
    expect(counted('not-in-plan')).toBe(1);
  });
});
