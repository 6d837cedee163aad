/**
 * The national live service level (issue 11: the wall-board and the map) on PGlite and
 * PostgreSQL: every centre of the routing data with its last hour and today, counted by the same
 * function as a console's per-centre read (one truth: equal figures for the same data at the same
 * instant), its queue and longest wait, and where its calls go now — a re-routed and an
 * unavailable centre marked at once; who may read it (aggregate counts: the operations centre,
 * leaders, operators, AMK, administrators; not auditors, readiness administrators or integrations).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { dbKinds } from '../../platform/db/testing.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../../routing/testing-app.ts';
import { callsModule } from '../module.ts';
import { scriptCallEvents, type CallScript } from '../testing/call-events.ts';
import {
  liveWindow,
  readNationalServiceLevel,
  runtimeDirectory,
  type NationalServiceLevel,
} from './read-national.ts';
import { readServiceLevel } from './read-queue.ts';

let serial = 0;
const URL = '/api/v1/calls/service-level/national';

describe.each(dbKinds())('the national live service level on %s (issue 11)', (kind) => {
  let t: RoutingTestApp;
  const ids: string[] = [];
  const record = async (s: Omit<CallScript, 'callId'>) => {
    const callId = `national-${Date.now().toString(36)}-${++serial}`;
    ids.push(callId);
    const events = scriptCallEvents({ callId, menuMs: 5_000, ...s });
    expect(await t.use(callsModule).record(events)).not.toContainEqual(
      expect.objectContaining({ outcome: 'refused' }),
    );
  };
  const get = (token: string | null) =>
    t.app.inject({
      method: 'GET',
      url: URL,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    t = await createRoutingTestApp({ kind, more: [callsModule] });
    const ago = (ms: number) => Date.now() - ms;
    const lv = (centreId: string, municipality: string) => ({ centreId, municipality });
    // Oslo: within 2 minutes (10 s, exactly 120 s), after (121 s), lost while ringing, one waiting.
    for (const answerMs of [10_000, 120_000, 121_000])
      await record({ ...lv('lv-oslo', '0301'), offeredAt: ago(900_000), answerMs, talkMs: 30_000 });
    await record({ ...lv('lv-oslo', '0301'), offeredAt: ago(900_000), abandonAfterMs: 40_000 });
    await record({ ...lv('lv-oslo', '0301'), offeredAt: ago(200_000) });
    // Bergen: one answered quickly, in progress (answered, not ended: counted).
    await record({ ...lv('lv-bergen', '4601'), offeredAt: ago(600_000), answerMs: 5_000 });
    // AMK Oslo (113): 8 s within 10 seconds, 11 s not (AMK-1).
    for (const answerMs of [8_000, 11_000])
      await record({
        calledNumber: '113',
        centreId: 'amk-oslo',
        offeredAt: ago(500_000),
        answerMs,
        talkMs: 60_000,
      });
  });
  afterAll(async () => t?.close());

  it('every centre’s figures equal its own read at the same instant: one truth (LV-4, AMK-1)', async () => {
    const now = Date.now();
    const national = await readNationalServiceLevel(t.db, runtimeDirectory(t.routing.runtime), () => now);
    const data = t.routing.runtime.current().data;
    expect(national.dataVersion).toBe(t.routing.runtime.current().version);
    expect(national.centres.map((c) => c.centreId).sort()).toEqual(
      [...data.centres.map((c) => c.id), ...data.amkCentres.map((a) => a.id)].sort(),
    );
    for (const c of national.centres) {
      const own = await readServiceLevel(t.db, c.centreId, c.service, now);
      expect({ centre: c.centreId, lastHour: c.lastHour, today: c.today }).toEqual({
        centre: c.centreId,
        lastHour: liveWindow(own.lastHour, c.service),
        today: liveWindow(own.today, c.service),
      });
      expect(c).toMatchObject({
        requiredShare: own.requiredShare,
        thresholdMs: own.thresholdMs,
        waiting: own.waiting,
        longestWaitMs: own.longestWaitMs,
      });
    }
    const of = (id: string) => national.centres.find((c) => c.centreId === id)!;
    expect(of('lv-oslo')).toMatchObject({
      service: 'legevakt',
      requiredShare: 0.8,
      thresholdMs: 120_000,
      lastHour: { calls: 4, answered: 3, unanswered: 1, withinLimit: 2, share: 0.5, met: false },
      waiting: 1,
    });
    expect(of('lv-oslo').longestWaitMs).toBeGreaterThanOrEqual(195_000);
    expect(of('lv-bergen').lastHour).toMatchObject({ calls: 1, withinLimit: 1, share: 1, met: true });
    expect(of('amk-oslo')).toMatchObject({
      service: 'amk',
      requiredShare: 0.9,
      thresholdMs: 10_000,
      lastHour: { calls: 2, withinLimit: 1, share: 0.5, met: false },
      routing: null,
    });
    // A centre without calls: zero, and no share to meet or miss.
    expect(of('lv-sogndal')).toMatchObject({
      lastHour: { calls: 0, withinLimit: 0, share: null, met: null },
      waiting: 0,
      longestWaitMs: null,
    });
  });

  it('over HTTP: the same counts as the per-centre read, and nothing of a call (no ids, no numbers)', async () => {
    const operator = await t.tokenFor('operator', 'lv-bergen');
    const r = await get(operator);
    expect(r.statusCode).toBe(200);
    const body = r.json<NationalServiceLevel>();
    for (const centre of ['lv-oslo', 'amk-oslo']) {
      const own = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/calls/service-level?centre=${centre}`,
          headers: { authorization: `Bearer ${t.adminToken}` },
        })
      ).json();
      const c = body.centres.find((x) => x.centreId === centre)!;
      expect(c.lastHour.calls).toBe(own.lastHour.figures.calls);
      expect(c.lastHour.share).toBe(own.lastHour.figures.target.share);
      expect(c.today.withinLimit).toBe(
        centre === 'amk-oslo'
          ? own.today.figures.answeredWithin10Seconds
          : own.today.figures.answeredWithin2Minutes,
      );
      expect(c.waiting).toBe(own.waiting);
    }
    for (const id of ids) expect(r.body).not.toContain(id);
    expect(r.body).not.toContain('41234567');
  });

  it('marks a re-routed and an unavailable centre at once, and normal again after (RT-7, RT-11)', async () => {
    const status = async () => {
      const body = (await get(t.adminToken)).json<NationalServiceLevel>();
      return new Map(body.centres.map((c) => [c.centreId, c.routing]));
    };
    expect((await status()).get('lv-lillehammer')).toMatchObject({
      status: 'normal',
      answeredBy: 'lv-lillehammer',
    });
    const reroute = await t.routing.reroutes.create(SYSTEM_ACTOR, {
      fromCentreId: 'lv-lillehammer',
      toCentreId: 'lv-hamar',
      kind: 'urgent',
      reason: 'Strømbrudd',
    });
    await t.routing.reroutes.setAvailability(SYSTEM_ACTOR, 'lv-oslo', true, 'Evakuert');
    const during = await status();
    expect(during.get('lv-lillehammer')).toMatchObject({
      status: 'rerouted',
      answeredBy: 'lv-hamar',
      alternativeSite: false,
      reroute: { id: reroute.id, kind: 'urgent', toCentreId: 'lv-hamar', endsAt: null },
    });
    expect(during.get('lv-oslo')).toMatchObject({
      status: 'unavailable',
      answeredBy: 'lv-oslo',
      alternativeSite: true,
    });
    expect(during.get('lv-hamar')).toMatchObject({ status: 'normal' });
    expect(during.get('amk-oslo')).toBeNull();

    await t.routing.reroutes.end(SYSTEM_ACTOR, reroute.id, 'Strømmen er tilbake');
    await t.routing.reroutes.setAvailability(SYSTEM_ACTOR, 'lv-oslo', false, 'Tilbake');
    const after = await status();
    expect(after.get('lv-lillehammer')).toMatchObject({ status: 'normal', reroute: null });
    expect(after.get('lv-oslo')).toMatchObject({ status: 'normal', alternativeSite: false });
  });

  it('who may read it: operations, leaders, operators, AMK and administrators nationally; not auditors, readiness administrators or integrations', async () => {
    const national = { level: 'national' } as const;
    const bergen = { level: 'centre', id: 'lv-bergen' } as const;
    for (const token of [
      t.adminToken,
      await t.tokenWith([{ role: 'operations', scope: national }]),
      await t.tokenWith([{ role: 'centre-leader', scope: bergen }]),
      await t.tokenWith([{ role: 'operator', scope: bergen }]),
      await t.tokenWith([{ role: 'amk-operator', scope: { level: 'area', id: 'amk-bergen' } }]),
    ]) {
      const r = await get(token);
      expect(r.statusCode).toBe(200);
      // Aggregate figures of every centre, whatever the reader's own scope.
      expect(r.json<NationalServiceLevel>().centres.some((c) => c.centreId === 'lv-oslo')).toBe(true);
    }
    for (const token of [
      await t.tokenWith([{ role: 'auditor', scope: national }]),
      await t.tokenWith([{ role: 'readiness-admin', scope: national }]),
      t.apiToken,
    ]) {
      const r = await get(token);
      expect(r.statusCode).toBe(403);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect((await get(null)).statusCode).toBe(401);
  });
});
