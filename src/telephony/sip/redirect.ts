/**
 * The redirect server's request handling (RT-1, RT-2, RT-3, RT-5, RT-6, RT-7, RT-15): INVITE to
 * the service number → 100 Trying at once, routing through the `CallRouter` port, then 302 with a
 * Contact for the chosen centre's underlying number at its gateway (or the fallback menu with its
 * session id) and headers that tell the decision. CANCEL → 200 + 487; OPTIONS → 200; other
 * numbers → 404; unsupported methods → 405/501 with Allow; malformed → 400 when answerable.
 *
 * State: only an INVITE for the service number that is admitted gets a server transaction — it
 * must be routed once, answered with 100 Trying, its 302 retransmitted until the ACK and matched
 * by a CANCEL. Everything else is answered statelessly (RFC 3261 §8.2.7), so a flood of OPTIONS
 * or of requests for other numbers holds no memory: see docs/sip.md, "State".
 *
 * A technical failure of routing (the router throws, rejects, or answers nonsense) never costs
 * the call: it goes to the fallback menu (RT-5), with a session if the session store answers in
 * time, else with a locally generated id.
 */
import { NATIONAL_NUMBER } from '../../routing/domain/number.ts';
import type { CallInput, PositionResult, RoutingDecision } from '../../routing/domain/types.ts';
import type { CallRouter, CallRoutingResult, MenuSessionInit, RouteOptions } from './call-router.ts';
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
  statelessTag,
  warningHeader,
  type PeerAddress,
} from './response.ts';
import {
  transactionKey,
  type ResponseRoute,
  type ServerTransaction,
  type TransactionLayer,
} from './transactions.ts';
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

/** What the transports hand received messages to: the redirect handler, or the voice menu's. */
export interface SipMessageHandler {
  handle(buf: Buffer, inbound: Inbound, datagram: boolean, receivedAt?: number): void;
  rejectMalformed(
    f: {
      status: number;
      reason: string;
      detail: string;
      method?: string;
      headers?: { name: string; value: string }[];
    },
    inbound: Inbound,
  ): void;
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
export interface HeaderNames {
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

export class RedirectHandler implements SipMessageHandler {
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
    this.h = decisionHeaderNames(d.config.headerPrefix);
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
      this.dispatch(req, inbound, receivedAt, buf);
    } catch (e) {
      // A bug here must cost one call, never the server.
      this.d.logger.error({ err: e, callId: req.callId }, 'SIP request handling failed');
      m.dropped.inc('internal-error');
    }
  }

  /** Answers a message that failed to parse, when it is a request other than ACK and enough is readable. */
  rejectMalformed(
    f: {
      status: number;
      reason: string;
      detail: string;
      method?: string;
      headers?: { name: string; value: string }[];
    },
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

  private dispatch(req: SipRequest, inbound: Inbound, receivedAt: number | undefined, buf: Buffer): void {
    const { layer, metrics: m } = this.d;
    const method = req.method;
    m.request(method);
    if (method === 'ACK') {
      // An ACK is never answered; one for a stateless answer matches nothing, like a late one.
      if (!layer.acknowledge(req)) m.dropped.inc('unmatched-ack');
      return;
    }
    if (method === 'INVITE') {
      this.invite(req, inbound, receivedAt, buf);
      return;
    }
    // Non-INVITE requests: stateless (§8.2.7). A retransmission is answered again, identically.
    const route = inbound.routeFor(req);
    switch (method) {
      case 'CANCEL':
        // §8.2.2.3: Require is ignored in CANCEL (and ACK).
        this.cancel(req, inbound, route);
        return;
      case 'OPTIONS':
        if (this.refuseRequire(req, inbound, route)) return;
        this.stateless(req, inbound, route, 200, `${ALLOW}Accept: application/sdp\r\n`);
        return;
      case 'BYE':
        if (this.refuseRequire(req, inbound, route)) return;
        // A redirect server never creates dialogs (RFC 3261 §15.1.2).
        this.stateless(req, inbound, route, 481);
        return;
      default:
        // §8.2.1: the method is checked before the headers.
        this.stateless(req, inbound, route, KNOWN_UNSUPPORTED_METHODS.has(method) ? 405 : 501, ALLOW);
    }
  }

  /** Sends a response without a transaction; its To-tag is derived from the request (§8.2.7). */
  private stateless(
    req: SipRequest,
    inbound: Inbound,
    route: ResponseRoute,
    status: number,
    extra = '',
  ): void {
    const toTag = req.toTag === undefined ? statelessTag(transactionKey(req, req.method)) : undefined;
    route.send(buildResponse(req, inbound.peer, status, toTag, extra));
    this.d.metrics.response(status);
  }

  /** §8.2.2.3: a Require option this server does not understand (it understands none) → 420 with Unsupported. */
  private refuseRequire(req: SipRequest, inbound: Inbound, route: ResponseRoute): boolean {
    const require = headerValues(req, 'require');
    if (require.length === 0) return false;
    this.stateless(req, inbound, route, 420, `Unsupported: ${require.map(headerText).join(', ')}\r\n`);
    return true;
  }

  private final(
    tx: ServerTransaction,
    req: SipRequest,
    inbound: Inbound,
    status: number,
    extra = '',
  ): boolean {
    const frame = (tx.frame ??= responseFrame(req, inbound.peer));
    const sent = this.d.layer.sendFinal(tx, buildFramedResponse(frame, status, tx.toTag, extra), status);
    if (sent) this.d.metrics.response(status);
    return sent;
  }

  private invite(req: SipRequest, inbound: Inbound, receivedAt: number | undefined, buf: Buffer): void {
    const { layer, metrics: m } = this.d;
    const size = buf.length;
    const key = transactionKey(req, 'INVITE');
    // A retransmission of an admitted INVITE: answered from its transaction, never routed twice.
    if (layer.absorbRetransmission(key)) return;
    const route = inbound.routeFor(req);
    // Rejections are stateless: no 100 Trying goes before them, so the client retransmits the
    // INVITE until an answer arrives, and each retransmission gets the same answer again.
    const called = numberFromUri(req.uri);
    if (called !== NATIONAL_NUMBER) {
      m.calls.inc('not-found');
      this.stateless(req, inbound, route, 404);
      return;
    }
    if (this.refuseRequire(req, inbound, route)) return;
    if (req.toTag !== undefined) {
      // A re-INVITE inside a dialog: this server has none.
      this.stateless(req, inbound, route, 481);
      return;
    }
    const network = this.resolveNetwork(inbound.peer.address, headerValue(req, this.networkHeader));
    if (network === 'reject') {
      m.calls.inc('rejected');
      this.stateless(req, inbound, route, 403);
      return;
    }
    if (!layer.admit(size)) {
      m.calls.inc('overload');
      this.stateless(req, inbound, route, 503, 'Retry-After: 5\r\n');
      return;
    }
    const tx = layer.create(key, req, route, size, receivedAt);
    if (this.d.config.trying === 'always') this.trying(tx, req, inbound);

    const call = callInputOf(req, called, network);

    try {
      const result = this.d.router.route(call, new CallRouteOptions(tx, req.callId, buf, req.callIdAt ?? -1));
      if (isPromise(result)) {
        this.trying(tx, req, inbound);
        this.settle(
          result,
          (r) => this.decided(tx, req, inbound, call, r),
          (e) => this.routingFailed(tx, req, inbound, call, e),
        );
      } else {
        this.decided(tx, req, inbound, call, result);
      }
    } catch (e) {
      // The transaction exists: whatever went wrong, the caller still gets an answer.
      this.routingFailed(tx, req, inbound, call, e);
    }
  }

  private decided(
    tx: ServerTransaction,
    req: SipRequest,
    inbound: Inbound,
    call: CallInput,
    r: CallRoutingResult,
  ): void {
    if (tx.state !== 'proceeding') return; // cancelled while routing: the 487 has gone out
    try {
      const problem = unusableResult(r);
      if (problem !== undefined) {
        this.routingFailed(tx, req, inbound, call, new Error(`router answered ${problem}`));
        return;
      }
      const m = this.d.metrics;
      if (r.position) m.positioning.inc(positioningLabel(r.position));
      const d = r.decision;
      if (d.outcome === 'connect') {
        const extra = `Contact: <${centreUri(this.d.config, d, inbound.peer)}>\r\n${this.decisionHeaders(d, call, r.position)}`;
        if (this.finalTimed(tx, req, inbound, 302, extra)) {
          m.calls.inc('redirected');
          m.decisions.inc(d.method);
        }
        return;
      }
      this.toMenu(tx, req, inbound, call, {
        reason: d.reason,
        headers: this.decisionHeaders(d, call, r.position),
        failed: false,
        ...(d.municipality !== undefined ? { municipality: d.municipality } : {}),
        ...(d.county !== undefined ? { county: d.county } : {}),
        dataVersion: d.dataVersion,
      });
    } catch (e) {
      this.routingFailed(tx, req, inbound, call, e);
    }
  }

  /**
   * RT-5: a technical failure of routing sends the call to the fallback menu, where the caller
   * routes it by postcode or region, instead of failing it.
   */
  private routingFailed(
    tx: ServerTransaction,
    req: SipRequest,
    inbound: Inbound,
    call: CallInput,
    e: unknown,
  ): void {
    if (tx.state !== 'proceeding') return;
    this.d.logger.error(
      { err: e, callId: req.callId },
      'routing a SIP call failed: sending it to the fallback menu',
    );
    const h = this.h;
    this.toMenu(tx, req, inbound, call, {
      reason: ROUTING_FAILED,
      headers: `${h.method}: menu\r\n${h.network}: ${call.network}\r\n`,
      failed: true,
    });
  }

  /**
   * Redirects to the fallback menu with a session the IVR drives (RT-5). The session store gets
   * `menuSessionTimeoutMs`: when it fails or is slow, a locally generated id takes its place (the
   * IVR then finds no stored session and starts the menu from the top), so the call is never held
   * up by the store.
   */
  private toMenu(
    tx: ServerTransaction,
    req: SipRequest,
    inbound: Inbound,
    call: CallInput,
    cause: MenuCause,
  ): void {
    if (tx.state !== 'proceeding') return;
    this.trying(tx, req, inbound);
    let done = false;
    const finish = (sessionId: string | undefined, outcome: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      this.redirectToMenu(tx, req, inbound, cause, sessionId, outcome);
    };
    const local = (after: 'error' | 'timeout'): void => {
      const id = localSessionId();
      finish(id, id === undefined ? 'none' : `local-after-${after}`);
    };
    const timer = setTimeout(() => local('timeout'), this.d.config.menuSessionTimeoutMs);
    timer.unref?.();
    const init: MenuSessionInit = {
      callingNumber: call.callingNumber,
      network: call.network,
      callId: req.callId,
      reason: cause.reason,
      ...(cause.municipality !== undefined ? { municipality: cause.municipality } : {}),
      ...(cause.county !== undefined ? { county: cause.county } : {}),
      ...(cause.dataVersion !== undefined ? { dataVersion: cause.dataVersion } : {}),
    };
    let session: Promise<{ sessionId: string }>;
    try {
      session = this.d.router.createMenuSession(init);
    } catch {
      local('error');
      return;
    }
    this.settle(
      Promise.resolve(session),
      (s) => {
        const id = typeof s?.sessionId === 'string' ? safeSessionId(s.sessionId) : '';
        if (id) finish(id, 'stored');
        else local('error');
      },
      () => local('error'),
    );
  }

  private redirectToMenu(
    tx: ServerTransaction,
    req: SipRequest,
    inbound: Inbound,
    cause: MenuCause,
    sessionId: string | undefined,
    outcome: string,
  ): void {
    if (tx.state !== 'proceeding') return;
    const m = this.d.metrics;
    try {
      m.menuSessions.inc(outcome);
      const id = sessionId ?? '';
      const uri = this.d.config.menuUri
        .replace('{sessionId}', id)
        .replace('{source}', hostPort(inbound.peer));
      let extra = `Contact: <${uri}>\r\n`;
      if (id) extra += `${this.h.menuSession}: ${id}\r\n`;
      extra += `${this.h.reason}: ${headerText(cause.reason)}\r\n${cause.headers}`;
      if (this.finalTimed(tx, req, inbound, 302, extra)) {
        m.calls.inc(cause.failed ? 'failed' : 'menu');
        if (!cause.failed) m.decisions.inc('menu');
      }
    } catch (e) {
      // Only a bug in the lines above gets here (they build a string from configuration). A 500
      // still beats silence: the carrier's failure route takes the call at once.
      this.d.logger.error(
        { err: e, callId: req.callId },
        'could not redirect a SIP call to the fallback menu',
      );
      try {
        if (this.finalTimed(tx, req, inbound, 500)) m.calls.inc('failed');
      } catch {
        m.dropped.inc('internal-error');
      }
    }
  }

  /** 100 Trying, once per transaction: while the caller waits for positioning or the menu session. */
  private trying(tx: ServerTransaction, req: SipRequest, inbound: Inbound): void {
    if (tx.provisional !== undefined || tx.state !== 'proceeding') return;
    const timestamp = headerValue(req, 'timestamp');
    const frame = (tx.frame ??= responseFrame(req, inbound.peer));
    this.d.layer.sendProvisional(
      tx,
      buildFramedResponse(frame, 100, undefined, timestamp ? `Timestamp: ${timestamp}\r\n` : ''),
    );
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

  /** Sends an INVITE's final response and records the INVITE-to-final time. */
  private finalTimed(
    tx: ServerTransaction,
    req: SipRequest,
    inbound: Inbound,
    status: number,
    extra = '',
  ): boolean {
    const sent = this.final(tx, req, inbound, status, extra);
    if (sent) this.d.metrics.inviteDuration((this.now() - tx.startedAt) / 1000);
    return sent;
  }

  private decisionHeaders(d: RoutingDecision, call: CallInput, position: PositionResult | undefined): string {
    return decisionHeaders(this.h, d, call, position);
  }

  /** CANCEL (stateless itself): 200 with the INVITE's To-tag, and 487 to the INVITE if it is still being routed. */
  private cancel(req: SipRequest, inbound: Inbound, route: ResponseRoute): void {
    const invite = this.d.layer.findInviteFor(req);
    if (!invite) {
      this.stateless(req, inbound, route, 481);
      return;
    }
    // §9.2: the 200 to CANCEL carries the To-tag of the INVITE's responses.
    route.send(buildResponse(req, inbound.peer, 200, invite.toTag));
    this.d.metrics.response(200);
    const inviteReq = invite.request;
    if (invite.state === 'proceeding' && inviteReq) {
      invite.abort?.abort();
      if (this.finalTimed(invite, inviteReq, inbound, 487)) this.d.metrics.calls.inc('cancelled');
    }
  }
}

/** Why a call goes to the fallback menu, and the headers that tell it. */
interface MenuCause {
  reason: string;
  /** Decision headers for the 302 (complete lines). */
  headers: string;
  /** Routing failed (rather than decided on the menu). */
  failed: boolean;
  municipality?: string;
  county?: string;
  dataVersion?: number;
}

const ROUTING_FAILED = 'Routing failed';
const CONNECT_NUMBER = /^\+?[0-9]{1,20}$/;

/**
 * What is wrong with a router's answer, or undefined when the server can act on it. The router is
 * ours, but a bug in it must send the call to the menu, never produce a broken 302.
 */
export function unusableResult(r: unknown): string | undefined {
  if (typeof r !== 'object' || r === null) return `${r === null ? 'null' : typeof r} instead of a result`;
  const d = (r as { decision?: unknown }).decision as Record<string, unknown> | undefined | null;
  if (typeof d !== 'object' || d === null) return 'no decision';
  if (typeof d.dataVersion !== 'number') return 'a decision without a data version';
  if (d.outcome === 'connect') {
    if (typeof d.connectTo !== 'string' || !CONNECT_NUMBER.test(d.connectTo))
      return 'a connect decision without a number';
    if (typeof d.centreId !== 'string' || typeof d.method !== 'string')
      return 'a connect decision without centre or method';
    return undefined;
  }
  if (d.outcome === 'menu')
    return typeof d.reason === 'string' ? undefined : 'a menu decision without a reason';
  return `an unknown outcome "${String(d.outcome)}"`;
}

/** A session id fit for a URI user part and a header. */
function safeSessionId(id: string): string {
  return id.replace(/[^A-Za-z0-9._~-]/g, '').slice(0, 128);
}

/** A locally generated menu session id (128 random bits), or undefined if even that fails. */
function localSessionId(): string | undefined {
  try {
    return `${randomTag()}${randomTag()}`;
  } catch {
    return undefined;
  }
}

/** Route options for one call; the AbortController is created only when the router reads the signal (mobile calls). */
class CallRouteOptions implements RouteOptions {
  constructor(
    private readonly tx: ServerTransaction,
    readonly callId: string,
    /** The INVITE's bytes: valid during the synchronous `route` only (a datagram's arena is reused). */
    readonly callIdBytes: Uint8Array,
    readonly callIdAt: number,
  ) {}

  get signal(): AbortSignal {
    return (this.tx.abort ??= new AbortController()).signal;
  }
}

function isPromise<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

export function hostPort(p: PeerAddress): string {
  return p.address.includes(':') ? `[${p.address}]:${p.port}` : `${p.address}:${p.port}`;
}

function toE164(n: string): string {
  return /^[0-9]{8}$/.test(n) ? `+47${n}` : n;
}

const NOT_PRINTABLE = /[^\x20-\x7E]/;

/** Header-safe text: printable ASCII only. */
export function headerText(s: string): string {
  return NOT_PRINTABLE.test(s) ? s.replace(/[^\x20-\x7E]/g, '?') : s;
}

function positioningLabel(p: PositionResult): string {
  return p.status === 'positioned' ? 'positioned' : p.reason;
}

function positioningHeader(p: PositionResult): string {
  const ms = Math.round(p.elapsedMs);
  return p.status === 'positioned'
    ? `positioned;operator=${headerText(p.operator)};elapsed-ms=${ms}`
    : `failed;reason=${headerText(p.reason)};elapsed-ms=${ms}`;
}

/** The decision headers (complete lines) that tell a centre how a call was routed: the 302's, the REFER's. */
export function decisionHeaders(
  h: HeaderNames,
  d: RoutingDecision,
  call: CallInput,
  position: PositionResult | undefined,
): string {
  let s = '';
  if (d.outcome === 'connect') {
    s += `${h.centre}: ${headerText(d.centreId)}\r\n${h.method}: ${headerText(d.method)}\r\n`;
    if (d.locatedBy !== undefined && d.locatedBy !== d.method)
      s += `${h.locatedBy}: ${headerText(d.locatedBy)}\r\n`;
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

/** The decision header names for a prefix (`X-Nodmeld-`). */
export function decisionHeaderNames(p: string): HeaderNames {
  return {
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
}

/** The call as routing sees it: the caller from P-Asserted-Identity or From (RT-2). */
export function callInputOf(req: SipRequest, called: string, network: CallInput['network']): CallInput {
  const fromNumber = numberFromUri(addressUri(req.from) ?? '');
  const asserted = numberFromAssertedIdentity(headerValues(req, 'p-asserted-identity'));
  const call: CallInput = { calledNumber: called, callingNumber: asserted ?? fromNumber ?? '', network };
  // RT-2: on IP calls a presented number (From) other than the asserted identity routes the call.
  if (network === 'ip' && asserted !== undefined && fromNumber !== undefined && fromNumber !== asserted) {
    call.presentedNumber = fromNumber;
  }
  return call;
}

/** The centre's underlying number at its gateway (`sip:55500046@gw:5060`): the 302's Contact, the REFER's Refer-To. */
export function centreUri(
  config: Pick<SipConfig, 'gateways' | 'defaultGateway' | 'contactNumberFormat'>,
  d: Extract<RoutingDecision, { outcome: 'connect' }>,
  peer: PeerAddress,
): string {
  const gateways = config.gateways;
  const gateway = Object.hasOwn(gateways, d.centreId) ? gateways[d.centreId]! : config.defaultGateway;
  const host =
    gateway === SOURCE
      ? hostPort(peer)
      : gateway.replace('{centre}', d.centreId).replace('{source}', hostPort(peer));
  const number = config.contactNumberFormat === 'e164' ? toE164(d.connectTo) : d.connectTo;
  return `sip:${number}@${host}`;
}
