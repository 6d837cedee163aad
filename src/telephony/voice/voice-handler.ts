/**
 * The voice menu's SIP side (issue 13 part 1, mode "voice-menu"; docs/voice.md): an INVITE for
 * 116117 with an SDP offer is answered as a UAS dialog (100, 180, 200 with the SDP answer; 488
 * when no G.711 codec is offered), the greeting plays over RTP while the call is decided by area
 * (positioning runs meanwhile), and the caller's keys (RFC 4733, or SIP INFO) drive the existing
 * menu state machine (routing/domain/menu.ts). When the menu has a centre, the caller is referred
 * to the centre's number (REFER with the decision in headers); the centre's answer (NOTIFY)
 * ends our part with BYE. In B2BUA mode (or when REFER is refused and the B2BUA is allowed as the
 * fallback) nodmeld calls the centre itself through the same next hop and bridges the RTP. Everything that is not a voice call — OPTIONS, other numbers, unknown
 * methods, malformed requests — is answered by the redirect handler exactly as in redirect mode.
 *
 * Faults: a routing failure (decide throws or rejects, or the menu state machine throws) sends
 * the caller to the fallback menu in their language, never a 500; the caller's BYE, a CANCEL, an
 * unacknowledged 200, silence on RTP, an expired session timer or a stuck menu end the call and
 * free its RTP ports. A bug in one call's handling costs that call, never the server.
 */
import { NATIONAL_NUMBER } from '../../routing/domain/number.ts';
import { menuInput, startMenu, type MenuStep } from '../../routing/domain/menu.ts';
import type { CallInput, PositionResult, RoutingDecision } from '../../routing/domain/types.ts';
import type { G711Law } from '../media/g711.ts';
import { keyOfInfo } from '../media/rtp.ts';
import { RtpPortsExhausted, RtpSession } from '../media/rtp-session.ts';
import { toneG711 } from '../media/tones.ts';
import { SipUserAgent, type ClientDialog } from '../sip-client/user-agent.ts';
import {
  buildAnswer,
  buildOffer,
  negotiate,
  parseSdp,
  type MediaChoice,
  type SdpSession,
} from '../media/sdp.ts';
import type { CallRoutingResult } from '../sip/call-router.ts';
import { createNetworkResolver, type SipConfig } from '../sip/config.ts';
import { headerValue, headerValues, type SipRequest, type SipResponse } from '../sip/message.ts';
import type { SipMetrics } from '../sip/metrics.ts';
import { parseSipMessage } from '../sip/parser.ts';
import {
  callInputOf,
  centreUri,
  decisionHeaderNames,
  decisionHeaders,
  unusableResult,
  type HeaderNames,
  type Inbound,
  type SipLogger,
  type SipMessageHandler,
} from '../sip/redirect.ts';
import {
  buildFramedResponse,
  buildFramedResponseWithBody,
  randomTag,
  responseFrame,
  type ResponseFrame,
} from '../sip/response.ts';
import { transactionKey, type ResponseRoute } from '../sip/transactions.ts';
import { addressUri, numberFromUri } from '../sip/uri.ts';
import {
  dialogRequest,
  sessionExpiryMs,
  sessionTimerOf,
  sipfragStatus,
  uasDialog,
  type SessionTimer,
  type UasDialog,
} from './dialog.ts';
import type { HandoffNotice, PromptAudio, VoiceMenuPort } from './voice-port.ts';

const ALLOW = 'Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, NOTIFY, UPDATE\r\n';
const PTIME = 20;
/** Payload type we offer for telephone-event when the INVITE had no offer. */
const OFFER_TELEPHONE_EVENT = 101;
/** A URI fit for our Request-URI: a scheme and no whitespace or controls. */
const TARGET_URI = /^(?:sips?|tel):[\x21-\x7e]+$/i;

/** Opens the RTP session for a negotiated stream (a port pair from the range). */
export type MediaOpener = (
  choice: MediaChoice,
  onKey: (key: string) => void,
  /** The caller's SIP source address (RTP from it is accepted too). */
  signallingAddress: string,
) => Promise<RtpSession | MediaLike>;

/** What the call needs of its RTP session (RtpSession; tests use fakes). */
export interface MediaLike {
  readonly port: number;
  lastRtpAtMs: number;
  remoteAddress: string;
  remotePort: number;
  payloadType: number;
  telephoneEvent: number | undefined;
  muted: boolean;
  play(audio: readonly Uint8Array[], done: () => void): void;
  stopPlaying(): void;
  close(): void;
}

export interface VoiceHandlerDeps {
  config: SipConfig;
  port: VoiceMenuPort;
  prompts: PromptAudio;
  openMedia: MediaOpener;
  /** Everything that is not a voice call. */
  fallback: SipMessageHandler;
  metrics: SipMetrics;
  logger: SipLogger;
  /** Our SIP port (Via, Contact). */
  sipPort: () => number;
  /** Monotonic ms (default performance.now). */
  now?: () => number;
}

export type VoiceCallEnd =
  | 'caller-bye'
  | 'cancelled'
  | 'transferred'
  | 'transfer-failed'
  | 'no-ack'
  | 'rtp-timeout'
  | 'session-expired'
  | 'too-long'
  | 'shutdown'
  | 'error'
  | 'bridged'
  | 'handoff-failed';

/** The voice menu's SIP message handler. */
export class VoiceMenuHandler implements SipMessageHandler {
  /** Calls by the INVITE's transaction key (retransmissions, CANCEL). */
  private readonly byInvite = new Map<string, VoiceCall>();
  /** Calls by Call-ID and our tag (in-dialog requests). */
  private readonly byDialog = new Map<string, VoiceCall>();
  /** Our client transactions by branch. */
  readonly clientTx = new Map<string, ClientTx>();
  readonly resolveNetwork: ReturnType<typeof createNetworkResolver>;
  readonly headers: HeaderNames;
  readonly mediaAddress: string;
  readonly now: () => number;
  private readonly parseOptions: { maxMessageBytes: number; datagram: boolean };
  private readonly streamParseOptions: { maxMessageBytes: number; datagram: boolean };
  /** The user-agent client of the B2BUA's legs to the centres (opened at the first). */
  private agent: Promise<SipUserAgent> | undefined;
  /** Ended calls by reason, and answered ones (tests, the benchmark). */
  readonly ended = new Map<VoiceCallEnd, number>();
  answered = 0;

  constructor(readonly d: VoiceHandlerDeps) {
    this.resolveNetwork = createNetworkResolver(d.config);
    this.headers = decisionHeaderNames(d.config.headerPrefix);
    this.mediaAddress = d.config.voice.mediaAddress ?? d.config.host;
    this.now = d.now ?? (() => performance.now());
    this.parseOptions = { maxMessageBytes: d.config.maxMessageBytes, datagram: true };
    this.streamParseOptions = { maxMessageBytes: d.config.maxMessageBytes, datagram: false };
  }

  /** Live voice calls. */
  get calls(): number {
    return this.byDialog.size;
  }

  handle(buf: Buffer, inbound: Inbound, datagram: boolean, receivedAt?: number): void {
    const parsed = parseSipMessage(buf, datagram ? this.parseOptions : this.streamParseOptions);
    if (!parsed.ok) {
      this.d.fallback.handle(buf, inbound, datagram, receivedAt);
      return;
    }
    const msg = parsed.message;
    try {
      if (msg.type === 'response') {
        this.response(msg);
        return;
      }
      if (!this.request(msg, inbound)) this.d.fallback.handle(buf, inbound, datagram, receivedAt);
    } catch (e) {
      this.d.logger.error({ err: e, callId: msg.callId }, 'voice menu: SIP message handling failed');
      this.d.metrics.dropped.inc('internal-error');
    }
  }

  rejectMalformed(f: Parameters<SipMessageHandler['rejectMalformed']>[0], inbound: Inbound): void {
    this.d.fallback.rejectMalformed(f, inbound);
  }

  /** Takes a request that belongs to the voice menu; false leaves it to the redirect handler. */
  private request(req: SipRequest, inbound: Inbound): boolean {
    if (req.toTag !== undefined) {
      const call = this.byDialog.get(`${req.callId}|${req.toTag}`);
      if (!call) {
        // The ACK for a 487 or 503 (the call has ended): it stops that response's retransmissions.
        const ended = req.method === 'ACK' ? this.byInvite.get(transactionKey(req, 'INVITE')) : undefined;
        if (ended) ended.ack(req);
        return ended !== undefined; // else the redirect handler answers 481 (or drops a stray ACK)
      }
      call.inDialog(req, inbound);
      return true;
    }
    if (req.method === 'INVITE') {
      const existing = this.byInvite.get(transactionKey(req, 'INVITE'));
      if (existing) {
        existing.inviteRetransmitted();
        return true;
      }
      if (numberFromUri(req.uri) !== NATIONAL_NUMBER) return false;
      return this.newCall(req, inbound);
    }
    if (req.method === 'CANCEL') {
      const call = this.byInvite.get(transactionKey(req, 'INVITE'));
      if (!call) return false;
      call.cancel(req, inbound);
      return true;
    }
    if (req.method === 'ACK') {
      const call = this.byInvite.get(transactionKey(req, 'INVITE'));
      if (!call) return false;
      call.ack(req);
      return true;
    }
    return false;
  }

  private newCall(req: SipRequest, inbound: Inbound): boolean {
    // Require: "timer" is ours; anything else goes to the redirect handler's 420.
    const require = headerValues(req, 'require').filter((t) => t.trim().toLowerCase() !== 'timer');
    if (require.length > 0) return false;
    const network = this.resolveNetwork(
      inbound.peer.address,
      headerValue(req, this.d.config.networkHeader.toLowerCase()),
    );
    if (network === 'reject') return false; // 403
    const route = inbound.routeFor(req);
    const frame = responseFrame(req, inbound.peer);
    const reply = (status: number, extra = ''): void => {
      route.send(buildFramedResponse(frame, status, randomTag(), extra));
      this.d.metrics.response(status);
    };
    if (this.byDialog.size >= this.d.config.voice.maxCalls) {
      this.d.metrics.calls.inc('overload');
      reply(503, 'Retry-After: 5\r\n');
      return true;
    }
    const timer = sessionTimerOf(req, this.d.config.voice.minSessionExpires);
    if (!timer.ok) {
      reply(422, `Min-SE: ${timer.minSe}\r\n`);
      return true;
    }
    let offer: SdpSession | undefined;
    let choice: MediaChoice | undefined;
    if (req.body.length > 0) {
      const type = (headerValue(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/sdp') {
        reply(415, 'Accept: application/sdp\r\n');
        return true;
      }
      const parsed = parseSdp(req.body);
      if (!parsed.ok) {
        reply(400, `Warning: 399 nodmeld "${parsed.reason}"\r\n`);
        return true;
      }
      const n = negotiate(parsed.sdp);
      if (!n.ok) {
        this.d.metrics.voiceCalls.inc('not-acceptable');
        reply(488, `Warning: 305 nodmeld "${n.reason}"\r\n${ALLOW}Accept: application/sdp\r\n`);
        return true;
      }
      offer = parsed.sdp;
      choice = n.choice;
    }
    const call = new VoiceCall(
      this,
      req,
      inbound,
      route,
      frame,
      network,
      offer,
      choice,
      timer.timer,
      timer.uacSupports,
    );
    this.byInvite.set(call.inviteKey, call);
    this.byDialog.set(call.dialogKey, call);
    call.start();
    return true;
  }

  private response(res: SipResponse): void {
    const branch = res.via[0]?.branch;
    const tx = branch === undefined ? undefined : this.clientTx.get(branch);
    if (!tx || res.cseqMethod !== tx.method) return;
    if (res.status < 200) return;
    this.clientTx.delete(branch!);
    tx.stop();
    tx.onFinal(res.status, res);
  }

  /** Forgets an ended call (its transactions are gone too). */
  forget(call: VoiceCall, reason: VoiceCallEnd): void {
    this.byDialog.delete(call.dialogKey);
    // The INVITE key stays a little longer for CANCEL/ACK retransmissions of an ended call.
    setTimeout(() => {
      if (this.byInvite.get(call.inviteKey) === call) this.byInvite.delete(call.inviteKey);
    }, 64 * this.d.config.timers.t1Ms).unref();
    this.ended.set(reason, (this.ended.get(reason) ?? 0) + 1);
    this.d.metrics.voiceCalls.inc(reason);
  }

  /** Sends a request in a call's dialog, retransmitted over UDP until a final answer (Timers E/F). */
  send(
    call: VoiceCall,
    method: string,
    extra: string,
    onFinal: (status: number, res?: SipResponse) => void,
    body?: { type: string; text: string },
  ): void {
    const r = dialogRequest(call.dialog, method, extra, body);
    const tx = new ClientTx(method, r.text, call.requestRoute, this.d.config.timers, () => {
      this.clientTx.delete(r.branch);
      onFinal(408);
    });
    tx.onFinal = onFinal;
    this.clientTx.set(r.branch, tx);
    tx.start();
  }

  /** The B2BUA's user agent: one UDP socket on the SIP host for every leg to a centre. */
  centreAgent(): Promise<SipUserAgent> {
    this.agent ??= SipUserAgent.open({
      host: this.d.config.host,
      advertisedHost: this.mediaAddress,
      t1Ms: this.d.config.timers.t1Ms,
      userAgent: 'nodmeld',
    });
    return this.agent;
  }

  /** The B2BUA's legs up now (tests: nothing leaks). */
  async centreLegs(): Promise<number> {
    return this.agent ? (await this.agent).activeDialogs : 0;
  }

  /** Ends every call (shutdown): BYE to each (both legs of a bridged one), ports freed. */
  closeAll(): Promise<void> {
    for (const call of [...this.byDialog.values()]) call.hangUp('shutdown');
    for (const tx of this.clientTx.values()) tx.stop();
    this.clientTx.clear();
    const agent = this.agent;
    this.agent = undefined;
    // The BYEs to the centres go out before the socket closes.
    return agent ? agent.then((a) => a.close()).catch(() => {}) : Promise.resolve();
  }
}

/** A request we sent and its retransmissions (RFC 3261 §17.1.2: Timer E, F). */
class ClientTx {
  private timer: NodeJS.Timeout | undefined;
  private interval: number;
  private readonly startedAt = performance.now();
  onFinal: (status: number, res?: SipResponse) => void = () => {};

  constructor(
    readonly method: string,
    private readonly text: string,
    private readonly route: ResponseRoute,
    private readonly timers: { t1Ms: number; t2Ms: number },
    private readonly timedOut: () => void,
  ) {
    this.interval = timers.t1Ms;
  }

  start(): void {
    this.route.send(this.text);
    this.arm();
  }

  private arm(): void {
    const left = 64 * this.timers.t1Ms - (performance.now() - this.startedAt);
    if (left <= 0) {
      this.timedOut();
      return;
    }
    const wait = this.route.reliable ? left : Math.min(this.interval, left);
    this.timer = setTimeout(() => {
      if (!this.route.reliable && performance.now() - this.startedAt < 64 * this.timers.t1Ms) {
        this.route.send(this.text);
        this.interval = Math.min(this.interval * 2, this.timers.t2Ms);
      }
      this.arm();
    }, wait);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}

type Phase = 'setup' | 'answered' | 'menu' | 'transferring' | 'ended';

/** The B2BUA's call to the centre. */
interface CentreLeg {
  abort: AbortController;
  centreId: string;
  media?: MediaLike;
  dialog?: ClientDialog;
  bridged?: boolean;
  /** Its outcome has been told (once). */
  settled: boolean;
}

/** The next hop of a `sip:user@host:port` URI (port 5060 when none). */
function hopOf(uri: string): { host: string; port: number } | undefined {
  const m = /^sips?:(?:[^@]*@)?(\[[^\]]+\]|[^:;>]+)(?::(\d+))?/i.exec(uri);
  if (!m) return undefined;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : 5060 };
}

/** One voice-menu call: its dialog, media, menu and timers. */
export class VoiceCall {
  readonly inviteKey: string;
  readonly dialogKey: string;
  readonly localTag = randomTag();
  readonly dialog: UasDialog;
  /** Where our in-dialog requests go: the INVITE's source (the SBC or the caller). */
  readonly requestRoute: ResponseRoute;
  private phase: Phase = 'setup';
  private media: MediaLike | undefined;
  private law: G711Law = 'alaw';
  private readonly call: CallInput;
  private readonly abort = new AbortController();
  private routing: { done: false } | { done: true; result: CallRoutingResult | undefined } = { done: false };
  private routingWaiters: (() => void)[] = [];
  private step: MenuStep | undefined;
  private digits = '';
  private inputTimer: NodeJS.Timeout | undefined;
  private timers: NodeJS.Timeout[] = [];
  /** The last response to the INVITE (retransmitted on INVITE retransmissions) and its 2xx retransmission. */
  private inviteResponse: string | undefined;
  private okRetransmit:
    { text: string; cseq: number; timer?: NodeJS.Timeout; interval: number; since: number } | undefined;
  private sdpVersion = 1;
  private readonly sdpSessionId = String(Math.floor(Math.random() * 1e9));
  private answerSdp = '';
  private lastRemoteCseq: number;
  private lastInDialog: { cseq: number; method: string; response: string } | undefined;
  private sessionTimer: SessionTimer | undefined;
  private sessionTimerHandle: NodeJS.Timeout | undefined;
  private readonly startedAt: number;
  private choice: MediaChoice | undefined;
  /** The B2BUA's leg to the centre (ringing, or bridged). */
  private centreLeg: CentreLeg | undefined;

  constructor(
    private readonly h: VoiceMenuHandler,
    private readonly invite: SipRequest,
    private readonly inbound: Inbound,
    private readonly route: ResponseRoute,
    private readonly frame: ResponseFrame,
    network: CallInput['network'],
    private readonly offer: SdpSession | undefined,
    choice: MediaChoice | undefined,
    timer: SessionTimer | undefined,
    private readonly uacSupportsTimer: boolean,
  ) {
    this.choice = choice;
    this.inviteKey = transactionKey(invite, 'INVITE');
    this.dialogKey = `${invite.callId}|${this.localTag}`;
    this.call = callInputOf(invite, NATIONAL_NUMBER, network);
    this.sessionTimer = timer;
    this.lastRemoteCseq = invite.cseq;
    const a = h.mediaAddress;
    const host = a.includes(':') ? `[${a}]` : a;
    const sentBy = `${host}:${h.d.sipPort()}`;
    const transport = inbound.transport === 'tcp' ? 'TCP' : 'UDP';
    const contact = `sip:${NATIONAL_NUMBER}@${sentBy}${transport === 'TCP' ? ';transport=tcp' : ''}`;
    // The caller's Contact (§12.1.1), else its From URI, else our own Request-URI: a usable URI only.
    const usable = (u: string | undefined): u is string => u !== undefined && TARGET_URI.test(u);
    const contactUri = addressUri(headerValue(invite, 'contact') ?? '');
    const fromUri = addressUri(invite.from);
    const remoteTarget = usable(contactUri) ? contactUri : usable(fromUri) ? fromUri : invite.uri;
    this.dialog = uasDialog(invite, this.localTag, remoteTarget, sentBy, transport, contact);
    this.requestRoute = inbound.replyToSource;
    this.startedAt = h.now();
  }

  /** 100 Trying, the RTP port, 180 Ringing and the 200 with the SDP answer; routing starts at once. */
  start(): void {
    this.sendProvisional(100);
    this.decide();
    void this.answer();
  }

  private async answer(): Promise<void> {
    const choice: MediaChoice = this.choice ?? {
      // No offer in the INVITE: ours goes in the 200, the answer comes in the ACK (RFC 3261 §13.2.1).
      mediaIndex: 0,
      codec: 'PCMA',
      payloadType: 8,
      telephoneEvent: OFFER_TELEPHONE_EVENT,
      remoteAddress: this.inbound.peer.address,
      remotePort: 0,
      direction: 'sendrecv',
    };
    let media: MediaLike;
    try {
      media = await this.h.d.openMedia(choice, (key) => this.key(key), this.inbound.peer.address);
    } catch (e) {
      if (this.phase !== 'setup') return;
      if (!(e instanceof RtpPortsExhausted))
        this.h.d.logger.error({ err: e, callId: this.invite.callId }, 'voice menu: RTP port failed');
      this.finalFailure(503, 'Retry-After: 5\r\n');
      return;
    }
    if (this.phase !== 'setup') {
      media.close(); // cancelled while the port was being bound
      return;
    }
    this.media = media;
    this.useCodec(choice);
    media.muted = choice.direction === 'recvonly' || choice.direction === 'inactive';
    this.sendProvisional(180);
    const sdp = this.offer
      ? buildAnswer(this.offer, choice, this.sdpOptions())
      : buildOffer({ ...this.sdpOptions(), telephoneEvent: OFFER_TELEPHONE_EVENT });
    this.answerSdp = sdp;
    this.phase = 'answered';
    this.h.answered++;
    this.sendOk(this.invite.cseq, sdp, this.frame);
    this.every(1000, () => this.watch());
    this.armSessionTimer();
    this.present(startMenu({ entry: 'top' }));
  }

  private sdpOptions() {
    return {
      address: this.h.mediaAddress,
      port: this.media!.port,
      sessionId: this.sdpSessionId,
      version: this.sdpVersion,
      ptime: PTIME,
    };
  }

  private useCodec(choice: MediaChoice): void {
    this.choice = choice;
    this.law = choice.codec === 'PCMA' ? 'alaw' : 'mulaw';
  }

  private sessionHeaders(): string {
    const t = this.sessionTimer;
    if (!t) return '';
    return `Session-Expires: ${t.seconds};refresher=${t.refresher}\r\n${this.uacSupportsTimer ? 'Require: timer\r\n' : ''}`;
  }

  private okHeaders(): string {
    return `Contact: <${this.dialog.contact}>\r\n${ALLOW}Supported: timer\r\n${this.sessionHeaders()}`;
  }

  /** A 200 with SDP, retransmitted until its ACK (RFC 3261 §13.3.1.4); no ACK in 64·T1 ends the call. */
  private sendOk(cseq: number, sdp: string, frame: ResponseFrame): void {
    const text = buildFramedResponseWithBody(
      frame,
      200,
      this.localTag,
      this.okHeaders(),
      'application/sdp',
      sdp,
    );
    if (cseq === this.invite.cseq) this.inviteResponse = text;
    this.route.send(text);
    this.h.d.metrics.response(200);
    if (this.okRetransmit?.timer) clearTimeout(this.okRetransmit.timer);
    const t1 = this.h.d.config.timers.t1Ms;
    this.okRetransmit = { text, cseq, interval: t1, since: this.h.now() };
    this.retransmitOk();
  }

  private retransmitOk(): void {
    const r = this.okRetransmit;
    if (!r) return;
    const { t1Ms, t2Ms } = this.h.d.config.timers;
    const wait = this.route.reliable ? 64 * t1Ms : r.interval;
    r.timer = setTimeout(() => {
      if (this.okRetransmit !== r || this.phase === 'ended') return;
      if (this.h.now() - r.since >= 64 * t1Ms) {
        this.okRetransmit = undefined;
        this.hangUp('no-ack');
        return;
      }
      this.route.send(r.text);
      r.interval = Math.min(r.interval * 2, t2Ms);
      this.retransmitOk();
    }, wait);
    r.timer.unref();
  }

  private sendProvisional(status: 100 | 180): void {
    const text = buildFramedResponse(
      this.frame,
      status,
      status === 100 ? undefined : this.localTag,
      status === 180 ? `Contact: <${this.dialog.contact}>\r\n` : '',
    );
    this.inviteResponse = text;
    this.route.send(text);
    this.h.d.metrics.response(status);
  }

  /** An error final response to the INVITE before it was answered (503, 487): retransmitted until the ACK over UDP. */
  private finalFailure(status: number, extra = ''): void {
    const text = buildFramedResponse(this.frame, status, this.localTag, extra);
    this.inviteResponse = text;
    this.route.send(text);
    this.h.d.metrics.response(status);
    if (!this.route.reliable) {
      const t1 = this.h.d.config.timers.t1Ms;
      let interval = t1;
      const since = this.h.now();
      const again = (): void => {
        const timer = setTimeout(() => {
          if (this.inviteResponse !== text || this.h.now() - since >= 64 * t1) return;
          this.route.send(text);
          interval = Math.min(interval * 2, this.h.d.config.timers.t2Ms);
          again();
        }, interval);
        timer.unref();
        this.nonOkTimer = timer;
      };
      again();
    }
    this.end(status === 487 ? 'cancelled' : 'error');
  }

  private nonOkTimer: NodeJS.Timeout | undefined;

  inviteRetransmitted(): void {
    if (this.inviteResponse) this.route.send(this.inviteResponse);
  }

  /** ACK with the INVITE's branch: for a non-2xx final response (487, 503). */
  ack(req: SipRequest): void {
    if (req.cseq === this.invite.cseq) {
      clearTimeout(this.nonOkTimer);
      this.inviteResponse = undefined;
    }
  }

  cancel(req: SipRequest, inbound: Inbound): void {
    const route = inbound.routeFor(req);
    route.send(buildFramedResponse(responseFrame(req, inbound.peer), 200, this.localTag));
    this.h.d.metrics.response(200);
    // After the 200 to the INVITE a CANCEL has no effect (RFC 3261 §9.2).
    if (this.phase === 'setup') {
      this.h.d.metrics.calls.inc('cancelled');
      this.finalFailure(487);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // In-dialog requests

  inDialog(req: SipRequest, inbound: Inbound): void {
    if (req.method === 'ACK') {
      const r = this.okRetransmit;
      if (r && req.cseq === r.cseq) {
        clearTimeout(r.timer);
        this.okRetransmit = undefined;
      }
      if (req.cseq === this.invite.cseq && !this.offer && req.body.length > 0) this.lateAnswer(req);
      if (this.phase === 'answered') this.phase = 'menu';
      return;
    }
    const route = inbound.routeFor(req);
    const frame = responseFrame(req, inbound.peer);
    if (req.method !== 'CANCEL') {
      // A retransmission is answered again; an older CSeq is refused (§12.2.2).
      const last = this.lastInDialog;
      if (last && req.cseq === last.cseq && req.method === last.method) {
        route.send(last.response);
        return;
      }
      if (req.cseq < this.lastRemoteCseq) {
        this.reply(route, frame, req, 500, 'Retry-After: 1\r\n');
        return;
      }
      this.lastRemoteCseq = req.cseq;
    }
    switch (req.method) {
      case 'BYE':
        this.reply(route, frame, req, 200);
        this.end('caller-bye');
        return;
      case 'CANCEL':
        this.reply(route, frame, req, 200);
        return;
      case 'INVITE':
      case 'UPDATE':
        this.refresh(req, route, frame);
        return;
      case 'INFO': {
        const key = keyOfInfo(headerValue(req, 'content-type') ?? '', req.body.toString('latin1'));
        if (key === null && req.body.length > 0) {
          this.reply(route, frame, req, 415, 'Accept: application/dtmf-relay, application/dtmf\r\n');
          return;
        }
        this.reply(route, frame, req, 200);
        if (key !== null) this.key(key);
        return;
      }
      case 'NOTIFY':
        this.reply(route, frame, req, 200);
        this.notify(req);
        return;
      case 'OPTIONS':
        this.reply(route, frame, req, 200, `${ALLOW}Accept: application/sdp\r\n`);
        return;
      default:
        this.reply(route, frame, req, 405, ALLOW);
    }
  }

  private reply(
    route: ResponseRoute,
    frame: ResponseFrame,
    req: SipRequest,
    status: number,
    extra = '',
  ): void {
    const text = buildFramedResponse(frame, status, undefined, extra);
    route.send(text);
    this.h.d.metrics.response(status);
    if (req.method !== 'ACK' && req.method !== 'CANCEL')
      this.lastInDialog = { cseq: req.cseq, method: req.method, response: text };
  }

  /** The answer in the ACK to our offer (an INVITE without SDP). */
  private lateAnswer(req: SipRequest): void {
    const parsed = parseSdp(req.body);
    const n = parsed.ok ? negotiate(parsed.sdp) : undefined;
    if (!n?.ok || !this.media) {
      this.hangUp('error');
      return;
    }
    this.useCodec(n.choice);
    this.media.remoteAddress = n.choice.remoteAddress;
    this.media.remotePort = n.choice.remotePort;
    this.media.payloadType = n.choice.payloadType;
    this.media.telephoneEvent = n.choice.telephoneEvent;
  }

  /** re-INVITE or UPDATE: a new offer keeps the call's codec (488 if it is gone); refreshes the session timer. */
  private refresh(req: SipRequest, route: ResponseRoute, frame: ResponseFrame): void {
    const timer = sessionTimerOf(req, this.h.d.config.voice.minSessionExpires);
    if (!timer.ok) {
      this.reply(route, frame, req, 422, `Min-SE: ${timer.minSe}\r\n`);
      return;
    }
    let sdp: string | undefined;
    if (req.body.length > 0) {
      const parsed = parseSdp(req.body);
      if (!parsed.ok) {
        this.reply(route, frame, req, 400, `Warning: 399 nodmeld "${parsed.reason}"\r\n`);
        return;
      }
      const n = negotiate(parsed.sdp, this.choice?.codec);
      if (!n.ok || n.choice.codec !== this.choice?.codec) {
        this.reply(
          route,
          frame,
          req,
          488,
          `Warning: 305 nodmeld "${n.ok ? 'the call keeps its codec' : n.reason}"\r\n`,
        );
        return;
      }
      const media = this.media!;
      const changed =
        n.choice.remoteAddress !== media.remoteAddress ||
        n.choice.remotePort !== media.remotePort ||
        n.choice.direction !== this.choice.direction;
      media.remoteAddress = n.choice.remoteAddress;
      media.remotePort = n.choice.remotePort;
      media.muted = n.choice.direction === 'recvonly' || n.choice.direction === 'inactive';
      if (changed) media.lastRtpAtMs = performance.now(); // the RTP timeout runs from the change (hold, resume)
      this.choice = { ...n.choice, payloadType: n.choice.payloadType };
      if (changed) this.sdpVersion++;
      sdp = buildAnswer(parsed.sdp, n.choice, this.sdpOptions());
      this.answerSdp = sdp;
    } else if (req.method === 'INVITE') {
      sdp = this.answerSdp; // offer-less re-INVITE: our current description is the offer
    }
    if (timer.timer) this.sessionTimer = timer.timer;
    this.armSessionTimer();
    if (req.method === 'INVITE') {
      this.sendOk(req.cseq, sdp!, frame);
      this.lastInDialog = { cseq: req.cseq, method: 'INVITE', response: this.okRetransmit!.text };
      return;
    }
    const text = sdp
      ? buildFramedResponseWithBody(frame, 200, undefined, this.okHeaders(), 'application/sdp', sdp)
      : buildFramedResponse(frame, 200, undefined, this.okHeaders());
    route.send(text);
    this.h.d.metrics.response(200);
    this.lastInDialog = { cseq: req.cseq, method: req.method, response: text };
  }

  /** RFC 4028: we refresh (UPDATE at half the interval) or expect the caller to, else BYE. */
  private armSessionTimer(): void {
    clearTimeout(this.sessionTimerHandle);
    const t = this.sessionTimer;
    if (!t || this.phase === 'ended') return;
    if (t.refresher === 'uac') {
      this.sessionTimerHandle = setTimeout(() => this.hangUp('session-expired'), sessionExpiryMs(t));
    } else {
      this.sessionTimerHandle = setTimeout(
        () => {
          this.h.send(
            this,
            'UPDATE',
            `Session-Expires: ${t.seconds};refresher=uas\r\nSupported: timer\r\n`,
            (status) => {
              if (this.phase === 'ended') return;
              if (status >= 200 && status < 300) this.armSessionTimer();
              else if (status === 408 || status === 481) this.hangUp('session-expired');
              else this.armSessionTimer(); // the peer does not do UPDATE: the call goes on until its own limit
            },
          );
        },
        (t.seconds * 1000) / 2,
      );
    }
    this.sessionTimerHandle.unref();
  }

  // ---------------------------------------------------------------------------------------------
  // Routing and the menu

  /** Decides the call by area now, while the greeting plays (positioning included, RT-3). */
  private decide(): void {
    const settle = (result: CallRoutingResult | undefined): void => {
      if (this.routing.done) return;
      this.routing = { done: true, result };
      const waiters = this.routingWaiters;
      this.routingWaiters = [];
      for (const w of waiters) w();
    };
    const failed = (e: unknown): void => {
      this.h.d.logger.error(
        { err: e, callId: this.invite.callId },
        'voice menu: routing the call failed: the caller chooses in the fallback menu',
      );
      settle(undefined);
    };
    try {
      const r = this.h.d.port.decide(this.call, this.abort.signal);
      if (r && typeof (r as Promise<CallRoutingResult>).then === 'function') {
        (r as Promise<CallRoutingResult>).then(
          (v) =>
            unusableResult(v) === undefined
              ? settle(v)
              : failed(new Error(`decide answered ${unusableResult(v)}`)),
          failed,
        );
      } else {
        const problem = unusableResult(r);
        if (problem === undefined) settle(r as CallRoutingResult);
        else failed(new Error(`decide answered ${problem}`));
      }
    } catch (e) {
      failed(e);
    }
  }

  /** Plays a step's prompt, then waits for a key (or acts on the step's outcome). */
  private present(step: MenuStep): void {
    if (this.phase === 'ended' || this.phase === 'transferring') return;
    this.step = step;
    this.digits = '';
    clearTimeout(this.inputTimer);
    const audio = this.audioOf(step.prompt.parts.map((p) => p.id));
    this.media!.play(audio, () => this.played(step));
  }

  /** A prompt's parts in the call's codec (the library keeps each part encoded once; nothing is copied). */
  private audioOf(ids: string[]): Uint8Array[] {
    return ids.map((id) => this.h.d.prompts.g711(id, this.law));
  }

  private played(step: MenuStep): void {
    if (this.step !== step || this.phase === 'ended') return;
    if (step.outcome === 'prompt') this.waitForInput();
    else if (step.outcome === 'connect' && step.decision?.outcome === 'connect')
      this.transfer(step.decision, undefined);
    // Area routing — and a "connect" without a centre, should the menu ever give one: never silence.
    else this.areaRouting(step);
  }

  private waitForInput(): void {
    clearTimeout(this.inputTimer);
    this.inputTimer = setTimeout(() => this.submit(this.digits), this.h.d.config.voice.inputTimeoutMs);
    this.inputTimer.unref();
  }

  /** A key from RTP (RFC 4733) or SIP INFO. */
  key(key: string): void {
    const step = this.step;
    if (!step || step.outcome !== 'prompt' || this.phase === 'ended' || this.phase === 'transferring') return;
    this.media?.stopPlaying(); // barge-in
    if (step.state.node === 'postcode') {
      if (key === '*' && this.digits === '') return this.submit('*');
      if (key === '#') return this.submit(`${this.digits}#`);
      this.digits += key;
      if (this.digits.length >= 4) return this.submit(this.digits);
      this.waitForInput();
      return;
    }
    this.submit(key);
  }

  /** One input to the menu state machine ("" = no input); a failure of it → the fallback menu. */
  private submit(input: string): void {
    clearTimeout(this.inputTimer);
    const step = this.step!;
    let next: MenuStep;
    try {
      next = menuInput(step.state, input, this.h.d.port.menuContext(this.call.callingNumber));
    } catch (e) {
      this.h.d.logger.error(
        { err: e, callId: this.invite.callId },
        'voice menu: the menu failed: starting the fallback menu',
      );
      next = startMenu({ entry: 'fallback', language: step.state.language });
    }
    this.present(next);
  }

  /**
   * The top menu ended without a choice (no input, or "#"): the call goes where area routing
   * decided; an unlocated call, or one whose routing failed, to the fallback menu in the caller's
   * language (RT-5). While routing is still deciding, the prompt is repeated: never silence.
   */
  private areaRouting(step: MenuStep): void {
    if (!this.routing.done) {
      if (this.routingWaiters.length === 0) {
        this.routingWaiters.push(() => {
          if (this.step !== step) return;
          this.media?.stopPlaying();
          this.areaRouting(step);
        });
      }
      this.media!.play(this.audioOf(step.prompt.parts.map((p) => p.id)), () => {
        if (this.step === step && !this.routing.done) this.areaRouting(step);
      });
      return;
    }
    const r = this.routing.result;
    if (r && r.decision.outcome === 'connect') {
      this.transfer(r.decision, r.position);
      return;
    }
    this.present(startMenu({ entry: 'fallback', language: step.state.language }));
  }

  /** REFER to the centre's number with the decision in headers; the NOTIFY of its answer ends our part. */
  private transfer(decision: RoutingDecision, position: PositionResult | undefined): void {
    if (decision.outcome !== 'connect' || this.phase === 'ended' || this.phase === 'transferring') return;
    this.phase = 'transferring';
    clearTimeout(this.inputTimer);
    const call = position ? { ...this.call, position } : this.call;
    try {
      this.h.d.port.handedOver({
        door: 'sip',
        callId: this.invite.callId,
        call,
        decision,
        ...(position ? { position } : {}),
        atMs: Date.now(),
      });
    } catch (e) {
      this.h.d.logger.error(
        { err: e, callId: this.invite.callId },
        'voice menu: recording the decision failed',
      );
    }
    const handoff = this.h.d.config.voice.handoff;
    this.h.d.metrics.decisions.inc(decision.method);
    if (handoff === 'b2bua') {
      void this.bridgeTo(decision, call, position);
      return;
    }
    const target = centreUri(this.h.d.config, decision, this.inbound.peer);
    const a = this.h.mediaAddress;
    const extra =
      `Refer-To: <${target}>\r\nReferred-By: <sip:${NATIONAL_NUMBER}@${a.includes(':') ? `[${a}]` : a}>\r\n` +
      decisionHeaders(this.h.headers, decision, call, position);
    this.h.send(this, 'REFER', extra, (status) => {
      if (this.phase === 'ended' || this.centreLeg) return;
      if (status < 200 || status >= 300) {
        const fallback = handoff === 'refer-or-b2bua';
        this.h.d.logger.warn(
          { callId: this.invite.callId, status },
          fallback
            ? "voice menu: the caller's side refused the REFER: calling the centre ourselves (B2BUA)"
            : "voice menu: the caller's side refused the REFER",
        );
        if (fallback) void this.bridgeTo(decision, call, position);
        else this.hangUp('transfer-failed');
      }
    });
    this.after(this.h.d.config.voice.transferTimeoutMs, () => {
      if (this.phase === 'transferring' && !this.centreLeg) this.hangUp('transfer-failed');
    });
  }

  /**
   * The B2BUA hand-over: a second call from us to the centre's number through the same next hop
   * a REFER names (`centreUri`: the centre's gateway, or the caller's SBC), with the caller's
   * number and the decision headers; the caller hears ringing meanwhile. Answered: the two RTP
   * legs are bridged and either side's BYE ends both. Busy, no answer (`bridgeAnswerTimeoutMs`,
   * then CANCEL), refused or unreachable: the caller hears the busy tone, then BYE.
   */
  private async bridgeTo(
    decision: Extract<RoutingDecision, { outcome: 'connect' }>,
    call: CallInput,
    position: PositionResult | undefined,
  ): Promise<void> {
    if (this.phase !== 'transferring' || this.centreLeg || !this.media) return;
    const leg: CentreLeg = { abort: new AbortController(), centreId: decision.centreId, settled: false };
    this.centreLeg = leg;
    const target = centreUri(this.h.d.config, decision, this.inbound.peer);
    const hop = hopOf(target);
    const codec = this.choice?.codec ?? 'PCMA';
    this.ringback();
    try {
      if (!hop) throw new Error(`no host:port in ${target}`);
      const agent = await this.h.centreAgent();
      if (this.ended) return;
      const media = await this.h.d.openMedia(
        {
          mediaIndex: 0,
          codec,
          payloadType: codec === 'PCMA' ? 8 : 0,
          telephoneEvent: OFFER_TELEPHONE_EVENT,
          remoteAddress: hop.host,
          remotePort: 0, // nothing is sent to the centre before its answer
          direction: 'sendrecv',
        },
        () => {},
        hop.host,
      );
      if (this.ended) {
        media.close();
        return;
      }
      leg.media = media;
      const sdp = buildOffer({
        address: this.h.mediaAddress,
        port: media.port,
        sessionId: this.sdpSessionId,
        version: 1,
        ptime: PTIME,
        telephoneEvent: OFFER_TELEPHONE_EVENT,
        codecs: [codec],
      });
      const out = await agent.invite({
        target: hop,
        uri: target,
        callingNumber: /^\+?\d{1,20}$/.test(this.call.callingNumber) ? this.call.callingNumber : 'anonymous',
        headers: decisionHeaders(this.h.headers, decision, call, position)
          .split('\r\n')
          .filter((l) => l !== ''),
        timeoutMs: this.h.d.config.voice.bridgeAnswerTimeoutMs,
        callId: `${randomTag()}${randomTag()}@nodmeld-b2bua`,
        signal: leg.abort.signal,
        sdp,
        keep: true,
      });
      leg.dialog = out.dialog;
      if (this.ended) {
        void out.dialog?.bye(); // the caller left while the centre answered
        return;
      }
      if (out.dialog && out.status !== null && out.status < 300) {
        const parsed = parseSdp(out.body ?? Buffer.alloc(0));
        const n = parsed.ok ? negotiate(parsed.sdp, codec) : undefined;
        if (!n?.ok || n.choice.codec !== codec) {
          void out.dialog.bye();
          return this.handoffFailed(leg, 'refused', out.status);
        }
        media.remoteAddress = n.choice.remoteAddress;
        media.remotePort = n.choice.remotePort;
        media.payloadType = n.choice.payloadType;
        media.telephoneEvent = n.choice.telephoneEvent;
        if (!(media instanceof RtpSession) || !(this.media instanceof RtpSession))
          throw new Error('bridging needs RTP sessions');
        this.media.bridgeWith(media);
        leg.bridged = true;
        this.settleHandoff(leg, 'answered', out.status);
        out.dialog.onEnded((by) => {
          if (by === 'remote') this.hangUp('bridged');
        });
        return;
      }
      const status = out.status;
      const outcome: HandoffNotice['outcome'] =
        status === 486 || status === 600 || status === 603
          ? 'busy'
          : out.timedOut || status === 487 || status === 480 || status === 408
            ? out.codes.length > 0
              ? 'no-answer'
              : 'unreachable'
            : status === null
              ? 'unreachable'
              : 'refused';
      this.handoffFailed(leg, outcome, status ?? undefined);
    } catch (e) {
      if (e instanceof RtpPortsExhausted)
        this.h.d.logger.warn({ callId: this.invite.callId }, 'voice menu: no RTP port for the centre leg');
      else
        this.h.d.logger.error(
          { err: e, callId: this.invite.callId },
          'voice menu: calling the centre failed',
        );
      if (!this.ended) this.handoffFailed(leg, 'unreachable', undefined);
    }
  }

  /** The caller hears ringing while the centre's leg rings. */
  private ringback(): void {
    const leg = this.centreLeg;
    if (!leg || leg.bridged || leg.settled || this.phase === 'ended') return;
    this.media?.play([toneG711('ringback', this.law)], () => this.ringback());
  }

  private handoffFailed(leg: CentreLeg, outcome: HandoffNotice['outcome'], status: number | undefined): void {
    this.settleHandoff(leg, outcome, status);
    this.h.d.logger.warn(
      { callId: this.invite.callId, centreId: leg.centreId, outcome, status },
      'voice menu: the centre did not take the call (B2BUA): busy tone, then BYE',
    );
    leg.media?.close();
    leg.media = undefined;
    if (!this.media || this.phase === 'ended') return;
    this.media.play([toneG711('busy', this.law)], () => this.hangUp('handoff-failed'));
  }

  /** Tells the calls record how the hand-over went, once. */
  private settleHandoff(leg: CentreLeg, outcome: HandoffNotice['outcome'], status: number | undefined): void {
    if (leg.settled) return;
    leg.settled = true;
    this.h.d.metrics.handoffs.inc(outcome);
    try {
      this.h.d.port.handoffOutcome?.({
        callId: this.invite.callId,
        centreId: leg.centreId,
        how: 'b2bua',
        outcome,
        ...(status !== undefined ? { status } : {}),
        atMs: Date.now(),
      });
    } catch (e) {
      this.h.d.logger.error(
        { err: e, callId: this.invite.callId },
        'voice menu: recording the hand-over failed',
      );
    }
  }

  /** NOTIFY of the REFER's progress (RFC 3515 §2.4.5): a final status ends our part. */
  private notify(req: SipRequest): void {
    if (this.phase !== 'transferring' || this.centreLeg) return;
    const event = (headerValue(req, 'event') ?? '').split(';')[0]!.trim().toLowerCase();
    if (event !== 'refer') return;
    const status = sipfragStatus(req.body.toString('latin1'));
    const state = (headerValue(req, 'subscription-state') ?? '').split(';')[0]!.trim().toLowerCase();
    if (status !== undefined && status >= 200) this.hangUp(status < 300 ? 'transferred' : 'transfer-failed');
    else if (state === 'terminated') this.hangUp('transfer-failed');
  }

  // ---------------------------------------------------------------------------------------------
  // Watching and ending

  /** Once a second: RTP timeout, the longest call. */
  private watch(): void {
    if (this.phase === 'ended') return;
    const now = this.h.now();
    const v = this.h.d.config.voice;
    // The caller sends nothing while it holds the call (we send only, or neither of us does).
    const callerSends = this.choice?.direction !== 'sendonly' && this.choice?.direction !== 'inactive';
    if (this.media && callerSends && now - this.media.lastRtpAtMs > v.rtpTimeoutMs)
      this.hangUp('rtp-timeout');
    // A bridged call is a conversation with the centre: no limit on its length.
    else if (!this.centreLeg?.bridged && now - this.startedAt > v.maxCallMs) this.hangUp('too-long');
  }

  private every(ms: number, f: () => void): void {
    const t = setInterval(f, ms);
    t.unref();
    this.timers.push(t);
  }

  private after(ms: number, f: () => void): void {
    const t = setTimeout(f, ms);
    t.unref();
    this.timers.push(t);
  }

  /** Ends the call from our side: BYE (after the 200), then everything is freed. */
  hangUp(reason: VoiceCallEnd): void {
    if (this.phase === 'ended') return;
    if (this.phase !== 'setup') this.h.send(this, 'BYE', '', () => {});
    this.end(reason);
  }

  /** Frees the call: timers, RTP ports, routing (aborted), the dialog. Idempotent. */
  private end(reason: VoiceCallEnd): void {
    if (this.phase === 'ended') return;
    this.phase = 'ended';
    this.abort.abort();
    clearTimeout(this.inputTimer);
    clearTimeout(this.sessionTimerHandle);
    if (this.okRetransmit?.timer) clearTimeout(this.okRetransmit.timer);
    this.okRetransmit = undefined;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    this.routingWaiters = [];
    const leg = this.centreLeg;
    if (leg) {
      // The caller left (or we ended the call): the centre's leg goes too — CANCEL while it
      // rings, BYE when bridged; its RTP ports are freed.
      if (!leg.settled) this.settleHandoff(leg, 'abandoned', undefined);
      leg.abort.abort();
      if (leg.dialog && !leg.dialog.ended) void leg.dialog.bye();
      leg.media?.close();
    }
    this.media?.close();
    this.h.forget(this, reason);
  }

  get ended(): boolean {
    return this.phase === 'ended';
  }
}
