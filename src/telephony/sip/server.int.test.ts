/**
 * The redirect server over real UDP and TCP sockets with a scripted CallRouter: everything sipp
 * cannot easily send (exact retransmissions, malformed bytes, odd methods, TCP framing).
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallRouter, CallRoutingResult, RouteOptions } from './call-router.ts';
import type { SipConfigInput } from './config.ts';
import { startSipServer, type SipServer } from './server.ts';
import {
  buildConnectDecision,
  buildMenuDecision,
  createFakeCallRouter,
  createUdpClient,
  inviteText,
  responseHeader,
  responseStatus,
  sipText,
} from './testing.ts';

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => void unhandled.push(e);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));

let server: SipServer | undefined;
const clients: { close(): void }[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close();
  server = undefined;
  // Every test must leave no unhandled promise behind.
  expect(unhandled).toEqual([]);
});

/** UDP I/O of the describe block running now: every UDP test runs on both implementations. */
let udpIo: 'native' | 'dgram' = 'native';

async function start(router: CallRouter, config: SipConfigInput = {}) {
  server = await startSipServer({
    config: { host: '127.0.0.1', port: 0, timers: { t1Ms: 40, t2Ms: 160, t4Ms: 100 }, udpIo, ...config },
    router,
    timerTickMs: 5,
  });
  const client = await createUdpClient(server.udpPort);
  clients.push(client);
  return { server, client };
}

let seq = 0;
const callId = (): string => `call-${process.pid}-${++seq}`;

function ackFor(res: string, clientPort: number, id: string, branch = `z9hG4bK-${id}`): string {
  return sipText([
    'ACK sip:116117@127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/UDP 127.0.0.1:${clientPort};branch=${branch}`,
    `From: ${responseHeader(res, 'From')}`,
    `To: ${responseHeader(res, 'To')}`,
    `Call-ID: ${id}`,
    'CSeq: 1 ACK',
    'Content-Length: 0',
  ]);
}

describe.each(['native', 'dgram'] as const)('SIP redirect server over UDP (%s I/O)', (io) => {
  beforeAll(() => {
    udpIo = io;
  });

  it('asks for large UDP buffers and reports what the kernel granted', async () => {
    const { server } = await start(
      createFakeCallRouter(() => ({ decision: buildConnectDecision() })),
      { udpBufferBytes: 1024 * 1024 },
    );
    expect(server.udpIo).toBe(io);
    const receive = /nodmeld_sip_udp_buffer_bytes\{direction="receive"\} (\d+)/.exec(server.metrics());
    expect(Number(receive?.[1])).toBeGreaterThanOrEqual(64 * 1024);
    expect(server.metrics()).toMatch(/nodmeld_sip_udp_buffer_bytes\{direction="send"\} \d+/);
  });

  it('answers a fixed-line INVITE with 100 Trying, then 302 to the centre with decision headers (RT-1, RT-2)', async () => {
    const router = createFakeCallRouter((call) => ({
      decision: buildConnectDecision({
        centreId: 'lv-bergen',
        connectTo: '55500046',
        dataVersion: 7,
        municipality: '4601',
        county: '46',
      }),
      ...(call.network === 'mobile' ? {} : {}),
    }));
    const { client } = await start(router);
    const id = callId();
    client.send(
      inviteText({
        clientPort: client.port,
        callId: id,
        from: '11111111',
        extra: ['P-Asserted-Identity: <tel:+4755728909>', 'Timestamp: 54'],
      }),
    );
    const trying = await client.next();
    expect(responseStatus(trying)).toBe(100);
    expect(responseHeader(trying!, 'Timestamp')).toBe('54');
    const res = await client.next();
    expect(responseStatus(res)).toBe(302);
    expect(responseHeader(res!, 'Contact')).toBe(`<sip:55500046@127.0.0.1:${client.port}>`);
    expect(responseHeader(res!, 'X-Nodmeld-Centre')).toBe('lv-bergen');
    expect(responseHeader(res!, 'X-Nodmeld-Method')).toBe('number-series');
    expect(responseHeader(res!, 'X-Nodmeld-Municipality')).toBe('4601');
    expect(responseHeader(res!, 'X-Nodmeld-County')).toBe('46');
    expect(responseHeader(res!, 'X-Nodmeld-Data-Version')).toBe('7');
    expect(responseHeader(res!, 'X-Nodmeld-Network')).toBe('fixed');
    expect(responseHeader(res!, 'To')).toMatch(/^<sip:116117@127\.0\.0\.1>;tag=[0-9a-f]{16}$/);
    expect(responseHeader(res!, 'Call-ID')).toBe(id);
    expect(responseHeader(res!, 'CSeq')).toBe('1 INVITE');
    expect(responseHeader(res!, 'Via')).toBe(`SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bK-${id}`);
    // Caller identity from P-Asserted-Identity, not From.
    expect(router.calls[0]!.call).toEqual({
      calledNumber: '116117',
      callingNumber: '55728909',
      network: 'fixed',
    });
    client.send(ackFor(res!, client.port, id));
    expect(await client.next(150)).toBeUndefined();
  });

  it('answers a burst of 600 INVITEs, and a slow (positioning) call in their midst with its own headers (RT-1, RT-3)', async () => {
    // The slow call's 302 is built after hundreds of later datagrams reused the receive buffers.
    let release: () => void = () => {};
    const slow = new Promise<void>((r) => (release = r));
    const router = createFakeCallRouter(async (call) => {
      if (call.callingNumber === '99999999') await slow;
      return { decision: buildConnectDecision({ connectTo: `5${call.callingNumber.slice(1)}` }) };
    });
    const { client } = await start(router);
    const slowId = callId();
    client.send(inviteText({ clientPort: client.port, callId: slowId, from: '99999999' }));
    const ids = Array.from({ length: 600 }, () => callId());
    ids.forEach((id, i) =>
      client.send(inviteText({ clientPort: client.port, callId: id, from: String(20000000 + i) })),
    );
    const seen = new Map<string, string>();
    while (seen.size < ids.length) {
      const res = await client.next();
      expect(res).toBeDefined();
      if (responseStatus(res) === 302)
        seen.set(responseHeader(res!, 'Call-ID')!, responseHeader(res!, 'Contact')!);
    }
    ids.forEach((id, i) =>
      expect(seen.get(id)).toBe(`<sip:5${String(20000000 + i).slice(1)}@127.0.0.1:${client.port}>`),
    );
    release();
    // Unacknowledged 302s of the burst are retransmitted (Timer G) meanwhile: skip those.
    let res = await client.next();
    while (res !== undefined && responseHeader(res, 'Call-ID') !== slowId) res = await client.next();
    expect(responseStatus(res)).toBe(302);
    expect(responseHeader(res!, 'From')).toBe(`<sip:99999999@127.0.0.1>;tag=caller-${slowId}`);
    expect(responseHeader(res!, 'Contact')).toBe(`<sip:59999999@127.0.0.1:${client.port}>`);
  });

  it('serves IPv6: answers to the source address on ::1 (RT-1)', async () => {
    server = await startSipServer({
      config: { host: '::1', port: 0, udpIo },
      router: createFakeCallRouter(() => ({ decision: buildConnectDecision() })),
    });
    const client = await createUdpClient(server.udpPort, '::1');
    clients.push(client);
    client.send(inviteText({ clientPort: client.port, callId: callId() }));
    expect(responseStatus(await client.next())).toBe(100);
    const res = await client.next();
    expect(responseStatus(res)).toBe(302);
    expect(responseHeader(res!, 'Contact')).toBe(`<sip:55500001@[::1]:${client.port}>`);
  });

  it('accepts tel:, +47 and user=phone forms of 116117 and takes the caller from From without PAI', async () => {
    const router = createFakeCallRouter(() => ({ decision: buildConnectDecision() }));
    const { client } = await start(router);
    for (const uri of ['tel:116117', 'sip:+47116117@127.0.0.1;user=phone', 'sip:0047116117@127.0.0.1']) {
      const id = callId();
      client.send(inviteText({ clientPort: client.port, callId: id, uri, from: '+4722334455' }));
      expect(responseStatus(await client.next())).toBe(100);
      const res = await client.next();
      expect(responseStatus(res)).toBe(302);
      // Acknowledged like a real client: no Timer G retransmission can reach the next call's reads (T1 is 40 ms here).
      client.send(ackFor(res!, client.port, id));
    }
    expect(router.calls.map((c) => c.call.callingNumber)).toEqual(['22334455', '22334455', '22334455']);
  });

  it('takes the network from the trunk by source address, else from the configured header (RT-2, RT-3)', async () => {
    const router = createFakeCallRouter(() => ({ decision: buildConnectDecision() }));
    const { client } = await start(router, {
      trunks: [{ name: 'local-mobile', sources: ['127.0.0.0/8'], network: 'mobile' }],
    });
    client.send(inviteText({ clientPort: client.port, callId: callId(), extra: ['X-Nodmeld-Network: ip'] }));
    await client.next();
    await client.next();
    expect(router.calls[0]!.call.network).toBe('mobile');
    await server!.close();
    const second = await start(router, { networkHeader: 'X-Carrier-Network' });
    second.client.send(
      inviteText({
        clientPort: second.client.port,
        callId: callId(),
        from: '99887766',
        extra: ['X-Carrier-Network: ip', 'P-Asserted-Identity: <sip:+4722334455@carrier>'],
      }),
    );
    await second.client.next();
    await second.client.next();
    // RT-2: an IP call whose From differs from the asserted identity routes by the presented number.
    expect(router.calls[1]!.call).toMatchObject({
      network: 'ip',
      callingNumber: '22334455',
      presentedNumber: '99887766',
    });
  });

  it('uses the centre gateway and E.164 numbers when configured', async () => {
    const router = createFakeCallRouter(() => ({
      decision: buildConnectDecision({ centreId: 'lv-oslo', connectTo: '22500001' }),
    }));
    const { client } = await start(router, {
      gateways: { 'lv-oslo': 'gw-{centre}.example.net:5070;transport=tcp' },
      contactNumberFormat: 'e164',
    });
    client.send(inviteText({ clientPort: client.port, callId: callId() }));
    await client.next();
    expect(responseHeader((await client.next())!, 'Contact')).toBe(
      '<sip:+4722500001@gw-lv-oslo.example.net:5070;transport=tcp>',
    );
  });

  it('sends 100 Trying only for answers that are not immediate with trying "when-needed" (RFC 3261 §17.2.1)', async () => {
    const router = createFakeCallRouter((call) =>
      call.network === 'mobile'
        ? Promise.resolve({ decision: buildConnectDecision() })
        : { decision: buildConnectDecision() },
    );
    const { client } = await start(router, { trying: 'when-needed' });
    client.send(inviteText({ clientPort: client.port, callId: callId() }));
    expect(responseStatus(await client.next())).toBe(302);
    client.send(
      inviteText({ clientPort: client.port, callId: callId(), extra: ['X-Nodmeld-Network: mobile'] }),
    );
    expect(responseStatus(await client.next())).toBe(100);
    expect(responseStatus(await client.next())).toBe(302);
  });

  it('answers a retransmitted INVITE from the transaction and routes the call only once', async () => {
    let release: (r: CallRoutingResult) => void = () => {};
    const router = createFakeCallRouter(
      () => new Promise<CallRoutingResult>((resolve) => (release = resolve)),
    );
    const { client } = await start(router);
    const id = callId();
    const invite = inviteText({ clientPort: client.port, callId: id });
    client.send(invite);
    expect(responseStatus(await client.next())).toBe(100);
    client.send(invite);
    expect(responseStatus(await client.next())).toBe(100); // the stored 100, re-sent
    release({ decision: buildConnectDecision() });
    const res = await client.next();
    expect(responseStatus(res)).toBe(302);
    client.send(invite);
    const again = await client.next();
    expect(again).toBe(res); // byte-identical final response, same To-tag
    expect(router.calls).toHaveLength(1);
    expect(server!.counters.retransmissionsAbsorbed.get('invite')).toBe(2);
  });

  it('retransmits the 302 with Timer G until the ACK arrives, then stays quiet (RFC 3261 §17.2.1)', async () => {
    const router = createFakeCallRouter(() => ({ decision: buildConnectDecision() }));
    const { client } = await start(router);
    const id = callId();
    client.send(inviteText({ clientPort: client.port, callId: id }));
    await client.next();
    const res = await client.next();
    // T1 = 40 ms here: retransmissions at 40, 120, 280 ms …
    const retransmitted = await client.drain(300);
    expect(retransmitted.length).toBeGreaterThanOrEqual(2);
    for (const r of retransmitted) expect(r).toBe(res);
    client.send(ackFor(res!, client.port, id));
    await client.drain(30);
    expect(await client.drain(400)).toEqual([]);
    expect(server!.counters.responseRetransmissions).toBeGreaterThanOrEqual(2);
  });

  it('CANCEL during positioning: 200 to the CANCEL, 487 to the INVITE, positioning aborted (RT-3)', async () => {
    let seen: RouteOptions | undefined;
    const router = createFakeCallRouter((_call, opts) => {
      seen = opts;
      return new Promise<CallRoutingResult>((resolve) =>
        opts.signal.addEventListener('abort', () =>
          // A late answer after the abort must not produce a second final response.
          setTimeout(() => resolve({ decision: buildConnectDecision() }), 10),
        ),
      );
    });
    const { client } = await start(router, { defaultNetwork: 'mobile' });
    const id = callId();
    const invite = inviteText({ clientPort: client.port, callId: id });
    client.send(invite);
    expect(responseStatus(await client.next())).toBe(100);
    client.send(invite.replace(/^INVITE/, 'CANCEL').replace('CSeq: 1 INVITE', 'CSeq: 1 CANCEL'));
    const responses = [await client.next(), await client.next()];
    const ok = responses.find((r) => responseHeader(r!, 'CSeq') === '1 CANCEL');
    const terminated = responses.find((r) => responseHeader(r!, 'CSeq') === '1 INVITE');
    expect(responseStatus(ok)).toBe(200);
    expect(responseStatus(terminated)).toBe(487);
    expect(responseHeader(ok!, 'To')).toBe(responseHeader(terminated!, 'To'));
    expect(seen?.signal.aborted).toBe(true);
    client.send(ackFor(terminated!, client.port, id));
    expect(await client.drain(150)).toEqual([]);
    expect(server!.counters.calls.get('cancelled')).toBe(1);
    expect(server!.counters.calls.get('redirected')).toBe(0);
  });

  it('answers CANCEL for an unknown INVITE with 481', async () => {
    const { client } = await start(createFakeCallRouter(() => ({ decision: buildConnectDecision() })));
    client.send(
      inviteText({ clientPort: client.port, callId: callId() })
        .replace(/^INVITE/, 'CANCEL')
        .replace('1 INVITE', '1 CANCEL'),
    );
    expect(responseStatus(await client.next())).toBe(481);
  });

  it('redirects calls that need the fallback menu to the menu URI with the session id (RT-5)', async () => {
    const router = createFakeCallRouter(() => ({
      decision: buildMenuDecision({ reason: 'Unlocated mobile call', dataVersion: 3 }),
      position: { status: 'failed', reason: 'timeout', elapsedMs: 2500 },
    }));
    const { client } = await start(router, { menuUri: 'sip:menu-{sessionId}@ivr.example.net' });
    const id = callId();
    client.send(inviteText({ clientPort: client.port, callId: id, extra: ['X-Nodmeld-Network: mobile'] }));
    await client.next();
    const res = await client.next();
    expect(responseStatus(res)).toBe(302);
    expect(responseHeader(res!, 'Contact')).toBe('<sip:menu-ms-1@ivr.example.net>');
    expect(responseHeader(res!, 'X-Nodmeld-Menu-Session')).toBe('ms-1');
    expect(responseHeader(res!, 'X-Nodmeld-Method')).toBe('menu');
    expect(responseHeader(res!, 'X-Nodmeld-Reason')).toBe('Unlocated mobile call');
    expect(responseHeader(res!, 'X-Nodmeld-Positioning')).toBe('failed;reason=timeout;elapsed-ms=2500');
    expect(router.menuSessions[0]).toMatchObject({
      callId: id,
      network: 'mobile',
      reason: 'Unlocated mobile call',
      dataVersion: 3,
    });
    expect(server!.metrics()).toMatch(/nodmeld_sip_positioning_total\{outcome="timeout"\} 1/);
  });

  it('answers other numbers 404, in-dialog INVITEs 481, Require 420', async () => {
    const router = createFakeCallRouter(() => ({ decision: buildConnectDecision() }));
    const { client } = await start(router);
    client.send(inviteText({ clientPort: client.port, callId: callId(), uri: 'sip:113@127.0.0.1' }));
    expect(responseStatus(await client.next())).toBe(404);
    client.send(
      inviteText({ clientPort: client.port, callId: callId() }).replace(
        'To: <sip:116117@127.0.0.1>',
        'To: <sip:116117@127.0.0.1>;tag=dlg',
      ),
    );
    expect(responseStatus(await client.next())).toBe(481);
    client.send(inviteText({ clientPort: client.port, callId: callId(), extra: ['Require: 100rel'] }));
    const r = await client.next();
    expect(responseStatus(r)).toBe(420);
    expect(responseHeader(r!, 'Unsupported')).toBe('100rel');
    expect(router.calls).toHaveLength(0);
  });

  it('answers OPTIONS 200, BYE 481, known methods 405 and unknown ones 501, both with Allow', async () => {
    const { client } = await start(createFakeCallRouter(() => ({ decision: buildConnectDecision() })));
    const req = (method: string): string =>
      inviteText({ clientPort: client.port, callId: callId() })
        .replace(/^INVITE/, method)
        .replace('1 INVITE', `1 ${method}`);
    client.send(req('OPTIONS'));
    const ok = await client.next();
    expect(responseStatus(ok)).toBe(200);
    expect(responseHeader(ok!, 'Allow')).toBe('INVITE, ACK, CANCEL, OPTIONS');
    client.send(req('BYE'));
    expect(responseStatus(await client.next())).toBe(481);
    client.send(req('REGISTER'));
    const notAllowed = await client.next();
    expect(responseStatus(notAllowed)).toBe(405);
    expect(responseHeader(notAllowed!, 'Allow')).toBe('INVITE, ACK, CANCEL, OPTIONS');
    client.send(req('FROBNICATE'));
    const notImplemented = await client.next();
    expect(responseStatus(notImplemented)).toBe(501);
    expect(responseHeader(notImplemented!, 'Allow')).toBe('INVITE, ACK, CANCEL, OPTIONS');
  });

  it('answers malformed requests 400 with a Warning, drops unanswerable junk and counts both', async () => {
    const { client } = await start(createFakeCallRouter(() => ({ decision: buildConnectDecision() })));
    client.send(
      inviteText({ clientPort: client.port, callId: callId() }).replace('CSeq: 1 INVITE', 'CSeq: one INVITE'),
    );
    const bad = await client.next();
    expect(responseStatus(bad)).toBe(400);
    expect(responseHeader(bad!, 'Warning')).toMatch(/^399 nodmeld "CSeq/);
    client.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    client.send(Buffer.from([0, 1, 2, 3, 255]));
    client.send('\r\n\r\n'); // keep-alive: ignored, not an error
    client.send(inviteText({ clientPort: client.port, callId: callId() }).replace(/Via: .*\r\n/, ''));
    expect(await client.drain(150)).toEqual([]);
    const metrics = server!.metrics();
    expect(metrics).toMatch(/nodmeld_sip_parse_errors_total\{reason="malformed-cseq"\} 1/);
    expect(metrics).toMatch(/nodmeld_sip_dropped_total\{reason="malformed-unanswerable"\} 3/);
  });

  it('refuses oversized requests with 513 and version 3.0 with 505', async () => {
    const { client } = await start(
      createFakeCallRouter(() => ({ decision: buildConnectDecision() })),
      { maxMessageBytes: 2048 },
    );
    client.send(
      inviteText({ clientPort: client.port, callId: callId(), extra: [`X-Padding: ${'x'.repeat(3000)}`] }),
    );
    expect(responseStatus(await client.next())).toBe(513);
    client.send(
      inviteText({ clientPort: client.port, callId: callId() }).replace('SIP/2.0\r\n', 'SIP/3.0\r\n'),
    );
    expect(responseStatus(await client.next())).toBe(505);
  });

  it('RT-5: sends the call to the fallback menu, never 500, when routing throws or rejects; no unhandled rejection', async () => {
    let n = 0;
    const router = createFakeCallRouter(() => {
      n++;
      if (n === 1) throw new Error('engine bug');
      return Promise.reject(new Error('positioning adapter bug'));
    });
    const { client } = await start(router, { menuUri: 'sip:menu-{sessionId}@ivr.example.net' });
    for (let i = 1; i <= 2; i++) {
      client.send(inviteText({ clientPort: client.port, callId: callId() }));
      expect(responseStatus(await client.next())).toBe(100);
      const res = await client.next();
      expect(responseStatus(res)).toBe(302);
      expect(responseHeader(res!, 'Contact')).toBe(`<sip:menu-ms-${i}@ivr.example.net>`);
      expect(responseHeader(res!, 'X-Nodmeld-Menu-Session')).toBe(`ms-${i}`);
      expect(responseHeader(res!, 'X-Nodmeld-Reason')).toBe('Routing failed');
      expect(responseHeader(res!, 'X-Nodmeld-Method')).toBe('menu');
    }
    expect(router.menuSessions.map((m) => m.reason)).toEqual(['Routing failed', 'Routing failed']);
    expect(server!.counters.calls.get('failed')).toBe(2);
    expect(server!.counters.responses.get('500')).toBe(0);
  });

  it('RT-5: still redirects to the menu, with a locally generated session id, when the menu session cannot be created', async () => {
    const router: CallRouter = {
      route: () => ({ decision: buildMenuDecision() }),
      createMenuSession: () => Promise.reject(new Error('database down')),
    };
    const { client } = await start(router);
    client.send(inviteText({ clientPort: client.port, callId: callId() }));
    await client.next();
    const res = await client.next();
    expect(responseStatus(res)).toBe(302);
    expect(responseHeader(res!, 'Contact')).toMatch(
      new RegExp(`^<sip:menu-[0-9a-f]{32}@127\\.0\\.0\\.1:${client.port}>$`),
    );
    expect(server!.metrics()).toMatch(/nodmeld_sip_menu_sessions_total\{outcome="local-after-error"\} 1/);
  });

  it('refuses calls from outside the trunks with 403 when the default network is "reject"', async () => {
    const router = createFakeCallRouter(() => ({ decision: buildConnectDecision() }));
    const { client } = await start(router, {
      defaultNetwork: 'reject',
      trunks: [{ name: 'far', sources: ['192.0.2.0/24'] }],
    });
    client.send(inviteText({ clientPort: client.port, callId: callId() }));
    expect(responseStatus(await client.next())).toBe(403);
  });

  it('answers 503 when the transaction table is full (overload protection)', async () => {
    const router = createFakeCallRouter(() => new Promise<CallRoutingResult>(() => {}));
    const { client } = await start(router, { maxTransactions: 1 });
    client.send(inviteText({ clientPort: client.port, callId: callId() }));
    expect(responseStatus(await client.next())).toBe(100);
    client.send(inviteText({ clientPort: client.port, callId: callId() }));
    expect(responseStatus(await client.next())).toBe(503);
  });

  it('drops responses sent to it and ACKs that match nothing', async () => {
    const { client } = await start(createFakeCallRouter(() => ({ decision: buildConnectDecision() })));
    client.send(
      sipText([
        'SIP/2.0 200 OK',
        `Via: SIP/2.0/UDP 127.0.0.1:${client.port};branch=z9hG4bKx`,
        'From: <sip:a@b>;tag=1',
        'To: <sip:c@d>;tag=2',
        'Call-ID: r',
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
      ]),
    );
    client.send(ackFor('From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\n', client.port, 'nothing'));
    expect(await client.drain(100)).toEqual([]);
    const m = server!.metrics();
    expect(m).toMatch(/nodmeld_sip_dropped_total\{reason="response-received"\} 1/);
    expect(m).toMatch(/nodmeld_sip_dropped_total\{reason="unmatched-ack"\} 1/);
  });

  it('exposes counters in Prometheus text format', async () => {
    const { client } = await start(createFakeCallRouter(() => ({ decision: buildConnectDecision() })));
    const id = callId();
    client.send(inviteText({ clientPort: client.port, callId: id }));
    await client.next();
    client.send(ackFor((await client.next())!, client.port, id));
    await client.drain(30);
    const m = server!.metrics();
    expect(m).toContain('# TYPE nodmeld_sip_calls_total counter');
    expect(m).toMatch(/nodmeld_sip_calls_total\{outcome="redirected"\} 1/);
    expect(m).toMatch(/nodmeld_sip_requests_total\{method="INVITE"\} 1/);
    expect(m).toMatch(/nodmeld_sip_requests_total\{method="ACK"\} 1/);
    expect(m).toMatch(/nodmeld_sip_responses_total\{code="302"\} 1/);
    expect(m).toMatch(/nodmeld_sip_routing_decisions_total\{method="number-series"\} 1/);
    expect(m).toMatch(/nodmeld_sip_invite_duration_seconds_count 1/);
    expect(m).toMatch(/nodmeld_sip_transactions \d+/);
  });
});

describe('SIP redirect server over TCP', () => {
  function tcpClient(port: number) {
    const sock = net.connect(port, '127.0.0.1');
    let buf = '';
    const waiters: (() => void)[] = [];
    let closed = false;
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      waiters.splice(0).forEach((w) => w());
    });
    sock.on('close', () => {
      closed = true;
      waiters.splice(0).forEach((w) => w());
    });
    sock.on('error', () => {});
    clients.push({ close: () => sock.destroy() });
    return {
      sock,
      write: (s: string) => sock.write(Buffer.from(s, 'latin1')),
      /** Waits until `n` complete responses (bodiless) arrived or the connection closed. */
      async responses(n: number): Promise<string[]> {
        const split = (): string[] =>
          buf
            .split('\r\n\r\n')
            .filter(Boolean)
            .map((s) => `${s}\r\n\r\n`);
        const deadline = Date.now() + 3000;
        while (split().length < n && !closed && Date.now() < deadline) {
          await new Promise<void>((r) => {
            waiters.push(r);
            setTimeout(r, 100);
          });
        }
        return split();
      },
      isClosed: () => closed,
      raw: () => buf,
    };
  }

  it('redirects an INVITE over TCP on the same connection, framed by Content-Length', async () => {
    const router = createFakeCallRouter(() => ({
      decision: buildConnectDecision({ connectTo: '55500099' }),
    }));
    const { server: s } = await start(router);
    const c = tcpClient(s.tcpPort);
    const id = callId();
    const invite = inviteText({ clientPort: 5099, callId: id }).replace('SIP/2.0/UDP', 'SIP/2.0/TCP');
    // Split in awkward places: the framer must reassemble.
    c.write(invite.slice(0, 30));
    await new Promise((r) => setTimeout(r, 20));
    c.write(invite.slice(30));
    const [trying, res] = await c.responses(2);
    expect(responseStatus(trying)).toBe(100);
    expect(responseStatus(res)).toBe(302);
    expect(responseHeader(res!, 'Contact')).toMatch(/^<sip:55500099@127\.0\.0\.1:\d+>$/);
  });

  it('answers a CRLFCRLF keep-alive ping with CRLF (RFC 5626)', async () => {
    const { server: s } = await start(createFakeCallRouter(() => ({ decision: buildConnectDecision() })));
    const c = tcpClient(s.tcpPort);
    c.write('\r\n\r\n');
    await new Promise((r) => setTimeout(r, 100));
    expect(c.raw()).toBe('\r\n');
  });

  it('answers 400 and closes the connection when Content-Length is missing (framing lost)', async () => {
    const { server: s } = await start(createFakeCallRouter(() => ({ decision: buildConnectDecision() })));
    const c = tcpClient(s.tcpPort);
    c.write(inviteText({ clientPort: 5099, callId: callId() }).replace('Content-Length: 0\r\n', ''));
    const [res] = await c.responses(1);
    expect(responseStatus(res)).toBe(400);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.isClosed()).toBe(true);
  });

  it('answers 513 to an oversized message over TCP and closes', async () => {
    const { server: s } = await start(
      createFakeCallRouter(() => ({ decision: buildConnectDecision() })),
      { maxMessageBytes: 2048 },
    );
    const c = tcpClient(s.tcpPort);
    c.write(
      inviteText({ clientPort: 5099, callId: callId() }).replace('Content-Length: 0', 'Content-Length: 5000'),
    );
    const [res] = await c.responses(1);
    expect(responseStatus(res)).toBe(513);
  });
});
