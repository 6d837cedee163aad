/**
 * The SIP redirect server on `node:dgram` and `node:net`: one UDP socket and one TCP listener on
 * the same port, a transaction layer, the redirect handler and its counters. Started by the main
 * start command next to the HTTP server, or alone by `nodmeld sip`.
 */
import dgram from 'node:dgram';
import { isIP } from 'node:net';
import net from 'node:net';
import type { CallRouter } from './call-router.ts';
import { parseSipConfig, type SipConfig, type SipConfigInput } from './config.ts';
import type { SipHeader, SipRequest } from './message.ts';
import { parseSipMessage } from './parser.ts';
import { SipMetrics } from './metrics.ts';
import { RedirectHandler, type Inbound, type SipLogger } from './redirect.ts';
import type { PeerAddress } from './response.ts';
import { SipStreamFramer } from './stream-framer.ts';
import { TimerQueue } from './timer-queue.ts';
import { TransactionLayer, type ResponseRoute } from './transactions.ts';

export interface SipServerOptions {
  /** Validated configuration, or input to validate (defaults filled in). */
  config: SipConfig | SipConfigInput;
  router: CallRouter;
  logger?: SipLogger;
  /** Timer resolution in ms (default 10). */
  timerTickMs?: number;
  /** UDP socket buffers for bursts (default: config `udpBufferBytes`; the kernel may cap it). */
  udpReceiveBufferBytes?: number;
}

export interface SipServer {
  udpPort: number;
  tcpPort: number;
  /** Address the listeners are bound to. */
  host: string;
  close(): Promise<void>;
  /** Prometheus text exposition of the SIP counters. */
  metrics(): string;
  /** The raw counters (tests, benchmarks). */
  readonly counters: SipMetrics;
}

const silentLogger: SipLogger = { info() {}, warn() {}, error() {} };

/** Starts UDP and TCP listeners on `config.host`:`config.port` (port 0: one free port for both). */
export async function startSipServer(opts: SipServerOptions): Promise<SipServer> {
  const config = parseSipConfig(opts.config);
  const logger = opts.logger ?? silentLogger;
  const timers = new TimerQueue({ tickMs: opts.timerTickMs ?? 10 });
  const connections = new Set<net.Socket>();
  // Forward reference: the layer reports into the metrics, the metrics read the layer's size.
  const holder: { layer?: TransactionLayer } = {};
  const metrics = new SipMetrics({
    transactions: () => holder.layer?.size ?? 0,
    tcpConnections: () => connections.size,
  });
  const layer = new TransactionLayer(timers, config.timers, {
    retransmissionAbsorbed: (kind) => metrics.retransmissionsAbsorbed.inc(kind),
    responseRetransmitted: () => metrics.responseRetransmissions++,
    ackTimeout: () => metrics.ackTimeouts++,
  });
  holder.layer = layer;
  timers.setErrorHandler((err) => logger.error({ err }, 'SIP timer handler failed'));
  const handler = new RedirectHandler({ config, router: opts.router, layer, metrics, logger });

  const family = isIP(config.host) === 6 ? 'udp6' : 'udp4';
  let udp: dgram.Socket | undefined;
  let tcp: net.Server | undefined;
  for (let attempt = 0; ; attempt++) {
    // Responses always go to literal addresses: resolve them synchronously instead of through
    // dns.lookup, which defers every send to the next tick.
    udp = dgram.createSocket({ type: family, lookup: literalLookup as unknown as dgram.SocketOptions['lookup'] });
    const port = await bindUdp(udp, config.port, config.host);
    try {
      tcp = await listenTcp(config.host, port, config.tcpMaxConnections);
      break;
    } catch (e) {
      udp.close();
      // With port 0 the TCP port may be taken; try another pair a few times.
      if (config.port !== 0 || attempt >= 10) throw e;
    }
  }
  const udpSocket = udp;
  const tcpServer = tcp;
  const buffers = setUdpBuffers(udpSocket, opts.udpReceiveBufferBytes ?? config.udpBufferBytes);
  if (buffers.receive < buffers.requested) {
    // The kernel caps SO_RCVBUF at net.core.rmem_max; below 1 MiB a burst of a few thousand INVITEs overflows it.
    const msg = 'SIP UDP buffers smaller than configured (the kernel caps them at net.core.rmem_max / wmem_max)';
    if (buffers.receive < 1024 * 1024) logger.warn(buffers, msg);
    else logger.info(buffers, msg);
  }
  metrics.udpBuffers = buffers;
  udpSocket.on('error', (err) => {
    metrics.dropped.inc('udp-send-error');
    logger.warn({ err }, 'SIP UDP socket error');
  });

  udpSocket.on('message', (msg, rinfo) => {
    if (msg.length === 0 || isBlank(msg)) return; // keep-alive
    handler.handle(msg, new UdpPeer(udpSocket, rinfo.address, rinfo.port), true);
  });

  tcpServer.on('connection', (sock) => {
    connections.add(sock);
    sock.setNoDelay(true);
    sock.setTimeout(config.tcpIdleTimeoutMs, () => sock.destroy());
    sock.on('error', () => metrics.dropped.inc('tcp-error'));
    sock.on('close', () => connections.delete(sock));
    const peer: PeerAddress = { address: sock.remoteAddress ?? '', port: sock.remotePort ?? 0 };
    const route: ResponseRoute = {
      reliable: true,
      send: (b) => {
        if (sock.writable) sock.write(b);
        else metrics.dropped.inc('tcp-closed');
      },
    };
    const inbound: Inbound = { transport: 'tcp', peer, routeFor: () => route, replyToSource: route };
    const framer = new SipStreamFramer(config.maxMessageBytes);
    sock.on('data', (chunk: Buffer) => {
      for (const ev of framer.push(chunk)) {
        if (ev.kind === 'message') handler.handle(ev.buf, inbound, false);
        else if (ev.kind === 'keepalive') route.send(CRLF);
        else {
          // Framing is lost: answer if the head can be read, then close (RFC 3261 §18.3).
          metrics.received.inc('tcp');
          const head = ev.head ? headOf(ev.head) : undefined;
          handler.rejectMalformed({ ...ev, ...head }, inbound);
          sock.end();
        }
      }
    });
  });
  tcpServer.on('error', (err) => logger.warn({ err }, 'SIP TCP listener error'));

  const address = udpSocket.address();
  logger.info({ host: config.host, port: address.port }, 'SIP redirect server listening (UDP and TCP)');
  let closed = false;
  return {
    udpPort: address.port,
    tcpPort: (tcpServer.address() as net.AddressInfo).port,
    host: config.host,
    counters: metrics,
    metrics: () => metrics.render(),
    async close() {
      if (closed) return;
      closed = true;
      timers.stop();
      layer.clear();
      for (const s of connections) s.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udpSocket.close(() => resolve())),
        new Promise<void>((resolve) => tcpServer.close(() => resolve())),
      ]);
    },
  };
}

const CRLF = Buffer.from('\r\n', 'latin1');

/**
 * A UDP datagram's source: its `Inbound` and, at the same time, the route straight back to it.
 * A class with prototype methods, so a datagram costs one small object and no closures.
 */
class UdpPeer implements Inbound, ResponseRoute, PeerAddress {
  readonly transport = 'udp' as const;
  readonly reliable = false;

  constructor(
    private readonly socket: dgram.Socket,
    readonly address: string,
    readonly port: number,
  ) {}

  get peer(): PeerAddress {
    return this;
  }

  get replyToSource(): ResponseRoute {
    return this;
  }

  send(buf: Buffer): void {
    this.socket.send(buf, this.port, this.address);
  }

  /** RFC 3261 §18.2.2 + RFC 3581: to the source address; the source port only with rport. */
  routeFor(req: SipRequest): ResponseRoute {
    const top = req.via[0]!;
    const port = top.rport ? this.port : (top.port ?? 5060);
    return port === this.port ? this : new UdpRoute(this.socket, this.address, port);
  }
}

class UdpRoute implements ResponseRoute {
  readonly reliable = false;

  constructor(
    private readonly socket: dgram.Socket,
    private readonly address: string,
    private readonly port: number,
  ) {}

  send(buf: Buffer): void {
    this.socket.send(buf, this.port, this.address);
  }
}

/** dgram's lookup hook for literal IP addresses (dgram calls it as lookup(address, family, cb)). */
function literalLookup(address: string, family: number, cb: (err: Error | null, address: string, family: number) => void): void {
  cb(null, address, family);
}

function isBlank(buf: Buffer): boolean {
  for (const b of buf) if (b !== 13 && b !== 10 && b !== 32 && b !== 9 && b !== 0) return false;
  return true;
}

/** Method and headers of a stream message head whose body cannot be framed, for a 400/513. */
function headOf(head: Buffer): { method?: string; headers?: SipHeader[] } {
  // Parse the head alone as a datagram without its Content-Length: the body is not there.
  const stripped = Buffer.from(head.toString('latin1').replace(/^(?:content-length|l)[ \t]*:.*\r\n/gim, ''), 'latin1');
  const r = parseSipMessage(stripped, { maxMessageBytes: stripped.length, datagram: true });
  if (r.ok) return r.message.type === 'request' ? { method: r.message.method, headers: r.message.headers } : {};
  const out: { method?: string; headers?: SipHeader[] } = {};
  if (r.method !== undefined) out.method = r.method;
  if (r.headers) out.headers = r.headers;
  return out;
}

/**
 * Asks for large UDP buffers so bursts queue in the kernel instead of being dropped, and returns
 * what the kernel granted (Linux reports twice the usable size and caps at rmem_max/wmem_max).
 */
function setUdpBuffers(sock: dgram.Socket, bytes: number): { requested: number; receive: number; send: number } {
  for (const set of [(n: number) => sock.setRecvBufferSize(n), (n: number) => sock.setSendBufferSize(n)]) {
    try {
      set(bytes);
    } catch {
      // Refused: the default buffers work, with more drops under bursts.
    }
  }
  const get = (fn: () => number): number => {
    try {
      return fn();
    } catch {
      return 0;
    }
  };
  return { requested: bytes, receive: get(() => sock.getRecvBufferSize() / 2), send: get(() => sock.getSendBufferSize() / 2) };
}

function bindUdp(sock: dgram.Socket, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    sock.once('error', onError);
    sock.bind(port, host, () => {
      sock.off('error', onError);
      resolve(sock.address().port);
    });
  });
}

function listenTcp(host: string, port: number, maxConnections: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.maxConnections = maxConnections;
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
