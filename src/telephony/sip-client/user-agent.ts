/**
 * A small SIP user-agent client over UDP (RFC 3261 §17.1.1, §9, §15): places one INVITE at a
 * time per call and reports what came back — every status, the final one, how long until it was
 * answered, the final response's headers (a 302's Contact and decision headers). An answered call
 * is acknowledged and hung up at once (BYE); a call still ringing at its timeout is cancelled
 * (CANCEL, then the 487 acknowledged). It does not follow redirects itself: the caller decides
 * where a 302 leads (the test-call runner routes the Contact's number).
 *
 * Used by the test-call regime (RT-8) to call the centres and 116117 for real; one socket serves
 * any number of calls at once, matched by Call-ID. It carries no media: the SDP offer is inactive.
 */
import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { headerValue, type SipHeader, type SipResponse } from '../sip/message.ts';
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

/** A SIP user-agent client on one UDP socket. */
export class SipUserAgent {
  private readonly pending = new Map<string, PendingTransaction[]>();
  private closed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly address: SipTarget,
    private readonly t1Ms: number,
    private readonly nowMs: () => number,
    private readonly userAgent: string,
  ) {
    socket.on('message', (msg) => this.onMessage(msg));
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
      { host, port: socket.address().port },
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
    const sdp = this.sdpOffer();
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
            if (!codes.includes(res.status)) codes.push(res.status);
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
            ack(res, true);
            // A 200 that crosses our CANCEL is still an answered call: it is hung up.
            hangUp(res);
            finish({
              status: res.status,
              codes,
              answerMs: Math.round(this.nowMs() - started),
              headers: res.headers,
              timedOut: cancelled,
            });
          } else {
            ack(res, false);
            finish({ status: res.status, codes, answerMs: null, headers: res.headers, timedOut: cancelled });
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

  /** Closes the socket; calls in progress end without a final status. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }

  /** A BYE or CANCEL: retransmitted at T1 intervals until any final answer (best effort). */
  private nonInvite(callId: string, branch: string, method: string, text: string, target: SipTarget): void {
    let tries = 0;
    let timer: NodeJS.Timeout | undefined;
    const entry: PendingTransaction = {
      branch,
      method,
      onResponse: (res) => {
        if (res.status < 200) return;
        if (timer) clearTimeout(timer);
        this.untrack(callId, entry);
      },
    };
    this.track(callId, entry);
    const send = () => {
      if (this.closed) return;
      this.send(text, target);
      if (++tries >= NON_INVITE_TRIES) {
        this.untrack(callId, entry);
        return;
      }
      timer = setTimeout(send, Math.min(this.t1Ms * 2 ** (tries - 1), 4 * this.t1Ms));
      timer.unref();
    };
    send();
  }

  private onMessage(msg: Buffer): void {
    const parsed = parseSipMessage(msg, { maxMessageBytes: MAX_DATAGRAM, datagram: true });
    if (!parsed.ok || parsed.message.type !== 'response') return;
    const res = parsed.message;
    const list = this.pending.get(res.callId);
    const branch = res.via[0]?.branch;
    const t = list?.find((p) => p.branch === branch && p.method === res.cseqMethod);
    t?.onResponse(res);
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

  private send(text: string, target: SipTarget): void {
    if (this.closed) return;
    this.socket.send(Buffer.from(text, 'latin1'), target.port, target.host);
  }

  private hostPort(): string {
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

  private text(lines: string[], body = ''): string {
    const withLength = [...lines, `Content-Length: ${Buffer.byteLength(body, 'latin1')}`];
    const hasLength = lines.some((l) => /^content-length\s*:/i.test(l));
    return `${(hasLength ? lines : withLength).join('\r\n')}\r\n\r\n${body}`;
  }
}
