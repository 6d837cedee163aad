/**
 * Test helpers for the SIP server: a scriptable fake `CallRouter`, decision factories, a sipp
 * runner and a raw UDP client. Used by the telephony tests only.
 */
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallInput, RoutingDecision } from '../../routing/domain/types.ts';
import type { CallRouter, CallRoutingResult, MenuSessionInit, RouteOptions } from './call-router.ts';
import { parseSipConfig, type SipConfigInput } from './config.ts';
import { SipMetrics } from './metrics.ts';
import { RedirectHandler, type Inbound } from './redirect.ts';
import { TimerQueue } from './timer-queue.ts';
import { TransactionLayer, type ResponseRoute } from './transactions.ts';

export const SCENARIO_DIR = join(dirname(fileURLToPath(import.meta.url)), 'scenarios');

/** A connect decision with sensible defaults. */
export function buildConnectDecision(
  overrides: Partial<Extract<RoutingDecision, { outcome: 'connect' }>> = {},
): RoutingDecision {
  return {
    outcome: 'connect',
    centreId: 'lv-test',
    centreName: 'Test legevaktsentral',
    connectTo: '55500001',
    method: 'number-series',
    municipality: '4601',
    county: '46',
    trace: [],
    dataVersion: 1,
    ...overrides,
  };
}

/** A menu decision (RT-5). */
export function buildMenuDecision(
  overrides: Partial<Extract<RoutingDecision, { outcome: 'menu' }>> = {},
): RoutingDecision {
  return { outcome: 'menu', reason: 'no municipality for the call', trace: [], dataVersion: 1, ...overrides };
}

export interface FakeCallRouter extends CallRouter {
  calls: { call: CallInput; opts: RouteOptions }[];
  menuSessions: MenuSessionInit[];
}

/** A CallRouter answering from a function; records every call and menu session. */
export function createFakeCallRouter(
  decide: (call: CallInput, opts: RouteOptions) => CallRoutingResult | Promise<CallRoutingResult>,
): FakeCallRouter {
  const calls: FakeCallRouter['calls'] = [];
  const menuSessions: MenuSessionInit[] = [];
  return {
    calls,
    menuSessions,
    route(call, opts) {
      calls.push({ call, opts });
      return decide(call, opts);
    },
    async createMenuSession(init) {
      menuSessions.push(init);
      return { sessionId: `ms-${menuSessions.length}` };
    },
  };
}

/** Fails loudly when sipp is missing: sipp tests must never be skipped silently. */
export function requireSipp(): string {
  const r = spawnSync('sipp', ['-v'], { encoding: 'utf8' });
  if (r.error) {
    throw new Error(
      'sipp is not installed: install the Debian package sip-tester (apt-get install -y sip-tester)',
    );
  }
  return 'sipp';
}

export interface SippRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Contents of the scenario's -trace_logs file ("" when none). */
  log: string;
  /** Contents of the -trace_err file ("" when none). */
  errors: string;
}

/**
 * Runs sipp as a UAC against 127.0.0.1:`port` with a scenario from `scenarios/` and CSV rows for
 * `-inf`; resolves when it exits (exit code 0: every call succeeded).
 */
export function runSipp(opts: {
  scenario: string;
  port: number;
  rows?: string[][];
  calls?: number;
  rate?: number;
  transport?: 'u1' | 't1';
  timeoutS?: number;
  extraArgs?: string[];
  /** Files written into sipp's working folder first (e.g. a pcap the scenario plays). */
  files?: Record<string, Uint8Array>;
  /** sipp's own SIP port (default a free one): a UAS scenario (a test centre) listens there. */
  localPort?: number;
}): Promise<SippRun> {
  if (opts.localPort !== undefined) return spawnSipp(opts, opts.localPort);
  return freeUdpPort().then((localPort) => spawnSipp(opts, localPort));
}

/** A UDP port that was free a moment ago (sipp's -p 0 falls back to 5060, which parallel runs share). */
export async function freeUdpPort(): Promise<number> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', () => resolve()));
  const port = sock.address().port;
  await new Promise<void>((resolve) => sock.close(() => resolve()));
  return port;
}

/** Can `port` on 127.0.0.1 be bound now (no socket holds it)? */
export async function udpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** An even free UDP port whose odd neighbour is free too: an RTP/RTCP pair (sipp's `-mp`). */
export async function evenFreeUdpPort(): Promise<number> {
  for (;;) {
    const p = await freeUdpPort();
    if (p % 2 === 0 && p < 65000 && (await udpPortFree(p + 1))) return p;
  }
}

/**
 * sipp as a centre (a UAS scenario, `centre-*.xml`) on 127.0.0.1:`sipPort`, echoing RTP
 * (`-rtp_echo`), listening before it resolves. `done` is its run (an object, not the promise:
 * an async function would wait for it).
 */
export async function startSippCentre(
  scenario: string,
  sipPort: number,
): Promise<{ done: Promise<SippRun> }> {
  const done = runSipp({
    scenario,
    port: 5060,
    localPort: sipPort,
    calls: 1,
    extraArgs: ['-mi', '127.0.0.1', '-mp', String(await evenFreeUdpPort()), '-rtp_echo'],
    timeoutS: 25,
  });
  // sipp is ready when its SIP port is taken (it can take seconds to start on a busy machine).
  const deadline = performance.now() + 15_000;
  while (await udpPortFree(sipPort)) {
    if (performance.now() > deadline) throw new Error(`sipp not listening on ${sipPort} within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { done };
}

function spawnSipp(opts: Parameters<typeof runSipp>[0], localPort: number): Promise<SippRun> {
  const dir = mkdtempSync(join(tmpdir(), 'nodmeld-sipp-'));
  for (const [name, bytes] of Object.entries(opts.files ?? {})) writeFileSync(join(dir, name), bytes);
  const args = [
    `127.0.0.1:${opts.port}`,
    '-sf',
    join(SCENARIO_DIR, opts.scenario),
    '-m',
    String(opts.calls ?? opts.rows?.length ?? 1),
    '-r',
    String(opts.rate ?? 50),
    '-i',
    '127.0.0.1',
    '-p',
    String(localPort),
    '-t',
    opts.transport ?? 'u1',
    '-nostdin',
    '-timeout',
    `${opts.timeoutS ?? 30}s`,
    '-timeout_error',
    '-trace_logs',
    '-log_file',
    join(dir, 'log.txt'),
    '-trace_err',
    '-error_file',
    join(dir, 'err.txt'),
    ...(opts.extraArgs ?? []),
  ];
  if (opts.rows) {
    const csv = join(dir, 'rows.csv');
    writeFileSync(csv, `SEQUENTIAL\n${opts.rows.map((r) => r.join(';')).join('\n')}\n`);
    args.push('-inf', csv);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(requireSipp(), args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const read = (f: string): string => {
        try {
          return readFileSync(join(dir, f), 'utf8');
        } catch {
          return '';
        }
      };
      resolve({ code, stdout, stderr, log: read('log.txt'), errors: read('err.txt') });
    });
  });
}

/** A raw UDP SIP client for messages sipp cannot send (malformed, retransmissions). */
export async function createUdpClient(
  serverPort: number,
  host = '127.0.0.1',
): Promise<{
  port: number;
  send(text: string | Buffer): void;
  /** Next message received within `ms`, or undefined. */
  next(ms?: number): Promise<string | undefined>;
  /** Every message received within `ms`. */
  drain(ms: number): Promise<string[]>;
  close(): void;
}> {
  const sock = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const queue: string[] = [];
  const waiters: ((m: string) => void)[] = [];
  sock.on('message', (m) => {
    const s = m.toString('latin1');
    const w = waiters.shift();
    if (w) w(s);
    else queue.push(s);
  });
  await new Promise<void>((resolve) => sock.bind(0, host, () => resolve()));
  // Room for bursts of responses (the kernel caps it at net.core.rmem_max).
  sock.setRecvBufferSize(4 * 1024 * 1024);
  const port = sock.address().port;
  const next = (ms = 2000): Promise<string | undefined> => {
    const q = queue.shift();
    if (q !== undefined) return Promise.resolve(q);
    return new Promise((resolve) => {
      const w = (m: string): void => {
        clearTimeout(t);
        resolve(m);
      };
      const t = setTimeout(() => {
        const i = waiters.indexOf(w);
        if (i >= 0) waiters.splice(i, 1);
        resolve(undefined);
      }, ms);
      waiters.push(w);
    });
  };
  return {
    port,
    send(text) {
      sock.send(typeof text === 'string' ? Buffer.from(text, 'latin1') : text, serverPort, host);
    },
    next,
    async drain(ms) {
      await new Promise((r) => setTimeout(r, ms));
      return queue.splice(0);
    },
    close() {
      sock.close();
    },
  };
}

/** A request as text with CRLF line ends; `lines` are the start line and headers. */
export function sipText(lines: string[], body = ''): string {
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** An INVITE to 116117 from `from` (8 digits) on a raw UDP client port. */
export function inviteText(opts: {
  clientPort: number;
  callId: string;
  branch?: string;
  from?: string;
  uri?: string;
  cseq?: number;
  extra?: string[];
}): string {
  const branch = opts.branch ?? `z9hG4bK-${opts.callId}`;
  return sipText([
    `INVITE ${opts.uri ?? 'sip:116117@127.0.0.1'} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${opts.clientPort};branch=${branch}`,
    'Max-Forwards: 70',
    `From: <sip:${opts.from ?? '22334455'}@127.0.0.1>;tag=caller-${opts.callId}`,
    'To: <sip:116117@127.0.0.1>',
    `Call-ID: ${opts.callId}`,
    `CSeq: ${opts.cseq ?? 1} INVITE`,
    `Contact: <sip:${opts.from ?? '22334455'}@127.0.0.1:${opts.clientPort}>`,
    ...(opts.extra ?? []),
    'Content-Length: 0',
  ]);
}

/** The value of a header in a response text (first occurrence), case-insensitive. */
export function responseHeader(text: string, name: string): string | undefined {
  const m = new RegExp(`^${name}[ \\t]*:[ \\t]*(.*)$`, 'im').exec(text);
  return m?.[1]?.trim();
}

/** The status code of a response text. */
export function responseStatus(text: string | undefined): number | undefined {
  const m = text ? /^SIP\/2\.0 ([0-9]{3}) /.exec(text) : null;
  return m ? Number(m[1]) : undefined;
}

export interface HandlerHarness {
  handler: RedirectHandler;
  layer: TransactionLayer;
  metrics: SipMetrics;
  /** Every response sent, in order. */
  sent: string[];
  /** Hands a request to the handler as a datagram from 192.0.2.1:5060. */
  receive(text: string | Buffer): void;
  /** Waits (polling, up to `ms`) until a response with a status of 200 or more has been sent since `from`. */
  finalResponse(from?: number, ms?: number): Promise<string | undefined>;
  /** Stops the transaction timers. */
  stop(): void;
}

/**
 * The redirect handler with a real transaction layer and timers, fed requests directly (no
 * sockets): what the server does with each message, for table-driven tests.
 */
export function createHandlerHarness(router: CallRouter, config: SipConfigInput = {}): HandlerHarness {
  const cfg = parseSipConfig({ timers: { t1Ms: 50, t2Ms: 200, t4Ms: 100 }, ...config });
  const timers = new TimerQueue({ tickMs: 5 });
  const metrics = new SipMetrics();
  const layer = new TransactionLayer(
    timers,
    cfg.timers,
    { retransmissionAbsorbed() {}, responseRetransmitted() {}, ackTimeout() {} },
    undefined,
    { maxTransactions: cfg.maxTransactions, maxBytes: cfg.maxTransactionBytes },
  );
  const sent: string[] = [];
  const route: ResponseRoute = { reliable: false, send: (b) => void sent.push(b) };
  const inbound: Inbound = {
    transport: 'udp',
    peer: { address: '192.0.2.1', port: 5060 },
    routeFor: () => route,
    replyToSource: route,
  };
  const handler = new RedirectHandler({
    config: cfg,
    router,
    layer,
    metrics,
    logger: { info() {}, warn() {}, error() {} },
  });
  return {
    handler,
    layer,
    metrics,
    sent,
    receive(text) {
      handler.handle(typeof text === 'string' ? Buffer.from(text, 'latin1') : text, inbound, true);
    },
    async finalResponse(from = 0, ms = 3000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = sent.slice(from).find((r) => (responseStatus(r) ?? 0) >= 200);
        if (found !== undefined || Date.now() > deadline) return found;
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    stop() {
      timers.stop();
    },
  };
}
