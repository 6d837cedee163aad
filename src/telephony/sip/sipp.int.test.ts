/**
 * sipp (Debian package sip-tester) as the real SIP peer against the redirect server running the
 * real routing engine on the default data set (RT-1, RT-2, RT-3, RT-5). These tests fail, never
 * skip, when sipp is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEST_NUMBERS } from '../../routing/data/default-test-numbers.ts';
import { loadDefaultDataSet } from '../../routing/data/load.ts';
import { compileRoutingData, type CompiledRoutingData } from '../../routing/domain/compile.ts';
import { route } from '../../routing/domain/engine.ts';
import type { CallInput, OperationalState, RoutingDecision } from '../../routing/domain/types.ts';
import type { PositioningPort } from '../../routing/positioning/port.ts';
import { createStaticPositioning } from '../../routing/positioning/static-positioning.ts';
import type { MenuSessionInit } from './call-router.ts';
import { callRouterFor } from './engine-call-router.ts';
import { createCallDecider, type DecisionNotice } from '../../routing/decide-call.ts';
import { DEFAULT_POLICY } from '../../routing/domain/types.ts';
import { startSipServer, type SipServer } from './server.ts';
import { requireSipp, runSipp } from './testing.ts';

const T = DEFAULT_TEST_NUMBERS;
const MOBILE_IN_BERGEN = T.mobile.number;
/** Mobile numbers in the same series: one nobody can position, one whose positioning hangs. */
const MOBILE_UNPOSITIONED = `${T.mobile.number.slice(0, 6)}99`;
const MOBILE_SLOW = `${T.mobile.number.slice(0, 6)}98`;

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => void unhandled.push(e);

let server: SipServer;
let data: CompiledRoutingData;
const state: OperationalState = { reroutes: [], unavailableCentreIds: [] };
const menuSessions: MenuSessionInit[] = [];
/** Every decision the SIP door made, as the calls context is told of it. */
const told: DecisionNotice[] = [];
const toldBytes: (string | undefined)[] = [];

beforeAll(async () => {
  requireSipp();
  process.on('unhandledRejection', onUnhandled);
  data = compileRoutingData(await loadDefaultDataSet(), 1);
  const fast = createStaticPositioning(
    { [MOBILE_IN_BERGEN]: '4601' },
    { latencyMs: 20, operator: 'telenor' },
  );
  const slow = createStaticPositioning({}, { latencyMs: 60_000 });
  const positioning: PositioningPort = {
    locate: (n, o) => (n.endsWith(MOBILE_SLOW) ? slow.locate(n, o) : fast.locate(n, o)),
  };
  const decider = createCallDecider({
    getData: () => data,
    getState: () => state,
    policy: DEFAULT_POLICY,
    positioning,
    deadlineMs: 5_000,
  });
  decider.onDecided((n) => {
    told.push(n);
    // The Call-ID as a listener reads it from the datagram's bytes (valid during the call only).
    const at = n.callIdAt ?? -1;
    toldBytes.push(
      n.callIdBytes && at >= 0
        ? Buffer.from(n.callIdBytes.subarray(at, at + n.callId!.length)).toString('latin1')
        : undefined,
    );
  });
  const router = callRouterFor(decider, async (init) => {
    menuSessions.push(init);
    return { sessionId: `ms${menuSessions.length}` };
  });
  server = await startSipServer({ config: { host: '127.0.0.1', port: 0 }, router });
});

afterAll(async () => {
  await server?.close();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

/** The engine's own decision for a call now: what the 302 must carry. */
function expected(call: Omit<CallInput, 'calledNumber'>): Extract<RoutingDecision, { outcome: 'connect' }> {
  const d = route({ calledNumber: '116117', ...call }, data, state, Date.now());
  if (d.outcome !== 'connect') throw new Error('expected a connect decision');
  return d;
}

/** CSV row for redirect.xml: caller; expected Contact user; network header; expected method. */
function row(number: string, network: 'fixed' | 'mobile' | 'ip', position?: string): string[] {
  const d = expected({
    callingNumber: number,
    network,
    ...(position ? { position: { municipality: position } } : {}),
  });
  return [number, d.connectTo, network, d.method];
}

describe('SIP redirect with sipp as the peer', () => {
  it('redirects fixed, ported, geo-ported, county-only and IP calls to the engine-chosen centre (RT-2)', async () => {
    const rows = [
      row(T.osloIncumbent.number, 'fixed'),
      row(T.bergenIncumbent.number, 'fixed'),
      row(T.ported.number, 'fixed'),
      row(T.geoPorted.number, 'fixed'),
      row(T.countyOnly.number, 'fixed'),
      row(T.ipMunicipality.number, 'ip'),
      row(T.ipCounty.number, 'ip'),
    ];
    // Anchor the engine's answers to the documented test numbers.
    const centreOf = (n: string): string => expected({ callingNumber: n, network: 'fixed' }).centreId;
    expect(centreOf(T.ported.number)).toBe(T.ported.centreId);
    expect(centreOf(T.countyOnly.number)).toBe(T.countyOnly.centreId);
    const before = server.counters.calls.get('redirected');
    const r = await runSipp({ scenario: 'redirect.xml', port: server.udpPort, rows });
    expect(r.code, r.errors || r.log).toBe(0);
    expect(r.log.match(/^rtt-us /gm)).toHaveLength(rows.length);
    expect(server.counters.calls.get('redirected') - before).toBe(rows.length);
  });

  it('redirects the same calls over TCP', async () => {
    const rows = [row(T.trondheimIncumbent.number, 'fixed'), row(T.countyOnly.number, 'fixed')];
    const r = await runSipp({ scenario: 'redirect.xml', port: server.tcpPort, rows, transport: 't1' });
    expect(r.code, r.errors || r.log).toBe(0);
  });

  it('positions a mobile call and redirects it to the centre of the positioned municipality (RT-3)', async () => {
    const rows = [row(MOBILE_IN_BERGEN, 'mobile', '4601')];
    expect(rows[0]![3]).not.toBe('number-series');
    const r = await runSipp({ scenario: 'redirect.xml', port: server.udpPort, rows });
    expect(r.code, r.errors || r.log).toBe(0);
    expect(server.counters.positioning.get('positioned')).toBeGreaterThanOrEqual(1);
  });

  it('sends an unpositioned mobile call to the fallback menu URI with its menu session id (RT-5)', async () => {
    const before = menuSessions.length;
    // Contact user part of the default menu URI "sip:menu-{sessionId}@{source}".
    const contactUser = `menu-ms${before + 1}`;
    const r = await runSipp({
      scenario: 'redirect.xml',
      port: server.udpPort,
      rows: [[MOBILE_UNPOSITIONED, contactUser, 'mobile', 'menu']],
    });
    expect(r.code, r.errors || r.log).toBe(0);
    expect(menuSessions[before]).toMatchObject({ callingNumber: MOBILE_UNPOSITIONED, network: 'mobile' });
  });

  it('answers CANCEL during positioning with 200, then 487 to the INVITE (RT-3)', async () => {
    const before = server.counters.calls.get('cancelled');
    const r = await runSipp({
      scenario: 'cancel.xml',
      port: server.udpPort,
      rows: [[MOBILE_SLOW], [MOBILE_SLOW]],
    });
    expect(r.code, r.errors).toBe(0);
    expect(server.counters.calls.get('cancelled') - before).toBe(2);
  });

  it('answers a retransmitted INVITE from the transaction: same 302, same To-tag, routed once', async () => {
    const before = server.counters.retransmissionsAbsorbed.get('invite');
    const routed = server.counters.calls.get('redirected');
    // -nr: sipp must not take the repeated 302 for a retransmission of its own.
    const r = await runSipp({
      scenario: 'retransmit.xml',
      port: server.udpPort,
      rows: [[T.osloIncumbent.number], [T.countyOnly.number]],
      extraArgs: ['-nr'],
    });
    expect(r.code, r.errors || r.log).toBe(0);
    expect(server.counters.retransmissionsAbsorbed.get('invite') - before).toBe(2);
    expect(server.counters.calls.get('redirected') - routed).toBe(2);
  });

  it('tells each decision once, under the Call-ID of the INVITE, to the decision listeners (the calls record)', async () => {
    const from = told.length;
    const r = await runSipp({
      scenario: 'retransmit.xml',
      port: server.udpPort,
      rows: [[T.osloIncumbent.number], [T.bergenIncumbent.number]],
      extraArgs: ['-nr'],
    });
    expect(r.code, r.errors || r.log).toBe(0);
    const notices = told.slice(from);
    expect(notices.map((n) => [n.door, n.call.callingNumber])).toEqual([
      ['sip', T.osloIncumbent.number],
      ['sip', T.bergenIncumbent.number],
    ]);
    const ids = notices.map((n) => n.callId);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/\S+/);
    // Synchronous decisions carry the Call-ID's bytes in the datagram as well.
    expect(toldBytes.slice(from)).toEqual(ids);
    expect(notices[0]!.decision).toMatchObject({ outcome: 'connect', centreId: T.osloIncumbent.centreId });
  });

  it('answers other numbers with 404', async () => {
    const r = await runSipp({
      scenario: 'not-found.xml',
      port: server.udpPort,
      rows: [['113'], ['22334455'], ['116123']],
    });
    expect(r.code, r.errors).toBe(0);
  });

  it('answers a malformed INVITE with 400 and a Warning', async () => {
    const r = await runSipp({ scenario: 'malformed.xml', port: server.udpPort, calls: 2 });
    expect(r.code, r.errors).toBe(0);
    expect(server.counters.parseErrors.get('malformed-cseq')).toBeGreaterThanOrEqual(2);
  });

  it('answers OPTIONS health checks with 200 and Allow', async () => {
    const r = await runSipp({ scenario: 'options.xml', port: server.udpPort, calls: 2 });
    expect(r.code, r.errors).toBe(0);
  });

  it('fails the scenario when a Contact differs from the expected centre (the check can fail)', async () => {
    const good = row(T.osloIncumbent.number, 'fixed');
    const r = await runSipp({
      scenario: 'redirect.xml',
      port: server.udpPort,
      rows: [[good[0]!, '99999999', 'fixed', good[3]!]],
      timeoutS: 20,
    });
    expect(r.code).not.toBe(0);
    expect(r.log).toContain('MISMATCH');
  });
});
