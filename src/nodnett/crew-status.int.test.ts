/**
 * A crew's status messages over the simulated Nødnett move its unit in the AMK picture (NN-5), in a
 * running system on PGlite and PostgreSQL: "en route" and "at scene" from the terminal of a
 * dispatched unit follow the transition table into the unit's and the mission's timeline, with
 * Nødnett as the source; a status the table does not allow, a dispatch from the terminal, a
 * terminal no unit has and a value outside the status plan change nothing. A first-responder
 * group's keys answer its alert (NN-6): accept joins the mission, arrived puts it at the scene, a
 * decline is recorded; an answer with no alert to take it changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amkModule } from '../amk/module.ts';
import { amkApi, PLACES, resourceBody } from '../amk/testing.ts';
import { dbKinds } from '../platform/db/testing.ts';
import { until } from '../platform/testing/until.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { nodnettModule } from './module.ts';
import { SIMULATED_ANSWERS, SIMULATED_STATUSES } from './simulator/simulated-nodnett.ts';

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
  /** The status messages counted so far, by outcome (`/metrics`). */
  const statusCounts = async () => {
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    return (outcome: string) =>
      Number(
        new RegExp(`nodmeld_nodnett_crew_statuses_total\\{outcome="${outcome}"\\} (\\d+)`).exec(
          metrics.body,
        )?.[1] ?? 0,
      );
  };

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
    const counted = await statusCounts();
    expect(counted('changed')).toBe(2);
    expect(counted('refused')).toBe(3);
    expect(counted('unknown-terminal')).toBe(1);
    expect(counted('not-in-plan')).toBe(1);
  });

  it('NN-6: a first-responder group answers its alert from the terminal — accepted, arrived; declined; nothing to answer', async () => {
    const api = amkApi(t);
    const token = await t.tokenWith([{ role: 'amk-operator', scope: { level: 'area', id: 'amk-bergen' } }]);
    const sim = t.use(nodnettModule).simulator!;
    const [, , a, b, idle] = sim.terminals();
    const group = async (issi: number, callSign: string) => {
      const r = await api.post(
        '/resources',
        t.adminToken,
        resourceBody({
          callSign,
          kind: 'first-responder',
          agency: 'fire',
          issi: String(issi),
          station: { name: 'Bergen brannstasjon', lat: 60.39, lon: 5.33 },
        }),
      );
      expect(r.statusCode, r.body).toBe(201);
      return r.json<{ id: string }>();
    };
    const fire = await group(a!.issi, `FR-A-${kind}`);
    await group(b!.issi, `FR-B-${kind}`);
    const spare = await group(idle!.issi, `FR-C-${kind}`);
    const m = (await api.post('/missions', token, { urgency: 'akutt', ...PLACES.bergen })).json<{
      id: string;
    }>();
    // A group that answers before it was alerted: nothing to answer.
    await api.post(`/resources/${spare.id}/status`, token, { status: 'out-of-service' });
    sim.crewStatus(idle!.issi, SIMULATED_ANSWERS.accepted);
    expect((await api.post(`/missions/${m.id}/first-responders`, token, { radiusKm: 20 })).statusCode).toBe(
      200,
    );
    type Fr = {
      callSign: string;
      answer: string | null;
      answeredAt: string | null;
      arrivedAt: string | null;
      status: string;
    };
    const alerts = async () =>
      (await api.get(`/missions/${m.id}/first-responders`, token)).json<{ alerts: Fr[] }>().alerts;
    const of = (xs: Fr[], s: string) => xs.find((x) => x.callSign === s);

    sim.crewStatus(a!.issi, SIMULATED_ANSWERS.arrived); // not before accepting
    sim.crewStatus(a!.issi, SIMULATED_ANSWERS.accepted);
    sim.crewStatus(b!.issi, SIMULATED_ANSWERS.declined);
    await until(async () => {
      const xs = await alerts();
      return of(xs, `FR-A-${kind}`)?.answer === 'accepted' && of(xs, `FR-B-${kind}`)?.answer === 'declined';
    }, 'the answers from the terminals');
    let xs = await alerts();
    expect(of(xs, `FR-A-${kind}`)).toMatchObject({ status: 'dispatched', arrivedAt: null });
    expect(of(xs, `FR-C-${kind}`)).toBeUndefined(); // out of service: not alerted
    sim.crewStatus(a!.issi, SIMULATED_ANSWERS.arrived);
    await until(
      async () => of(await alerts(), `FR-A-${kind}`)?.arrivedAt != null,
      'arrived from the terminal',
    );
    xs = await alerts();
    expect(of(xs, `FR-A-${kind}`)).toMatchObject({ answer: 'accepted', status: 'at-scene' });
    // The mission shows the group as its unit, moved by Nødnett.
    const mission = (await api.get(`/missions/${m.id}`, token)).json<{
      units: { resourceId: string; status: string }[];
    }>();
    expect(mission.units).toEqual(
      expect.arrayContaining([expect.objectContaining({ resourceId: fire.id, status: 'at-scene' })]),
    );
    const audit = await t.db.query<{ action: string; actor_name: string }>(
      `SELECT action, actor_name FROM audit_events WHERE entity_id = $1 AND action LIKE 'amk.first-responder.%' ORDER BY id`,
      [m.id],
    );
    expect(audit.rows.filter((r) => r.actor_name === 'nodnett').map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'amk.first-responder.accepted',
        'amk.first-responder.declined',
        'amk.first-responder.arrived',
      ]),
    );
    const counted = await statusCounts();
    expect(counted('answered')).toBe(3);
    expect(counted('no-open-alert')).toBe(2); // the spare's accept, and arrived before accepting
  });
});
