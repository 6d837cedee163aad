/**
 * RTP (RFC 3550) packets, RFC 4733 telephone-events and RTCP sender/receiver reports for the
 * voice menu. Pure: packets are built into and read from Buffers; nothing here touches a socket.
 * Reading never throws: a packet that is not RTP version 2 of a sane length is `null`.
 */

export const RTP_HEADER_BYTES = 12;

export interface RtpHeader {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
}

export interface RtpPacket extends RtpHeader {
  payload: Buffer;
}

/** Writes a 12-byte RTP header and the payload into `out` (which must be large enough); returns the length. */
export function writeRtp(out: Buffer, h: RtpHeader, payload: Uint8Array): number {
  out[0] = 0x80;
  out[1] = (h.marker ? 0x80 : 0) | (h.payloadType & 0x7f);
  out.writeUInt16BE(h.sequence & 0xffff, 2);
  out.writeUInt32BE(h.timestamp >>> 0, 4);
  out.writeUInt32BE(h.ssrc >>> 0, 8);
  out.set(payload, RTP_HEADER_BYTES);
  return RTP_HEADER_BYTES + payload.length;
}

/** Reads an RTP packet (CSRCs, header extension and padding skipped), or null. */
export function readRtp(buf: Buffer): RtpPacket | null {
  if (buf.length < RTP_HEADER_BYTES || buf[0]! >> 6 !== 2) return null;
  const b1 = buf[1]!;
  const pt = b1 & 0x7f;
  // RTCP shares the port when rtcp-mux is used: 72–76 in the payload type field with the marker.
  if (pt >= 72 && pt <= 76) return null;
  let offset = RTP_HEADER_BYTES + (buf[0]! & 0x0f) * 4;
  if (buf[0]! & 0x10) {
    if (buf.length < offset + 4) return null;
    offset += 4 + buf.readUInt16BE(offset + 2) * 4;
  }
  let end = buf.length;
  if (buf[0]! & 0x20) {
    const pad = buf[buf.length - 1]!;
    if (pad === 0) return null;
    end -= pad;
  }
  if (end < offset) return null;
  return {
    payloadType: pt,
    marker: (b1 & 0x80) !== 0,
    sequence: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    ssrc: buf.readUInt32BE(8),
    payload: buf.subarray(offset, end),
  };
}

/** RFC 4733 §3.2 event codes 0–15 as DTMF keys. */
const EVENT_KEYS = '0123456789*#ABCD';

/** One telephone-event payload (RFC 4733 §2.3), or null when it is not one. */
export function readTelephoneEvent(
  payload: Uint8Array,
): { event: number; end: boolean; volume: number; duration: number } | null {
  if (payload.length < 4) return null;
  return {
    event: payload[0]!,
    end: (payload[1]! & 0x80) !== 0,
    volume: payload[1]! & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  };
}

/** Builds a telephone-event payload (tests, the pcap generator). */
export function telephoneEventPayload(event: number, end: boolean, duration: number, volume = 10): Buffer {
  return Buffer.from([
    event & 0xff,
    (end ? 0x80 : 0) | (volume & 0x3f),
    (duration >> 8) & 0xff,
    duration & 0xff,
  ]);
}

/**
 * Turns RFC 4733 telephone-event packets into keys, each exactly once. An event is identified by
 * its RTP timestamp (the event's start, §2.5.1.2). A key is given when the first packet with the
 * end bit arrives; the end packet's retransmissions (the sender repeats it, usually three times)
 * and late start or update packets of an ended event are ignored. When an event's end packets
 * are all lost, the key is given when the next event begins or `flush` is called (the RTP
 * session calls it when no event packet has come for a while).
 */
export class TelephoneEventDecoder {
  /** Timestamps of the last events that were given (retransmitted end packets come after). */
  private readonly done: number[] = [];
  private open: { timestamp: number; event: number } | undefined;

  constructor(private readonly onKey: (key: string) => void) {}

  /** Takes the payload of one telephone-event packet with its RTP timestamp. */
  take(timestamp: number, payload: Uint8Array): void {
    const e = readTelephoneEvent(payload);
    if (!e || e.event >= EVENT_KEYS.length) return; // events above 15 (tones, line events): not keys
    if (this.done.includes(timestamp)) return;
    if (this.open && this.open.timestamp !== timestamp) this.finish(); // the previous one lost its end
    if (e.end) {
      this.open = undefined;
      this.given(timestamp, e.event);
    } else if (!this.open) {
      this.open = { timestamp, event: e.event };
    }
  }

  /** Gives an event that began but whose end never came. */
  flush(): void {
    if (this.open) this.finish();
  }

  private finish(): void {
    const o = this.open!;
    this.open = undefined;
    this.given(o.timestamp, o.event);
  }

  private given(timestamp: number, event: number): void {
    this.done.push(timestamp);
    if (this.done.length > 8) this.done.shift();
    this.onKey(EVENT_KEYS[event]!);
  }
}

/** The key of a SIP INFO body (application/dtmf-relay "Signal=5", or application/dtmf "5"), or null. */
export function keyOfInfo(contentType: string, body: string): string | null {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  let signal: string | undefined;
  if (type === 'application/dtmf-relay') {
    const m = /(?:^|\n)\s*signal\s*=\s*(\S+)/i.exec(body);
    signal = m?.[1];
  } else if (type === 'application/dtmf') {
    signal = body.trim();
  } else return null;
  if (signal === undefined) return null;
  if (signal.length === 1 && '0123456789*#ABCDabcd'.includes(signal)) return signal.toUpperCase();
  if (/^(1[0-5]|[0-9])$/.test(signal)) return EVENT_KEYS[Number(signal)]!;
  return null;
}

// ---------------------------------------------------------------------------------------------
// RTCP (RFC 3550 §6.4)

/** What we know of the stream we receive, for a report block (RFC 3550 §6.4.1, A.3, A.8). */
export class ReceiveStats {
  ssrc = 0;
  received = 0;
  private started = false;
  private baseSeq = 0;
  private maxSeq = 0;
  private cycles = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  /** Interarrival jitter in timestamp units (RFC 3550 A.8), scaled by 16 as in the RFC's code. */
  private jitter16 = 0;
  private lastTransit: number | undefined;
  /** Middle 32 bits of the last SR's NTP time, and when it arrived (ms). */
  lastSr = 0;
  lastSrAtMs = 0;

  /** Counts one packet; `arrivalTs` is the arrival time in the stream's timestamp units. */
  take(ssrc: number, seq: number, timestamp: number, arrivalTs: number): void {
    if (!this.started || ssrc !== this.ssrc) {
      this.started = true;
      this.ssrc = ssrc;
      this.baseSeq = seq;
      this.maxSeq = seq;
      this.cycles = 0;
      this.received = 0;
      this.expectedPrior = 0;
      this.receivedPrior = 0;
      this.lastTransit = undefined;
    }
    this.received++;
    const delta = (seq - this.maxSeq) & 0xffff;
    if (delta > 0 && delta < 0x8000) {
      if (seq < this.maxSeq) this.cycles += 0x10000;
      this.maxSeq = seq;
    }
    const transit = (arrivalTs - timestamp) | 0;
    if (this.lastTransit !== undefined) {
      const d = Math.abs((transit - this.lastTransit) | 0);
      this.jitter16 += d - ((this.jitter16 + 8) >> 4);
    }
    this.lastTransit = transit;
  }

  get jitter(): number {
    return this.jitter16 >> 4;
  }

  get extendedMax(): number {
    return this.cycles + this.maxSeq;
  }

  get lost(): number {
    if (!this.started) return 0;
    const expected = this.extendedMax - this.baseSeq + 1;
    return Math.max(0, expected - this.received);
  }

  /** A 24-byte report block; moves the "since the last report" counters on. */
  writeBlock(out: Buffer, offset: number, nowMs: number): void {
    const expected = this.extendedMax - this.baseSeq + 1;
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.received - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    const fraction =
      expectedInterval <= 0 || lostInterval <= 0
        ? 0
        : Math.min(255, Math.floor((lostInterval << 8) / expectedInterval));
    const lost = Math.min(0x7fffff, this.lost);
    out.writeUInt32BE(this.ssrc >>> 0, offset);
    out.writeUInt32BE(((fraction & 0xff) << 24) | lost, offset + 4);
    out.writeUInt32BE(this.extendedMax >>> 0, offset + 8);
    out.writeUInt32BE(this.jitter >>> 0, offset + 12);
    out.writeUInt32BE(this.lastSr >>> 0, offset + 16);
    const dlsr = this.lastSrAtMs ? Math.round(((nowMs - this.lastSrAtMs) * 65536) / 1000) : 0;
    out.writeUInt32BE(Math.min(0xffffffff, Math.max(0, dlsr)) >>> 0, offset + 20);
  }

  get hasStream(): boolean {
    return this.started;
  }
}

/** Seconds between 1900 and 1970 (NTP epoch). */
const NTP_OFFSET = 2_208_988_800;

/**
 * A compound RTCP packet (RFC 3550 §6.1): an SR when we have sent media (else an RR) with one
 * report block when a stream is received, then SDES with our CNAME.
 */
export function buildRtcpReport(o: {
  ssrc: number;
  cname: string;
  /** Wall clock ms (NTP timestamp of the SR). */
  wallMs: number;
  rtpTimestamp: number;
  packets: number;
  octets: number;
  sent: boolean;
  received: ReceiveStats | undefined;
  nowMs: number;
}): Buffer {
  const blocks = o.received?.hasStream ? 1 : 0;
  const reportLen = o.sent ? 28 + blocks * 24 : 8 + blocks * 24;
  const cname = Buffer.from(o.cname.slice(0, 255), 'latin1');
  const sdesChunk = 4 + 2 + cname.length + 1; // ssrc, type+len, text, end
  const sdesLen = 4 + Math.ceil(sdesChunk / 4) * 4;
  const out = Buffer.alloc(reportLen + sdesLen);
  out[0] = 0x80 | blocks;
  out[1] = o.sent ? 200 : 201;
  out.writeUInt16BE(reportLen / 4 - 1, 2);
  out.writeUInt32BE(o.ssrc >>> 0, 4);
  let off = 8;
  if (o.sent) {
    const seconds = Math.floor(o.wallMs / 1000) + NTP_OFFSET;
    const fraction = Math.floor(((o.wallMs % 1000) / 1000) * 0x100000000);
    out.writeUInt32BE(seconds >>> 0, 8);
    out.writeUInt32BE(fraction >>> 0, 12);
    out.writeUInt32BE(o.rtpTimestamp >>> 0, 16);
    out.writeUInt32BE(o.packets >>> 0, 20);
    out.writeUInt32BE(o.octets >>> 0, 24);
    off = 28;
  }
  if (blocks) o.received!.writeBlock(out, off, o.nowMs);
  const s = reportLen;
  out[s] = 0x81;
  out[s + 1] = 202;
  out.writeUInt16BE(sdesLen / 4 - 1, s + 2);
  out.writeUInt32BE(o.ssrc >>> 0, s + 4);
  out[s + 8] = 1; // CNAME
  out[s + 9] = cname.length;
  cname.copy(out, s + 10);
  return out;
}

export interface RtcpReport {
  type: 'SR' | 'RR';
  ssrc: number;
  /** SR only: middle 32 bits of the NTP timestamp (for the LSR of our next report block). */
  ntpMiddle?: number;
  packets?: number;
  blocks: { ssrc: number; fractionLost: number; cumulativeLost: number; jitter: number }[];
}

/** The SRs and RRs of a compound RTCP packet (other packet types skipped), or null when malformed. */
export function readRtcp(buf: Buffer): RtcpReport[] | null {
  const out: RtcpReport[] = [];
  let off = 0;
  while (off + 4 <= buf.length) {
    if (buf[off]! >> 6 !== 2) return null;
    const count = buf[off]! & 0x1f;
    const type = buf[off + 1]!;
    const len = (buf.readUInt16BE(off + 2) + 1) * 4;
    if (off + len > buf.length) return null;
    if (type === 200 || type === 201) {
      const headerLen = type === 200 ? 28 : 8;
      if (len < headerLen + count * 24) return null;
      const r: RtcpReport = { type: type === 200 ? 'SR' : 'RR', ssrc: buf.readUInt32BE(off + 4), blocks: [] };
      if (type === 200) {
        r.ntpMiddle = ((buf.readUInt32BE(off + 8) & 0xffff) << 16) | (buf.readUInt32BE(off + 12) >>> 16);
        r.packets = buf.readUInt32BE(off + 20);
      }
      for (let i = 0; i < count; i++) {
        const b = off + headerLen + i * 24;
        const word = buf.readUInt32BE(b + 4);
        r.blocks.push({
          ssrc: buf.readUInt32BE(b),
          fractionLost: word >>> 24,
          cumulativeLost: word & 0xffffff,
          jitter: buf.readUInt32BE(b + 12),
        });
      }
      out.push(r);
    }
    off += len;
  }
  return out.length > 0 ? out : null;
}
