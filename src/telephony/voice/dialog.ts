/**
 * Pure pieces of the voice menu's SIP dialogs (RFC 3261 §12, RFC 4028, RFC 3515): the session
 * timer an INVITE asks for, in-dialog requests built from the dialog's state, and the status line
 * of a REFER's NOTIFY (message/sipfrag).
 */
import { headerValue, headerValues, type SipRequest } from '../sip/message.ts';
import { randomTag } from '../sip/response.ts';

/** The session timer of a dialog (RFC 4028). */
export interface SessionTimer {
  /** Session interval in seconds. */
  seconds: number;
  refresher: 'uac' | 'uas';
}

export type SessionTimerAsk =
  | {
      ok: true;
      timer: SessionTimer | undefined;
      /** The UAC supports "timer": it gets Require: timer. */ uacSupports: boolean;
    }
  | { ok: false; /** 422 with this Min-SE */ minSe: number };

/**
 * What an INVITE (or refresh) asks of the session timer: none without Session-Expires; 422 when
 * it is below our Min-SE (or the request's own Min-SE, if larger). The refresher is the one the
 * request names, else the UAC when it supports timers, else us (RFC 4028 §9).
 */
export function sessionTimerOf(req: SipRequest, ourMinSe: number): SessionTimerAsk {
  const supported = [...headerValues(req, 'supported'), ...headerValues(req, 'require')].some(
    (t) => t.trim().toLowerCase() === 'timer',
  );
  const se = headerValue(req, 'session-expires');
  if (se === undefined) return { ok: true, timer: undefined, uacSupports: supported };
  const m = /^\s*(\d{1,10})\s*(?:;(.*))?$/.exec(se);
  if (!m) return { ok: true, timer: undefined, uacSupports: supported };
  const seconds = Number(m[1]);
  const theirMin = Number(/^\s*(\d{1,10})/.exec(headerValue(req, 'min-se') ?? '')?.[1] ?? 0);
  const minSe = Math.max(ourMinSe, theirMin);
  if (seconds < minSe) return { ok: false, minSe };
  const asked = /(?:^|;)\s*refresher\s*=\s*(uac|uas)\s*(?:;|$)/i.exec(m[2] ?? '')?.[1]?.toLowerCase();
  const refresher: 'uac' | 'uas' = asked === 'uac' || asked === 'uas' ? asked : supported ? 'uac' : 'uas';
  // A UAC that does not support timers cannot refresh: we do.
  return {
    ok: true,
    timer: { seconds, refresher: supported ? refresher : 'uas' },
    uacSupports: supported,
  };
}

/** When the side that does not refresh ends the session (RFC 4028 §10): SE − min(32, SE/3) seconds. */
export function sessionExpiryMs(t: SessionTimer): number {
  return (t.seconds - Math.min(32, t.seconds / 3)) * 1000;
}

/** The status code of a NOTIFY's message/sipfrag body ("SIP/2.0 200 OK"), or undefined. */
export function sipfragStatus(body: string): number | undefined {
  const m = /^SIP\/2\.0 ([1-6]\d\d)(?: |\r|\n|$)/.exec(body.trimStart());
  return m ? Number(m[1]) : undefined;
}

/** Our side of a dialog we answered (UAS), enough to send requests in it (§12.2.1.1). */
export interface UasDialog {
  callId: string;
  /** Our tag (the To-tag of our responses). */
  localTag: string;
  /** The INVITE's To, without a tag (our URI as the caller named it). */
  localUri: string;
  /** The INVITE's From, with the caller's tag. */
  remote: string;
  /** The caller's Contact URI: the Request-URI of our requests. */
  remoteTarget: string;
  /** Record-Route of the INVITE in order: our Route set (§12.1.1). */
  routeSet: string[];
  localCseq: number;
  /** Via sent-by of our requests, e.g. "192.0.2.5:5060", and the transport. */
  sentBy: string;
  transport: 'UDP' | 'TCP';
  /** Our Contact URI. */
  contact: string;
}

/** The dialog of an INVITE we answer. */
export function uasDialog(
  req: SipRequest,
  localTag: string,
  remoteTarget: string,
  sentBy: string,
  transport: 'UDP' | 'TCP',
  contact: string,
): UasDialog {
  return {
    callId: req.callId,
    localTag,
    localUri: req.to,
    remote: req.from,
    remoteTarget,
    routeSet: headerValues(req, 'record-route'),
    localCseq: Math.floor(Math.random() * 10_000) + 1,
    sentBy,
    transport,
    contact,
  };
}

/** A request inside the dialog with a new branch; returns the text and the branch. */
export function dialogRequest(
  d: UasDialog,
  method: string,
  extraHeaders = '',
  body?: { type: string; text: string },
): { text: string; branch: string; cseq: number } {
  const branch = `z9hG4bK${randomTag()}${randomTag()}`;
  const cseq = ++d.localCseq;
  let s = `${method} ${d.remoteTarget} SIP/2.0\r\n`;
  s += `Via: SIP/2.0/${d.transport} ${d.sentBy};branch=${branch};rport\r\nMax-Forwards: 70\r\n`;
  for (const r of d.routeSet) s += `Route: ${r}\r\n`;
  s += `From: ${d.localUri};tag=${d.localTag}\r\nTo: ${d.remote}\r\nCall-ID: ${d.callId}\r\n`;
  s += `CSeq: ${cseq} ${method}\r\nContact: <${d.contact}>\r\n${extraHeaders}User-Agent: nodmeld\r\n`;
  if (body) {
    s += `Content-Type: ${body.type}\r\nContent-Length: ${Buffer.byteLength(body.text, 'latin1')}\r\n\r\n${body.text}`;
  } else s += 'Content-Length: 0\r\n\r\n';
  return { text: s, branch, cseq };
}
