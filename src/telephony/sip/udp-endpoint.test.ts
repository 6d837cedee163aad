/**
 * The UDP endpoint under the SIP server (docs/decisions/0003): the native batch I/O addon against
 * real sockets on 127.0.0.1 and ::1 — whole bursts larger than a batch and than the send arena,
 * byte-exact, sends from timers, IPv6 names as node:dgram gives them, close — and the same
 * behaviour from the node:dgram implementation.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../platform/seeded-random.ts';
import {
  formatIpv6,
  loadNativeUdp,
  nativeUdpUnavailableReason,
  openUdpEndpoint,
  type UdpEndpoint,
  type UdpEndpointOptions,
} from './udp-endpoint.ts';

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function endpoint(
  io: 'native' | 'dgram',
  opts: Partial<UdpEndpointOptions> & Pick<UdpEndpointOptions, 'onMessage'>,
): Promise<UdpEndpoint> {
  const ep = await openUdpEndpoint({
    host: '127.0.0.1',
    port: 0,
    family: 4,
    io,
    bufferBytes: 4 * 1024 * 1024,
    onError: () => {},
    ...opts,
  });
  open.push(ep);
  return ep;
}

async function client(host = '127.0.0.1'): Promise<dgram.Socket> {
  const sock = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((r) => sock.bind(0, host, () => r()));
  sock.setRecvBufferSize(4 * 1024 * 1024);
  open.push({ close: () => new Promise<void>((r) => sock.close(() => r())) });
  return sock;
}

function collect(sock: dgram.Socket, count: number, ms = 5000): Promise<Buffer[]> {
  const got: Buffer[] = [];
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`received ${got.length} of ${count}`)), ms);
    sock.on('message', (m) => {
      got.push(m);
      if (got.length === count) {
        clearTimeout(t);
        resolve(got);
      }
    });
  });
}

describe('native UDP batch I/O addon', () => {
  it('is built and loads (npm test builds it first; without it the server falls back to node:dgram)', () => {
    expect(nativeUdpUnavailableReason()).toBeUndefined();
    expect(loadNativeUdp()?.maxBatch).toBeGreaterThan(1);
  });

  it('survives send and close on a closed handle, also after the watcher is gone', async () => {
    const addon = loadNativeUdp()!;
    const words = addon.metaWords;
    const r = addon.open(
      '127.0.0.1',
      0,
      4,
      65536,
      65536,
      new ArrayBuffer(65536 * addon.maxBatch),
      new ArrayBuffer(addon.maxBatch * words * 4),
      new ArrayBuffer(65536),
      new ArrayBuffer(16 * words * 4),
      () => {},
    );
    addon.close(r.handle);
    await new Promise((res) => setTimeout(res, 20)); // libuv has closed the watcher
    expect(addon.send(r.handle, 1)).toBe(0);
    expect(() => addon.close(r.handle)).not.toThrow();
  });

  it('refuses to send to an address its socket family cannot reach, and maps IPv4 on IPv6', async () => {
    const errors: string[] = [];
    const ep = await endpoint('native', { onMessage: () => {}, onError: (kind) => errors.push(kind) });
    ep.send(Buffer.from('x'), 9, '::1');
    ep.send(Buffer.from('x'), 9, 'not-an-address');
    expect(errors).toEqual(['send', 'send']);
    const c = await client();
    const done = collect(c, 1);
    ep.send(Buffer.from('mapped back'), c.address().port, '::ffff:127.0.0.1');
    expect((await done).map(String)).toEqual(['mapped back']);
  });
});

// The transport under every 116117 call over UDP (RT-1); the SIP behaviour on top is in server.int.test.ts.
describe.each(['native', 'dgram'] as const)('UDP endpoint (%s) under the redirect server (RT-1)', (io) => {
  it('echoes a burst larger than a receive batch and the send arena, byte for byte, with source address and port', async () => {
    const sources = new Set<string>();
    const ep: UdpEndpoint = await endpoint(io, {
      onMessage: (buf, address, port) => {
        sources.add(`${address}:${port}`);
        // Copy out first: the buffer belongs to the endpoint only for this call.
        ep.send(Buffer.concat([Buffer.from('echo '), buf]), port, address);
      },
    });
    expect(ep.io).toBe(io);
    const c = await client();
    const rand = mulberry32(3261);
    const sent = Array.from({ length: 1500 }, (_, i) =>
      Buffer.from(`${i} ${'x'.repeat(Math.floor(rand() * 1400))}`),
    );
    const done = collect(c, sent.length);
    for (const m of sent) c.send(m, ep.port, '127.0.0.1');
    const got = (await done).map((b) => b.toString('latin1')).sort();
    expect(got).toEqual(sent.map((b) => `echo ${b.toString('latin1')}`).sort());
    expect([...sources]).toEqual([`127.0.0.1:${c.address().port}`]);
  });

  it('sends from a timer and from a promise continuation (outside a receive batch), also more than the send arena holds', async () => {
    const ep: UdpEndpoint = await endpoint(io, {
      onMessage: (buf, address, port) => {
        const text = buf.toString();
        setTimeout(() => {
          // One timer callback, as when many retransmission timers fire at once: 1,200 sends.
          for (let i = 0; i < 1200; i++)
            ep.send(Buffer.from(`timer ${text} ${i} ${'y'.repeat(600)}`), port, address);
        }, 5);
        void Promise.resolve().then(() => ep.send(Buffer.from(`promise ${text}`), port, address));
      },
    });
    const c = await client();
    const done = collect(c, 1201);
    c.send('hello', ep.port, '127.0.0.1');
    const got = (await done).map(String);
    expect(got).toContain('promise hello');
    expect(new Set(got.filter((g) => g.startsWith('timer hello')).map((g) => g.split(' ')[2])).size).toBe(
      1200,
    );
  });

  it('dates each datagram at its arrival: native from the kernel, so time queued in the socket counts (LV answer-time figures start here)', async () => {
    const waited: number[] = [];
    const ep: UdpEndpoint = await endpoint(io, {
      onMessage: (buf, address, port, receivedAt) => {
        waited.push(performance.now() - receivedAt);
        ep.send(buf, port, address);
      },
    });
    const c = await client();
    const done = collect(c, 3);
    await Promise.all(['a', 'b', 'c'].map((m) => new Promise((r) => c.send(m, ep.port, '127.0.0.1', r))));
    // They are in the server's socket now: keep the event loop busy while they wait there.
    const until = performance.now() + 80;
    while (performance.now() < until) {
      // busy
    }
    await done;
    expect(waited).toHaveLength(3);
    for (const w of waited) {
      expect(w).toBeGreaterThanOrEqual(0);
      if (io === 'native') expect(w).toBeGreaterThan(40);
      else expect(w).toBeLessThan(40);
    }
  });

  it('receives a datagram of 60,000 bytes whole', async () => {
    let length = 0;
    const ep = await endpoint(io, {
      onMessage: (buf, address, port) => {
        length = buf.length;
        ep.send(Buffer.from('ok'), port, address);
      },
    });
    const c = await client();
    const done = collect(c, 1);
    c.send(Buffer.alloc(60_000, 65), ep.port, '127.0.0.1');
    await done;
    expect(length).toBe(60_000);
  });

  it('works on IPv6 and names the source as node:dgram does', async () => {
    let source = '';
    const ep: UdpEndpoint = await endpoint(io, {
      host: '::1',
      family: 6,
      onMessage: (buf, address, port) => {
        source = address;
        ep.send(buf, port, address);
      },
    });
    const c = await client('::1');
    const done = collect(c, 1);
    c.send('v6', ep.port, '::1');
    expect((await done).map(String)).toEqual(['v6']);
    expect(source).toBe('::1');
  });

  it('reports a handler that throws and goes on with the next datagram', async () => {
    const errors: string[] = [];
    const ep: UdpEndpoint = await endpoint(io, {
      onMessage: (buf, address, port) => {
        if (buf.toString() === 'boom') throw new Error('handler bug');
        ep.send(buf, port, address);
      },
      onError: (kind) => errors.push(kind),
    });
    const c = await client();
    const done = collect(c, 1);
    c.send('boom', ep.port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 20));
    c.send('next', ep.port, '127.0.0.1');
    expect((await done).map(String)).toEqual(['next']);
    expect(errors).toEqual(['handler']);
  });

  it('releases the port when close() resolves and delivers nothing afterwards', async () => {
    let received = 0;
    const ep = await endpoint(io, { onMessage: () => void received++ });
    const port = ep.port;
    await ep.close();
    // Rebind at once: the socket is closed by then, not later in the event loop.
    const again = await endpoint(io, { port, onMessage: () => {} });
    expect(again.port).toBe(port);
    await again.close();
    const c = await client();
    c.send('late', port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 30));
    expect(received).toBe(0);
    ep.send(Buffer.from('after close'), c.address().port, '127.0.0.1');
    await ep.close();
  });

  it('listens dual-stack on "::" like node:dgram: IPv4 peers as ::ffff:a.b.c.d, answered over IPv4', async () => {
    let source = '';
    const ep: UdpEndpoint = await endpoint(io, {
      host: '::',
      family: 6,
      onMessage: (buf, address, port) => {
        source = address;
        ep.send(buf, port, address);
      },
    });
    const c = await client();
    const done = collect(c, 1);
    c.send('v4 on v6', ep.port, '127.0.0.1');
    expect((await done).map(String)).toEqual(['v4 on v6']);
    expect(source).toBe('::ffff:127.0.0.1');
  });

  it('keeps working when a handler transfers the buffer it was given (it is copied, never detached)', async () => {
    const ep: UdpEndpoint = await endpoint(io, {
      onMessage: (buf, address, port) => {
        structuredClone(buf.buffer, { transfer: [buf.buffer] });
        ep.send(Buffer.from(`ok ${buf.byteLength}`), port, address);
      },
    });
    const c = await client();
    const done = collect(c, 3);
    for (const m of ['one', 'two', 'six']) c.send(m, ep.port, '127.0.0.1');
    // native: the shared arena is untransferable, so it was copied; dgram: each datagram owns its
    // buffer, which the handler may detach.
    expect((await done).map(String)).toEqual(
      io === 'native' ? ['ok 3', 'ok 3', 'ok 3'] : ['ok 0', 'ok 0', 'ok 0'],
    );
  });

  it('refuses to bind a port in use with EADDRINUSE', async () => {
    const first = await endpoint(io, { onMessage: () => {} });
    await expect(endpoint(io, { port: first.port, onMessage: () => {} })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });
});

describe('formatIpv6', () => {
  it('writes the RFC 5952 form that node:net uses', () => {
    const rand = mulberry32(5952);
    const cases = [
      '::1',
      '::',
      '2001:db8::2:1',
      'fe80::1:0:0:0',
      '::ffff:10.0.0.1',
      '1:2:3:4:5:6:7:8',
      '0:0:1:0:0:1:0:0',
      '2001:db8:0:1:1:1:1:1',
    ];
    for (let i = 0; i < 500; i++) {
      // Random groups with many zeros, so that runs of every length and position occur.
      cases.push(
        Array.from({ length: 8 }, () => (rand() < 0.5 ? 0 : Math.floor(rand() * 65536)).toString(16)).join(
          ':',
        ),
      );
    }
    for (const text of cases) {
      const canonical = new net.SocketAddress({ address: text, family: 'ipv6' }).address;
      const bytes = new Uint8Array(16);
      const groups = expandIpv6(canonical);
      groups.forEach((g, i) => {
        bytes[2 * i] = g >> 8;
        bytes[2 * i + 1] = g & 255;
      });
      expect(formatIpv6(bytes), text).toBe(canonical);
    }
  });
});

function expandIpv6(text: string): number[] {
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  const body = v4
    ? text.slice(0, v4.index) +
      `${((+v4[1]! << 8) | +v4[2]!).toString(16)}:${((+v4[3]! << 8) | +v4[4]!).toString(16)}`
    : text;
  const [head, tail] = body.split('::') as [string, string | undefined];
  const h = head ? head.split(':').map((g) => parseInt(g, 16)) : [];
  const t = tail ? tail.split(':').map((g) => parseInt(g, 16)) : [];
  return tail === undefined ? h : [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
}
