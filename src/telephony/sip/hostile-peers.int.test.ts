/**
 * The SIP edge under hostile peers, on real sockets: a TCP peer that never reads, too many
 * connections, slow or trickling senders, floods of requests that need no state, floods of
 * unacknowledged INVITEs, oversized headers and a UDP socket overflowing in the kernel. Whatever
 * they do, memory stays bounded and 116117 keeps being answered for everyone else.
 *
 * Behaviour is asserted, not timings: every wait polls until a condition holds, with generous
 * deadlines for a loaded 2-core machine.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CallRoutingResult } from './call-router.ts';
import type { SipConfigInput } from './config.ts';
import { startSipServer, type SipServer } from './server.ts';
import {
  buildConnectDecision,
  createFakeCallRouter,
  createUdpClient,
  inviteText,
  responseHeader,
  responseStatus,
  sipText,
} from './testing.ts';
import { openUdpEndpoint } from './udp-endpoint.ts';

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown): void => void unhandled.push(e);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => process.off('unhandledRejection', onUnhandled));

let server: SipServer | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await server?.close();
  server = undefined;
  expect(unhandled).toEqual([]);
});

async function start(
  config: SipConfigInput = {},
  udpIo: 'native' | 'dgram' = 'native',
  udpReceiveBufferBytes?: number,
) {
  const router = createFakeCallRouter((call) => ({
    decision: buildConnectDecision({ connectTo: `5${call.callingNumber.slice(1)}` }),
  }));
  server = await startSipServer({
    config: { host: '127.0.0.1', port: 0, timers: { t1Ms: 40, t2Ms: 160, t4Ms: 100 }, udpIo, ...config },
    router,
    timerTickMs: 5,
    ...(udpReceiveBufferBytes !== undefined ? { udpReceiveBufferBytes } : {}),
  });
  const client = await createUdpClient(server.udpPort);
  cleanups.push(() => client.close());
  return { server, client, router };
}

/** Polls `check` until it is true, or fails after `ms`. */
async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A metric's value from the Prometheus text (0 when absent). */
function metric(s: SipServer, name: string, labels = ''): number {
  const escaped = `${name}${labels}`.replace(/[{}"]/g, (c) => `\\${c}`);
  const m = new RegExp(`^${escaped} (\\d+)$`, 'm').exec(s.metrics());
  return m ? Number(m[1]) : 0;
}

let seq = 0;
const callId = (): string => `hostile-${process.pid}-${++seq}`;

/**
 * A 116117 call over UDP from an honest caller: 302 with the right Contact. Like a real client it
 * retransmits the INVITE until it hears something (RFC 3261 Timer A).
 */
async function honestCall(client: Awaited<ReturnType<typeof createUdpClient>>): Promise<void> {
  const id = callId();
  const invite = inviteText({ clientPort: client.port, callId: id, from: '22334455' });
  const deadline = Date.now() + 15_000;
  client.send(invite);
  for (;;) {
    const res = await client.next(500);
    if (res === undefined) {
      expect(Date.now() < deadline, 'an answer to the honest call').toBe(true);
      client.send(invite);
      continue;
    }
    if (responseHeader(res, 'Call-ID') !== id || responseStatus(res) === 100) continue;
    expect(responseStatus(res)).toBe(302);
    expect(responseHeader(res, 'Contact')).toBe(`<sip:52334455@127.0.0.1:${client.port}>`);
    return;
  }
}

/** Counts the occurrences of `needle` in what a socket receives, across chunk boundaries. */
function countReceived(sock: net.Socket, needle: string): () => number {
  let count = 0;
  let carry = '';
  sock.on('data', (d: Buffer) => {
    const text = carry + d.toString('latin1');
    count += text.split(needle).length - 1;
    carry = text.slice(-(needle.length - 1));
  });
  return () => count;
}

function options(port: number, id: string, transport = 'UDP'): string {
  return sipText([
    'OPTIONS sip:nodmeld@127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/${transport} 127.0.0.1:${port};branch=z9hG4bK-${id}`,
    'Max-Forwards: 70',
    `From: <sip:ping@127.0.0.1>;tag=${id}`,
    'To: <sip:nodmeld@127.0.0.1>',
    `Call-ID: ${id}`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
  ]);
}

function connect(port: number, localAddress?: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    sock.on('error', () => {});
    sock.once('connect', () => resolve(sock));
    sock.once('error', reject);
    cleanups.push(() => sock.destroy());
  });
}

function closed(sock: net.Socket): Promise<void> {
  return sock.destroyed || sock.readableEnded
    ? Promise.resolve()
    : new Promise((r) => sock.once('close', () => r()));
}

describe('a TCP peer that never reads its responses', () => {
  it('RT-1: pauses reading it at the pause limit, closes it when it stays stalled, keeps its backlog bounded; UDP 116117 answered meanwhile', async () => {
    const pause = 16 * 1024;
    const max = 256 * 1024;
    const { server: s, client } = await start({
      tcpWritePauseBytes: pause,
      tcpWriteMaxBytes: max,
      tcpWriteStallMs: 1500,
    });
    const sock = await connect(s.tcpPort);
    // Never read: with no 'data' listener the socket stops reading once node's buffer is full,
    // and the kernel's receive window closes.
    const n = 30_000;
    const pipelined = Buffer.from(
      Array.from({ length: n }, (_, i) => options(5099, `p${i}`, 'TCP')).join(''),
      'latin1',
    );
    sock.write(pipelined);
    await until(
      'the server pauses reading the connection',
      () => metric(s, 'nodmeld_sip_tcp_read_pauses_total') >= 1,
    );
    // While that connection is paused, honest callers on UDP are answered.
    await honestCall(client);
    await honestCall(client);
    await until(
      'the stalled connection is closed',
      () => metric(s, 'nodmeld_sip_tcp_connections_closed_total', '{reason="write-stall"}') === 1,
    );
    // (The peer itself may not notice: it does not read, so it never sees the reset.)
    await until('the connection is gone on the server', () => metric(s, 'nodmeld_sip_tcp_connections') === 0);
    // The backlog never went past the hard limit, and most of the flood was never even read.
    expect(s.counters.tcpWriteBacklogPeak).toBeGreaterThanOrEqual(pause);
    expect(s.counters.tcpWriteBacklogPeak).toBeLessThanOrEqual(max);
    expect(s.counters.requests.get('OPTIONS')).toBeLessThan(n);
    expect(metric(s, 'nodmeld_sip_tcp_write_backlog_bytes')).toBe(0);
    await honestCall(client);
  });

  it('resumes reading a peer that was only slow, and answers everything it sent', async () => {
    const { server: s } = await start({ tcpWritePauseBytes: 16 * 1024, tcpWriteMaxBytes: 1024 * 1024 });
    const sock = await connect(s.tcpPort);
    const n = 20_000;
    sock.write(
      Buffer.from(Array.from({ length: n }, (_, i) => options(5099, `slow${i}`, 'TCP')).join(''), 'latin1'),
    );
    await until('the server pauses reading', () => metric(s, 'nodmeld_sip_tcp_read_pauses_total') >= 1);
    const answered = countReceived(sock, 'SIP/2.0 200 OK');
    await until('every OPTIONS is answered', () => answered() === n, 60_000);
    expect(s.counters.tcpClosed.values.size).toBe(0);
  });
});

describe('TCP connection limits and deadlines', () => {
  it('refuses connections beyond the per-source limit, and counts them; other sources still connect', async () => {
    const { server: s } = await start({ tcpMaxConnectionsPerSource: 3 });
    const kept = await Promise.all([1, 2, 3].map(() => connect(s.tcpPort)));
    await until('three connections open', () => metric(s, 'nodmeld_sip_tcp_connections') === 3);
    const fourth = await connect(s.tcpPort);
    await closed(fourth);
    expect(metric(s, 'nodmeld_sip_tcp_connections_refused_total', '{reason="per-source-limit"}')).toBe(1);
    const other = await connect(s.tcpPort, '127.0.0.2');
    await until(
      'a connection from another address is accepted',
      () => metric(s, 'nodmeld_sip_tcp_connections') === 4,
    );
    expect(other.destroyed).toBe(false);
    expect(kept.every((k) => !k.destroyed)).toBe(true);
  });

  it('refuses connections beyond the global limit, and counts them', async () => {
    const { server: s } = await start({ tcpMaxConnections: 2 });
    await Promise.all([connect(s.tcpPort), connect(s.tcpPort)]);
    await until('two connections open', () => metric(s, 'nodmeld_sip_tcp_connections') === 2);
    const third = await connect(s.tcpPort);
    await closed(third);
    expect(metric(s, 'nodmeld_sip_tcp_connections_refused_total', '{reason="global-limit"}')).toBe(1);
  });

  it('closes a connection whose message is not completed by the deadline (slowloris)', async () => {
    const { server: s } = await start({ tcpMessageTimeoutMs: 300 });
    const sock = await connect(s.tcpPort);
    sock.write('INVITE sip:116117@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5099;bran');
    await closed(sock);
    expect(metric(s, 'nodmeld_sip_tcp_connections_closed_total', '{reason="message-timeout"}')).toBe(1);
  });

  it('answers 408 when the late message has a readable head, then closes', async () => {
    const { server: s } = await start({ tcpMessageTimeoutMs: 300 });
    const sock = await connect(s.tcpPort);
    let got = '';
    sock.on('data', (d: Buffer) => (got += d.toString('latin1')));
    const invite = inviteText({ clientPort: 5099, callId: callId() })
      .replace('SIP/2.0/UDP', 'SIP/2.0/TCP')
      .replace('Content-Length: 0', 'Content-Length: 100');
    sock.write(invite);
    await closed(sock);
    expect(responseStatus(got)).toBe(408);
    expect(responseHeader(got, 'Warning')).toContain('not completed within 300 ms');
  });

  it('closes a connection that trickles bytes but completes no message (a byte does not reset the idle clock)', async () => {
    const { server: s } = await start({ tcpIdleTimeoutMs: 600, tcpMessageTimeoutMs: 400 });
    const crlf = await connect(s.tcpPort);
    const slow = await connect(s.tcpPort);
    const message = inviteText({ clientPort: 5099, callId: callId() }).replace('SIP/2.0/UDP', 'SIP/2.0/TCP');
    let at = 0;
    const drip = setInterval(() => {
      if (!crlf.destroyed) crlf.write('\r\n');
      if (!slow.destroyed && at < message.length) slow.write(message[at++]!);
    }, 20);
    cleanups.push(() => clearInterval(drip));
    await Promise.all([closed(crlf), closed(slow)]);
    clearInterval(drip);
    expect(metric(s, 'nodmeld_sip_tcp_connections_closed_total', '{reason="idle"}')).toBe(1);
    expect(metric(s, 'nodmeld_sip_tcp_connections_closed_total', '{reason="message-timeout"}')).toBe(1);
  });

  it('keeps a connection that completes messages open past the idle time', async () => {
    const { server: s } = await start({ tcpIdleTimeoutMs: 300 });
    const sock = await connect(s.tcpPort);
    const answers = countReceived(sock, 'SIP/2.0 200 OK');
    for (let i = 0; i < 8; i++) {
      sock.write(options(5099, `keep${i}`, 'TCP'));
      await until('the OPTIONS is answered', () => answers() === i + 1);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sock.destroyed).toBe(false);
  });

  it('answers 513 to a header block over the size limit over TCP, then closes (framing is lost)', async () => {
    const { server: s } = await start({ maxMessageBytes: 2048 });
    for (const where of ['after', 'before'] as const) {
      const sock = await connect(s.tcpPort);
      let got = '';
      sock.on('data', (d: Buffer) => (got += d.toString('latin1')));
      const id = callId();
      const invite = inviteText({ clientPort: 5099, callId: id }).replace('SIP/2.0/UDP', 'SIP/2.0/TCP');
      const padding = `X-Padding: ${'x'.repeat(6000)}\r\n`;
      // The padding after the headers an answer needs, or before them (then read on to the block's end).
      const text =
        where === 'after'
          ? invite.replace('Content-Length: 0', `${padding}Content-Length: 0`)
          : invite.replace(/\r\n/, `\r\n${padding}`);
      // In pieces, as a large header block arrives: the framer sees the limit passed before the block's end.
      for (let at = 0; at < text.length && !sock.destroyed; at += 1000) {
        sock.write(text.slice(at, at + 1000));
        await new Promise((r) => setTimeout(r, 5));
      }
      await closed(sock);
      expect(responseStatus(got), where).toBe(513);
      expect(responseHeader(got, 'Call-ID')).toBe(id);
    }
  });
});

describe('UDP floods', () => {
  it('RT-1: a flood of OPTIONS and requests for other numbers holds no transaction state; 116117 still answered', async () => {
    const { server: s, client } = await start();
    const flood = await createUdpClient(s.udpPort);
    cleanups.push(() => flood.close());
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const id = callId();
      flood.send(options(flood.port, id));
      flood.send(inviteText({ clientPort: flood.port, callId: `${id}-x`, uri: 'sip:113@127.0.0.1' }));
      flood.send(inviteText({ clientPort: flood.port, callId: `${id}-r`, extra: ['Require: 100rel'] }));
      flood.send(inviteText({ clientPort: flood.port, callId: `${id}-reg` }).replace(/INVITE/g, 'REGISTER'));
      if (i % 200 === 199) await new Promise((r) => setImmediate(r));
    }
    await until(
      'the flood is answered',
      () =>
        s.counters.responses.get('404') +
          s.counters.responses.get('200') +
          s.counters.responses.get('420') +
          s.counters.responses.get('405') >=
        4 * n * 0.9,
    );
    expect(metric(s, 'nodmeld_sip_transactions')).toBe(0);
    expect(metric(s, 'nodmeld_sip_transaction_bytes')).toBe(0);
    await honestCall(client);
  });

  it('answers a retransmitted OPTIONS again, identically (stateless, same To-tag: RFC 3261 §8.2.7)', async () => {
    const { client } = await start();
    const text = options(client.port, callId());
    client.send(text);
    const first = await client.next();
    client.send(text);
    const second = await client.next();
    expect(responseStatus(first)).toBe(200);
    expect(second).toBe(first);
  });

  it('bounds the transactions of a flood of 116117 INVITEs that are never acknowledged; an honest call still gets its 302', async () => {
    const { server: s, client } = await start({ maxTransactions: 50 });
    const flood = await createUdpClient(s.udpPort);
    cleanups.push(() => flood.close());
    for (let i = 0; i < 500; i++) flood.send(inviteText({ clientPort: flood.port, callId: callId() }));
    await until('the flood is answered', () => s.counters.calls.get('redirected') >= 450);
    expect(metric(s, 'nodmeld_sip_transactions')).toBeLessThanOrEqual(50);
    expect(s.counters.transactionsEvicted).toBeGreaterThan(0);
    await honestCall(client);
    expect(metric(s, 'nodmeld_sip_transactions')).toBeLessThanOrEqual(50);
  });

  it('bounds the memory of transactions holding large requests', async () => {
    const limit = 1024 * 1024;
    const { server: s, client } = await start({ maxTransactionBytes: limit });
    const flood = await createUdpClient(s.udpPort);
    cleanups.push(() => flood.close());
    // Each 302 copies the padded Via: ~9 KB per transaction, ~2 MB for the flood.
    const pad = `;x=${'a'.repeat(9000)}`;
    for (let i = 0; i < 220; i++) {
      const id = callId();
      flood.send(inviteText({ clientPort: flood.port, callId: id, branch: `z9hG4bK-${id}${pad}` }));
    }
    await until('the flood is answered', () => s.counters.calls.get('redirected') >= 200);
    // Unacknowledged, they would all still be live (Timer H); the byte bound ended the oldest.
    const bytes = metric(s, 'nodmeld_sip_transaction_bytes');
    expect(bytes).toBeGreaterThan(limit / 2);
    expect(bytes).toBeLessThanOrEqual(limit);
    expect(metric(s, 'nodmeld_sip_transactions')).toBeLessThan(150);
    expect(s.counters.transactionsEvicted).toBeGreaterThan(50);
    await honestCall(client);
  });

  it('answers 503 with Retry-After, statelessly, when every transaction is still being routed', async () => {
    const router = createFakeCallRouter(() => new Promise<CallRoutingResult>(() => {}));
    server = await startSipServer({ config: { host: '127.0.0.1', port: 0, maxTransactions: 2 }, router });
    const client = await createUdpClient(server.udpPort);
    cleanups.push(() => client.close());
    for (let i = 0; i < 2; i++) {
      client.send(inviteText({ clientPort: client.port, callId: callId() }));
      expect(responseStatus(await client.next())).toBe(100);
    }
    for (let i = 0; i < 20; i++) {
      client.send(inviteText({ clientPort: client.port, callId: callId() }));
      const res = await client.next();
      expect(responseStatus(res)).toBe(503);
      expect(responseHeader(res!, 'Retry-After')).toBe('5');
    }
    expect(metric(server, 'nodmeld_sip_transactions')).toBe(2);
  });
});

describe('Require (RFC 3261 §8.2.2.3)', () => {
  it('answers 420 with Unsupported to every method but CANCEL and ACK', async () => {
    const { client } = await start();
    const req = (method: string, id: string, require = 'Require: foo, 100rel'): string =>
      inviteText({ clientPort: client.port, callId: id, extra: [require] })
        .replace(/^INVITE/, method)
        .replace('1 INVITE', `1 ${method}`);
    for (const method of ['INVITE', 'OPTIONS', 'BYE']) {
      client.send(req(method, callId()));
      const res = await client.next();
      expect(responseStatus(res), method).toBe(420);
      expect(responseHeader(res!, 'Unsupported'), method).toBe('foo, 100rel');
    }
    // Method checks come first (§8.2.1): an unsupported method is 405 whatever it requires.
    client.send(req('REGISTER', callId()));
    expect(responseStatus(await client.next())).toBe(405);
    // CANCEL: Require is ignored; an unknown transaction is 481.
    client.send(req('CANCEL', callId()));
    expect(responseStatus(await client.next())).toBe(481);
  });
});

describe.each(['native', 'dgram'] as const)('kernel UDP drops (%s I/O)', (io) => {
  it('counts datagrams the kernel dropped when the receive buffer overflowed', async () => {
    // A small receive buffer, filled while the event loop is busy: the burst goes out in one
    // synchronous stretch (batched sends flush at the microtask checkpoint), before the server reads.
    const { server: s, client } = await start({}, io, 16 * 1024);
    expect(metric(s, 'nodmeld_sip_udp_kernel_drops_total')).toBe(0);
    const sender = await openUdpEndpoint({
      host: '127.0.0.1',
      port: 0,
      family: 4,
      io: 'native',
      bufferBytes: 4 * 1024 * 1024,
      onMessage() {},
      onError() {},
    });
    cleanups.push(() => void sender.close());
    const ping = options(sender.port, 'burst');
    for (let i = 0; i < 2000; i++) sender.send(ping, s.udpPort, '127.0.0.1');
    await until('drops are counted', () => metric(s, 'nodmeld_sip_udp_kernel_drops_total') > 0);
    await honestCall(client);
  });
});
