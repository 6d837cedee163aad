/**
 * A safety alarm reaches the responsible AMK's consoles at once over the kernel's push
 * (`GET /api/v1/events`, Server-Sent Events), with unit, call sign, crew and position — and no
 * other AMK's (NN-4). An alarm no AMK holds goes to everyone nationally, without crew.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import { dbKinds } from '../platform/db/testing.ts';
import { openEventStream, type SseConnection } from '../platform/events/sse-client.ts';
import { until } from '../platform/testing/until.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { amkModule } from './module.ts';
import { amkApi, newIssi, resourceBody } from './testing.ts';

interface Pushed {
  type: string;
  payload: { alarmId: string; change: string; callSign: string | null; crew: unknown[]; position: unknown };
}

describe.each(dbKinds())('safety alarm push on %s (NN-4)', (kind) => {
  let t: RoutingTestApp;
  let base = '';
  const streams: SseConnection[] = [];

  beforeAll(async () => {
    t = await createRoutingTestApp({ kind, more: [amkModule] });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t?.close();
  });

  const subscribe = async (token: string) => {
    const got: Pushed[] = [];
    const conn = openEventStream({
      url: `${base}/api/v1/events`,
      token,
      onMessage: (m) => {
        if (m.event !== 'message') return;
        const e = JSON.parse(m.data) as Pushed;
        if (e.type === 'amk.safety-alarm.changed') got.push(e);
      },
    });
    streams.push(conn);
    expect(await conn.opened).toBe(200);
    return got;
  };

  it('the AMK’s operators are told at once; another AMK’s are not', async () => {
    const bergen = await subscribe(
      await t.tokenWith([{ role: 'amk-operator', scope: { level: 'centre', id: 'amk-bergen' } }]),
    );
    const oslo = await subscribe(
      await t.tokenWith([{ role: 'amk-operator', scope: { level: 'centre', id: 'amk-oslo' } }]),
    );
    const api = amkApi(t);
    const car = (await api.post('/resources', t.adminToken, resourceBody())).json<{
      issi: string;
      callSign: string;
    }>();
    await t.use(amkModule).recordPositions(SYSTEM_ACTOR, [
      {
        issi: car.issi,
        observedAt: new Date().toISOString(),
        lat: 60.39,
        lon: 5.32,
        errorMetres: 8,
        speedKmh: 0,
        headingDeg: null,
        source: 'lip',
      },
    ]);
    const alarm = (
      await api.post('/alarms', t.apiToken, { issi: car.issi, observedAt: new Date().toISOString() })
    ).json<{
      id: string;
    }>();
    // The marker: an alarm no AMK holds reaches every console (national).
    const stray = (
      await api.post('/alarms', t.apiToken, { issi: newIssi(), observedAt: new Date().toISOString() })
    ).json<{
      id: string;
    }>();
    await until(() => bergen.length >= 2 && oslo.length >= 1, 'the alarms pushed');
    expect(bergen.map((e) => e.payload.alarmId)).toEqual([alarm.id, stray.id]);
    expect(bergen[0]!.payload).toMatchObject({
      change: 'raised',
      callSign: car.callSign,
      position: { lat: 60.39 },
    });
    expect(oslo.map((e) => e.payload.alarmId)).toEqual([stray.id]);
    expect(oslo[0]!.payload.crew).toEqual([]);
  });
});
