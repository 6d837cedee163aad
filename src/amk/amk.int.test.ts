/**
 * The AMK picture over HTTP on PGlite and PostgreSQL (issue 14): resources and their status table
 * (NN-5, AMK-2), crew from the roster flagged by §11, positions (NN-4), safety alarms with their
 * escalation on the simulated clock (NN-4), missions across AMK borders (AMK-2), audit rows and
 * events, and scope: an AMK operator sees its own area and its neighbours' available units only.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../platform/db/testing.ts';
import { SimClock } from '../platform/time/clock.ts';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { readinessModule } from '../readiness/module.ts';
import { api as readinessApi, buildPerson, buildUnit } from '../readiness/testing/factories.ts';
import { callsModule } from '../calls/module.ts';
import { scriptCallEvents } from '../calls/testing/call-events.ts';
import { amkModule } from './module.ts';
import { amkApi, newIssi, PLACES, resourceBody } from './testing.ts';

const START = Date.parse('2026-03-02T10:00:00Z');
const ENV = {
  NODMELD_AMK_NEIGHBOURS: 'amk-bergen:amk-trondheim',
  NODMELD_AMK_ALARM_TO_ALL_OPERATORS_S: '30',
  NODMELD_AMK_ALARM_TO_NEIGHBOURS_S: '60',
  NODMELD_AMK_POSITION_STALE_S: '300',
  NODMELD_AMK_TRACK_POINTS: '3',
  NODMELD_AMK_TRACK_MINUTES: '30',
};

describe.each(dbKinds())('AMK picture on %s (issue 14)', (kind) => {
  let t: RoutingTestApp;
  let api: ReturnType<typeof amkApi>;
  const clock = new SimClock({ start: START });
  const tok: Record<string, string> = {};
  const at = (offsetS: number) => new Date(clock.nowMs() + offsetS * 1000).toISOString();

  beforeAll(async () => {
    t = await createRoutingTestApp({
      kind,
      clock,
      more: [readinessModule, callsModule, amkModule],
      env: ENV,
    });
    api = amkApi(t);
    const centre = (id: string) => ({ level: 'centre' as const, id });
    tok.leaderBergen = await t.tokenWith([{ role: 'centre-leader', scope: centre('amk-bergen') }]);
    tok.leaderOslo = await t.tokenWith([{ role: 'centre-leader', scope: centre('amk-oslo') }]);
    tok.bergen = await t.tokenWith([{ role: 'amk-operator', scope: { level: 'area', id: 'amk-bergen' } }]);
    tok.trondheim = await t.tokenWith([{ role: 'amk-operator', scope: centre('amk-trondheim') }]);
    tok.oslo = await t.tokenWith([{ role: 'amk-operator', scope: centre('amk-oslo') }]);
    tok.lvBergen = await t.tokenWith([{ role: 'operator', scope: centre('lv-bergen') }]);
    tok.operations = await t.tokenWith([{ role: 'operations', scope: { level: 'national' } }]);
  });
  afterAll(async () => {
    await t?.close();
    clock.dispose();
  });

  const register = async (overrides: Record<string, unknown> = {}, token = tok.leaderBergen!) => {
    const r = await api.post('/resources', token, resourceBody(overrides));
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string; issi: string; callSign: string; revision: number }>();
  };
  const status = (id: string, s: string, token = tok.bergen!) =>
    api.post(`/resources/${id}/status`, token, { status: s });
  const audit = async (entityId: string) =>
    (
      await t.db.query<{ action: string; centre_id: string | null }>(
        'SELECT action, centre_id FROM audit_events WHERE entity_id = $1 ORDER BY id',
        [entityId],
      )
    ).rows;
  const events = async (type: string, key: string, id: string) =>
    (
      await t.db.query<{ scope_kind: string; scope_id: string | null; payload: Record<string, unknown> }>(
        `SELECT scope_kind, scope_id, payload FROM events WHERE type = $1 AND payload->>'${key}' = $2 ORDER BY position`,
        [type, id],
      )
    ).rows;

  describe('resources (NN-5, AMK-2)', () => {
    it('a leader of the AMK registers a unit: audited and announced to the AMK; others may not', async () => {
      const car = await register();
      expect(await audit(car.id)).toEqual([{ action: 'amk.resource.created', centre_id: 'amk-bergen' }]);
      expect(await events('amk.resource.changed', 'resourceId', car.id)).toMatchObject([
        { scope_kind: 'amk', scope_id: 'amk-bergen', payload: { change: 'created', status: 'available' } },
      ]);
      expect((await api.post('/resources', tok.bergen!, resourceBody())).statusCode).toBe(403);
      expect((await api.post('/resources', tok.leaderOslo!, resourceBody())).statusCode).toBe(403);
      // The ISSI is unique; the AMK must exist; only a first-responder group names an agency.
      expect(
        (await api.post('/resources', tok.leaderBergen!, resourceBody({ issi: car.issi }))).statusCode,
      ).toBe(409);
      const badAmk = await api.post('/resources', tok.operations!, resourceBody({ amkId: 'amk-nowhere' }));
      expect(badAmk.statusCode).toBe(422);
      expect(badAmk.json()).toMatchObject({ detailCode: 'amk.resource.unknown-amk' });
      const group = await api.post(
        '/resources',
        tok.leaderBergen!,
        resourceBody({ kind: 'first-responder' }),
      );
      expect(group.json()).toMatchObject({ detailCode: 'amk.resource.agency-mismatch' });
      await register({ kind: 'first-responder', agency: 'fire' });
    });

    it('status changes follow the transition table, with a timeline; illegal ones are refused', async () => {
      const car = await register();
      expect((await status(car.id, 'out-of-service')).json()).toMatchObject({ status: 'out-of-service' });
      const illegal = await status(car.id, 'at-scene');
      expect(illegal.statusCode).toBe(409);
      expect(illegal.json()).toMatchObject({
        detailCode: 'amk.status.transition',
        detailParams: { from: 'out-of-service', to: 'at-scene' },
      });
      expect((await status(car.id, 'dispatched')).json()).toMatchObject({
        detailCode: 'amk.status.dispatch-from-mission',
      });
      expect((await status(car.id, 'available')).statusCode).toBe(200);
      expect((await status(car.id, 'out-of-service', tok.oslo)).statusCode).toBe(404);
      expect((await status(car.id, 'out-of-service', tok.lvBergen)).statusCode).toBe(403);
      const detail = (await api.get(`/resources/${car.id}`, tok.bergen!)).json();
      expect(detail.timeline.map((s: { to: string }) => s.to)).toEqual([
        'available',
        'out-of-service',
        'available',
      ]);
      expect((await audit(car.id)).map((a) => a.action)).toEqual([
        'amk.resource.created',
        'amk.resource.status-changed',
        'amk.resource.status-changed',
      ]);
      // Register data change on its revision.
      const put = await api.put(`/resources/${car.id}`, tok.leaderBergen!, {
        ...resourceBody({ callSign: car.callSign, issi: car.issi }),
        station: { name: 'Os ambulansestasjon', lat: 60.19, lon: 5.47 },
        revision: detail.revision,
      });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json()).toMatchObject({ station: { name: 'Os ambulansestasjon' }, status: 'available' });
      const stale = await api.put(`/resources/${car.id}`, tok.leaderBergen!, {
        ...resourceBody({ callSign: car.callSign, issi: car.issi }),
        revision: detail.revision,
      });
      expect(stale.statusCode).toBe(409);
    });

    it('an AMK sees its own resources and its neighbours’ available ones only', async () => {
      const free = await register();
      const off = await register();
      await status(off.id, 'out-of-service');
      const trondheimCar = await register({ amkId: 'amk-trondheim' }, tok.operations);
      const bergen = (await api.get('/resources', tok.bergen!)).json();
      const ownIds = bergen.own.map((r: { id: string }) => r.id);
      expect(ownIds).toEqual(expect.arrayContaining([free.id, off.id]));
      expect(ownIds).not.toContain(trondheimCar.id);
      expect(bergen.neighbours.map((r: { id: string }) => r.id)).toContain(trondheimCar.id);
      expect(bergen.neighbourAmkIds).toEqual(['amk-trondheim']);
      expect(bergen.counts.own['out-of-service']).toBeGreaterThanOrEqual(1);
      const trondheim = (await api.get('/resources', tok.trondheim!)).json();
      const seen = trondheim.neighbours.map((r: { id: string }) => r.id);
      expect(seen).toContain(free.id);
      expect(seen).not.toContain(off.id);
      expect((await api.get(`/resources/${free.id}`, tok.trondheim!)).statusCode).toBe(200);
      expect((await api.get(`/resources/${off.id}`, tok.trondheim!)).statusCode).toBe(404);
      const oslo = (await api.get('/resources', tok.oslo!)).json();
      expect([...oslo.own, ...oslo.neighbours].map((r: { id: string }) => r.id)).not.toContain(free.id);
      expect((await api.get(`/resources/${free.id}`, tok.oslo!)).statusCode).toBe(404);
      expect((await api.get('/resources', tok.lvBergen!)).statusCode).toBe(403);
    });

    it('a neighbour is told when a unit joins or leaves the available ones it may see, and on a move (NN-5)', async () => {
      const told = async (id: string) =>
        (await events('amk.neighbour-unit.changed', 'resourceId', id)).map((e) => [
          e.scope_id,
          e.payload.available,
        ]);
      const car = await register();
      expect(await told(car.id)).toEqual([['amk-trondheim', true]]);
      await status(car.id, 'out-of-service');
      expect((await told(car.id)).at(-1)).toEqual(['amk-trondheim', false]);
      await status(car.id, 'available');
      expect((await told(car.id)).at(-1)).toEqual(['amk-trondheim', true]);
      // Only the neighbours are told: Bergen's own operators hear `amk.resource.changed`.
      expect(new Set((await told(car.id)).map(([scope]) => scope))).toEqual(new Set(['amk-trondheim']));
      // Moved to Trondheim: Bergen (which lost it) and Trondheim's neighbours are told.
      const detail = (await api.get(`/resources/${car.id}`, tok.leaderBergen!)).json();
      const moved = await api.put(`/resources/${car.id}`, tok.operations!, {
        ...resourceBody({ callSign: car.callSign, issi: car.issi, amkId: 'amk-trondheim' }),
        revision: detail.revision,
      });
      expect(moved.statusCode, moved.body).toBe(200);
      const last = (await events('amk.neighbour-unit.changed', 'resourceId', car.id)).slice(-1);
      expect(last.map((e) => e.scope_id)).toEqual(['amk-bergen']);
      expect(last[0]!.payload).toMatchObject({
        amkId: 'amk-trondheim',
        toAmkId: 'amk-bergen',
        available: true,
      });
    });

    it('the crew on duty comes from the roster; a crew that breaks §11 is flagged (CMP-3)', async () => {
      const a = readinessApi(t);
      const station = await buildUnit(a);
      const p1 = await buildPerson(a, station.id);
      const p2 = await buildPerson(a, station.id);
      const rosterId = '00000000-0000-4000-8000-0000000a0001';
      await t.db.query(
        `INSERT INTO readiness_rosters (id, unit_id, week_start, source) VALUES ($1, $2, '2026-03-02', 'api')`,
        [rosterId, station.id],
      );
      const unitId = `${station.id}-car-1`;
      for (const [i, [p, role]] of [
        [p1.id, 'driver'],
        [p2.id, 'crew'],
      ].entries())
        await t.db.query(
          `INSERT INTO readiness_roster_shifts (id, roster_id, shift_no, shift_unit_id, shift_unit_kind, start_at, end_at, person_ref, person_id, role)
           VALUES ($1, $2, 1, $3, 'ambulance-car', $4, $5, $6::text, $6::uuid, $7)`,
          [`00000000-0000-4000-8000-0000000b000${i}`, rosterId, unitId, at(-3600), at(8 * 3600), p, role],
        );
      const car = await register({ rosterUnitId: unitId });
      const detail = (await api.get(`/resources/${car.id}`, tok.bergen!)).json();
      expect(detail.crew.crew.map((c: { personId: string }) => c.personId).sort()).toEqual(
        [p1.id, p2.id].sort(),
      );
      expect(detail.crewFlagged).toBe(true);
      expect(detail.crew.violations.some((v: { paragraph: string }) => v.paragraph.startsWith('§11'))).toBe(
        true,
      );
      const list = (await api.get('/resources', tok.bergen!)).json();
      expect(list.own.find((r: { id: string }) => r.id === car.id).crewFlagged).toBe(true);
      expect(list.counts.crewFlagged).toBeGreaterThanOrEqual(1);
      // A neighbour sees the unit, not its crew.
      const seen = (await api.get(`/resources/${car.id}`, tok.trondheim!)).json();
      expect(seen.crew).toBeNull();
    });
  });

  describe('positions (NN-4)', () => {
    it('a batch is idempotent; late reports are kept for the track but the latest wins', async () => {
      const car = await register();
      const report = (offsetS: number, lat: number) => ({
        issi: car.issi,
        observedAt: at(offsetS),
        lat,
        lon: 5.33,
        errorMetres: 10,
        speedKmh: 60,
        headingDeg: 90,
        source: 'json',
      });
      const first = await api.post('/positions', t.apiToken, {
        positions: [report(-20, 60.38), report(-10, 60.385)],
      });
      expect(first.json()).toEqual({ recorded: 2, duplicates: 0, rejected: 0, latestChanged: 1 });
      const again = await api.post('/positions', t.apiToken, {
        positions: [report(-10, 60.385), report(-30, 60.37)],
      });
      expect(again.json()).toEqual({ recorded: 1, duplicates: 1, rejected: 0, latestChanged: 0 });
      const d = (await api.get(`/resources/${car.id}`, tok.bergen!)).json();
      expect(d.position).toMatchObject({ lat: 60.385, stale: false, observedAt: at(-10) });
      expect(d.track.map((p: { lat: number }) => p.lat)).toEqual([60.37, 60.38, 60.385]);
      // The list carries every own unit's track too (one read for the map), with its limits.
      const list = (await api.get('/resources', tok.bergen!)).json();
      expect(list.tracks[car.id].map((p: { lat: number }) => p.lat)).toEqual([60.37, 60.38, 60.385]);
      expect(list.trackLimits).toEqual({ points: 3, minutes: 30 });
      expect(list.staleAfterMs).toBe(300_000);
      expect(await events('amk.positions.recorded', 'amkId', 'amk-bergen')).not.toHaveLength(0);
      // Bad input: refused whole at the edge; the use case rejects (counts) what the adapter sends wrong.
      const bad = await api.post('/positions', t.apiToken, { positions: [{ ...report(0, 91) }] });
      expect(bad.statusCode).toBe(400);
      const r = await t.use(amkModule).recordPositions(SYSTEM_ACTOR, [
        { ...report(-5, 60.39), source: 'lip' },
        { ...report(-4, 95), source: 'lip' },
      ]);
      expect(r).toMatchObject({ recorded: 1, rejected: 1, latestChanged: 1 });
      expect((await api.post('/positions', tok.bergen!, { positions: [report(0, 60)] })).statusCode).toBe(
        403,
      );
      // Older than the configured age: stale.
      clock.advance(400_000);
      expect((await api.get(`/resources/${car.id}`, tok.bergen!)).json().position.stale).toBe(true);
    });
  });

  describe('safety alarms (NN-4)', () => {
    it('reaches the AMK at once, escalates unacknowledged (simulated clock), is acknowledged once', async () => {
      const car = await register();
      await t.use(amkModule).recordPositions(SYSTEM_ACTOR, [
        {
          issi: car.issi,
          observedAt: at(-5),
          lat: 60.39,
          lon: 5.32,
          errorMetres: 5,
          speedKmh: 0,
          headingDeg: null,
          source: 'lip',
        },
      ]);
      const raised = await api.post('/alarms', t.apiToken, {
        issi: car.issi,
        observedAt: at(0),
        source: 'lip',
      });
      expect(raised.statusCode, raised.body).toBe(201);
      const alarm = raised.json();
      expect(alarm).toMatchObject({
        amkId: 'amk-bergen',
        resourceId: car.id,
        callSign: car.callSign,
        level: 'amk',
        audience: ['amk-bergen'],
        position: { lat: 60.39 },
        acknowledgedAt: null,
      });
      expect(alarm.track).toHaveLength(1);
      const pushed = await events('amk.safety-alarm.changed', 'alarmId', alarm.id);
      expect(pushed).toMatchObject([
        { scope_kind: 'amk', scope_id: 'amk-bergen', payload: { change: 'raised', callSign: car.callSign } },
      ]);
      // The same alarm again (a retry) is the same alarm.
      const again = await api.post('/alarms', t.apiToken, {
        issi: car.issi,
        observedAt: at(0),
        source: 'lip',
      });
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(alarm.id);

      const escalate = () => t.use(amkModule).escalateDueAlarms();
      clock.advance(29_000);
      expect(await escalate()).toBe(0);
      clock.advance(2_000);
      expect(await escalate()).toBe(1);
      expect((await api.get(`/alarms/${alarm.id}`, tok.bergen!)).json()).toMatchObject({
        level: 'all-operators',
      });
      expect((await api.get(`/alarms/${alarm.id}`, tok.trondheim!)).statusCode).toBe(404);
      clock.advance(60_000);
      expect(await escalate()).toBe(1);
      const atNeighbours = (await api.get(`/alarms/${alarm.id}`, tok.trondheim!)).json();
      expect(atNeighbours).toMatchObject({ level: 'neighbours', audience: ['amk-bergen', 'amk-trondheim'] });
      expect(
        (await api.get('/alarms', tok.trondheim!)).json().items.map((a: { id: string }) => a.id),
      ).toContain(alarm.id);
      expect((await api.get(`/alarms/${alarm.id}`, tok.oslo!)).statusCode).toBe(404);
      expect((await api.post(`/alarms/${alarm.id}/acknowledge`, tok.oslo!)).statusCode).toBe(404);

      const ack = await api.post(`/alarms/${alarm.id}/acknowledge`, tok.trondheim!);
      expect(ack.statusCode, ack.body).toBe(200);
      expect(ack.json()).toMatchObject({ escalateAt: null });
      expect(ack.json().steps.map((s: { kind: string; level: string }) => `${s.kind}:${s.level}`)).toEqual([
        'raised:amk',
        'escalated:all-operators',
        'escalated:neighbours',
        'acknowledged:neighbours',
      ]);
      const twice = await api.post(`/alarms/${alarm.id}/acknowledge`, tok.bergen!);
      expect(twice.statusCode).toBe(409);
      expect(twice.json()).toMatchObject({ detailCode: 'amk.alarm.already-acknowledged' });
      clock.advance(600_000);
      expect(await escalate()).toBe(0);
      expect((await audit(alarm.id)).map((a) => `${a.action}@${a.centre_id}`)).toEqual([
        'amk.safety-alarm.raised@amk-bergen',
        'amk.safety-alarm.escalated@amk-bergen',
        'amk.safety-alarm.escalated@amk-bergen',
        'amk.safety-alarm.escalated@amk-trondheim',
        'amk.safety-alarm.acknowledged@amk-bergen',
        'amk.safety-alarm.acknowledged@amk-trondheim',
      ]);
    });

    it('an unknown terminal reaches the AMK of the area it is in, else the operations centre — never dropped', async () => {
      const stray = newIssi();
      await t.use(amkModule).recordPositions(SYSTEM_ACTOR, [
        {
          issi: stray,
          observedAt: at(-2),
          ...PLACES.askoy,
          errorMetres: null,
          speedKmh: null,
          headingDeg: null,
          source: 'lip',
        },
      ]);
      const inArea = (await api.post('/alarms', t.apiToken, { issi: stray, observedAt: at(0) })).json();
      expect(inArea).toMatchObject({ amkId: 'amk-bergen', resourceId: null, crew: [] });
      const nowhere = (await api.post('/alarms', t.apiToken, { issi: newIssi(), observedAt: at(0) })).json();
      expect(nowhere).toMatchObject({ amkId: null, audience: [], escalateAt: null, position: null });
      expect(await events('amk.safety-alarm.changed', 'alarmId', nowhere.id)).toMatchObject([
        { scope_kind: 'national', scope_id: null },
      ]);
      expect((await api.get(`/alarms/${nowhere.id}`, tok.bergen!)).statusCode).toBe(404);
      expect((await api.post(`/alarms/${nowhere.id}/acknowledge`, tok.bergen!)).statusCode).toBe(404);
      expect((await api.post(`/alarms/${nowhere.id}/acknowledge`, tok.operations!)).statusCode).toBe(200);
    });
  });

  describe('missions (AMK-2)', () => {
    it('from creation through dispatch, scene, transport and handover to close, with suggestions', async () => {
      const near = await register({ station: { name: 'Bergen sentrum', lat: 60.39, lon: 5.32 } });
      const far = await register({ station: { name: 'Voss', lat: 60.63, lon: 6.41 } });
      const created = await api.post('/missions', tok.bergen!, { urgency: 'akutt', ...PLACES.bergen });
      expect(created.statusCode, created.body).toBe(201);
      const m = created.json();
      expect(m).toMatchObject({ amkId: 'amk-bergen', state: 'open', urgency: 'akutt', units: [] });
      const suggestions = (await api.get(`/missions/${m.id}/suggestions?limit=50`, tok.bergen!)).json()
        .suggestions;
      const order = suggestions.map((s: { resourceId: string }) => s.resourceId);
      expect(order.indexOf(near.id)).toBeLessThan(order.indexOf(far.id));
      expect(suggestions.find((s: { resourceId: string }) => s.resourceId === near.id)).toMatchObject({
        from: 'station',
        neighbour: false,
      });

      const dispatched = await api.post(`/missions/${m.id}/dispatch`, tok.bergen!, { resourceId: near.id });
      expect(dispatched.statusCode, dispatched.body).toBe(200);
      expect(dispatched.json().units).toMatchObject([
        { resourceId: near.id, status: 'dispatched', onMission: true },
      ]);
      const busy = await api.post(`/missions/${m.id}/dispatch`, tok.bergen!, { resourceId: near.id });
      expect(busy.statusCode).toBe(409);
      for (const s of ['en-route', 'at-scene', 'transporting'])
        expect((await status(near.id, s)).statusCode).toBe(200);
      const early = await api.post(`/missions/${m.id}/close`, tok.bergen!);
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ detailCode: 'amk.mission.unit-busy' });
      const handover = await api.post(`/missions/${m.id}/handover`, tok.bergen!, {
        resourceId: near.id,
        hospital: 'Haukeland universitetssjukehus',
      });
      expect(handover.statusCode, handover.body).toBe(200);
      const closed = await api.post(`/missions/${m.id}/close`, tok.bergen!);
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json()).toMatchObject({
        state: 'closed',
        units: [{ status: 'available', onMission: false }],
      });
      const detail = (await api.get(`/missions/${m.id}`, tok.bergen!)).json();
      expect(detail.timeline.map((e: { kind: string; status: string | null }) => e.status ?? e.kind)).toEqual(
        [
          'created',
          'dispatched',
          'en-route',
          'at-scene',
          'transporting',
          'at-hospital',
          'available',
          'closed',
        ],
      );
      expect(detail.timeline.find((e: { kind: string }) => e.kind === 'handover').hospital).toBe(
        'Haukeland universitetssjukehus',
      );
      expect((await audit(m.id)).map((a) => a.action)).toContain('amk.mission.read');
      expect(
        (await api.post(`/missions/${m.id}/dispatch`, tok.bergen!, { resourceId: far.id })).statusCode,
      ).toBe(409);
    });

    it('a neighbour’s unit serves a mission: both AMKs follow it, others do not', async () => {
      const trondheimCar = await register(
        { amkId: 'amk-trondheim', station: { name: 'Oppdal', lat: 62.59, lon: 9.69 } },
        tok.operations,
      );
      const osloCar = await register({ amkId: 'amk-oslo' }, tok.operations);
      const m = (
        await api.post('/missions', tok.bergen!, { urgency: 'haster', lat: 60.3913, lon: 5.3221 })
      ).json();
      expect(m.location.municipality).toBe('4601');
      const suggested = (await api.get(`/missions/${m.id}/suggestions?limit=50`, tok.bergen!)).json()
        .suggestions;
      expect(suggested.find((s: { resourceId: string }) => s.resourceId === trondheimCar.id)).toMatchObject({
        neighbour: true,
      });
      expect(suggested.map((s: { resourceId: string }) => s.resourceId)).not.toContain(osloCar.id);
      const refused = await api.post(`/missions/${m.id}/dispatch`, tok.bergen!, { resourceId: osloCar.id });
      expect(refused.json()).toMatchObject({ detailCode: 'amk.mission.unit-out-of-reach' });
      const d = await api.post(`/missions/${m.id}/dispatch`, tok.bergen!, { resourceId: trondheimCar.id });
      expect(d.json().amkIds).toEqual(['amk-bergen', 'amk-trondheim']);
      const trondheimList = (await api.get('/missions?state=open', tok.trondheim!)).json();
      expect(trondheimList.items.map((x: { id: string }) => x.id)).toContain(m.id);
      expect(trondheimList.counts.crossBorder).toBeGreaterThanOrEqual(1);
      expect((await api.get(`/missions/${m.id}`, tok.trondheim!)).statusCode).toBe(200);
      expect(await events('amk.mission.changed', 'missionId', m.id)).toEqual(
        expect.arrayContaining([expect.objectContaining({ scope_id: 'amk-trondheim' })]),
      );
      expect(
        (await api.get('/missions', tok.oslo!)).json().items.map((x: { id: string }) => x.id),
      ).not.toContain(m.id);
      expect((await api.get(`/missions/${m.id}`, tok.oslo!)).statusCode).toBe(404);
      // Trondheim's operator runs its own unit's status; it cannot close Bergen's mission.
      expect((await status(trondheimCar.id, 'en-route', tok.trondheim)).statusCode).toBe(200);
      expect((await api.post(`/missions/${m.id}/close`, tok.trondheim!)).statusCode).toBe(404);
    });

    it('a mission from a 113 call the AMK answered; another AMK’s call is not one to start from', async () => {
      const calls = t.use(callsModule);
      const own = `amk-call-${Math.random().toString(36).slice(2, 8)}`;
      const foreign = `amk-call-${Math.random().toString(36).slice(2, 8)}`;
      await calls.record(
        scriptCallEvents({
          callId: own,
          calledNumber: '113',
          centreId: 'amk-bergen',
          offeredAt: clock.nowMs() - 60_000,
          answerMs: 4_000,
        }),
      );
      await calls.record(
        scriptCallEvents({
          callId: foreign,
          calledNumber: '113',
          centreId: 'amk-oslo',
          offeredAt: clock.nowMs() - 60_000,
          answerMs: 4_000,
        }),
      );
      const created = await api.post('/missions', tok.bergen!, {
        urgency: 'akutt',
        callId: own,
        ...PLACES.askoy,
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({
        callId: own,
        location: { municipality: '4627' },
        amkId: 'amk-bergen',
      });
      const refused = await api.post('/missions', tok.bergen!, {
        urgency: 'akutt',
        callId: foreign,
        ...PLACES.bergen,
      });
      expect(refused.json()).toMatchObject({ detailCode: 'amk.mission.unknown-call' });
    });

    it('refuses a location outside the caller’s areas, and a call it cannot read', async () => {
      const outside = await api.post('/missions', tok.bergen!, { urgency: 'vanlig', ...PLACES.trondheim });
      expect(outside.statusCode).toBe(403);
      expect(outside.json()).toMatchObject({ detailCode: 'amk.mission.outside-area' });
      const sea = await api.post('/missions', tok.bergen!, { urgency: 'vanlig', lat: 66, lon: 0 });
      expect(sea.json()).toMatchObject({ detailCode: 'amk.mission.no-amk-area' });
      const call = await api.post('/missions', tok.bergen!, {
        urgency: 'akutt',
        callId: 'no-such-call',
        ...PLACES.bergen,
      });
      expect(call.json()).toMatchObject({ detailCode: 'amk.mission.unknown-call' });
    });
  });

  describe('triple alert (AMK-3)', () => {
    it('alerts police, fire, the affected AMK and the rescue centre at once; acknowledgements with their time; the missing ones visible', async () => {
      const raised = await api.post('/triple-alerts', tok.bergen!, {
        ...PLACES.bergen,
        affectedAmkIds: ['amk-trondheim'],
        rescueCoordination: true,
      });
      expect(raised.statusCode, raised.body).toBe(201);
      const a = raised.json();
      expect(a.recipients.map((r: { recipient: string }) => r.recipient)).toEqual([
        'police',
        'fire',
        'amk:amk-trondheim',
        'rescue-coordination',
      ]);
      expect(a.missing).toHaveLength(4);
      const ack = (token: string, recipient: string) =>
        api.post(`/triple-alerts/${a.id}/acknowledge`, token, { recipient });
      expect((await ack(tok.trondheim!, 'amk:amk-trondheim')).statusCode).toBe(200);
      const notYours = await ack(tok.trondheim!, 'police');
      expect(notYours.statusCode).toBe(403);
      expect(notYours.json()).toMatchObject({ detailCode: 'amk.triple-alert.not-yours' });
      expect((await ack(tok.bergen!, 'police')).statusCode).toBe(200);
      const fire = await ack(t.apiToken, 'fire');
      expect(fire.statusCode, fire.body).toBe(200);
      expect(fire.json().missing).toEqual(['rescue-coordination']);
      expect(fire.json().recipients[0]).toMatchObject({
        recipient: 'police',
        acknowledgedAt: clock.now().toISOString(),
      });
      expect((await ack(tok.bergen!, 'police')).json()).toMatchObject({
        detailCode: 'amk.triple-alert.already-acknowledged',
      });
      expect((await ack(tok.bergen!, 'coast-guard')).json()).toMatchObject({
        detailCode: 'amk.triple-alert.unknown-recipient',
      });
      expect((await api.get(`/triple-alerts/${a.id}`, tok.oslo!)).statusCode).toBe(404);
      expect((await ack(tok.oslo!, 'amk:amk-trondheim')).statusCode).toBe(404);
      const list = (await api.get('/triple-alerts', tok.trondheim!)).json();
      expect(list.items.map((x: { id: string }) => x.id)).toContain(a.id);
      expect(list.counts.incomplete).toBeGreaterThanOrEqual(1);
      // Delivery over Nødnett has its own test (alert-delivery.int.test.ts); no network in this app.
      const steps = (await audit(a.id)).filter((x) => !x.action.endsWith('.delivery'));
      expect(steps.map((x) => `${x.action}@${x.centre_id}`)).toEqual([
        'amk.triple-alert.raised@amk-bergen',
        'amk.triple-alert.raised@amk-trondheim',
        'amk.triple-alert.acknowledged@amk-bergen',
        'amk.triple-alert.acknowledged@amk-trondheim',
        'amk.triple-alert.acknowledged@amk-bergen',
        'amk.triple-alert.acknowledged@amk-trondheim',
        'amk.triple-alert.acknowledged@amk-bergen',
        'amk.triple-alert.acknowledged@amk-trondheim',
      ]);
      const changes = await events('amk.triple-alert.changed', 'alertId', a.id);
      expect(changes.filter((e) => e.payload.change !== 'delivery')).toHaveLength(8);
    });

    it('for a mission: the AMKs of its units are affected by themselves; outside the caller’s area refused', async () => {
      const unit = await register({ amkId: 'amk-trondheim' }, tok.operations);
      const m = (await api.post('/missions', tok.bergen!, { urgency: 'akutt', ...PLACES.bergen })).json();
      await api.post(`/missions/${m.id}/dispatch`, tok.bergen!, { resourceId: unit.id });
      const a = (await api.post('/triple-alerts', tok.bergen!, { missionId: m.id })).json();
      expect(a).toMatchObject({ missionId: m.id, amkId: 'amk-bergen' });
      expect(a.missing).toEqual(['police', 'fire', 'amk:amk-trondheim']);
      // The mission's page asks for its own alerts only, however many others there are.
      await api.post('/triple-alerts', tok.bergen!, { ...PLACES.bergen });
      const ofMission = (await api.get(`/triple-alerts?missionId=${m.id}`, tok.trondheim!)).json();
      expect(ofMission.items.map((x: { id: string }) => x.id)).toEqual([a.id]);
      const ofNone = (await api.get(`/triple-alerts?missionId=${randomUUID()}`, tok.bergen!)).json();
      expect(ofNone).toMatchObject({ items: [], total: 0 });
      expect((await api.get('/triple-alerts?missionId=nope', tok.bergen!)).statusCode).toBe(400);
      const outside = await api.post('/triple-alerts', tok.trondheim!, { missionId: m.id });
      expect(outside.statusCode).toBe(403);
      const noPlace = await api.post('/triple-alerts', tok.bergen!, {});
      expect(noPlace.json()).toMatchObject({ detailCode: 'amk.triple-alert.no-place' });
    });
  });

  describe('first responders (NN-6)', () => {
    it('alerts the groups near a mission; who accepts joins it, arrives at the scene; who declines is shown', async () => {
      const fire = await register({
        kind: 'first-responder',
        agency: 'fire',
        station: { name: 'Bergen brannstasjon', lat: 60.395, lon: 5.33 },
      });
      const police = await register({
        kind: 'first-responder',
        agency: 'police',
        station: { name: 'Bergen politistasjon', lat: 60.39, lon: 5.32 },
      });
      const far = await register({
        kind: 'first-responder',
        agency: 'volunteer',
        station: { name: 'Florø', lat: 61.6, lon: 5.03 },
      });
      const m = (await api.post('/missions', tok.bergen!, { urgency: 'akutt', ...PLACES.bergen })).json();
      const alerted = await api.post(`/missions/${m.id}/first-responders`, tok.bergen!, { radiusKm: 20 });
      expect(alerted.statusCode, alerted.body).toBe(200);
      const groups = alerted.json().alerts.map((a: { resourceId: string }) => a.resourceId);
      expect(groups).toEqual(expect.arrayContaining([fire.id, police.id]));
      expect(groups).not.toContain(far.id);
      const again = (
        await api.post(`/missions/${m.id}/first-responders`, tok.bergen!, { radiusKm: 20 })
      ).json();
      expect(again.alerts).toHaveLength(groups.length);
      const alertOf = (id: string) =>
        alerted.json().alerts.find((a: { resourceId: string }) => a.resourceId === id).id as string;
      const answer = (alertId: string, a: string, token = t.apiToken) =>
        api.post(`/first-responder-alerts/${alertId}/answer`, token, { answer: a });
      expect((await answer(alertOf(fire.id), 'accepted')).statusCode).toBe(200);
      expect((await answer(alertOf(police.id), 'declined', tok.bergen)).statusCode).toBe(200);
      expect((await answer(alertOf(police.id), 'arrived')).json()).toMatchObject({
        detailCode: 'amk.first-responder.answer',
      });
      expect((await answer(alertOf(fire.id), 'accepted', tok.oslo)).statusCode).toBe(404);
      const arrived = await answer(alertOf(fire.id), 'arrived');
      expect(arrived.statusCode, arrived.body).toBe(200);
      const fireAlert = arrived.json().alerts.find((a: { resourceId: string }) => a.resourceId === fire.id);
      expect(fireAlert).toMatchObject({
        answer: 'accepted',
        status: 'at-scene',
        arrivedAt: clock.now().toISOString(),
      });
      expect(arrived.json().counts).toMatchObject({ accepted: 1, declined: 1, arrived: 1 });
      const mission = (await api.get(`/missions/${m.id}`, tok.bergen!)).json();
      expect(mission.units).toEqual([
        expect.objectContaining({ resourceId: fire.id, status: 'at-scene', onMission: true }),
      ]);
      expect((await api.get(`/missions/${m.id}/first-responders`, tok.oslo!)).statusCode).toBe(404);
      expect((await audit(m.id)).map((a) => a.action)).toEqual(
        expect.arrayContaining([
          'amk.first-responder.alerted',
          'amk.first-responder.accepted',
          'amk.first-responder.arrived',
        ]),
      );
    });
  });
});
