/**
 * The test-call regime end to end on PGlite and PostgreSQL (RT-8), with real SIP over UDP on
 * 127.0.0.1: nodmeld's 116117 redirect server on routing's live decider, the simulated centres,
 * and the runner calling both numbers. Shown: a full run where every centre answers; a centre that
 * does not answer → its failure and an alarm (acknowledged once, by whom may); a re-route →
 * the run it triggers shows the callers reaching the other centre, flagged; a data activation that
 * points a municipality at a number nobody terminates → caught by the run it triggers; history and
 * sign-off by the centre leader and the municipality, scoped; a process that dies mid-run →
 * interrupted, resumed by another process without placing a call twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../platform/db/testing.ts';
import { SYSTEM_ACTOR } from '../platform/auth/actor.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { importDataSet } from '../routing/data/store.ts';
import { callRouterFor } from '../telephony/sip/engine-call-router.ts';
import { startSipServer, type SipServer } from '../telephony/sip/server.ts';
import { callsModule } from '../calls/module.ts';
import { SipUserAgent } from '../telephony/sip-client/user-agent.ts';
import { createTestCallsModule, type TestCallsApi } from './module.ts';
import { TEST_CALLS_ENV, testCallsData } from './testing.ts';
import { testCallsCommand } from './cli.ts';
import type { TestCallsConfig } from './config.ts';
import type { CliContext } from '../platform/module.ts';
import type { ServerClient } from '../platform/cli/server-client.ts';
import { createLogger } from '../platform/logger.ts';
import type { AlarmDto, RunDetailDto, RunSummaryDto } from './http/schema.ts';

const BASE = '/api/v1/test-calls';

/** Waits until `fn` gives a value (polled; the outcome arrives asynchronously), or fails naming `what`. */
async function waitFor<T>(fn: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ENV = TEST_CALLS_ENV;
const data = testCallsData;

describe.each(dbKinds())('test calls on %s (RT-8)', (kind) => {
  let t: RoutingTestApp;
  let sip: SipServer;
  let tc: TestCallsApi;
  const tokens: Record<string, string> = {};
  const centre = (id: string) => ({ level: 'centre' as const, id });

  const api = async <T>(method: 'GET' | 'POST', url: string, token: string, payload?: unknown) => {
    const res = await t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: res.json<T>() };
  };
  const startRun = async (centreIds?: string[]) => {
    const r = await api<{ runId: string }>(
      'POST',
      `${BASE}/runs`,
      t.adminToken,
      centreIds ? { centreIds } : {},
    );
    expect(r.status).toBe(202);
    await tc.runs.idle();
    return r.body.runId;
  };
  const detail = async (id: string, token = t.adminToken) =>
    api<RunDetailDto>('GET', `${BASE}/runs/${id}`, token);
  const runsOf = async (query = '') =>
    (await api<{ runs: RunSummaryDto[] }>('GET', `${BASE}/runs${query}`, t.adminToken)).body.runs;

  beforeAll(async () => {
    let redirect = { host: '127.0.0.1', port: 0 };
    t = await createRoutingTestApp({
      kind,
      data: data(),
      more: [callsModule, createTestCallsModule({ redirect: () => redirect, owner: 'process-a' })],
      env: ENV,
    });
    sip = await startSipServer({
      config: { host: '127.0.0.1', port: 0 },
      router: callRouterFor(t.routing.decider),
    });
    redirect = { host: '127.0.0.1', port: sip.udpPort };
    tc = t.use(createTestCallsModule());
    tokens.leaderBergen = await t.tokenWith([{ role: 'centre-leader', scope: centre('lv-bergen') }]);
    tokens.leaderNamdal = await t.tokenWith([{ role: 'centre-leader', scope: centre('lv-namdal') }]);
    tokens.leaderOslo = await t.tokenWith([{ role: 'centre-leader', scope: centre('lv-oslo') }]);
    tokens.operatorNamdal = await t.tokenWith([{ role: 'operator', scope: centre('lv-namdal') }]);
    tokens.operations = await t.tokenWith([{ role: 'operations', scope: { level: 'national' } }]);
    tokens.bergenKommune = await t.tokenWith([
      { role: 'municipality-reader', scope: { level: 'unit', id: 'kommune-4601' } },
    ]);
  }, 60_000);
  afterAll(async () => {
    await sip?.close();
    await t?.close();
  });

  it('RT-8: a full run calls every centre’s 8-digit number and 116117 from each municipality; all answer', async () => {
    const id = await startRun();
    const { status, body } = await detail(id);
    expect(status).toBe(200);
    const d = data();
    const municipalities = d.centres.flatMap((c) => c.municipalities);
    expect(body.run).toMatchObject({
      status: 'completed',
      trigger: 'manual',
      planned: d.centres.length + municipalities.length,
    });
    expect(body.results).toHaveLength(body.run.planned);
    const version = t.routing.runtime.current().version;
    for (const r of body.results) {
      expect(r, r.key).toMatchObject({
        verdict: 'ok',
        answered: true,
        failure: false,
        reachedCentreId: r.centreId,
        dataVersion: version,
      });
      expect(r.answerMs).toBeGreaterThanOrEqual(0);
      if (r.kind === 'direct') {
        expect(r.target).toBe(d.centres.find((c) => c.id === r.centreId)!.publicNumber);
        expect(r.sipCodes).toEqual([180, 200]);
      } else {
        // 100 Trying and the 302 from the redirect server, then the centre's 180 and 200.
        expect(r.sipCodes).toEqual([100, 302, 180, 200]);
        expect(r.routeMethod).toBe('number-series');
        expect(r.connectedNumber).toBe(d.centres.find((c) => c.id === r.centreId)!.underlyingNumber);
      }
    }
    expect(body.alarms).toEqual([]);
    // The simulated centres saw every call, and each answered call was hung up.
    const sim = (await tc.simulated())!;
    await waitFor(
      async () => (sim.stats().byes >= body.results.length ? true : undefined),
      'a BYE for every answered call',
    );
  });

  it('RT-8, RT-13: the test calls stay out of the calls record; an ordinary call through the same server is recorded', async () => {
    await startRun(['lv-bergen']);
    const ua = await SipUserAgent.open();
    const callId = `ordinary-${Date.now()}@test`;
    try {
      const r = await ua.invite({
        target: { host: '127.0.0.1', port: sip.udpPort },
        uri: `sip:116117@127.0.0.1:${sip.udpPort}`,
        callingNumber: '55000000',
        headers: ['X-Nodmeld-Network: fixed'],
        timeoutMs: 2_000,
        callId,
      });
      expect(r.status).toBe(302);
    } finally {
      await ua.close();
    }
    await waitFor(async () => {
      const { rows } = await t.db.query(`SELECT 1 FROM calls WHERE id = $1`, [callId]);
      return rows.length > 0 ? true : undefined;
    }, 'the ordinary call in the record');
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM calls WHERE id LIKE 'nodmeld-testcall-%'`,
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('RT-8: `nodmeld test-calls run --centre lv-bergen --wait` starts a run on the server and prints its results', async () => {
    const out: string[] = [];
    const err: string[] = [];
    // The running server, answered by the app in process.
    const server: ServerClient = {
      url: 'http://test',
      async request<T>(method: string, path: string, body?: unknown) {
        const r = await t.app.inject({
          method: method as 'GET' | 'POST',
          url: path,
          headers: { authorization: `Bearer ${t.adminToken}` },
          ...(body === undefined ? {} : { payload: body as object }),
        });
        return { status: r.statusCode, body: r.json<T>(), text: r.body };
      },
      download: () => Promise.reject(new Error('not used')),
    };
    const ctx = {
      out: (s: string) => out.push(s),
      err: (s: string) => err.push(s),
      logger: createLogger('silent'),
      server: async () => server,
    } as unknown as CliContext<TestCallsConfig>;
    expect(await testCallsCommand.run(['run', '--centre', 'lv-bergen', '--wait'], ctx)).toBe(0);
    expect(err).toEqual([]);
    expect(out.some((l) => /^ok +lv-bergen 116117 from 4601: answered in \d+ ms/.test(l))).toBe(true);
    expect(out.at(-1)).toBe('Run completed: 3 calls, 0 failed.');
    expect(await testCallsCommand.run(['nonsense'], ctx)).toBe(2);
  });

  it('RT-8: a centre that does not answer fails its calls and raises an alarm for it; acknowledged once', async () => {
    const sim = (await tc.simulated())!;
    sim.setBehaviour('lv-namdal', 'no-answer');
    try {
      const id = await startRun(['lv-namdal']);
      const { body } = await detail(id);
      expect(body.results.map((r) => [r.key, r.verdict, r.failure])).toEqual([
        ['direct:lv-namdal', 'not-answered', true],
        ['116117:5006', 'not-answered', true],
        ['116117:5007', 'not-answered', true],
      ]);
      // It rang (180), was cancelled at the timeout (487).
      expect(body.results[0]!.sipCodes).toEqual([180, 487]);
      expect(body.alarms).toHaveLength(1);
      const alarm = body.alarms[0]!;
      expect(alarm).toMatchObject({ centreId: 'lv-namdal', failures: 3, acknowledgedAt: null });
      // The event for the operations centre and the centre's push.
      const { rows } = await t.db.query<{ type: string; scope_id: string }>(
        `SELECT type, scope_id FROM events WHERE type = 'test-calls.alarm.raised' ORDER BY position DESC LIMIT 1`,
      );
      expect(rows[0]).toEqual({ type: 'test-calls.alarm.raised', scope_id: 'lv-namdal' });

      // Seen by the centre's leader and the operations centre, not by another centre's leader.
      const open = async (token: string) =>
        (await api<{ alarms: AlarmDto[] }>('GET', `${BASE}/alarms?open=true`, token)).body.alarms.map(
          (a) => a.id,
        );
      expect(await open(tokens.leaderNamdal!)).toContain(alarm.id);
      expect(await open(tokens.operations!)).toContain(alarm.id);
      expect(await open(tokens.leaderOslo!)).not.toContain(alarm.id);
      // Acknowledged: not by another centre (404, as if it did not exist) nor an operator (403).
      const ack = (token: string) =>
        api<AlarmDto>('POST', `${BASE}/alarms/${alarm.id}/acknowledge`, token, {
          comment: 'Linje 2 feilmeldt',
        });
      expect((await ack(tokens.leaderOslo!)).status).toBe(404);
      expect((await ack(tokens.operatorNamdal!)).status).toBe(403);
      const done = await ack(tokens.leaderNamdal!);
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ comment: 'Linje 2 feilmeldt', acknowledgedBy: expect.any(String) });
      expect((await ack(tokens.operations!)).status).toBe(409);
      expect(await open(tokens.operations!)).not.toContain(alarm.id);
      const audit = await t.db.query(
        `SELECT 1 FROM audit_events WHERE action = 'test-calls.alarm.acknowledged' AND entity_id = $1`,
        [alarm.id],
      );
      expect(audit.rows).toHaveLength(1);
    } finally {
      sim.setBehaviour('lv-namdal', 'answer');
    }
  });

  it('RT-7, RT-8: a re-route triggers a run over the two centres; its callers reach the other centre, flagged', async () => {
    const before = (await runsOf()).length;
    const created = await api<{ id: string }>('POST', '/api/v1/routing/reroutes', tokens.operations!, {
      fromCentreId: 'lv-lillehammer',
      toCentreId: 'lv-hamar',
      kind: 'urgent',
      reason: 'Telefonifeil på Lillehammer',
    });
    expect(created.status).toBe(201);
    const run = await waitFor(async () => {
      const runs = await runsOf();
      return runs.length > before && runs[0]!.status === 'completed' ? runs[0]! : undefined;
    }, 'the run of the re-route');
    expect(run).toMatchObject({ trigger: 'reroute', centreIds: ['lv-hamar', 'lv-lillehammer'] });
    const { body } = await detail(run.id);
    const lillehammer = body.results.find((r) => r.key === '116117:3405')!;
    expect(lillehammer).toMatchObject({
      centreId: 'lv-lillehammer',
      reachedCentreId: 'lv-hamar',
      verdict: 'other-centre',
      routeMethod: 'reroute',
      answered: true,
      // Explained by the re-route: flagged, not alarmed.
      failure: false,
    });
    // The direct number still reaches Lillehammer itself.
    expect(body.results.find((r) => r.key === 'direct:lv-lillehammer')).toMatchObject({ verdict: 'ok' });
    expect(run.otherCentre).toBe(1);
    await tc.runs.idle();
    const ended = await api('POST', `/api/v1/routing/reroutes/${created.body.id}/end`, tokens.operations!, {
      reason: 'Feilen er rettet',
    });
    expect(ended.status).toBe(200);
    await waitFor(async () => {
      const runs = await runsOf();
      return runs.length > before + 1 && runs[0]!.status === 'completed' ? true : undefined;
    }, 'the run of the re-route’s end');
  });

  it('RT-8: a data activation that sends a municipality to a number nobody answers is caught by its run', async () => {
    const before = (await runsOf()).length;
    const d = data();
    const broken = {
      ...d,
      centres: d.centres.map((c) => (c.id === 'lv-sogndal' ? { ...c, underlyingNumber: '57699999' } : c)),
    };
    await importDataSet(t.db, broken, { source: 'test: dead number', actor: SYSTEM_ACTOR, activate: true });
    const run = await waitFor(async () => {
      const runs = await runsOf();
      return runs.length > before && runs[0]!.status === 'completed' ? runs[0]! : undefined;
    }, 'the run of the activation');
    expect(run.trigger).toBe('activation');
    const { body } = await detail(run.id);
    expect(body.run.dataVersion).toBe(t.routing.runtime.current().version);
    const sogndal = body.results.find((r) => r.key === '116117:4640')!;
    expect(sogndal).toMatchObject({ verdict: 'refused', connectedNumber: '57699999', failure: true });
    expect(sogndal.sipCodes).toEqual([100, 302, 404]);
    expect(body.alarms.map((a) => a.centreId)).toEqual(['lv-sogndal']);
    // Put the good data back (its run is the next one).
    await importDataSet(t.db, data(), { source: 'test: restored', actor: SYSTEM_ACTOR, activate: true });
    await waitFor(async () => {
      const runs = await runsOf();
      return runs.length > before + 1 && runs[0]!.status === 'completed' ? true : undefined;
    }, 'the run of the restored data');
  });

  it('RT-8: the centre leader and the municipality see their history and sign off, audited; others do not', async () => {
    const id = await startRun(['lv-bergen', 'lv-oslo']);
    // Bergen's leader: Bergen's results only; Bergen kommune: its callers and Bergen's direct number.
    const leader = await detail(id, tokens.leaderBergen);
    expect(leader.status).toBe(200);
    expect(leader.body.results.map((r) => r.key)).toEqual(['direct:lv-bergen', '116117:4601', '116117:4627']);
    const kommune = await detail(id, tokens.bergenKommune);
    expect(kommune.body.results.map((r) => r.key).sort()).toEqual(['116117:4601', 'direct:lv-bergen']);
    // Namdal's leader sees nothing of it: 404.
    expect((await detail(id, tokens.leaderNamdal)).status).toBe(404);
    const history = await api<{ runs: RunSummaryDto[] }>(
      'GET',
      `${BASE}/runs?municipality=4601`,
      tokens.bergenKommune!,
    );
    expect(history.body.runs.map((r) => r.id)).toContain(id);
    expect(history.body.runs.find((r) => r.id === id)!.calls).toBe(1);

    const sign = (token: string, subject: 'centre' | 'municipality', subjectId: string) =>
      api('POST', `${BASE}/runs/${id}/sign-offs`, token, { subject, subjectId, comment: 'Kontrollert' });
    expect((await sign(tokens.leaderBergen!, 'centre', 'lv-bergen')).status).toBe(201);
    expect((await sign(tokens.leaderBergen!, 'centre', 'lv-bergen')).status).toBe(409);
    expect((await sign(tokens.bergenKommune!, 'municipality', '4601')).status).toBe(201);
    // Not another centre's, not as a centre for a municipality reader.
    expect((await sign(tokens.leaderBergen!, 'centre', 'lv-oslo')).status).toBe(404);
    expect((await sign(tokens.bergenKommune!, 'centre', 'lv-bergen')).status).toBe(404);
    const after = await detail(id, tokens.leaderBergen);
    // The centre sees its own sign-off and that of the municipality it serves.
    expect(after.body.signOffs.map((s) => [s.subject, s.subjectId, s.comment])).toEqual([
      ['centre', 'lv-bergen', 'Kontrollert'],
      ['municipality', '4601', 'Kontrollert'],
    ]);
    expect((await detail(id, tokens.bergenKommune)).body.signOffs.map((s) => s.subjectId).sort()).toEqual([
      '4601',
      'lv-bergen',
    ]);
    const audit = await t.db.query(
      `SELECT 1 FROM audit_events WHERE action = 'test-calls.run.signed-off' AND entity_id = $1`,
      [id],
    );
    expect(audit.rows).toHaveLength(2);
    // Starting runs: a leader for the own centre only; every centre only nationally.
    expect((await api('POST', `${BASE}/runs`, tokens.leaderBergen!, { centreIds: ['lv-oslo'] })).status).toBe(
      403,
    );
    expect((await api('POST', `${BASE}/runs`, tokens.leaderBergen!, {})).status).toBe(403);
    expect(
      (await api('POST', `${BASE}/runs`, tokens.bergenKommune!, { centreIds: ['lv-bergen'] })).status,
    ).toBe(403);
    expect((await api('POST', `${BASE}/runs`, t.adminToken, { centreIds: ['lv-nowhere'] })).status).toBe(422);
    await tc.runs.idle();
  });

  it('RT-8: a process that dies mid-run leaves it interrupted; another resumes it automatically, no call placed twice', async () => {
    const sim = (await tc.simulated())!;
    sim.setAnswerDelay(300);
    const r = await api<{ runId: string }>('POST', `${BASE}/runs`, t.adminToken, {});
    const id = r.body.runId;
    await waitFor(async () => {
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM test_call_results WHERE run_id = $1`,
        [id],
      );
      return Number(rows[0]!.n) >= 2 ? true : undefined;
    }, 'the first results');
    tc.runs.crash();
    const partial = (await detail(id)).body;
    expect(partial.run.status).toBe('running');
    expect(partial.results.length).toBeLessThan(partial.run.planned);
    // Process B: the same database, its own SIP user agent and simulated centres.
    const b = await createRoutingTestApp({
      kind,
      db: t.db,
      data: data(),
      more: [
        createTestCallsModule({
          redirect: () => ({ host: '127.0.0.1', port: sip.udpPort }),
          owner: 'process-b',
        }),
      ],
      env: ENV,
    });
    try {
      const tcB = b.use(createTestCallsModule());
      // Not interrupted while its heartbeat is fresh; the sweep marks it once it is stale.
      expect(await tcB.runs.sweep(Date.now() - 10_000)).toEqual([]);
      // …and takes it up again at once: no person has to resume it.
      expect(await tcB.runs.sweep(Date.now() + 5_000)).toEqual([id]);
      await tcB.runs.idle();
      const done = (await detail(id)).body;
      expect(done.run).toMatchObject({ status: 'completed', owner: 'process-b' });
      expect(done.results).toHaveLength(done.run.planned);
      expect(new Set(done.results.map((x) => x.key)).size).toBe(done.run.planned);
      expect(done.results.every((x) => x.verdict === 'ok')).toBe(true);
      // Resuming a completed run is refused.
      const again = await b.app.inject({
        method: 'POST',
        url: `${BASE}/runs/${id}/resume`,
        headers: { authorization: `Bearer ${b.adminToken}` },
      });
      expect(again.statusCode).toBe(409);
    } finally {
      await b.close();
    }
  }, 60_000);
});
