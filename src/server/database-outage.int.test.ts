/**
 * Issue 8, "Routing survives the database" (RT-1, RT-3): the whole server (`startSystem`, as
 * `nodmeld start` runs it) on PostgreSQL through a fault proxy, under a steady load of routing
 * decisions over HTTP (with an API token stored in the database) and SIP. Two instances lose their
 * database at once for 30 s: one by a clean stop (connections reset, new ones refused), one by a
 * network partition (connections black-holed, new ones held). A third instance on the healthy
 * path takes an urgent re-route meanwhile. Checked:
 * - no decision fails during the outage (HTTP and SIP);
 * - requests that need the database fail fast with 503 problem+json and a stable reason;
 * - /readyz stays 200 "degraded" (503 with ?strict=true) without the database's error text;
 *   /healthz reports the routing state stale;
 * - after the outage, without a restart: /readyz is "ready" again, requests that need the
 *   database work (reads and a write), and the re-route made during the outage is picked up.
 * It prints latencies (p50/p99 outside and during the outage), how long the 503s took and how long
 * recovery took. Needs PostgreSQL: TEST_DATABASE_URL, the local server, or a throwaway server of
 * its own (test-postgres.ts); skipped, saying why, only when none can be had.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSystem, type RunningSystem } from './start.ts';
import { startFaultProxy, type FaultProxy } from '../platform/db/fault-proxy.ts';
import { postgresForTests, type TestPostgres } from '../platform/db/test-postgres.ts';
import { createTestSchema } from '../platform/db/testing.ts';
import { writeDataSetDir } from '../routing/data/write.ts';
import { buildDataSet } from '../routing/domain/testing.ts';
import {
  createUdpClient,
  freeUdpPort,
  inviteText,
  responseHeader,
  responseStatus,
  sipText,
} from '../telephony/sip/testing.ts';

const OUTAGE_MS = 30_000;
const POLL_MS = 250;
const ADMIN_PASSWORD = 'outage-test-admin-password';
const CONFIG_TOKEN = 'outage-test-config-token-0123456789abcdef';
const DB_TIMEOUTS = {
  NODMELD_DB_CONNECT_TIMEOUT_MS: '1000',
  NODMELD_DB_QUERY_TIMEOUT_MS: '2000',
  NODMELD_DB_PROBE_TIMEOUT_MS: '500',
};
/** A caller in Bergen on a fixed line: routed by number series, never needs positioning. */
const CALL = { calledNumber: '116117', callingNumber: '55501234', network: 'fixed' };
/** Driver and network texts that must never reach a client. */
const LEAK = /ECONN|terminat|timeout exceeded|Query read|not queryable|127\.0\.0\.1|password/i;

const server: TestPostgres = await postgresForTests();
if (server.url === null) console.warn(`[database-outage] SKIPPED: ${server.why}`);

interface Sample {
  at: number;
  ms: number;
  ok: boolean;
  detail: string;
}

const percentile = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function http(
  base: string,
  method: string,
  url: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; type: string; json: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const res = await fetch(base + url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    // Without timeouts the old code hung for minutes: that must fail the test, not stall it.
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    ms: performance.now() - started,
  };
}

/** Generous poll-until deadline: the VM is shared and loaded. */
const WAIT = { timeout: 60_000, interval: 100 };

/** HTTP decisions in `loops` parallel loops until stopped. */
function decisionLoad(base: string, token: string, loops: number) {
  const samples: Sample[] = [];
  let running = true;
  const loop = async () => {
    while (running) {
      const at = performance.now();
      try {
        const r = await http(base, 'POST', '/api/v1/routing/decisions', token, CALL);
        samples.push({
          at,
          ms: r.ms,
          ok: r.status === 200,
          detail: r.status === 200 ? String(r.json.centreId) : `${r.status} ${JSON.stringify(r.json)}`,
        });
      } catch (err) {
        samples.push({ at, ms: performance.now() - at, ok: false, detail: String(err) });
      }
      await sleep(10);
    }
  };
  const done = Promise.all(Array.from({ length: loops }, loop));
  return {
    samples,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** SIP INVITEs for the same call, one at a time, every `everyMs`; each must get a 302. */
async function sipLoad(port: number, everyMs: number) {
  const client = await createUdpClient(port);
  const samples: Sample[] = [];
  let running = true;
  let seq = 0;
  const done = (async () => {
    while (running) {
      const callId = `outage-${process.pid}-${++seq}`;
      const at = performance.now();
      client.send(inviteText({ clientPort: client.port, callId, from: CALL.callingNumber }));
      let final: string | undefined;
      while (!final && performance.now() - at < 5_000) {
        const m = await client.next(500);
        const status = responseStatus(m);
        if (m && status !== undefined && status >= 200 && responseHeader(m, 'Call-ID') === callId) final = m;
      }
      const ms = performance.now() - at;
      if (final) {
        client.send(
          sipText([
            'ACK sip:116117@127.0.0.1 SIP/2.0',
            `Via: SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bK-${callId}`,
            `From: ${responseHeader(final, 'From')}`,
            `To: ${responseHeader(final, 'To')}`,
            `Call-ID: ${callId}`,
            'CSeq: 1 ACK',
            'Content-Length: 0',
          ]),
        );
      }
      samples.push({
        at,
        ms,
        ok: responseStatus(final) === 302,
        detail: final?.split('\r\n')[0] ?? 'no answer',
      });
      await sleep(everyMs);
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await done;
      client.close();
    },
  };
}

function summary(samples: Sample[], from: number, to: number) {
  const inWindow = samples.filter((s) => s.at >= from && s.at < to);
  const outside = samples.filter((s) => s.at < from || s.at >= to);
  const f = (xs: Sample[]) => ({
    n: xs.length,
    failed: xs.filter((s) => !s.ok).length,
    p50: +percentile(
      xs.map((s) => s.ms),
      50,
    ).toFixed(1),
    p99: +percentile(
      xs.map((s) => s.ms),
      99,
    ).toFixed(1),
    max: +Math.max(...xs.map((s) => s.ms)).toFixed(1),
  });
  return { outside: f(outside), during: f(inWindow) };
}

describe.skipIf(!server.url)('RT-1, RT-3: routing survives the database (issue 8)', () => {
  const url = server.url!;
  let dataDir: string;
  let schema: Awaited<ReturnType<typeof createTestSchema>>;
  const proxies: FaultProxy[] = [];
  const systems: RunningSystem[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown): void => void unhandled.push(e);

  const start = async (databaseUrl: string, sipPort: number | null) => {
    const s = await startSystem({
      DATABASE_URL: databaseUrl,
      PORT: '0',
      NODMELD_LOG_LEVEL: process.env.OUTAGE_TEST_LOG_LEVEL ?? 'silent',
      NODMELD_ADMIN_PASSWORD: ADMIN_PASSWORD,
      NODMELD_API_TOKEN: CONFIG_TOKEN,
      NODMELD_REFERENCE_DATA_DIR: dataDir,
      NODMELD_DATA_POLL_MS: String(POLL_MS),
      NODMELD_SIP_ENABLED: sipPort === null ? 'false' : 'true',
      ...(sipPort === null ? {} : { NODMELD_SIP_PORT: String(sipPort), NODMELD_SIP_HOST: '127.0.0.1' }),
      ...DB_TIMEOUTS,
    });
    systems.push(s);
    return s;
  };

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    dataDir = await mkdtemp(path.join(tmpdir(), 'nodmeld-outage-data-'));
    await writeDataSetDir(dataDir, buildDataSet());
    schema = await createTestSchema(url);
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    for (const s of systems.splice(0).reverse()) await s.stop().catch(() => undefined);
    for (const p of proxies.splice(0)) await p.close();
    await schema?.drop();
    await rm(dataDir, { recursive: true, force: true });
    await (server.url ? server.stop() : undefined);
  });

  it('answers every decision through a 30 s clean stop and a 30 s partition, fails database requests fast with 503, and recovers by itself', async () => {
    // The healthy instance first: it imports and activates the data set.
    const healthy = await start(schema.url, null);
    const stopProxy = await startFaultProxy({
      host: new URL(url).hostname,
      port: Number(new URL(url).port || 5432),
    });
    const partProxy = await startFaultProxy({
      host: new URL(url).hostname,
      port: Number(new URL(url).port || 5432),
    });
    proxies.push(stopProxy, partProxy);
    const sipPorts = [await freeUdpPort(), await freeUdpPort()];
    const stopped = await start(stopProxy.urlFor(schema.url), sipPorts[0]!);
    const parted = await start(partProxy.urlFor(schema.url), sipPorts[1]!);
    const faulty = [
      { name: 'clean stop', sys: stopped, proxy: stopProxy, sipPort: sipPorts[0]! },
      { name: 'partition', sys: parted, proxy: partProxy, sipPort: sipPorts[1]! },
    ];

    // Tokens: an admin session and two API tokens, all stored in the database.
    const admin = (
      await http(healthy.url, 'POST', '/api/v1/auth/login', undefined, {
        username: 'admin',
        password: ADMIN_PASSWORD,
      })
    ).json.token as string;
    const issue = async (name: string) =>
      (await http(healthy.url, 'POST', '/api/v1/tokens', admin, { name, role: 'integration' })).json
        .token as string;
    const dbToken = await issue('outage-test telephony integration');
    const unseenToken = await issue('outage-test token first used during the outage');

    // Before: every instance routes the call to the same centre and is fully ready.
    const before = await http(healthy.url, 'POST', '/api/v1/routing/decisions', dbToken, CALL);
    expect(before.status).toBe(200);
    const fromCentre = before.json.centreId as string;
    const toCentre = buildDataSet().centres.find((c) => c.id !== fromCentre && !c.schedule)!.id;
    for (const { sys } of faulty) {
      expect((await http(sys.url, 'POST', '/api/v1/routing/decisions', dbToken, CALL)).json.centreId).toBe(
        fromCentre,
      );
      expect((await http(sys.url, 'GET', '/api/v1/auth/me', admin)).status).toBe(200);
      const ready = await http(sys.url, 'GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.json.status).toBe('ready');
    }

    const loads = faulty.map((f) => decisionLoad(f.sys.url, dbToken, 2));
    const sips = await Promise.all(faulty.map((f) => sipLoad(f.sipPort, 100)));
    await sleep(3_000);

    // The outage.
    const faultAt = performance.now();
    await stopProxy.stop();
    partProxy.partition();
    await sleep(1_500);

    const fast503: Record<string, number[]> = {};
    for (const { name, sys } of faulty) {
      // A request that needs the database: 503 problem+json with a stable reason, quickly.
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await http(sys.url, 'GET', '/api/v1/routing/reroutes?status=all', dbToken);
        expect(r.status, name).toBe(503);
        expect(r.type, name).toContain('application/problem+json');
        expect(r.json, name).toMatchObject({ status: 503, code: 'unavailable' });
        expect(['database-unreachable', 'database-timeout'], name).toContain(r.json.reason);
        expect(JSON.stringify(r.json), name).not.toMatch(LEAK);
        times.push(r.ms);
      }
      fast503[name] = times;
      // A token this instance never verified cannot be checked: 503, not 401, not a hang.
      const unseen = await http(sys.url, 'POST', '/api/v1/routing/decisions', unseenToken, CALL);
      expect(unseen.status, name).toBe(503);
      // The configured token always works.
      const cfg = await http(sys.url, 'POST', '/api/v1/routing/decisions', CONFIG_TOKEN, CALL);
      expect(cfg.status, name).toBe(200);
      // A call decided now is kept for the calls record and written when the database is back.
      const kept = await http(sys.url, 'POST', '/api/v1/routing/decisions', CONFIG_TOKEN, {
        ...CALL,
        callId: `outage-${name.replace(/ /g, '-')}`,
      });
      expect([kept.status, kept.json.callId], name).toEqual([200, `outage-${name.replace(/ /g, '-')}`]);
      // Readiness: still routing, so 200 "degraded"; 503 for strict checks; no error text.
      const ready = await http(sys.url, 'GET', '/readyz');
      expect(ready.status, name).toBe(200);
      expect(ready.json.status, name).toBe('degraded');
      expect(ready.json.database, name).toMatchObject({ status: 'down' });
      expect(JSON.stringify(ready.json), name).not.toMatch(LEAK);
      expect((await http(sys.url, 'GET', '/readyz?strict=true')).status, name).toBe(503);
      // Liveness stays 200 but says the routing state is stale, with its age.
      await vi.waitFor(async () => {
        const h = await http(sys.url, 'GET', '/healthz');
        expect(h.status, name).toBe(200);
        expect(h.json, name).toMatchObject({
          status: 'degraded',
          modules: { routing: { status: 'degraded', detail: { state: { stale: true } } } },
        });
        const { state } = (
          h.json.modules as { routing: { detail: { state: { ageMs: number; staleAfterMs: number } } } }
        ).routing.detail;
        expect(state.ageMs, name).toBeGreaterThan(state.staleAfterMs);
      }, WAIT);
    }

    // Meanwhile, on the healthy path: an urgent re-route away from the caller's centre.
    const urgentReroute = (base: string, reason: string) =>
      http(base, 'POST', '/api/v1/routing/reroutes', admin, {
        fromCentreId: fromCentre,
        toCentreId: toCentre,
        kind: 'urgent',
        reason,
      });
    const rr = await urgentReroute(healthy.url, 'outage test: the centre lost its phones');
    expect(rr.status).toBe(201);
    expect((await http(healthy.url, 'POST', '/api/v1/routing/decisions', dbToken, CALL)).json.centreId).toBe(
      toCentre,
    );

    await sleep(Math.max(0, faultAt + OUTAGE_MS - performance.now()));
    const healAt = performance.now();
    await stopProxy.heal();
    await partProxy.heal();

    // Recovery, without a restart.
    const recovery: Record<string, Record<string, number>> = {};
    await Promise.all(
      faulty.map(async ({ name, sys }) => {
        const r: Record<string, number> = {};
        const since = (key: string) => () => (r[key] = performance.now() - healAt);
        await Promise.all([
          vi
            .waitFor(async () => {
              const x = await http(sys.url, 'GET', '/readyz');
              expect([x.status, x.json.status], `${name}: /readyz`).toEqual([200, 'ready']);
            }, WAIT)
            .then(since('readyMs')),
          vi
            .waitFor(async () => {
              const x = await http(sys.url, 'POST', '/api/v1/routing/decisions', dbToken, CALL);
              expect(x.json.centreId, `${name}: re-route picked up`).toBe(toCentre);
            }, WAIT)
            .then(since('rerouteMs')),
          vi
            .waitFor(async () => {
              const x = await http(sys.url, 'GET', '/api/v1/routing/reroutes?status=all', dbToken);
              expect(x.status, `${name}: database reads`).toBe(200);
            }, WAIT)
            .then(since('readMs')),
        ]);
        expect(
          (await http(sys.url, 'POST', '/api/v1/routing/decisions', unseenToken, CALL)).status,
          name,
        ).toBe(200);
        const h = await http(sys.url, 'GET', '/healthz');
        expect(h.json.status, name).toBe('ok');
        recovery[name] = r;
      }),
    );
    // The calls decided during the outage reached the calls record after it (issue 10).
    for (const { name } of faulty) {
      await vi.waitFor(async () => {
        const x = await http(healthy.url, 'GET', `/api/v1/calls/outage-${name.replace(/ /g, '-')}`, admin);
        expect(
          [x.status, (x.json.call as { state?: string } | undefined)?.state],
          `${name}: routed call recorded`,
        ).toEqual([200, 'routed']);
      }, WAIT);
    }
    // A write through each recovered instance (a transaction on a fresh pooled connection).
    const reroute = rr.json.id as string;
    const end = await http(stopped.url, 'POST', `/api/v1/routing/reroutes/${reroute}/end`, admin, {
      reason: 'phones back',
    });
    expect(end.status).toBe(200);
    const again = await urgentReroute(parted.url, 'outage test: a write after the partition');
    expect(again.status).toBe(201);
    await sleep(2_000);

    await Promise.all([...loads, ...sips].map((l) => l.stop()));
    const report = faulty.map(({ name }, i) => ({
      name,
      http: summary(loads[i]!.samples, faultAt, healAt),
      sip: summary(sips[i]!.samples, faultAt, healAt),
      fast503Ms: fast503[name]!.map((x) => Math.round(x)),
      recoveryMs: Object.fromEntries(Object.entries(recovery[name]!).map(([k, v]) => [k, Math.round(v)])),
    }));
    console.log(
      `[database-outage] ${(OUTAGE_MS / 1000).toFixed(0)} s outage, ${DB_TIMEOUTS.NODMELD_DB_CONNECT_TIMEOUT_MS} ms connect / ${DB_TIMEOUTS.NODMELD_DB_QUERY_TIMEOUT_MS} ms query timeout:\n${JSON.stringify(report, null, 1)}`,
    );

    for (const [i, { name }] of faulty.entries()) {
      const failedHttp = loads[i]!.samples.filter((s) => !s.ok);
      const failedSip = sips[i]!.samples.filter((s) => !s.ok);
      expect(failedHttp.slice(0, 3), `${name}: failed HTTP decisions`).toEqual([]);
      expect(failedSip.slice(0, 3), `${name}: failed SIP calls`).toEqual([]);
      // The load really ran through the outage.
      expect(loads[i]!.samples.filter((s) => s.at >= faultAt && s.at < healAt).length, name).toBeGreaterThan(
        100,
      );
      expect(sips[i]!.samples.filter((s) => s.at >= faultAt && s.at < healAt).length, name).toBeGreaterThan(
        20,
      );
    }
    expect(unhandled).toEqual([]);
  }, 240_000);
});
