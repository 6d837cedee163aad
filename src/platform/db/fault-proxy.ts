/**
 * Test tool: a TCP proxy in front of a PostgreSQL server that a test can break the way databases
 * and networks break in production. The application under test connects through the proxy; other
 * connections (the test's own, a second instance on the "healthy path") go to the server directly.
 *
 * - `stop()` — the database goes away cleanly: every open connection is reset (RST) and new ones
 *   are refused (the listening socket is closed), as when the server or its host stops.
 * - `partition()` — a network partition: the proxy stops forwarding in both directions. Open
 *   connections become black holes (bytes written to them are never answered; nothing is read,
 *   so the sender's data sits in the kernel buffers) and new connections are accepted but held,
 *   never connected through. Connections black-holed by a partition stay black holes after
 *   `heal()`: the worst realistic case, in which a firewall or NAT dropped their state and their
 *   packets keep vanishing. Only new connections work again after the partition heals, so a
 *   client that does not give up on a silent connection by itself stays wedged.
 * - `heal()` — back to forwarding; after `stop()` the proxy listens again on the same port.
 */
import net from 'node:net';

export type FaultMode = 'forward' | 'stopped' | 'partitioned';

export interface FaultProxy {
  readonly port: number;
  readonly mode: FaultMode;
  /** `url` (a postgres:// URL of the real server) with host and port replaced by the proxy's. */
  urlFor(url: string): string;
  stop(): Promise<void>;
  partition(): void;
  heal(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
  /** Black-holed by a partition: never forwards again. */
  dead: boolean;
}

/** Starts a proxy on a random port of 127.0.0.1 forwarding to `target`. */
export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let mode: FaultMode = 'forward';
  const pairs = new Set<Pair>();

  const drop = (p: Pair): void => {
    pairs.delete(p);
    p.client.destroy();
    p.upstream?.destroy();
  };

  const blackhole = (p: Pair): void => {
    p.dead = true;
    p.client.pause();
    p.upstream?.pause();
  };

  const connectThrough = (p: Pair): void => {
    const up = net.connect(target.port, target.host);
    p.upstream = up;
    up.on('error', () => drop(p));
    up.on('close', () => {
      if (!p.dead) drop(p);
    });
    up.on('data', (d: Buffer) => {
      if (!p.dead) p.client.write(d);
    });
    p.client.on('data', (d: Buffer) => {
      if (!p.dead) up.write(d);
    });
  };

  const onConnection = (client: net.Socket): void => {
    const p: Pair = { client, upstream: null, dead: false };
    pairs.add(p);
    client.on('error', () => drop(p));
    // A black-holed connection closed by its client is cleaned up only then (its 'close' still fires).
    client.on('close', () => drop(p));
    if (mode === 'partitioned') blackhole(p);
    else connectThrough(p);
  };

  let server = net.createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  const closeListener = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  return {
    port,
    get mode() {
      return mode;
    },
    urlFor(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async stop() {
      mode = 'stopped';
      const closed = closeListener();
      for (const p of [...pairs]) {
        pairs.delete(p);
        p.client.resetAndDestroy();
        p.upstream?.destroy();
      }
      await closed;
    },
    partition() {
      mode = 'partitioned';
      for (const p of pairs) blackhole(p);
    },
    async heal() {
      if (mode === 'stopped') {
        server = net.createServer(onConnection);
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', () => resolve());
        });
      }
      mode = 'forward';
    },
    async close() {
      mode = 'stopped';
      const closed = closeListener();
      for (const p of [...pairs]) drop(p);
      await closed;
    },
  };
}
