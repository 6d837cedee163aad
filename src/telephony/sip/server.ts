/**
 * The SIP redirect server: one UDP socket (batched native I/O or node:dgram, `udp-endpoint.ts`) and
 * one `node:net` TCP listener on the same port (`tcp-transport.ts`), a bounded transaction layer,
 * the redirect handler and its counters. Started by the main start command next to the HTTP
 * server, or alone by `nodmeld sip`.
 */
import { isIP } from 'node:net';
import net from 'node:net';
import type { CallRouter } from './call-router.ts';
import { parseSipConfig, type SipConfig, type SipConfigInput } from './config.ts';
import type { SipRequest } from './message.ts';
import { SipMetrics } from './metrics.ts';
import { RedirectHandler, type Inbound, type SipLogger, type SipMessageHandler } from './redirect.ts';
import { MediaClock, RtpPortPool, RtpSession } from '../media/rtp-session.ts';
import { VoiceMenuHandler } from '../voice/voice-handler.ts';
import type { PromptAudio, VoiceMenuPort } from '../voice/voice-port.ts';
import type { PeerAddress } from './response.ts';
import { SipTcpTransport } from './tcp-transport.ts';
import { TimerQueue } from './timer-queue.ts';
import { TransactionLayer, type ResponseRoute } from './transactions.ts';
import { nativeUdpUnavailableReason, openUdpEndpoint, type UdpEndpoint } from './udp-endpoint.ts';

export interface SipServerOptions {
  /** Validated configuration, or input to validate (defaults filled in). */
  config: SipConfig | SipConfigInput;
  router: CallRouter;
  logger?: SipLogger;
  /** Timer resolution in ms (default 10). */
  timerTickMs?: number;
  /** UDP socket buffers for bursts (default: config `udpBufferBytes`; the kernel may cap it). */
  udpReceiveBufferBytes?: number;
  /** Mode "voice-menu": routing and the menu, and the prompts' audio (required in that mode). */
  voice?: { port: VoiceMenuPort; prompts: PromptAudio; clock?: MediaClock };
}

export interface SipServer {
  udpPort: number;
  /** How the UDP socket does its I/O: batched through the native addon, or node:dgram. */
  udpIo: 'native' | 'dgram';
  tcpPort: number;
  /** Address the listeners are bound to. */
  host: string;
  close(): Promise<void>;
  /** Prometheus text exposition of the SIP counters. */
  metrics(): string;
  /** The raw counters (tests, benchmarks). */
  readonly counters: SipMetrics;
  /** Mode "voice-menu": the voice calls' handler (tests, benchmarks). */
  readonly voice: VoiceMenuHandler | undefined;
}

const silentLogger: SipLogger = { info() {}, warn() {}, error() {} };

/** Starts UDP and TCP listeners on `config.host`:`config.port` (port 0: one free port for both). */
export async function startSipServer(opts: SipServerOptions): Promise<SipServer> {
  const config = parseSipConfig(opts.config);
  const logger = opts.logger ?? silentLogger;
  const timers = new TimerQueue({ tickMs: opts.timerTickMs ?? 10 });
  // Forward references: the metrics read gauges of parts created after them.
  const holder: { layer?: TransactionLayer; tcp?: SipTcpTransport; udp?: UdpEndpoint } = {};
  const metrics = new SipMetrics({
    transactions: () => holder.layer?.size ?? 0,
    transactionBytes: () => holder.layer?.bytes ?? 0,
    tcpConnections: () => holder.tcp?.size ?? 0,
    tcpWriteBacklog: () => holder.tcp?.backlog() ?? 0,
    udpKernelDrops: () => holder.udp?.kernelDrops(),
  });
  const layer = new TransactionLayer(
    timers,
    config.timers,
    {
      retransmissionAbsorbed: (kind) => metrics.retransmissionsAbsorbed.inc(kind),
      responseRetransmitted: () => metrics.responseRetransmissions++,
      ackTimeout: () => metrics.ackTimeouts++,
      evicted: () => metrics.transactionsEvicted++,
    },
    undefined,
    { maxTransactions: config.maxTransactions, maxBytes: config.maxTransactionBytes },
  );
  holder.layer = layer;
  timers.setErrorHandler((err) => logger.error({ err }, 'SIP timer handler failed'));
  const redirect = new RedirectHandler({ config, router: opts.router, layer, metrics, logger });
  let voice: VoiceMenuHandler | undefined;
  if (config.mode === 'voice-menu') {
    if (!opts.voice) throw new Error('SIP mode "voice-menu" needs the voice menu (routing and prompts)');
    const pool = new RtpPortPool(config.host, config.voice.rtpPortMin, config.voice.rtpPortMax);
    const clock = opts.voice.clock ?? new MediaClock();
    clock.onError = (err) => logger.error({ err }, 'voice menu: sending RTP failed');
    const cname = `nodmeld@${config.voice.mediaAddress ?? config.host}`;
    voice = new VoiceMenuHandler({
      config,
      port: opts.voice.port,
      prompts: opts.voice.prompts,
      fallback: redirect,
      metrics,
      logger,
      sipPort: () => holder.udp?.port ?? config.port,
      openMedia: async (choice, onKey, signallingAddress) => {
        const { port, rtp, rtcp } = await pool.open();
        return new RtpSession({
          port,
          rtp,
          rtcp,
          remoteAddress: choice.remoteAddress,
          remotePort: choice.remotePort,
          signallingAddress,
          codec: choice.codec,
          payloadType: choice.payloadType,
          telephoneEvent: choice.telephoneEvent,
          clock,
          onKey,
          cname,
          onClose: () => pool.release(port),
        });
      },
    });
  }
  const handler: SipMessageHandler = voice ?? redirect;

  const family = isIP(config.host) === 6 ? 6 : 4;
  let udp: UdpEndpoint | undefined;
  let tcp: net.Server | undefined;
  const onMessage = (msg: Buffer, address: string, port: number, receivedAt: number): void => {
    if (msg.length === 0 || isBlank(msg)) return; // keep-alive
    // `udp` is the endpoint being opened: datagrams may arrive while the TCP listener starts.
    handler.handle(msg, new UdpPeer(udp!, address, port), true, receivedAt);
  };
  for (let attempt = 0; ; attempt++) {
    udp = await openUdpEndpoint({
      host: config.host,
      port: config.port,
      family,
      io: config.udpIo,
      bufferBytes: opts.udpReceiveBufferBytes ?? config.udpBufferBytes,
      onMessage,
      onError: (kind, err) => {
        if (kind === 'send') metrics.dropped.inc('udp-send-error');
        else if (kind === 'receive') logger.error({ err }, 'SIP UDP socket failed and stopped receiving');
        else logger.error({ err }, 'SIP UDP message handler failed');
      },
    });
    try {
      tcp = await listenTcp(config.host, udp.port, config.tcpMaxConnections);
      break;
    } catch (e) {
      await udp.close();
      // With port 0 the TCP port may be taken; try another pair a few times.
      if (config.port !== 0 || attempt >= 10) throw e;
    }
  }
  const udpEndpoint: UdpEndpoint = udp;
  holder.udp = udpEndpoint;
  const tcpServer = tcp;
  const tcpTransport = new SipTcpTransport(tcpServer, { config, handler, metrics });
  holder.tcp = tcpTransport;
  const buffers = udpEndpoint.buffers;
  if (buffers.receive < buffers.requested) {
    // The kernel caps SO_RCVBUF at net.core.rmem_max; below 1 MiB a burst of a few thousand INVITEs overflows it.
    const msg =
      'SIP UDP buffers smaller than configured (the kernel caps them at net.core.rmem_max / wmem_max)';
    if (buffers.receive < 1024 * 1024) logger.warn(buffers, msg);
    else logger.info(buffers, msg);
  }
  metrics.udpBuffers = buffers;
  if (udpEndpoint.io === 'dgram' && config.udpIo === 'auto') {
    logger.warn(
      { reason: nativeUdpUnavailableReason() },
      'SIP UDP uses node:dgram: the batch I/O addon is not available (npm run build:native)',
    );
  }

  tcpServer.on('error', (err) => logger.warn({ err }, 'SIP TCP listener error'));

  logger.info(
    { host: config.host, port: udpEndpoint.port, udpIo: udpEndpoint.io, mode: config.mode },
    config.mode === 'voice-menu'
      ? 'SIP voice menu listening (UDP and TCP)'
      : 'SIP redirect server listening (UDP and TCP)',
  );
  let closed = false;
  return {
    udpPort: udpEndpoint.port,
    udpIo: udpEndpoint.io,
    tcpPort: (tcpServer.address() as net.AddressInfo).port,
    host: config.host,
    counters: metrics,
    voice,
    metrics: () => metrics.render(),
    async close() {
      if (closed) return;
      closed = true;
      await voice?.closeAll();
      timers.stop();
      layer.clear();
      tcpTransport.close();
      await Promise.all([
        udpEndpoint.close(),
        new Promise<void>((resolve) => tcpServer.close(() => resolve())),
      ]);
    },
  };
}

/**
 * A UDP datagram's source: its `Inbound` and, at the same time, the route straight back to it.
 * A class with prototype methods, so a datagram costs one small object and no closures.
 */
class UdpPeer implements Inbound, ResponseRoute, PeerAddress {
  readonly transport = 'udp' as const;
  readonly reliable = false;

  constructor(
    private readonly socket: UdpEndpoint,
    readonly address: string,
    readonly port: number,
  ) {}

  get peer(): PeerAddress {
    return this;
  }

  get replyToSource(): ResponseRoute {
    return this;
  }

  send(msg: string): void {
    this.socket.send(msg, this.port, this.address);
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
    private readonly socket: UdpEndpoint,
    private readonly address: string,
    private readonly port: number,
  ) {}

  send(msg: string): void {
    this.socket.send(msg, this.port, this.address);
  }
}

function isBlank(buf: Buffer): boolean {
  for (const b of buf) if (b !== 13 && b !== 10 && b !== 32 && b !== 9 && b !== 0) return false;
  return true;
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
