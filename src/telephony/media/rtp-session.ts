/**
 * The voice menu's media: one RTP session per call on a UDP port pair (RTP even, RTCP odd) from a
 * configured range, paced by one media clock for all calls.
 *
 * - Sending: every 20 ms (ptime 20) the clock gives each session its turn, and the session sends
 *   one 160-byte G.711 frame: the prompt being played, else silence, so the stream is continuous
 *   (sequence +1, timestamp +160 per packet, one random SSRC, the marker bit on the first packet
 *   and where a prompt starts). The clock is drift-corrected against `performance.now()`, and
 *   how late each tick ran is kept (`MediaClock.lateness`) for the benchmark.
 * - Receiving: packets from the address the SDP named or the caller's SIP address (others are
 *   dropped and counted); RFC 4733
 *   telephone-events become keys (`TelephoneEventDecoder`), audio packets feed the receive
 *   statistics of the RTCP report block; the time of the last packet is kept for the RTP timeout.
 * - RTCP: a compound SR (+ report block, SDES CNAME) every 5 s to the RTCP port (RTP port + 1).
 * - Bridging (the B2BUA hand-over, docs/voice.md): `bridge(a, b)` relays each side's RTP to the
 *   other as it arrives. The clock then sends no frames of its own; each leg keeps its own
 *   stream towards its peer (its SSRC, its sequence and timestamp space, re-stamped from the
 *   relayed packets with one offset per incoming source, RFC 3550 §5.1, §8.2), so the caller,
 *   who heard the prompts in our stream, hears the centre in the same stream without a jump,
 *   and each leg's RTCP reports stay true (packets and octets counted as sent).
 */
import dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import type { G711Codec } from './sdp.ts';
import {
  buildRtcpReport,
  readRtcp,
  readRtp,
  type RtpPacket,
  ReceiveStats,
  RTP_HEADER_BYTES,
  TelephoneEventDecoder,
  writeRtp,
} from './rtp.ts';

export const PTIME_MS = 20;
export const FRAME_BYTES = 160;
const RTCP_EVERY_TICKS = 250; // 5 s
/** Frames a late clock sends at once before it skips (200 ms). */
const MAX_CATCH_UP = 10;
/** An event whose end packets never came is given this long after its last packet. */
const EVENT_FLUSH_MS = 600;

export class RtpPortsExhausted extends Error {
  override name = 'RtpPortsExhausted';
}

/** The port pairs of the configured range, handed out and taken back. */
export class RtpPortPool {
  private readonly inUse = new Set<number>();
  private cursor: number;

  constructor(
    readonly host: string,
    readonly min: number,
    readonly max: number,
  ) {
    if (min % 2 !== 0) this.min = min + 1;
    this.cursor = this.min;
  }

  get used(): number {
    return this.inUse.size;
  }

  /** Binds an even RTP port and the RTCP port above it; throws RtpPortsExhausted when none is free. */
  async open(): Promise<{ port: number; rtp: dgram.Socket; rtcp: dgram.Socket }> {
    const pairs = Math.floor((this.max - this.min + 1) / 2);
    for (let i = 0; i < pairs; i++) {
      const port = this.cursor;
      this.cursor = this.cursor + 2 > this.max - 1 ? this.min : this.cursor + 2;
      if (this.inUse.has(port)) continue;
      this.inUse.add(port);
      const rtp = await bind(this.host, port);
      if (!rtp) {
        this.inUse.delete(port);
        continue;
      }
      const rtcp = await bind(this.host, port + 1);
      if (!rtcp) {
        rtp.close();
        this.inUse.delete(port);
        continue;
      }
      return { port, rtp, rtcp };
    }
    throw new RtpPortsExhausted(`no free RTP port pair in ${this.min}-${this.max}`);
  }

  release(port: number): void {
    this.inUse.delete(port);
  }
}

function bind(host: string, port: number): Promise<dgram.Socket | null> {
  return new Promise((resolve) => {
    const s = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
    const onError = (): void => {
      s.close();
      resolve(null);
    };
    s.once('error', onError);
    s.bind(port, host, () => {
      s.off('error', onError);
      resolve(s);
    });
  });
}

/** Something the media clock gives a turn every 20 ms. */
interface Ticking {
  tick(tick: number, nowMs: number): void;
}

/**
 * One 20 ms clock for every call's sending. Runs only while a session is registered. `lateness`
 * keeps how late each tick ran (ms, the last 65,536 ticks) — the send-time jitter of our RTP.
 */
export class MediaClock {
  private readonly sessions = new Set<Ticking>();
  private timer: NodeJS.Timeout | undefined;
  private start = 0;
  private n = 0;
  readonly lateness = new Float64Array(65_536);
  latenessCount = 0;
  onError: (err: unknown) => void = () => {};

  add(s: Ticking): void {
    this.sessions.add(s);
    if (!this.timer) {
      this.start = performance.now();
      this.n = 0;
      this.schedule();
    }
  }

  remove(s: Ticking): void {
    this.sessions.delete(s);
    if (this.sessions.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  get size(): number {
    return this.sessions.size;
  }

  resetLateness(): void {
    this.latenessCount = 0;
  }

  private schedule(): void {
    this.n++;
    const due = this.start + this.n * PTIME_MS;
    this.timer = setTimeout(this.run, Math.max(0, due - performance.now()));
  }

  private readonly run = (): void => {
    const now = performance.now();
    // A late timer (a busy event loop) sends the frames it owes at once, up to MAX_CATCH_UP: the
    // stream stays whole (timestamps and audio in step) and the caller's jitter buffer absorbs
    // the burst. Beyond that the ticks are skipped: the timestamps jump, the audio goes on.
    let due = this.start + this.n * PTIME_MS;
    const behind = Math.floor((now - due) / PTIME_MS);
    if (behind > MAX_CATCH_UP) {
      this.n += behind - MAX_CATCH_UP;
      due = this.start + this.n * PTIME_MS;
    }
    for (;;) {
      this.lateness[this.latenessCount++ & 0xffff] = now - due;
      for (const s of this.sessions) {
        try {
          s.tick(this.n, now);
        } catch (err) {
          this.onError(err);
        }
      }
      if (this.start + (this.n + 1) * PTIME_MS > now) break;
      this.n++;
      due += PTIME_MS;
    }
    if (this.sessions.size > 0) this.schedule();
    else this.timer = undefined;
  };
}

export interface RtpSessionOptions {
  port: number;
  rtp: dgram.Socket;
  rtcp: dgram.Socket;
  remoteAddress: string;
  remotePort: number;
  /** Also accepted as the source of RTP: the caller's SIP address (a UA on a host with several addresses sends from another than its SDP names). */
  signallingAddress?: string;
  codec: G711Codec;
  payloadType: number;
  telephoneEvent: number | undefined;
  clock: MediaClock;
  /** A key from RFC 4733 telephone-events. */
  onKey: (key: string) => void;
  cname: string;
  /** Called once when the sockets are closed. */
  onClose?: () => void;
}

export class RtpSession implements Ticking {
  readonly ssrc = randomInt(0, 0xffffffff);
  private seq = randomInt(0, 0xffff);
  private readonly tsBase = randomInt(0, 0xffffffff);
  private firstTick = -1;
  private parts: readonly Uint8Array[] = [];
  private part = 0;
  private offset = 0;
  private marker = true;
  private onPlayed: (() => void) | undefined;
  private readonly silence: Uint8Array;
  private readonly decoder: TelephoneEventDecoder;
  private lastEventAtMs = 0;
  readonly received = new ReceiveStats();
  private closed = false;
  /** performance.now() of the last RTP packet received (or of the start). */
  lastRtpAtMs = performance.now();
  sentPackets = 0;
  sentOctets = 0;
  receivedPackets = 0;
  droppedPackets = 0;
  rtcpReceived = 0;
  private lastTimestamp = 0;
  remoteAddress: string;
  remotePort: number;
  payloadType: number;
  telephoneEvent: number | undefined;
  /** Sending is paused (the caller put us on hold: a=sendonly/inactive in a re-INVITE). */
  muted = false;
  /** Bridged: RTP from our peer goes to this session (and the clock sends nothing of ours). */
  private peer: RtpSession | undefined;
  /** The incoming source being relayed out of this session, and its offsets into our stream. */
  private relaySource = -1;
  private seqOffset = 0;
  private tsOffset = 0;
  relayedPackets = 0;

  constructor(private readonly o: RtpSessionOptions) {
    this.remoteAddress = o.remoteAddress;
    this.remotePort = o.remotePort;
    this.payloadType = o.payloadType;
    this.telephoneEvent = o.telephoneEvent;
    this.silence = new Uint8Array(FRAME_BYTES).fill(o.codec === 'PCMA' ? 0xd5 : 0xff);
    this.decoder = new TelephoneEventDecoder(o.onKey);
    o.rtp.on('message', this.onRtp);
    o.rtcp.on('message', this.onRtcp);
    o.rtp.on('error', () => {});
    o.rtcp.on('error', () => {});
    o.clock.add(this);
  }

  get port(): number {
    return this.o.port;
  }

  get playing(): boolean {
    return this.part < this.parts.length;
  }

  /**
   * Plays `audio` (G.711 bytes in the call's codec; several parts are played one after the other
   * without being copied together) from the next tick; `done` when all of it has gone out.
   */
  play(audio: Uint8Array | readonly Uint8Array[], done: () => void): void {
    this.parts = Array.isArray(audio) ? audio.filter((p) => p.length > 0) : [audio as Uint8Array];
    this.part = 0;
    this.offset = 0;
    this.marker = true;
    this.onPlayed = this.parts.length > 0 ? done : undefined;
    if (this.parts.length === 0) queueMicrotask(done);
  }

  /** Stops the prompt (a key was pressed: barge-in); its `done` is not called. */
  stopPlaying(): void {
    this.parts = [];
    this.part = 0;
    this.onPlayed = undefined;
  }

  /** The next 160 bytes of the prompt (a view when they lie in one part), padded with silence at its end. */
  private nextFrame(): Uint8Array {
    const cur = this.parts[this.part]!;
    if (this.offset + FRAME_BYTES <= cur.length) {
      const f = cur.subarray(this.offset, this.offset + FRAME_BYTES);
      this.offset += FRAME_BYTES;
      if (this.offset === cur.length) {
        this.part++;
        this.offset = 0;
      }
      return f;
    }
    const frame = new Uint8Array(FRAME_BYTES).fill(this.silence[0]!);
    let filled = 0;
    while (filled < FRAME_BYTES && this.part < this.parts.length) {
      const p = this.parts[this.part]!;
      const n = Math.min(FRAME_BYTES - filled, p.length - this.offset);
      frame.set(p.subarray(this.offset, this.offset + n), filled);
      filled += n;
      this.offset += n;
      if (this.offset >= p.length) {
        this.part++;
        this.offset = 0;
      }
    }
    return frame;
  }

  tick(tick: number, nowMs: number): void {
    if (this.closed) return;
    if (this.firstTick < 0) this.firstTick = tick;
    const timestamp = (this.tsBase + (tick - this.firstTick) * FRAME_BYTES) >>> 0;
    let frame = this.silence;
    let finished: (() => void) | undefined;
    if (this.part < this.parts.length) {
      frame = this.nextFrame();
      if (this.part >= this.parts.length) {
        finished = this.onPlayed;
        this.onPlayed = undefined;
        this.parts = [];
        this.part = 0;
      }
    }
    if (this.peer) {
      // Bridged: what we send is what the other leg relays.
    } else if (!this.muted && this.remotePort !== 0) {
      const buf = Buffer.allocUnsafe(RTP_HEADER_BYTES + FRAME_BYTES);
      writeRtp(
        buf,
        {
          payloadType: this.payloadType,
          marker: this.marker,
          sequence: this.seq,
          timestamp,
          ssrc: this.ssrc,
        },
        frame,
      );
      this.marker = false;
      this.seq = (this.seq + 1) & 0xffff;
      this.o.rtp.send(buf, this.remotePort, this.remoteAddress);
      this.sentPackets++;
      this.sentOctets += FRAME_BYTES;
    }
    if (!this.peer) this.lastTimestamp = timestamp;
    if (this.lastEventAtMs && nowMs - this.lastEventAtMs > EVENT_FLUSH_MS) {
      this.lastEventAtMs = 0;
      this.decoder.flush();
    }
    if ((tick - this.firstTick) % RTCP_EVERY_TICKS === RTCP_EVERY_TICKS - 1) this.sendRtcp(nowMs);
    finished?.();
  }

  private sendRtcp(nowMs: number): void {
    if (this.remotePort === 0) return;
    const report = buildRtcpReport({
      ssrc: this.ssrc,
      cname: this.o.cname,
      wallMs: Date.now(),
      rtpTimestamp: this.lastTimestamp,
      packets: this.sentPackets,
      octets: this.sentOctets,
      sent: this.sentPackets > 0,
      received: this.received,
      nowMs,
    });
    this.o.rtcp.send(report, this.remotePort + 1, this.remoteAddress);
  }

  private readonly onRtp = (msg: Buffer, rinfo: dgram.RemoteInfo): void => {
    if (rinfo.address !== this.remoteAddress && rinfo.address !== this.o.signallingAddress) {
      this.droppedPackets++;
      return;
    }
    const p = readRtp(msg);
    if (!p) {
      this.droppedPackets++;
      return;
    }
    const now = performance.now();
    this.lastRtpAtMs = now;
    this.receivedPackets++;
    if (p.payloadType === this.telephoneEvent) {
      this.lastEventAtMs = now;
      this.decoder.take(p.timestamp, p.payload);
      const peer = this.peer;
      if (peer?.telephoneEvent !== undefined) peer.relay(p, peer.telephoneEvent);
    } else if (p.payloadType === this.payloadType) {
      this.received.take(p.ssrc, p.sequence, p.timestamp, Math.round(now * 8));
      this.peer?.relay(p, this.peer.payloadType);
    }
  };

  /**
   * Sends a packet relayed from the other leg in our stream: our SSRC, and its sequence number
   * and timestamp moved by offsets fixed when its source starts (a new SSRC from the other side
   * continues our stream right after what we last sent, with the marker bit). Gaps, reordering
   * and timing of the relayed stream are kept as they came; the payload is not touched (both
   * legs have one codec: the bridge does not transcode).
   */
  relay(p: RtpPacket, payloadType: number): void {
    if (this.closed || this.muted || this.remotePort === 0) return;
    let marker = p.marker;
    if (p.ssrc !== this.relaySource) {
      this.relaySource = p.ssrc;
      const nextTs = this.sentPackets > 0 ? (this.lastTimestamp + FRAME_BYTES) >>> 0 : this.tsBase;
      this.seqOffset = (this.seq - p.sequence) & 0xffff;
      this.tsOffset = (nextTs - p.timestamp) >>> 0;
      marker = true;
    }
    const sequence = (p.sequence + this.seqOffset) & 0xffff;
    const timestamp = (p.timestamp + this.tsOffset) >>> 0;
    const buf = Buffer.allocUnsafe(RTP_HEADER_BYTES + p.payload.length);
    writeRtp(buf, { payloadType, marker, sequence, timestamp, ssrc: this.ssrc }, p.payload);
    this.o.rtp.send(buf, this.remotePort, this.remoteAddress);
    // Later packets (a new source, or our own frames after an unbridge) follow the newest sent.
    if (((sequence - this.seq) & 0xffff) < 0x8000) this.seq = (sequence + 1) & 0xffff;
    if (((timestamp - this.lastTimestamp) | 0) > 0 || this.sentPackets === 0) this.lastTimestamp = timestamp;
    this.sentPackets++;
    this.sentOctets += p.payload.length;
    this.relayedPackets++;
  }

  /**
   * Bridges this leg with another (a B2BUA, docs/voice.md): each relays the other's RTP into its
   * own stream; no prompt plays any more and the clock sends nothing of theirs. Both must have
   * one codec; the telephone-event type is mapped (dropped when one side has none). The bridge
   * ends when either closes.
   */
  bridgeWith(other: RtpSession): void {
    if (this.closed || other.closed || other === this) return;
    this.stopPlaying();
    other.stopPlaying();
    this.peer = other;
    other.peer = this;
  }

  /** Whether this session is bridged to another. */
  get bridged(): boolean {
    return this.peer !== undefined;
  }

  private readonly onRtcp = (msg: Buffer, rinfo: dgram.RemoteInfo): void => {
    if (rinfo.address !== this.remoteAddress && rinfo.address !== this.o.signallingAddress) return;
    const reports = readRtcp(msg);
    if (!reports) return;
    this.rtcpReceived++;
    for (const r of reports) {
      if (r.type === 'SR' && r.ssrc === this.received.ssrc && r.ntpMiddle !== undefined) {
        this.received.lastSr = r.ntpMiddle;
        this.received.lastSrAtMs = performance.now();
      }
    }
  };

  /** Stops sending and closes both sockets (idempotent); a bridge to it ends. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.peer) {
      this.peer.peer = undefined;
      this.peer = undefined;
    }
    this.o.clock.remove(this);
    this.parts = [];
    this.onPlayed = undefined;
    this.o.rtp.off('message', this.onRtp);
    this.o.rtcp.off('message', this.onRtcp);
    this.o.rtp.close();
    this.o.rtcp.close();
    this.o.onClose?.();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
