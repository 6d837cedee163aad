/**
 * SDP (RFC 4566) for the voice menu's offer/answer (RFC 3264): a parser for the caller's offer,
 * the choice of one G.711 codec (PCMA or PCMU, plus RFC 4733 telephone-event/8000 when offered),
 * and the answer. Pure; hostile input is refused with a reason, never thrown: a body over
 * `MAX_SDP_BYTES`, a line that is not `x=value`, too many media sections or formats, a port or
 * payload type out of range.
 */

export const MAX_SDP_BYTES = 8192;
const MAX_MEDIA = 16;
const MAX_FORMATS = 64;
const MAX_ATTRIBUTES = 256;

export type G711Codec = 'PCMA' | 'PCMU';

export interface SdpRtpMap {
  encoding: string;
  clockRate: number;
  channels: number;
}

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface SdpMedia {
  type: string;
  port: number;
  proto: string;
  /** Formats as listed (payload type numbers for RTP/AVP). */
  formats: string[];
  /** a=rtpmap by payload type. */
  rtpmap: Map<number, SdpRtpMap>;
  /** a=fmtp by payload type. */
  fmtp: Map<number, string>;
  /** c= of this media section, if any (else the session's). */
  connection: string | undefined;
  direction: SdpDirection | undefined;
  ptime: number | undefined;
}

export interface SdpSession {
  /** o= session id and version (as text: they may exceed 2^53). */
  originId: string;
  originVersion: string;
  /** Session-level c= address. */
  connection: string | undefined;
  direction: SdpDirection | undefined;
  media: SdpMedia[];
}

export type SdpParse = { ok: true; sdp: SdpSession } | { ok: false; reason: string };

const LINE = /^([a-z])=(.*)$/;
const DIRECTIONS = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

/** Parses an SDP body (CRLF or LF line ends). Never throws. */
export function parseSdp(body: string | Buffer): SdpParse {
  if (body.length > MAX_SDP_BYTES) return { ok: false, reason: 'SDP too large' };
  const text = typeof body === 'string' ? body : body.toString('latin1');
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines[0] !== 'v=0') return { ok: false, reason: 'SDP must start with v=0' };
  const sdp: SdpSession = {
    originId: '',
    originVersion: '',
    connection: undefined,
    direction: undefined,
    media: [],
  };
  let current: SdpMedia | undefined;
  let attributes = 0;
  let sawOrigin = false;
  for (let i = 1; i < lines.length; i++) {
    const m = LINE.exec(lines[i]!);
    if (!m) return { ok: false, reason: `SDP line ${i + 1} is not type=value` };
    const type = m[1]!;
    const value = m[2]!;
    switch (type) {
      case 'o': {
        const f = value.split(' ');
        if (f.length !== 6 || !/^\d{1,20}$/.test(f[1]!) || !/^\d{1,20}$/.test(f[2]!))
          return { ok: false, reason: 'SDP o= line malformed' };
        sdp.originId = f[1]!;
        sdp.originVersion = f[2]!;
        sawOrigin = true;
        break;
      }
      case 'c': {
        const addr = connectionAddress(value);
        if (addr === null) return { ok: false, reason: 'SDP c= line malformed' };
        if (current) current.connection = addr;
        else sdp.connection = addr;
        break;
      }
      case 'm': {
        if (sdp.media.length >= MAX_MEDIA) return { ok: false, reason: 'SDP has too many media sections' };
        const f = value.split(' ');
        if (f.length < 4) return { ok: false, reason: 'SDP m= line malformed' };
        const portText = f[1]!.split('/')[0]!;
        if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535)
          return { ok: false, reason: 'SDP m= port out of range' };
        const formats = f.slice(3);
        if (formats.length > MAX_FORMATS) return { ok: false, reason: 'SDP m= line has too many formats' };
        current = {
          type: f[0]!,
          port: Number(portText),
          proto: f[2]!,
          formats,
          rtpmap: new Map(),
          fmtp: new Map(),
          connection: undefined,
          direction: undefined,
          ptime: undefined,
        };
        sdp.media.push(current);
        break;
      }
      case 'a': {
        if (++attributes > MAX_ATTRIBUTES) return { ok: false, reason: 'SDP has too many attributes' };
        const problem = attribute(value, current, sdp);
        if (problem) return { ok: false, reason: problem };
        break;
      }
      default:
        // v, s, i, u, e, p, b, t, r, z, k: not needed for the answer.
        break;
    }
  }
  if (!sawOrigin) return { ok: false, reason: 'SDP has no o= line' };
  return { ok: true, sdp };
}

function connectionAddress(value: string): string | null {
  const f = value.split(' ');
  if (f.length !== 3 || f[0] !== 'IN' || (f[1] !== 'IP4' && f[1] !== 'IP6')) return null;
  const addr = f[2]!.split('/')[0]!;
  if (addr.length === 0 || addr.length > 255 || !/^[A-Za-z0-9.:_-]+$/.test(addr)) return null;
  return addr;
}

function attribute(value: string, media: SdpMedia | undefined, sdp: SdpSession): string | undefined {
  const colon = value.indexOf(':');
  const name = colon < 0 ? value : value.slice(0, colon);
  const rest = colon < 0 ? '' : value.slice(colon + 1);
  if (DIRECTIONS.has(name)) {
    if (media) media.direction = name as SdpDirection;
    else sdp.direction = name as SdpDirection;
    return undefined;
  }
  if (!media) return undefined;
  if (name === 'rtpmap') {
    const m = /^(\d{1,3}) ([A-Za-z0-9_.+-]{1,32})\/(\d{1,6})(?:\/(\d{1,2}))?$/.exec(rest.trim());
    if (!m) return 'SDP a=rtpmap malformed';
    const pt = Number(m[1]);
    if (pt > 127) return 'SDP a=rtpmap payload type out of range';
    media.rtpmap.set(pt, {
      encoding: m[2]!,
      clockRate: Number(m[3]),
      channels: m[4] === undefined ? 1 : Number(m[4]),
    });
  } else if (name === 'fmtp') {
    const m = /^(\d{1,3}) (.{0,256})$/.exec(rest);
    if (m && Number(m[1]) <= 127) media.fmtp.set(Number(m[1]), m[2]!);
  } else if (name === 'ptime') {
    const n = Number(rest.trim());
    if (Number.isInteger(n) && n > 0 && n <= 1000) media.ptime = n;
  }
  return undefined;
}

/** Static payload types of RFC 3551 the answer may use without an rtpmap. */
const STATIC: Record<number, G711Codec> = { 0: 'PCMU', 8: 'PCMA' };

/** What the voice menu plays and hears on a call: the result of negotiating an offer. */
export interface MediaChoice {
  /** Index of the accepted m= section in the offer. */
  mediaIndex: number;
  codec: G711Codec;
  payloadType: number;
  /** Payload type of telephone-event/8000, when the offer has it. */
  telephoneEvent: number | undefined;
  remoteAddress: string;
  remotePort: number;
  /** Our direction in the answer. */
  direction: SdpDirection;
}

export type Negotiation = { ok: true; choice: MediaChoice } | { ok: false; reason: string };

const ANSWER_DIRECTION: Record<SdpDirection, SdpDirection> = {
  sendrecv: 'sendrecv',
  sendonly: 'recvonly',
  recvonly: 'sendonly',
  inactive: 'inactive',
};

/**
 * Chooses one G.711 codec from the first usable audio section of `offer` (RTP/AVP or RTP/SAVP is
 * not accepted: only RTP/AVP and RTP/AVPF), in the offerer's order of preference (RFC 3264 §6.1),
 * or the codec `keep` names when the offer still has it (a re-INVITE keeps the call's codec).
 */
export function negotiate(offer: SdpSession, keep?: G711Codec): Negotiation {
  let sawAudio = false;
  for (let i = 0; i < offer.media.length; i++) {
    const m = offer.media[i]!;
    if (m.type !== 'audio' || m.port === 0) continue;
    if (m.proto !== 'RTP/AVP' && m.proto !== 'RTP/AVPF') continue;
    sawAudio = true;
    const address = m.connection ?? offer.connection;
    if (!address) return { ok: false, reason: 'no connection address for the audio' };
    let chosen: { codec: G711Codec; pt: number } | undefined;
    let event: number | undefined;
    for (const f of m.formats) {
      if (!/^\d{1,3}$/.test(f)) continue;
      const pt = Number(f);
      if (pt > 127) continue;
      const map = m.rtpmap.get(pt);
      const enc = map?.encoding.toUpperCase();
      let codec: G711Codec | undefined;
      if (map) {
        if ((enc === 'PCMA' || enc === 'PCMU') && map.clockRate === 8000 && map.channels === 1) codec = enc;
        else if (enc === 'TELEPHONE-EVENT' && map.clockRate === 8000) event ??= pt;
      } else codec = STATIC[pt];
      if (codec && (!chosen || (keep === codec && chosen.codec !== keep))) chosen = { codec, pt };
    }
    if (!chosen) continue;
    const direction = ANSWER_DIRECTION[m.direction ?? offer.direction ?? 'sendrecv'];
    return {
      ok: true,
      choice: {
        mediaIndex: i,
        codec: chosen.codec,
        payloadType: chosen.pt,
        telephoneEvent: event,
        remoteAddress: address,
        remotePort: m.port,
        direction,
      },
    };
  }
  return { ok: false, reason: sawAudio ? 'no supported codec (PCMA, PCMU)' : 'no RTP audio stream offered' };
}

export interface AnswerOptions {
  /** Our address in o= and c= (an IPv4 or IPv6 literal). */
  address: string;
  /** Our RTP port. */
  port: number;
  /** o= session id and version (the version goes up when the answer changes, RFC 3264 §8). */
  sessionId: string;
  version: number;
  /** Packet time in ms (20). */
  ptime: number;
}

/**
 * The answer (RFC 3264 §6): one m= line per offered one, in order; the chosen section with the
 * one codec (and telephone-event), every other section refused with port 0.
 */
export function buildAnswer(offer: SdpSession, choice: MediaChoice, o: AnswerOptions): string {
  const ipv = o.address.includes(':') ? 'IP6' : 'IP4';
  let s =
    `v=0\r\no=nodmeld ${o.sessionId} ${o.version} IN ${ipv} ${o.address}\r\ns=nodmeld\r\n` +
    `c=IN ${ipv} ${o.address}\r\nt=0 0\r\n`;
  offer.media.forEach((m, i) => {
    if (i !== choice.mediaIndex) {
      s += `m=${safe(m.type)} 0 ${safe(m.proto)} ${safe(m.formats[0] ?? '0')}\r\n`;
      return;
    }
    const te = choice.telephoneEvent;
    s += `m=audio ${o.port} ${m.proto} ${choice.payloadType}${te === undefined ? '' : ` ${te}`}\r\n`;
    s += `a=rtpmap:${choice.payloadType} ${choice.codec}/8000\r\n`;
    if (te !== undefined) s += `a=rtpmap:${te} telephone-event/8000\r\na=fmtp:${te} 0-15\r\n`;
    s += `a=ptime:${o.ptime}\r\na=${choice.direction}\r\n`;
  });
  return s;
}

/**
 * Our own offer (an INVITE without SDP gets it in the 200; RFC 3261 §13.2.1; a caller's INVITE,
 * sip-client/audio-call.ts): both laws and events by default; `telephoneEvent` undefined offers
 * no events (a caller that sends its keys as SIP INFO).
 */
export function buildOffer(
  o: AnswerOptions & {
    telephoneEvent: number | undefined;
    codecs?: readonly G711Codec[];
    direction?: SdpDirection;
  },
): string {
  const ipv = o.address.includes(':') ? 'IP6' : 'IP4';
  const te = o.telephoneEvent;
  // A B2BUA's second leg offers only the caller's codec: the bridge relays, it does not transcode.
  const codecs = o.codecs ?? ['PCMA', 'PCMU'];
  const pts = codecs.map((c) => (c === 'PCMA' ? 8 : 0));
  const maps = codecs.map((c) => `a=rtpmap:${c === 'PCMA' ? 8 : 0} ${c}/8000\r\n`).join('');
  const events = te === undefined ? '' : `a=rtpmap:${te} telephone-event/8000\r\na=fmtp:${te} 0-15\r\n`;
  return (
    `v=0\r\no=nodmeld ${o.sessionId} ${o.version} IN ${ipv} ${o.address}\r\ns=nodmeld\r\n` +
    `c=IN ${ipv} ${o.address}\r\nt=0 0\r\nm=audio ${o.port} RTP/AVP ${pts.join(' ')}${te === undefined ? '' : ` ${te}`}\r\n` +
    `${maps}${events}a=ptime:${o.ptime}\r\na=${o.direction ?? 'sendrecv'}\r\n`
  );
}

/** Text from the offer echoed into the answer: tokens only. */
function safe(s: string): string {
  return /^[A-Za-z0-9/._-]{1,32}$/.test(s) ? s : 'x';
}
