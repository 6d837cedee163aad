/**
 * Issue 9 (events and live push) across instances: two Systems on one PostgreSQL schema, each with
 * its own connection pool and LISTEN connection, and the routing fallback poll set far beyond the
 * test's patience (100 s), so only the event push can carry a change:
 * - a re-route made on A changes B's routing decisions (RT-7);
 * - an availability change and an event stream: B's SSE subscriber receives A's event;
 * - the database goes away under B (fault proxy, connections reset and refused) and comes back:
 *   B's bus reconnects its LISTEN connection by itself and catches up from the outbox with what A
 *   committed during the outage — nothing lost, nothing twice.
 * Needs PostgreSQL (TEST_DATABASE_URL, the local server or a throwaway one: test-postgres.ts).
 */
import { until } from '../platform/testing/until.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../platform/db/postgres.ts';
import { migrate } from '../platform/db/migrate.ts';
import { postgresForTests, type TestPostgres } from '../platform/db/test-postgres.ts';
import { createTestSchema } from '../platform/db/testing.ts';
import { startFaultProxy, type FaultProxy } from '../platform/db/fault-proxy.ts';
import type { Db } from '../platform/db/types.ts';
import { createTestApp, type TestApp } from '../platform/testing/app.ts';
import { openEventStream, type SseConnection } from '../platform/events/sse-client.ts';
import { createRoutingModule, type RoutingApi } from '../routing/module.ts';
import { buildDataSet } from '../routing/domain/testing.ts';

const server: TestPostgres = await postgresForTests();
if (server.url === null) console.warn(`[events-two-instances] SKIPPED: ${server.why}`);

const CALL = { calledNumber: '116117', callingNumber: '55501234', network: 'fixed' };
const ENV = {
  NODMELD_DATA_POLL_MS: '100000',
  NODMELD_EVENTS_SAFETY_POLL_MS: '100000',
  NODMELD_EVENTS_GAP_GRACE_MS: '50',
  NODMELD_DB_CONNECT_TIMEOUT_MS: '1000',
  NODMELD_DB_QUERY_TIMEOUT_MS: '2000',
  // A verified token is trusted for 10 minutes: only the invalidation event can end it sooner.
  NODMELD_TOKEN_CACHE_TTL_MS: '600000',
};

describe.skipIf(server.url === null)(
  'two instances on one PostgreSQL see each other’s events (issue 9)',
  () => {
    let schema: Awaited<ReturnType<typeof createTestSchema>>;
    let proxy: FaultProxy;
    let dbA: Db;
    let dbB: Db;
    let a: TestApp & { routing?: RoutingApi };
    let b: TestApp & { routing?: RoutingApi };
    let baseB: string;
    const streams: SseConnection[] = [];

    const instance = async (db: Db) => {
      const routing = createRoutingModule({ seed: async () => buildDataSet() });
      const t = await createTestApp({ db, modules: [routing], env: ENV });
      return Object.assign(t, { routing: t.use(routing) });
    };
    const decideOn = async (t: TestApp) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/routing/decisions',
          headers: { authorization: `Bearer ${t.apiToken}` },
          payload: CALL,
        })
      ).json<{ centreId: string; method: string }>();

    beforeAll(async () => {
      schema = await createTestSchema(server.url!);
      const setup = await openPostgres(schema.url, { max: 2 });
      await migrate(setup);
      await setup.close();
      const target = new URL(server.url!);
      proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 5432) });
      dbA = await openPostgres(schema.url, { max: 4 });
      dbB = await openPostgres(proxy.urlFor(schema.url), {
        max: 4,
        connectTimeoutMs: 1000,
        queryTimeoutMs: 2000,
      });
      a = await instance(dbA);
      b = await instance(dbB);
      await b.app.listen({ port: 0, host: '127.0.0.1' });
      const address = b.app.server.address();
      baseB = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterAll(async () => {
      for (const s of streams) s.close();
      await a?.close();
      await b?.close();
      await dbA?.close();
      await dbB?.close();
      await proxy?.close();
      await schema?.drop();
      if (server.url !== null) await server.stop();
    });

    it('RT-7: a re-route made on A changes routing on B by the push, long before B’s fallback poll', async () => {
      expect((await decideOn(b)).centreId).toBe('lv-bergen');
      const created = await a.app.inject({
        method: 'POST',
        url: '/api/v1/routing/reroutes',
        headers: { authorization: `Bearer ${a.adminToken}` },
        payload: {
          fromCentreId: 'lv-bergen',
          toCentreId: 'lv-sogndal',
          kind: 'urgent',
          reason: 'exchange down',
        },
      });
      expect(created.statusCode).toBe(201);
      // B's poll interval is 100 s and its bus's safety read too: only the NOTIFY can bring this.
      await until(async () => (await decideOn(b)).centreId === 'lv-sogndal', 'B to route by the re-route');
      expect(await decideOn(b)).toMatchObject({ centreId: 'lv-sogndal', method: 'reroute' });
    });

    it('issue 9: a token revoked on A is refused on B at once, although B had it cached', async () => {
      const made = await a.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { authorization: `Bearer ${a.adminToken}` },
        payload: { name: 'ivr-two-instances', role: 'integration' },
      });
      expect(made.statusCode).toBe(201);
      const { id, token } = made.json<{ id: string; token: string }>();
      const useOnB = async () =>
        (
          await b.app.inject({
            method: 'POST',
            url: '/api/v1/routing/decisions',
            headers: { authorization: `Bearer ${token}` },
            payload: CALL,
          })
        ).statusCode;
      expect(await useOnB()).toBe(200); // now in B's token cache
      const revoked = await a.app.inject({
        method: 'DELETE',
        url: `/api/v1/tokens/${id}`,
        headers: { authorization: `Bearer ${a.adminToken}` },
      });
      expect(revoked.statusCode).toBeLessThan(300);
      // Only the invalidation event can tell B before its cache entry ages out.
      await until(async () => (await useOnB()) === 401, 'B to refuse the revoked token');
    });

    it('B’s SSE subscriber receives the availability change made on A; after a database outage under B it catches up without loss or duplicates', async () => {
      const got: { position: number; type: string; payload: { centreId?: string; unavailable?: boolean } }[] =
        [];
      const conn = openEventStream({
        url: `${baseB}/api/v1/events`,
        token: b.adminToken,
        onMessage: (m) => {
          if (m.event === 'message') got.push(JSON.parse(m.data) as (typeof got)[number]);
        },
      });
      streams.push(conn);
      expect(await conn.opened).toBe(200);
      const setAvailability = (unavailable: boolean) =>
        a.app.inject({
          method: 'PUT',
          url: '/api/v1/routing/centres/lv-oslo/availability',
          headers: { authorization: `Bearer ${a.adminToken}` },
          payload: { unavailable, reason: unavailable ? 'power cut' : 'power back' },
        });
      expect((await setAvailability(true)).statusCode).toBeLessThan(300);
      await until(
        () => got.some((e) => e.type === 'routing.availability.changed'),
        'the availability event on B',
      );
      expect(got.at(-1)).toMatchObject({
        type: 'routing.availability.changed',
        payload: { centreId: 'lv-oslo', unavailable: true },
      });

      // B loses its database (connections reset, new ones refused); A goes on changing things.
      await proxy.stop();
      await until(() => !b.system.events.health().listening, 'B to notice the lost LISTEN connection');
      expect((await setAvailability(false)).statusCode).toBeLessThan(300);
      expect((await setAvailability(true)).statusCode).toBeLessThan(300);
      expect((await setAvailability(false)).statusCode).toBeLessThan(300);
      await proxy.heal();
      await until(() => got.length >= 4, 'B to catch up after the outage');
      await until(() => b.system.events.health().status === 'ok', 'B’s bus to report ok');
      const positions = got.map((e) => e.position);
      expect(new Set(positions).size).toBe(positions.length);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
      expect(got.slice(-4).map((e) => e.payload.unavailable)).toEqual([true, false, true, false]);
      // And routing on B followed: Oslo is available again. The runtime syncs when the event arrives,
      // in its own read after the SSE subscriber got the event, so wait for it (bounded by until).
      await until(
        () => !b.routing!.runtime.state().unavailableCentreIds.includes('lv-oslo'),
        'B’s routing to follow the last availability change',
      );
    });
  },
);
