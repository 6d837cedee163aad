/**
 * The control room when the database goes away (issue 11, faults): on PostgreSQL behind a fault
 * proxy, with the connections stopped, the queue, the service level (one centre's, and every
 * centre's as the wall-board reads it) and an answer each answer 503 problem+json at once — no
 * hang, no crash, no half-recorded answer — and once the database is back the same answer goes
 * through, exactly once.
 * Needs PostgreSQL (TEST_DATABASE_URL, the local server or a throwaway one: test-postgres.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../platform/db/fault-proxy.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { openPostgres } from '../../platform/db/postgres.ts';
import { postgresForTests, type TestPostgres } from '../../platform/db/test-postgres.ts';
import { createTestSchema } from '../../platform/db/testing.ts';
import type { Db } from '../../platform/db/types.ts';
import { createTestApp, type TestApp } from '../../platform/testing/app.ts';
import { until } from '../../platform/testing/until.ts';
import { buildDataSet } from '../../routing/domain/testing.ts';
import { createRoutingModule } from '../../routing/module.ts';
import { callsModule } from '../module.ts';
import { scriptCallEvents } from '../testing/call-events.ts';

const server: TestPostgres = await postgresForTests();
if (server.url === null) console.warn(`[queue-faults] SKIPPED: ${server.why}`);

describe.skipIf(server.url === null)('the control room when the database goes away (issue 11)', () => {
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  let proxy: FaultProxy;
  let db: Db;
  let t: TestApp;

  beforeAll(async () => {
    schema = await createTestSchema(server.url!);
    const setup = await openPostgres(schema.url, { max: 2 });
    await migrate(setup);
    await setup.close();
    const target = new URL(server.url!);
    proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 5432) });
    db = await openPostgres(proxy.urlFor(schema.url), {
      max: 4,
      connectTimeoutMs: 1000,
      queryTimeoutMs: 2000,
    });
    const routing = createRoutingModule({ seed: async () => buildDataSet() });
    t = await createTestApp({
      db,
      modules: [routing, callsModule],
      env: { NODMELD_DB_CONNECT_TIMEOUT_MS: '1000', NODMELD_DB_QUERY_TIMEOUT_MS: '2000' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await db?.close();
    await proxy?.close();
    await schema?.drop();
    if (server.url !== null) await server.stop();
  });

  it('answers 503 while the database is away, and the same answer goes through once it is back', async () => {
    const operator = await t.tokenFor('operator', 'lv-oslo');
    const callId = `faults-${Date.now().toString(36)}`;
    const posted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/calls/events',
      headers: { authorization: `Bearer ${t.adminToken}` },
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
    const req = (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
      t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${operator}` },
        ...(payload && { payload }),
      });
    const answer = () => req('POST', `/api/v1/calls/${callId}/answer`, { positionId: 'pos-1' });

    await proxy.stop();
    for (const r of await Promise.all([
      req('GET', '/api/v1/calls/queue?centre=lv-oslo'),
      req('GET', '/api/v1/calls/service-level?centre=lv-oslo'),
      req('GET', '/api/v1/calls/service-level/national'),
      answer(),
    ])) {
      expect(r.statusCode).toBe(503);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }

    await proxy.heal();
    await until(
      async () => (await req('GET', '/api/v1/calls/queue?centre=lv-oslo')).statusCode === 200,
      'the queue to read again',
    );
    const queue = (await req('GET', '/api/v1/calls/queue?centre=lv-oslo')).json<{
      calls: { id: string }[];
    }>();
    expect(queue.calls.map((c) => c.id)).toContain(callId); // the refused answer left nothing behind
    expect((await answer()).statusCode).toBe(200);
    expect((await answer()).statusCode).toBe(409);
    const events = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM call_events WHERE call_id = $1 AND type = 'answered'`,
      [callId],
    );
    expect(Number(events.rows[0]!.n)).toBe(1);
  });
});
