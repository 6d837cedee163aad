/**
 * The control room across instances (issue 11: "a call answered on one is gone from the queue on
 * every other at once"): two instances on one PostgreSQL schema, each with its own pool and LISTEN
 * connection, fallback polls far beyond the test's patience, so only the push can carry a change.
 * A console on B hears `calls.centres.changed` for a call reported on A, reads it in B's queue;
 * the call is answered on A; B's console hears it and the call is gone from B's queue.
 * Needs PostgreSQL (TEST_DATABASE_URL, the local server or a throwaway one: test-postgres.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../platform/db/postgres.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { postgresForTests, type TestPostgres } from '../../platform/db/test-postgres.ts';
import { createTestSchema } from '../../platform/db/testing.ts';
import type { Db } from '../../platform/db/types.ts';
import { openEventStream, type SseConnection } from '../../platform/events/sse-client.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { until } from '../../platform/testing/until.ts';
import { buildDataSet } from '../../routing/domain/testing.ts';
import { createRoutingModule } from '../../routing/module.ts';
import { callsModule } from '../module.ts';
import { scriptCallEvents } from '../testing/call-events.ts';

const server: TestPostgres = await postgresForTests();
if (server.url === null) console.warn(`[queue-two-instances] SKIPPED: ${server.why}`);

const ENV = {
  NODMELD_DATA_POLL_MS: '100000',
  NODMELD_EVENTS_SAFETY_POLL_MS: '100000',
  NODMELD_EVENTS_GAP_GRACE_MS: '50',
};

describe.skipIf(server.url === null)('the control room on two instances of one PostgreSQL (issue 11)', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let dbA: Db;
  let dbB: Db;
  let a: TestApp;
  let b: TestApp;
  let stream: SseConnection | undefined;
  const heard: string[][] = [];

  const instance = async (db: Db) => {
    const routing = createRoutingModule({ seed: async () => buildDataSet() });
    return createTestApp({ db, modules: [routing, callsModule], env: ENV });
  };

  beforeAll(async () => {
    schema = await createTestSchema(server.url!);
    const setup = await openPostgres(schema.url, { max: 2 });
    await migrate(setup);
    await setup.close();
    dbA = await openPostgres(schema.url, { max: 4 });
    dbB = await openPostgres(schema.url, { max: 4 });
    a = await instance(dbA);
    b = await instance(dbB);
    await b.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    stream?.close();
    await a?.close();
    await b?.close();
    await dbA?.close();
    await dbB?.close();
    await schema?.drop();
    if (server.url !== null) await server.stop();
  });

  it('a call reported on A reaches B’s console; answered on A, it is gone from B’s queue at once', async () => {
    const operatorB = await b.tokenFor('operator', 'lv-oslo');
    const operatorA = await a.tokenFor('operator', 'lv-oslo');
    const address = b.app.server.address();
    const baseB = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    stream = openEventStream({
      url: `${baseB}/api/v1/events`,
      token: operatorB,
      onMessage: (m) => {
        if (m.event !== 'message') return;
        const e = JSON.parse(m.data) as { type: string; payload: { centreIds: string[] } };
        if (e.type === 'calls.centres.changed') heard.push(e.payload.centreIds);
      },
    });
    expect(await stream.opened).toBe(200);
    const queueOnB = async () =>
      (
        await b.app.inject({
          method: 'GET',
          url: '/api/v1/calls/queue?centre=lv-oslo',
          headers: { authorization: `Bearer ${operatorB}` },
        })
      )
        .json<{ calls: { id: string }[] }>()
        .calls.map((c) => c.id);

    const callId = `two-instances-${Date.now().toString(36)}`;
    const posted = await a.app.inject({
      method: 'POST',
      url: '/api/v1/calls/events',
      headers: { authorization: `Bearer ${a.adminToken}` },
      payload: {
        events: scriptCallEvents({
          callId,
          centreId: 'lv-oslo',
          municipality: '0301',
          offeredAt: Date.now() - 20_000,
          menuMs: 5_000,
        }),
      },
    });
    expect(posted.json()).toMatchObject({ refused: 0 });
    await until(async () => heard.some((ids) => ids.includes('lv-oslo')), 'B’s console to hear the new call');
    expect(await queueOnB()).toContain(callId);

    const pushesBefore = heard.length;
    const answered = await a.app.inject({
      method: 'POST',
      url: `/api/v1/calls/${callId}/answer`,
      headers: { authorization: `Bearer ${operatorA}` },
      payload: { positionId: 'pos-a1' },
    });
    expect(answered.statusCode).toBe(200);
    await until(async () => heard.length > pushesBefore, 'B’s console to hear the answer');
    expect(heard.at(-1)).toEqual(['lv-oslo']);
    expect(await queueOnB()).not.toContain(callId);
    // And B refuses a second answer: the call is no longer waiting on any instance.
    const again = await b.app.inject({
      method: 'POST',
      url: `/api/v1/calls/${callId}/answer`,
      headers: { authorization: `Bearer ${operatorB}` },
      payload: { positionId: 'pos-b1' },
    });
    expect(again.statusCode).toBe(409);
  });
});
