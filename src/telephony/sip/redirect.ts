/**
 * The redirect server's request handling (RT-1, RT-2, RT-3, RT-5, RT-6, RT-7, RT-15): INVITE to
 * the service number → 100 Trying at once, routing through the `CallRouter` port, then 302 with a
 * Contact for the chosen centre's underlying number at its gateway (or the fallback menu with its
 * session id) and headers that tell the decision. CANCEL → 200 + 487; OPTIONS → 200; other
 * numbers → 404; unsupported methods → 405/501 with Allow; malformed → 400 when answerable.
 */
import { NATIONAL_NUMBER } from '../../routing/domain/number.ts';
import type { CallInput, PositionResult, RoutingDecision } from '../../routing/domain/types.ts';
import type { CallRouter, CallRoutingResult, RouteOptions } from './call-router.ts';
import { createNetworkResolver, type SipConfig } from './config.ts';
import { headerValue, headerValues, KNOWN_UNSUPPORTED_METHODS, type SipRequest } from './message.ts';
import type { SipMetrics } from './metrics.ts';
import { parseSipMessage } from './parser.ts';
import {
  buildFramedResponse,
  buildResponse,
  buildResponseFromHeaders,
  responseFrame,
  randomTag,
  warningHeader,
  type PeerAddress,
} from './response.ts';
import type { ResponseRoute, ServerTransaction, TransactionLayer } from './transactions.ts';
import { addressUri, numberFromAssertedIdentity, numberFromUri } from './uri.ts';

/** The default gateway: redirect back to the requesting peer. */
const SOURCE = '{source}';

export const ALLOWED_METHODS = 'INVITE, ACK, CANCEL, OPTIONS';
const ALLOW = `Allow: ${ALLOWED_METHODS}\r\n`;

/** Minimal logger (pino-compatible). */
export interface SipLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** One received message's origin and how to answer it. */
export interface Inbound {
  transport: 'udp' | 'tcp';
  peer: PeerAddress;
  /** Response route for a request's transaction (UDP: §18.2.2 with rport; TCP: the connection). */
  routeFor(req: SipRequest): ResponseRoute;
  /** Answers straight back to the packet's source (stateless error responses). */
  replyToSource: ResponseRoute;
}

export interface RedirectHandlerDeps {
  config: SipConfig;
  router: CallRouter;
  layer: TransactionLayer;
  metrics: SipMetrics;
  logger: SipLogger;
  now?: () => number;
}

/** Precomputed decision header names for the configured prefix. */
interface HeaderNames {
  centre: string;
  method: string;
  locatedBy: string;
  municipality: string;
  county: string;
  dataVersion: string;
  network: string;
  positioning: string;
  alternativeSite: string;
  menuSession: string;
  reason: string;
}

export class RedirectHandler {
  private readonly resolveNetwork: ReturnType<typeof createNetworkResolver>;
  private readonly networkHeader: string;
  private readonly h: HeaderNames;
  private readonly now: () => number;
  private readonly parseOptions: { maxMessageBytes: number; datagram: boolean };
  private readonly streamParseOptions: { maxMessageBytes: number; datagram: boolean };

  constructor(private readonly d: RedirectHandlerDeps) {
    this.parseOptions = { maxMessageBytes: d.config.maxMessageBytes, datagram: true };
    this.streamParseOptions = { maxMessageBytes: d.config.maxMessageBytes, datagram: false };
    this.resolveNetwork = createNetworkResolver(d.config);
    this.networkHeader = d.config.networkHeader.toLowerCase();
    const p = d.config.headerPrefix;
    this.h = {
      centre: `${p}Centre`,
      method: `${p}Method`,
      locatedBy: `${p}Located-By`,
      municipality: `${p}Municipality`,
      county: `${p}County`,
      dataVersion: `${p}Data-Version`,
      network: `${p}Network`,
      positioning: `${p}Positioning`,
      alternativeSite: `${p}Alternative-Site`,
      menuSession: `${p}Menu-Session`,
      reason: `${p}Reason`,
    };
    this.now = d.now ?? (() => performance.now());
  }

  /**
   * Handles one received message (a datagram or a framed stream message). Never throws.
   * `receivedAt` (performance.now() ms): when it arrived, if known before now — an INVITE's
   * duration metric then counts the time it waited in the socket too.
   */
  handle(buf: Buffer, inbound: Inbound, datagram: boolean, receivedAt?: number): void {
    const m = this.d.metrics;
    if (inbound.transport === 'udp') m.udpReceived.v++;
    else m.received.inc(inbound.transport);
    let req: SipRequest;
    {
      const parsed = parseSipMessage(buf, datagram ? this.parseOptions : this.streamParseOptions);
      if (!parsed.ok) {
        this.rejectMalformed(parsed, inbound);
        return;
      }
      if (parsed.message.type === 'response') {
        m.dropped.inc('response-received');
        return;
      }
      req = parsed.message;
    }
    try {
      this.dispatch(req, inbound, receivedAt);
    } catch (e) {
      // A bug here must cost one call, never the server.
      this.d.logger.error({ err: e, callId: req.callId }, 'SIP request handling failed');
      m.dropped.inc('internal-error');
    }
  }

  /** Answers a message that failed to parse, when it is a request other than ACK and enough is readable. */
  rejectMalformed(
    f: { status: number; reason: string; detail: string; method?: string; headers?: { name: string; value: string }[] },
    inbound: Inbound,
  ): void {
    const m = this.d.metrics;
    m.parseErrors.inc(f.reason);
    if (f.method === undefined || f.method === 'ACK' || !f.headers) {
      m.dropped.inc('malformed-unanswerable');
      return;
    }
    const res = buildResponseFromHeaders(f.headers, f.status, randomTag(), warningHeader(f.detail));
    if (!res) {
      m.dropped.inc('malformed-unanswerable');
      return;
    }
    m.response(f.status);
    inbound.replyToSource.send(res);
  }

  private dispatch(req: SipRequest, inbound: Inbound, receivedAt: number | undefined): void {
    const { layer, metrics: m } = this.d;
    m.request(req.method);
    const route = inbound.routeFor(req);
    const r = layer.receive(req, route, undefined, receivedAt);
    if (r.kind === 'unmatched-ack') {
      m.dropped.inc('unmatched-ack');
      return;
    }
    if (r.kind === 'absorbed') return;
    const tx = r.tx;
    switch (req.method) {
      case 'INVITE':
        this.invite(tx, req, inbound);
        return;
      case 'CANCEL':
        this.cancel(tx, req, inbound);
        return;
      case 'OPTIONS':
        this.final(tx, req, inbound, 200, `${ALLOW}Accept: application/sdp\r\n`);
        return;
      case 'BYE':
        // A redirect server never creates dialogs (RFC 3261 §15.1.2).
        this.final(tx, req, inbound, 481);
        return;
      default:
        this.final(tx, req, inbound, KNOWN_UNSUPPORTED_METHODS.has(req.method) ? 405 : 501, ALLOW);
    }
  }

  private final(tx: ServerTransaction, req: SipRequest, inbound: Inbound, status: number, extra = ''): boolean {
    const frame = (tx.frame ??= responseFrame(req, inbound.peer));
    const sent = this.d.layer.sendFinal(tx, buildFramedResponse(frame, status, tx.toTag, extra), status);
    if (sent) this.d.metrics.response(status);
    return sent;
  }

  private invite(tx: ServerTransaction, req: SipRequest, inbound: Inbound): void {
    const m = this.d.metrics;
    if (req.toTag !== undefined) {
      // A re-INVITE inside a dialog: this server has none.
      this.final(tx, req, inbound, 481);
      return;
    }
    const require = headerValues(req, 'require');
    if (require.length > 0) {
      this.final(tx, req, inbound, 420, `Unsupported: ${require.join(', ')}\r\n`);
      return;
    }
    const called = numberFromUri(req.uri);
    if (called !== NATIONAL_NUMBER) {
      m.calls.inc('not-found');
      this.final(tx, req, inbound, 404);
      return;
    }
    if (this.d.layer.size > this.d.config.maxTransactions) {
      m.calls.inc('overload');
      this.final(tx, req, inbound, 503, 'Retry-After: 5\r\n');
      return;
    }
    const network = this.resolveNetwork(inbound.peer.address, headerValue(req, this.networkHeader));
    if (network === 'reject') {
      m.calls.inc('rejected');
      this.final(tx, req, inbound, 403);
      return;
    }
    if (this.d.config.trying === 'always') this.trying(tx, req, inbound);

    const fromNumber = numberFromUri(addressUri(req.from) ?? '');
    const asserted = numberFromAssertedIdentity(headerValues(req, 'p-asserted-identity'));
    const call: CallInput = { calledNumber: called, callingNumber: asserted ?? fromNumber ?? '', network };
    // RT-2: on IP calls a presented number (From) other than the asserted identity routes the call.
    if (network === 'ip' && asserted !== undefined && fromNumber !== undefined && fromNumber !== asserted) {
      call.presentedNumber = fromNumber;
    }

    let result: CallRoutingResult | Promise<CallRoutingResult>;
    try {
      result = this.d.router.route(call, new CallRouteOptions(tx, req.callId));
    } catch (e) {
      this.routingFailed(tx, req, inbound, e);
      return;
    }
    if (isPromise(result)) {
      this.trying(tx, req, inbound);
      this.settle(
        result,
        (r) => this.decided(tx, req, inbound, call, r),
        (e) => this.routingFailed(tx, req, inbound, e),
      );
    } else {
      this.decided(tx, req, inbound, call, result);
    }
  }

  private decided(tx: ServerTransaction, req: SipRequest, inbound: Inbound, call: CallInput, r: CallRoutingResult): void {
    if (tx.state !== 'proceeding') return; // cancelled while routing: the 487 has gone out
    try {
      const m = this.d.metrics;
      if (r.position) m.positioning.inc(positioningLabel(r.position));
      const d = r.decision;
      if (d.outcome === 'connect') {
        m.decisions.inc(d.method);
        const gateway = this.d.config.gateways[d.centreId] ?? this.d.config.defaultGateway;
        const host = gateway === SOURCE ? hostPort(inbound.peer) : gateway.replace('{centre}', d.centreId).replace('{source}', hostPort(inbound.peer));
        const number = this.d.config.contactNumberFormat === 'e164' ? toE164(d.connectTo) : d.connectTo;
        const extra = `Contact: <sip:${number}@${host}>\r\n${this.decisionHeaders(d, call, r.position)}`;
        if (this.finalTimed(tx, req, inbound, 302, extra)) m.calls.inc('redirected');
        return;
      }
      this.trying(tx, req, inbound);
      this.settle(
        this.d.router.createMenuSession({
          callingNumber: call.callingNumber,
          network: call.network,
          callId: req.callId,
          reason: d.reason,
          ...(d.municipality !== undefined ? { municipality: d.municipality } : {}),
          ...(d.county !== undefined ? { county: d.county } : {}),
          dataVersion: d.dataVersion,
        }),
        ({ sessionId }) => this.toMenu(tx, req, inbound, call, r, sessionId),
        (e) => this.routingFailed(tx, req, inbound, e),
      );
    } catch (e) {
      this.routingFailed(tx, req, inbound, e);
    }
  }

  private toMenu(
    tx: ServerTransaction,
    req: SipRequest,
    inbound: Inbound,
    call: CallInput,
    r: CallRoutingResult,
    sessionId: string,
  ): void {
    if (tx.state !== 'proceeding') return;
    try {
      const safeId = sessionId.replace(/[^A-Za-z0-9._~-]/g, '');
      const uri = this.d.config.menuUri.replace('{sessionId}', safeId).replace('{source}', hostPort(inbound.peer));
      const extra =
        `Contact: <${uri}>\r\n${this.h.menuSession}: ${safeId}\r\n` +
        `${this.h.reason}: ${headerText(r.decision.outcome === 'menu' ? r.decision.reason : '')}\r\n` +
        this.decisionHeaders(r.decision, call, r.position);
      if (this.finalTimed(tx, req, inbound, 302, extra)) {
        this.d.metrics.calls.inc('menu');
        this.d.metrics.decisions.inc('menu');
      }
    } catch (e) {
      this.routingFailed(tx, req, inbound, e);
    }
  }

  /** 100 Trying, once per transaction: while the caller waits for positioning or the menu session. */
  private trying(tx: ServerTransaction, req: SipRequest, inbound: Inbound): void {
    if (tx.provisional !== undefined || tx.state !== 'proceeding') return;
    const timestamp = headerValue(req, 'timestamp');
    const frame = (tx.frame ??= responseFrame(req, inbound.peer));
    this.d.layer.sendProvisional(tx, buildFramedResponse(frame, 100, undefined, timestamp ? `Timestamp: ${timestamp}\r\n` : ''));
    this.d.metrics.response(100);
  }

  /** Runs the continuation of a promise; nothing it does can become an unhandled rejection. */
  private settle<T>(p: Promise<T>, ok: (v: T) => void, failed: (e: unknown) => void): void {
    p.then(ok, failed).catch((e: unknown) => {
      this.d.metrics.dropped.inc('internal-error');
      try {
        this.d.logger.error({ err: e }, 'SIP continuation failed');
      } catch {
        // nothing left to do
      }
    });
  }

  private routingFailed(tx: ServerTransaction, req: SipRequest, inbound: Inbound, e: unknown): void {
    if (tx.state !== 'proceeding') return;
    this.d.logger.error({ err: e, callId: req.callId }, 'routing a SIP call failed');
    try {
      if (this.finalTimed(tx, req, inbound, 500)) this.d.metrics.calls.inc('failed');
    } catch (e2) {
      this.d.logger.error({ err: e2, callId: req.callId }, 'could not answer a failed SIP call');
    }
  }

  /** Sends an INVITE's final response and records the INVITE-to-final time. */
  private finalTimed(tx: ServerTransaction, req: SipRequest, inbound: Inbound, status: number, extra = ''): boolean {
    const sent = this.final(tx, req, inbound, status, extra);
    if (sent) this.d.metrics.inviteDuration((this.now() - tx.startedAt) / 1000);
    return sent;
  }

  private decisionHeaders(d: RoutingDecision, call: CallInput, position: PositionResult | undefined): string {
    const h = this.h;
    let s = '';
    if (d.outcome === 'connect') {
      s += `${h.centre}: ${headerText(d.centreId)}\r\n${h.method}: ${d.method}\r\n`;
      if (d.locatedBy !== undefined && d.locatedBy !== d.method) s += `${h.locatedBy}: ${d.locatedBy}\r\n`;
      if (d.alternativeSite) s += `${h.alternativeSite}: yes\r\n`;
    } else {
      s += `${h.method}: menu\r\n`;
    }
    if (d.municipality !== undefined) s += `${h.municipality}: ${headerText(d.municipality)}\r\n`;
    if (d.county !== undefined) s += `${h.county}: ${headerText(d.county)}\r\n`;
    s += `${h.dataVersion}: ${d.dataVersion}\r\n${h.network}: ${call.network}\r\n`;
    if (position) s += `${h.positioning}: ${positioningHeader(position)}\r\n`;
    return s;
  }

  private cancel(tx: ServerTransaction, req: SipRequest, inbound: Inbound): void {
    const invite = this.d.layer.findInviteFor(req);
    if (!invite) {
      this.final(tx, req, inbound, 481);
      return;
    }
    // §9.2: the 200 to CANCEL carries the To-tag of the INVITE's responses.
    const ok = buildResponse(req, inbound.peer, 200, invite.toTag);
    if (this.d.layer.sendFinal(tx, ok, 200)) this.d.metrics.response(200);
    const inviteReq = invite.request;
    if (invite.state === 'proceeding' && inviteReq) {
      invite.abort?.abort();
      if (this.finalTimed(invite, inviteReq, inbound, 487)) this.d.metrics.calls.inc('cancelled');
    }
  }
}

/** Route options for one call; the AbortController is created only when the router reads the signal (mobile calls). */
class CallRouteOptions implements RouteOptions {
  constructor(
    private readonly tx: ServerTransaction,
    readonly callId: string,
  ) {}

  get signal(): AbortSignal {
    return (this.tx.abort ??= new AbortController()).signal;
  }
}

function isPromise<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof (v as { then?: unknown }).then === 'function';
}

function hostPort(p: PeerAddress): string {
  return p.address.includes(':') ? `[${p.address}]:${p.port}` : `${p.address}:${p.port}`;
}

function toE164(n: string): string {
  return /^[0-9]{8}$/.test(n) ? `+47${n}` : n;
}

const NOT_PRINTABLE = /[^\x20-\x7E]/;

/** Header-safe text: printable ASCII only. */
function headerText(s: string): string {
  return NOT_PRINTABLE.test(s) ? s.replace(/[^\x20-\x7E]/g, '?') : s;
}

function positioningLabel(p: PositionResult): string {
  return p.status === 'positioned' ? 'positioned' : p.reason;
}

function positioningHeader(p: PositionResult): string {
  const ms = Math.round(p.elapsedMs);
  return p.status === 'positioned'
    ? `positioned;operator=${headerText(p.operator)};elapsed-ms=${ms}`
    : `failed;reason=${p.reason};elapsed-ms=${ms}`;
}
