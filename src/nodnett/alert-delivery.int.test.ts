/**
 * Triple alerts (AMK-3) and first-responder alerts (NN-6) delivered over the simulated Nødnett, in
 * a running system on PGlite and PostgreSQL: the police district's operations centre, the 110
 * centre and the rescue coordination centre that cover the place each get an SDS; their read
 * report acknowledges the alert with its time; a network that is down is retried until it is back;
 * deliveries queued when the process stopped are sent by the next one; every attempt is logged.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { amkModule } from '../amk/module.ts';
import { amkApi, PLACES, resourceBody } from '../amk/testing.ts';
import { createTestDb, dbKinds } from '../platform/db/testing.ts';
import type { Db } from '../platform/db/types.ts';
import { until } from '../platform/testing/until.ts';
import { SimClock } from '../platform/time/clock.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { nodnettModule } from './module.ts';

const START = Date.parse('2026-03-02T10:00:00Z');

/** `until`, with the value found. */
async function eventually<T>(find: () => Promise<T | null>, what: string): Promise<T> {
  let found: T | null = null;
  await until(async () => (found = await find()) !== null, what);
  return found!;
}

interface Recipient {
  recipient: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  delivery: {
    state: string;
    outcome: string | null;
    attempts: number;
    addressName: string | null;
    addressIssi: string | null;
    deliveredAt: string | null;
    consumedAt: string | null;
    nextAttemptAt: string | null;
  } | null;
}
interface Alert {
  id: string;
  missing: string[];
  recipients: Recipient[];
}

describe.each(dbKinds())('alert delivery over Nødnett on %s (AMK-3, NN-6)', (kind) => {
  const open: RoutingTestApp[] = [];
  let db: Db | null = null;
  afterAll(async () => {
    for (const t of open) await t.close().catch(() => undefined);
    await db?.close();
  });

  // Each test starts a day after the last: the jobs' rows in the shared database keep their due times.
  let start = START;
  const freshClock = () => {
    start += 86_400_000;
    return new SimClock({ start });
  };
  const boot = async (clock: SimClock, env: Record<string, string> = {}) => {
    db ??= await createTestDb(kind);
    const t = await createRoutingTestApp({
      kind,
      db,
      clock,
      more: [amkModule, nodnettModule],
      env: {
        NODMELD_NODNETT: 'simulator',
        NODMELD_NODNETT_TERMINALS: '10',
        NODMELD_NODNETT_SIMULATED_READ_S: '30',
        ...env,
      },
    });
    open.push(t);
    await t.system.jobs.start({ poll: false });
    const token = await t.tokenWith([{ role: 'amk-operator', scope: { level: 'area', id: 'amk-bergen' } }]);
    return { t, api: amkApi(t), token };
  };
  const runJobs = async (t: RoutingTestApp) => {
    await t.system.jobs.tick();
    await t.system.jobs.idle();
  };
  const read = async (t: RoutingTestApp, token: string, id: string) => {
    const r = await amkApi(t).get(`/triple-alerts/${id}`, token);
    if (r.statusCode !== 200) throw new Error(`GET triple alert: ${r.statusCode} ${r.body}`);
    return r.json<Alert>();
  };
  const of = (a: Alert, r: string) => a.recipients.find((x) => x.recipient === r)!;
  const actions = async (id: string) =>
    (
      await db!.query<{ action: string; details: Record<string, unknown> }>(
        `SELECT action, details FROM audit_events WHERE entity_id = $1 AND centre_id = 'amk-bergen' ORDER BY id`,
        [id],
      )
    ).rows;

  it('AMK-3: the police district, the 110 centre and the rescue centre for the place each get it, read it and are acknowledged with the time', async () => {
    const clock = freshClock();
    const { t, api, token } = await boot(clock);
    const raised = await api.post('/triple-alerts', token, { ...PLACES.bergen, rescueCoordination: true });
    expect(raised.statusCode, raised.body).toBe(201);
    const id = raised.json<Alert>().id;
    let a = await eventually(async () => {
      const x = await read(t, token, id);
      return x.recipients.every((r) => r.delivery === null || r.delivery.state === 'delivered') ? x : null;
    }, 'every agency’s delivery done');
    expect(of(a, 'police').delivery).toMatchObject({
      state: 'delivered',
      outcome: 'delivered',
      attempts: 1,
      addressName: 'Vest politidistrikt operasjonssentral',
      addressIssi: '7900107',
      deliveredAt: new Date(start).toISOString(),
      consumedAt: null,
    });
    expect(of(a, 'fire').delivery).toMatchObject({ state: 'delivered', addressName: '110 Vest' });
    expect(of(a, 'rescue-coordination').delivery).toMatchObject({
      state: 'delivered',
      addressName: 'Hovedredningssentralen Sør-Norge',
    });
    // Delivered is not acknowledged: the centre has not read it yet.
    expect(a.missing).toEqual(['police', 'fire', 'rescue-coordination']);
    const sim = t.use(nodnettModule).simulator!;
    const [text] = sim.received(7900107);
    expect(text!.text).toMatch(
      /^TRIPPELVARSLING fra AMK .+ Sted: Bergen \(4601\) 60\.3913N 5\.3221Ø\. Ref [0-9a-f]{8}\.$/,
    );
    expect(text!.text.length).toBeLessThanOrEqual(250);

    clock.advance(30_000);
    a = await eventually(async () => {
      const x = await read(t, token, id);
      return x.missing.length === 0 ? x : null;
    }, 'the read reports acknowledged every agency');
    expect(of(a, 'police')).toMatchObject({
      acknowledgedAt: new Date(start + 30_000).toISOString(),
      acknowledgedBy: 'Vest politidistrikt operasjonssentral',
    });
    expect(of(a, 'police').delivery!.consumedAt).toBe(new Date(start + 30_000).toISOString());
    const log = await actions(id);
    expect(log.map((x) => x.action).sort()).toEqual(
      [
        'amk.triple-alert.raised',
        ...Array(3).fill('amk.triple-alert.delivery'),
        ...Array(3).fill('amk.triple-alert.acknowledged'),
      ].sort(),
    );
    expect(
      log.find((x) => x.action === 'amk.triple-alert.delivery' && x.details.recipient === 'police')!.details,
    ).toMatchObject({
      outcome: 'delivered',
      state: 'delivered',
      attempts: 1,
      address: 'Vest politidistrikt operasjonssentral',
    });
  });

  it('AMK-3: while the network is down the deliveries wait and are retried; once it is back they go, every attempt logged', async () => {
    const clock = freshClock();
    const { t, api, token } = await boot(clock);
    const sim = t.use(nodnettModule).simulator!;
    sim.setAvailable(false);
    const id = (await api.post('/triple-alerts', token, { ...PLACES.bergen })).json<Alert>().id;
    let a = await eventually(async () => {
      const x = await read(t, token, id);
      return of(x, 'police').delivery?.attempts === 1 && of(x, 'fire').delivery?.attempts === 1 ? x : null;
    }, 'the first attempt made');
    expect(of(a, 'police').delivery).toMatchObject({
      state: 'pending',
      outcome: 'network-unavailable',
      nextAttemptAt: new Date(start + 5_000).toISOString(),
    });
    clock.advance(5_000);
    await runJobs(t);
    a = await read(t, token, id);
    expect(of(a, 'police').delivery).toMatchObject({
      state: 'pending',
      attempts: 2,
      nextAttemptAt: new Date(start + 15_000).toISOString(),
    });
    sim.setAvailable(true);
    clock.advance(10_000);
    await runJobs(t);
    a = await read(t, token, id);
    expect(of(a, 'police').delivery).toMatchObject({ state: 'delivered', outcome: 'delivered', attempts: 3 });
    expect(of(a, 'fire').delivery).toMatchObject({ state: 'delivered', attempts: 3 });
    const outcomes = (await actions(id))
      .filter((x) => x.action === 'amk.triple-alert.delivery' && x.details.recipient === 'police')
      .map((x) => x.details.outcome);
    expect(outcomes).toEqual(['network-unavailable', 'network-unavailable', 'delivered']);
    // Once delivered, the job sends nothing again.
    clock.advance(120_000);
    await runJobs(t);
    expect(sim.received(7900107).filter((m) => m.text.includes(id.slice(0, 8)))).toHaveLength(1);
  });

  it('AMK-3: deliveries queued when the process stopped (no Nødnett then) are sent by the next process', async () => {
    const clock = freshClock();
    const first = await boot(clock, { NODMELD_NODNETT: 'off' });
    const id = (await first.api.post('/triple-alerts', first.token, { ...PLACES.bergen })).json<Alert>().id;
    const a = await eventually(async () => {
      const x = await read(first.t, first.token, id);
      return of(x, 'police').delivery?.attempts === 1 ? x : null;
    }, 'the attempt without a channel');
    expect(of(a, 'police').delivery).toMatchObject({ state: 'pending', outcome: 'no-channel' });
    await first.t.close();
    open.splice(open.indexOf(first.t), 1);
    clock.advance(6_000);
    const second = await boot(clock);
    await runJobs(second.t);
    const b = await eventually(async () => {
      const x = await read(second.t, second.token, id);
      return of(x, 'police').delivery?.state === 'delivered' && of(x, 'fire').delivery?.state === 'delivered'
        ? x
        : null;
    }, 'delivered by the next process');
    expect(of(b, 'police').delivery!.attempts).toBe(2);
  });

  it('NN-6: a first-responder group’s terminal gets the alert and its read is recorded; a group out of coverage is retried', async () => {
    const clock = freshClock();
    const { t, api, token } = await boot(clock);
    const sim = t.use(nodnettModule).simulator!;
    const [near, away] = sim.terminals();
    const admin = t.adminToken;
    const group = async (issi: number | null, callSign: string) => {
      const r = await api.post(
        '/resources',
        admin,
        resourceBody({
          callSign,
          kind: 'first-responder',
          agency: 'fire',
          issi: issi === null ? null : String(issi),
          station: { name: 'Bergen brannstasjon', lat: 60.39, lon: 5.33 },
        }),
      );
      expect(r.statusCode, r.body).toBe(201);
    };
    await group(near!.issi, `FR-A-${kind}`);
    await group(away!.issi, `FR-B-${kind}`);
    await group(null, `FR-C-${kind}`);
    sim.setCoverage(away!.issi, false);
    const m = (await api.post('/missions', token, { urgency: 'akutt', ...PLACES.bergen })).json<{
      id: string;
    }>();
    const alerted = await api.post(`/missions/${m.id}/first-responders`, token, { radiusKm: 20 });
    expect(alerted.statusCode, alerted.body).toBe(200);
    type Fr = { callSign: string; delivery: Recipient['delivery'] };
    const list = async () =>
      (await api.get(`/missions/${m.id}/first-responders`, token)).json<{ alerts: Fr[] }>().alerts;
    const byName = (xs: Fr[], s: string) => xs.find((x) => x.callSign === s)!.delivery;
    await eventually(
      async () => ((await list()).every((x) => x.delivery?.attempts === 1) ? true : null),
      'attempted',
    );
    let xs = await list();
    expect(byName(xs, `FR-A-${kind}`)).toMatchObject({ state: 'delivered', addressIssi: String(near!.issi) });
    expect(byName(xs, `FR-B-${kind}`)).toMatchObject({ state: 'pending', outcome: 'out-of-coverage' });
    // A group without a terminal: given up at once, the operator telephones.
    expect(byName(xs, `FR-C-${kind}`)).toMatchObject({ state: 'failed', outcome: 'no-terminal' });
    expect(sim.received(near!.issi).at(-1)!.text).toMatch(
      /^AKUTTHJELPERVARSEL fra AMK .+ Hastegrad: akutt\./,
    );
    sim.setCoverage(away!.issi, true);
    clock.advance(5_000);
    await runJobs(t);
    clock.advance(30_000);
    xs = await eventually(async () => {
      const l = await list();
      return l.every((x) => x.delivery?.consumedAt || x.delivery?.state === 'failed') ? l : null;
    }, 'both read');
    expect(byName(xs, `FR-A-${kind}`)!.consumedAt).toBe(new Date(start + 30_000).toISOString());
    expect(byName(xs, `FR-B-${kind}`)).toMatchObject({ state: 'delivered', attempts: 2 });
  });

  it('AMK-2: a dispatch reaches the unit’s terminal as text and status; the crew reports its way to the scene', async () => {
    const clock = freshClock();
    const { t, api, token } = await boot(clock);
    const sim = t.use(nodnettModule).simulator!;
    const car = sim.terminals()[2]!;
    const unit = (
      await api.post(
        '/resources',
        t.adminToken,
        resourceBody({ issi: String(car.issi), callSign: `U-${kind}` }),
      )
    ).json<{ id: string }>();
    const m = (await api.post('/missions', token, { urgency: 'akutt', ...PLACES.bergen })).json<{
      id: string;
    }>();
    expect((await api.post(`/missions/${m.id}/dispatch`, token, { resourceId: unit.id })).statusCode).toBe(
      200,
    );
    type Unit = { resourceId: string; status: string; delivery: Recipient['delivery'] };
    const unitOf = async () =>
      (await api.get(`/missions/${m.id}`, token))
        .json<{ units: Unit[] }>()
        .units.find((u) => u.resourceId === unit.id)!;
    const delivered = await eventually(async () => {
      const u = await unitOf();
      return u.delivery?.state === 'delivered' ? u : null;
    }, 'the dispatch delivered');
    expect(delivered.delivery).toMatchObject({
      addressIssi: String(car.issi),
      addressName: `U-${kind}`,
      attempts: 1,
    });
    expect(sim.received(car.issi).at(-1)!.text).toMatch(
      new RegExp(`^UTALARMERING U-${kind} fra AMK .+ Hastegrad: akutt\\. Sted: Bergen \\(4601\\)`),
    );
    // The crew reads it, sets off (≈ 30 s) and arrives (≈ 5 min): the unit follows by its status keys.
    clock.advance(40_000);
    await eventually(async () => ((await unitOf()).status === 'en-route' ? true : null), 'en route');
    expect((await unitOf()).delivery!.consumedAt).toBe(new Date(start + 30_000).toISOString());
    clock.advance(330_000);
    await eventually(async () => ((await unitOf()).status === 'at-scene' ? true : null), 'at the scene');
    const log = (await actions(m.id)).map((x) => x.action);
    expect(log).toEqual(
      expect.arrayContaining(['amk.mission.dispatch-delivery', 'amk.mission.dispatch-read']),
    );
  });

  it('AMK-3: a centre that reads at once — before the delivery’s outcome is written — is still acknowledged', async () => {
    const clock = freshClock();
    const { t, api, token } = await boot(clock, { NODMELD_NODNETT_SIMULATED_READ_S: '0' });
    const id = (
      await api.post('/triple-alerts', token, { ...PLACES.bergen, rescueCoordination: true })
    ).json<Alert>().id;
    const a = await eventually(async () => {
      const x = await read(t, token, id);
      return x.missing.length === 0 ? x : null;
    }, 'every agency acknowledged by its read report');
    for (const r of ['police', 'fire', 'rescue-coordination'])
      expect(of(a, r)).toMatchObject({ acknowledgedAt: new Date(start).toISOString() });
  });
});
