/**
 * nodmeld's one SIP user-agent client over UDP (RFC 3261 §17.1.1, §9, §12, §15): places INVITEs
 * and reports what came back — every status, the final one, how long until it was answered, the
 * final response's headers and body (a 302's Contact and decision headers, a 200's SDP answer).
 * A call still ringing at its timeout (or aborted) is cancelled (CANCEL, then the 487
 * acknowledged). It does not follow redirects itself: the caller decides where a 302 leads (the
 * test-call runner routes the Contact's number).
 *
 * Two ways to use an answered call:
 * - **probe** (the default; the test-call regime, RT-8): acknowledged and hung up at once (BYE),
 *   with an inactive SDP offer — no media;
 * - **keep** (`keep: true`; the voice menu's B2BUA leg to a centre, docs/voice.md, and the
 *   voice tests' callers): the caller's SDP offer, and the call stays up as a `ClientDialog` —
 *   requests in the dialog (BYE, INFO, re-INVITE, NOTIFY …) both ways, a re-INVITE of our own
 *   (`reinvite`), a REFER from the peer (RFC 3515: `onRefer`), the peer's BYE reported.
 *
 * With media (`audio-call.ts`: an `RtpEndpoint` beside the dialog) it is a whole caller: it hears
 * the prompts as RTP, sends audio and keys as RFC 4733 events — what the voice tests and
 * `bench:ivr` call the voice menu with.
 *
 * One socket serves any number of calls at once, matched by Call-ID (and tags in a dialog).
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { headerValue, type SipHeader, type SipRequest, type SipResponse } from '../sip/message.ts';
import { parseSipMessage } from '../sip/parser.ts';

export interface SipTarget {
  host: string;
  port: number;
}

export interface InviteRequest {
  /** Where the INVITE is sent (the next hop). */
  target: SipTarget;
  /** The Request-URI, e.g. `sip:116117@127.0.0.1:5060`. */
  uri: string;
  /** The caller's number (From and P-Asserted-Identity user part). */
  callingNumber: string;
  /** Extra header lines (`Name: value`). */
  headers?: readonly string[];
  /** Give up (CANCEL when ringing) after this long without a final answer (ms). */
  timeoutMs: number;
  /** A Call-ID (default random). */
  callId?: string;
  /** Aborts the call as a timeout would (CANCEL when ringing). */
  signal?: AbortSignal;
  /** The SDP offer (default: an inactive stream, no media). */
  sdp?: string;
  /** Keep an answered call up as a dialog (`InviteOutcome.dialog`) instead of hanging up at once. */
  keep?: boolean;
  /** Each provisional status as it arrives (180 → ringback). */
  onProvisional?: (status: number) => void;
}

export interface InviteOutcome {
  /** The final status, or null when none came (timeout before any answer, or the socket closed). */
  status: number | null;
  /** Every status received for the INVITE, in order (retransmissions not repeated). */
  codes: number[];
  /** Milliseconds from the first INVITE sent to the 200 (answered calls). */
  answerMs: number | null;
  /** The final response's headers. */
  headers: SipHeader[];
  /** The call ran out of time (or was aborted) before a final answer and was cancelled. */
  timedOut: boolean;
  /** The final response's body (a 200's SDP answer). */
  body?: Buffer;
  /** With `keep`: the answered call's dialog (the call is up until one side sends BYE). */
  dialog?: ClientDialog;
}

export interface SipUserAgentOptions {
  /** Address to bind (default 127.0.0.1) and port (default 0: any free port). */
  host?: string;
  port?: number;
  /** RFC 3261 T1 in ms (default 500): retransmission interval of the INVITE, the BYE and the CANCEL. */
  t1Ms?: number;
  /** Monotonic milliseconds (default performance.now) for the answer time. */
  nowMs?: () => number;
  /** User-Agent header value. */
  userAgent?: string;
  /** The address named in Via, Contact and From (default the bound host; set it when binding 0.0.0.0). */
  advertisedHost?: string;
}

interface PendingTransaction {
  /** `branch` of the client transaction. */
  branch: string;
  method: string;
  onResponse(res: SipResponse): void;
}

const MAX_DATAGRAM = 65_507;
/** How long a BYE or CANCEL is retransmitted before it is given up (ms): Timer F is 64·T1. */
const NON_INVITE_TRIES = 7;

const token = (bytes = 8) => randomBytes(bytes).toString('hex');

const REASONS: Record<number, string> = {
  200: 'OK',
  202: 'Accepted',
  403: 'Forbidden',
  486: 'Busy Here',
  501: 'Not Implemented',
  603: 'Decline',
  405: 'Method Not Allowed',
  481: 'Call/Transaction Does Not Exist',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
};

/** The Allow header of a 405: REFER only while a handler takes it (`onRefer`). */
const allow = (refer: boolean): string =>
  `Allow: INVITE, ACK, BYE, CANCEL, INFO, NOTIFY, OPTIONS, ${refer ? 'REFER, ' : ''}UPDATE\r\n`;

/** How the handler of a REFER answers it (`ClientDialog.onRefer`). */
export interface ReferReply {
  /** 202, then the first NOTIFY (100 Trying); `done` sends the final NOTIFY with the transfer's status line. */
  accept(): {
    /** The first NOTIFY's answer. */
    trying: Promise<number | null>;
    /** The final NOTIFY (e.g. `200 OK`, `486 Busy Here`); resolves with the peer's answer to it. */
    done(statusLine: string): Promise<number | null>;
  };
  /** Refuses the REFER with a final status (403, 405, 603 …). */
  refuse(status: number): void;
}

interface DialogState {
  callId: string;
  localTag: string;
  /** Our From header (with our tag). */
  from: string;
  /** The 200's To (with the peer's tag). */
  to: string;
  /** The 200's Contact: the Request-URI of our requests in the dialog. */
  remoteTarget: string;
  /** The next hop (an SBC, a trunk, the peer itself): where every request goes. */
  target: SipTarget;
  /** Our SDP: offered again in a re-INVITE's answer. */
  localSdp: string;
}

/**
 * An answered call kept up (`keep`): requests in the dialog both ways. The peer's BYE is
 * answered 200 and reported once (`onEnded`); re-INVITE and UPDATE are answered with our
 * description unchanged (a session refresh); INFO, NOTIFY, OPTIONS 200 (and handed to
 * `onRequest`); other methods 405.
 */
export class ClientDialog {
  private cseq = 1;
  private lastRemoteCseq = -1;
  /** Our answer to the peer's last request, sent again for a retransmission of it (§17.2.2). */
  private lastAnswer: { cseq: number; method: string; text: string } | undefined;
  private endedBy: 'remote' | 'local' | undefined;
  private readonly endedListeners: ((by: 'remote' | 'local') => void)[] = [];
  /** Requests the peer sent in the dialog (tests read them; the B2BUA ignores them). */
  onRequest: (req: SipRequest) => void = () => {};
  /**
   * A REFER from the peer (RFC 3515): the handler accepts it (202, then NOTIFYs of the transfer's
   * progress) or refuses it with a status. Without a handler a REFER is refused (405). A handler
   * that does neither leaves the REFER unanswered (the peer's transaction times out).
   */
  onRefer: ((refer: SipRequest, reply: ReferReply) => void) | undefined;

  constructor(
    private readonly ua: SipUserAgent,
    readonly state: DialogState,
  ) {}

  get key(): string {
    return `${this.state.callId}|${this.state.localTag}`;
  }

  get callId(): string {
    return this.state.callId;
  }

  get ended(): boolean {
    return this.endedBy !== undefined;
  }

  /** Called once when the call ends, by the peer's BYE ('remote') or ours ('local'). */
  onEnded(f: (by: 'remote' | 'local') => void): void {
    if (this.endedBy) f(this.endedBy);
    else this.endedListeners.push(f);
  }

  /** Resolves when the call ends (`onEnded` as a promise). */
  whenEnded(): Promise<'remote' | 'local'> {
    return new Promise((resolve) => this.onEnded(resolve));
  }

  /** The 2xx ACK (its own transaction, §13.2.2.4); sent again for a retransmitted 200. */
  ackAnswer(res: SipResponse): void {
    const cseq = res.cseq;
    this.ua.send(this.build('ACK', `z9hG4bK${token()}`, cseq), this.state.target);
  }

  /** Sends a request in the dialog (not INVITE: `reinvite`); resolves with its final status (null: no answer). */
  async request(method: string, extra = '', body?: { type: string; text: string }): Promise<number | null> {
    return (await this.exchange(method, extra, body))?.status ?? null;
  }

  /** Sends a request in the dialog (not INVITE); resolves with its final response (null: none came). */
  exchange(method: string, extra = '', body?: { type: string; text: string }): Promise<SipResponse | null> {
    const branch = `z9hG4bK${token()}`;
    const text = this.build(method, branch, ++this.cseq, extra, body);
    return new Promise((resolve) =>
      this.ua.nonInvite(this.state.callId, branch, method, text, this.state.target, (_, res) =>
        resolve(res ?? null),
      ),
    );
  }

  /**
   * A re-INVITE with a new offer (RFC 3261 §14: a session refresh, a codec change, hold):
   * retransmitted until answered; a 2xx is acknowledged in a transaction of its own and its offer
   * becomes ours, another final status is acknowledged in the re-INVITE's (§17.1.1.3). Resolves
   * with the final response (null: none came).
   */
  reinvite(sdp: string, extra = ''): Promise<SipResponse | null> {
    const branch = `z9hG4bK${token()}`;
    const cseq = ++this.cseq;
    const text = this.build('INVITE', branch, cseq, extra, { type: 'application/sdp', text: sdp });
    return new Promise((resolve) =>
      this.ua.nonInvite(this.state.callId, branch, 'INVITE', text, this.state.target, (_, res) => {
        if (res && res.status < 300) {
          this.state.localSdp = sdp;
          this.ackAnswer(res);
        } else if (res) this.ua.send(this.build('ACK', branch, cseq), this.state.target);
        resolve(res ?? null);
      }),
    );
  }

  /** Hangs up (BYE, retransmitted until answered); the dialog ends at once. */
  bye(): Promise<number | null> {
    if (this.ended) return Promise.resolve(null);
    const done = this.request('BYE');
    this.end('local');
    return done;
  }

  /** NOTIFY of a REFER's progress (RFC 3515 §2.4.4): the status line as a sipfrag. */
  private notifyRefer(statusLine: string, final: boolean): Promise<number | null> {
    return this.request(
      'NOTIFY',
      `Event: refer\r\nSubscription-State: ${final ? 'terminated;reason=noresource' : 'active;expires=60'}\r\n`,
      { type: 'message/sipfrag;version=2.0', text: `SIP/2.0 ${statusLine}\r\n` },
    );
  }

  private refer(req: SipRequest, source: SipTarget): void {
    if (!this.onRefer) {
      this.answer(req, source, 405, allow(false));
      return;
    }
    let replied = false;
    const once = () => {
      if (replied) throw new Error('the REFER is already answered');
      replied = true;
    };
    this.onRefer(req, {
      accept: () => {
        once();
        this.answer(req, source, 202);
        // The first NOTIFY follows the 202 at once (RFC 3515 §2.4.4): the transfer is under way.
        const first = this.notifyRefer('100 Trying', false);
        return {
          trying: first,
          done: async (statusLine) => {
            await first;
            return this.notifyRefer(statusLine, true);
          },
        };
      },
      refuse: (status) => {
        once();
        this.answer(req, source, status);
      },
    });
  }

  /** Answers a request of the peer and keeps the answer for its retransmissions. */
  private answer(
    req: SipRequest,
    source: SipTarget,
    status: number,
    extra = '',
    body?: { type: string; text: string },
  ): void {
    const text = this.ua.respond(req, source, status, extra, body);
    this.lastAnswer = { cseq: req.cseq, method: req.method, text };
  }

  /** Forgets the dialog without BYE (the socket closes). */
  forget(): void {
    this.end('local');
  }

  incoming(req: SipRequest, source: SipTarget): void {
    if (req.method === 'ACK') return;
    if (req.cseq === this.lastRemoteCseq) {
      // A retransmission: the same answer again, or nothing while it is still being decided (a REFER).
      const last = this.lastAnswer;
      if (last && last.cseq === req.cseq && last.method === req.method) this.ua.send(last.text, source);
      return;
    }
    if (req.cseq < this.lastRemoteCseq) {
      this.ua.respond(req, source, 500, 'Retry-After: 1\r\n');
      return;
    }
    this.lastRemoteCseq = req.cseq;
    this.lastAnswer = undefined;
    switch (req.method) {
      case 'BYE':
        this.answer(req, source, 200);
        this.end('remote');
        return;
      case 'INVITE':
        this.answer(req, source, 200, `Contact: <sip:${this.localUser()}@${this.ua.hostPort()}>\r\n`, {
          type: 'application/sdp',
          text: this.state.localSdp,
        });
        break;
      case 'REFER':
        this.refer(req, source);
        break;
      case 'UPDATE':
      case 'INFO':
      case 'NOTIFY':
      case 'OPTIONS':
        this.answer(req, source, 200);
        break;
      default:
        this.answer(req, source, 405, allow(this.onRefer !== undefined));
        return;
    }
    this.onRequest(req);
  }

  private localUser(): string {
    return /sips?:([^@>;]+)@/.exec(this.state.from)?.[1] ?? 'nodmeld';
  }

  private build(
    method: string,
    branch: string,
    cseq: number,
    extra = '',
    body?: { type: string; text: string },
  ): string {
    return this.ua.text(
      [
        `${method} ${this.state.remoteTarget} SIP/2.0`,
        `Via: SIP/2.0/UDP ${this.ua.hostPort()};branch=${branch};rport`,
        'Max-Forwards: 70',
        `From: ${this.state.from}`,
        `To: ${this.state.to}`,
        `Call-ID: ${this.state.callId}`,
        `CSeq: ${cseq} ${method}`,
        `Contact: <sip:${this.localUser()}@${this.ua.hostPort()}>`,
        ...extra.split('\r\n').filter((l) => l !== ''),
        ...(body ? [`Content-Type: ${body.type}`] : []),
      ],
      body?.text ?? '',
    );
  }

  private end(by: 'remote' | 'local'): void {
    if (this.endedBy) return;
    this.endedBy = by;
    this.ua.dropDialog(this);
    for (const f of this.endedListeners.splice(0)) f(by);
  }
}

/** A SIP user-agent client on one UDP socket. */
export class SipUserAgent {
  private readonly pending = new Map<string, PendingTransaction[]>();
  /** Calls kept up, by Call-ID and our tag. */
  private readonly dialogs = new Map<string, ClientDialog>();
  private closed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly address: SipTarget,
    private readonly t1Ms: number,
    private readonly nowMs: () => number,
    private readonly userAgent: string,
  ) {
    socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
  }

  /** Calls kept up now (`keep`). */
  get activeDialogs(): number {
    return this.dialogs.size;
  }

  /** Opens the socket. */
  static async open(opts: SipUserAgentOptions = {}): Promise<SipUserAgent> {
    const host = opts.host ?? '127.0.0.1';
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(opts.port ?? 0, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    // A peer that is not there answers ICMP port unreachable: Node reports it as an error on the
    // socket on some platforms; the call simply times out.
    socket.on('error', () => {});
    return new SipUserAgent(
      socket,
      { host: opts.advertisedHost ?? host, port: socket.address().port },
      opts.t1Ms ?? 500,
      opts.nowMs ?? (() => performance.now()),
      opts.userAgent ?? 'nodmeld-test-calls',
    );
  }

  /** Places one INVITE and resolves with its outcome; never rejects. */
  invite(req: InviteRequest): Promise<InviteOutcome> {
    const callId = req.callId ?? `${token()}@nodmeld`;
    const branch = `z9hG4bK${token()}`;
    const fromTag = token(4);
    const from = `<sip:${req.callingNumber}@${this.address.host}>;tag=${fromTag}`;
    const to = `<${req.uri}>`;
    const sdp = req.sdp ?? this.sdpOffer();
    const invite = this.text(
      [
        `INVITE ${req.uri} SIP/2.0`,
        `Via: SIP/2.0/UDP ${this.hostPort()};branch=${branch};rport`,
        'Max-Forwards: 70',
        `From: ${from}`,
        `To: ${to}`,
        `Call-ID: ${callId}`,
        'CSeq: 1 INVITE',
        `Contact: <sip:${req.callingNumber}@${this.hostPort()}>`,
        `P-Asserted-Identity: <sip:${req.callingNumber}@${this.address.host}>`,
        `User-Agent: ${this.userAgent}`,
        ...(req.headers ?? []),
        'Content-Type: application/sdp',
      ],
      sdp,
    );

    return new Promise<InviteOutcome>((resolve) => {
      const started = this.nowMs();
      const codes: number[] = [];
      let provisional = false;
      let finished = false;
      let cancelled = false;
      let retransmit: NodeJS.Timeout | undefined;
      let interval = this.t1Ms;
      const timers: NodeJS.Timeout[] = [];
      const finish = (outcome: InviteOutcome) => {
        if (finished) return;
        finished = true;
        if (retransmit) clearTimeout(retransmit);
        for (const t of timers) clearTimeout(t);
        req.signal?.removeEventListener('abort', giveUp);
        // The transaction stays matched a little longer: a retransmitted final answer gets its ACK again.
        timers.push(setTimeout(() => this.forget(callId, branch), 32 * this.t1Ms).unref());
        resolve(outcome);
      };
      const sendInvite = () => {
        this.send(invite, req.target);
        if (provisional) return;
        retransmit = setTimeout(sendInvite, interval);
        retransmit.unref();
        interval = interval * 2;
      };
      /** ACK, BYE or CANCEL of this call: no body, the INVITE's From and Call-ID. */
      const request = (method: string, viaBranch: string, toHeader: string, cseq: number) =>
        this.text([
          `${method} ${req.uri} SIP/2.0`,
          `Via: SIP/2.0/UDP ${this.hostPort()};branch=${viaBranch};rport`,
          'Max-Forwards: 70',
          `From: ${from}`,
          `To: ${toHeader}`,
          `Call-ID: ${callId}`,
          `CSeq: ${cseq} ${method}`,
          'Content-Length: 0',
        ]);
      const ack = (res: SipResponse, newTransaction: boolean) => {
        // A 2xx is acknowledged in a transaction of its own (RFC 3261 §13.2.2.4), others in the INVITE's.
        const ackBranch = newTransaction ? `z9hG4bK${token()}` : branch;
        this.send(request('ACK', ackBranch, headerValue(res, 'to') ?? to, 1), req.target);
      };
      const hangUp = (res: SipResponse) => {
        const byeBranch = `z9hG4bK${token()}`;
        const bye = request('BYE', byeBranch, headerValue(res, 'to') ?? to, 2);
        this.nonInvite(callId, byeBranch, 'BYE', bye, req.target);
      };
      const giveUp = () => {
        if (finished) return;
        if (!provisional) {
          finish({ status: null, codes, answerMs: null, headers: [], timedOut: true });
          return;
        }
        if (cancelled) return;
        cancelled = true;
        // CANCEL names the INVITE's branch and To (without a tag) (RFC 3261 §9.1).
        const cancel = request('CANCEL', branch, to, 1);
        this.nonInvite(callId, branch, 'CANCEL', cancel, req.target);
        // The 487 should follow; if it never does, the call ends without a final status.
        timers.push(
          setTimeout(
            () => finish({ status: null, codes, answerMs: null, headers: [], timedOut: true }),
            64 * this.t1Ms,
          ).unref(),
        );
      };
      this.track(callId, {
        branch,
        method: 'INVITE',
        onResponse: (res) => {
          if (res.status < 200) {
            if (!codes.includes(res.status)) {
              codes.push(res.status);
              req.onProvisional?.(res.status);
            }
            provisional = true;
            if (retransmit) clearTimeout(retransmit);
            return;
          }
          if (finished) {
            // A retransmitted final answer: our ACK was lost.
            ack(res, res.status < 300);
            return;
          }
          codes.push(res.status);
          if (res.status < 300) {
            const answerMs = Math.round(this.nowMs() - started);
            if (req.keep && !cancelled) {
              // The call stays up: ACK and BYE go to the 200's Contact (§12.1.2) over the next hop.
              const contact = /<([^>]+)>/.exec(headerValue(res, 'contact') ?? '')?.[1];
              const dialog = new ClientDialog(this, {
                callId,
                localTag: fromTag,
                from,
                to: headerValue(res, 'to') ?? to,
                remoteTarget: contact && /^sips?:[\x21-\x7e]+$/i.test(contact) ? contact : req.uri,
                target: req.target,
                localSdp: sdp,
              });
              this.dialogs.set(dialog.key, dialog);
              dialog.ackAnswer(res);
              finish({
                status: res.status,
                codes,
                answerMs,
                headers: res.headers,
                timedOut: false,
                body: res.body,
                dialog,
              });
              return;
            }
            ack(res, true);
            // A 200 that crosses our CANCEL is still an answered call: it is hung up.
            hangUp(res);
            finish({
              status: res.status,
              codes,
              answerMs,
              headers: res.headers,
              timedOut: cancelled,
              body: res.body,
            });
          } else {
            ack(res, false);
            finish({
              status: res.status,
              codes,
              answerMs: null,
              headers: res.headers,
              timedOut: cancelled,
              body: res.body,
            });
          }
        },
      });
      if (req.signal?.aborted) {
        finish({ status: null, codes, answerMs: null, headers: [], timedOut: true });
        return;
      }
      req.signal?.addEventListener('abort', giveUp, { once: true });
      timers.push(setTimeout(giveUp, req.timeoutMs).unref());
      sendInvite();
    });
  }

  /** Closes the socket; calls in progress end without a final status, kept calls end without BYE. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const d of [...this.dialogs.values()]) d.forget();
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  /** A non-INVITE request (or a re-INVITE in a dialog): retransmitted (Timer E) until a final answer or Timer F; `onFinal` gets its status (null: none). */
  nonInvite(
    callId: string,
    branch: string,
    method: string,
    text: string,
    target: SipTarget,
    onFinal?: (status: number | null, res?: SipResponse) => void,
  ): void {
    let tries = 0;
    let timer: NodeJS.Timeout | undefined;
    const entry: PendingTransaction = {
      branch,
      method,
      onResponse: (res) => {
        if (res.status < 200) {
          // A re-INVITE is no longer retransmitted once the peer has it (§17.1.1.2).
          if (method === 'INVITE' && timer) clearTimeout(timer);
          return;
        }
        if (timer) clearTimeout(timer);
        this.untrack(callId, entry);
        onFinal?.(res.status, res);
      },
    };
    this.track(callId, entry);
    const send = () => {
      if (this.closed) return onFinal?.(null);
      this.send(text, target);
      if (++tries >= NON_INVITE_TRIES) {
        this.untrack(callId, entry);
        timer = setTimeout(() => onFinal?.(null), 4 * this.t1Ms);
        timer.unref();
        return;
      }
      timer = setTimeout(send, Math.min(this.t1Ms * 2 ** (tries - 1), 4 * this.t1Ms));
      timer.unref();
    };
    send();
  }

  private onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const parsed = parseSipMessage(msg, { maxMessageBytes: MAX_DATAGRAM, datagram: true });
    if (!parsed.ok) return;
    if (parsed.message.type === 'request') {
      this.onRequest(parsed.message, { host: rinfo.address, port: rinfo.port });
      return;
    }
    const res = parsed.message;
    const list = this.pending.get(res.callId);
    const branch = res.via[0]?.branch;
    const t = list?.find((p) => p.branch === branch && p.method === res.cseqMethod);
    t?.onResponse(res);
  }

  /** A request from a peer: in a kept dialog, else 481 (a stray ACK is dropped). */
  private onRequest(req: SipRequest, source: SipTarget): void {
    const dialog = req.toTag === undefined ? undefined : this.dialogs.get(`${req.callId}|${req.toTag}`);
    if (dialog) return dialog.incoming(req, source);
    if (req.method !== 'ACK') this.respond(req, source, 481);
  }

  /** Answers a request straight back to its source (rport, §18.2.2); returns the answer's text. */
  respond(
    req: SipRequest,
    source: SipTarget,
    status: number,
    extra = '',
    body?: { type: string; text: string },
  ): string {
    const lines = [
      `SIP/2.0 ${status} ${REASONS[status] ?? 'Response'}`,
      ...req.via.map((v) => `Via: ${v.raw}`),
      `From: ${req.from}`,
      `To: ${req.to}`,
      `Call-ID: ${req.callId}`,
      `CSeq: ${req.cseq} ${req.cseqMethod}`,
      ...extra.split('\r\n').filter((l) => l !== ''),
      ...(body ? [`Content-Type: ${body.type}`] : []),
    ];
    const text = this.text(lines, body?.text ?? '');
    this.send(text, source);
    return text;
  }

  /** Forgets a dialog (it ended). */
  dropDialog(d: ClientDialog): void {
    if (this.dialogs.get(d.key) === d) this.dialogs.delete(d.key);
  }

  private track(callId: string, t: PendingTransaction): void {
    const list = this.pending.get(callId);
    if (list) list.push(t);
    else this.pending.set(callId, [t]);
  }

  private untrack(callId: string, t: PendingTransaction): void {
    const list = this.pending.get(callId);
    if (!list) return;
    const i = list.indexOf(t);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.pending.delete(callId);
  }

  private forget(callId: string, branch: string): void {
    const list = this.pending.get(callId);
    if (!list) return;
    for (const t of list.filter((p) => p.branch === branch && p.method === 'INVITE')) this.untrack(callId, t);
  }

  send(text: string, target: SipTarget): void {
    if (this.closed) return;
    this.socket.send(Buffer.from(text, 'latin1'), target.port, target.host);
  }

  hostPort(): string {
    const h = this.address.host.includes(':') ? `[${this.address.host}]` : this.address.host;
    return `${h}:${this.address.port}`;
  }

  private sdpOffer(): string {
    const ip = this.address.host.includes(':') ? 'IP6' : 'IP4';
    const id = Math.floor(Math.random() * 1e9);
    return [
      'v=0',
      `o=nodmeld ${id} ${id} IN ${ip} ${this.address.host}`,
      's=nodmeld test call',
      `c=IN ${ip} ${this.address.host}`,
      't=0 0',
      // No media is carried: an inactive stream on the discard port, A-law and µ-law offered.
      'm=audio 9 RTP/AVP 8 0',
      'a=inactive',
      '',
    ].join('\r\n');
  }

  text(lines: string[], body = ''): string {
    const withLength = [...lines, `Content-Length: ${Buffer.byteLength(body, 'latin1')}`];
    const hasLength = lines.some((l) => /^content-length\s*:/i.test(l));
    return `${(hasLength ? lines : withLength).join('\r\n')}\r\n\r\n${body}`;
  }
}
