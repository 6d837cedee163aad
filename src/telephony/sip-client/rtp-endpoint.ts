/**
 * The caller's media for the SIP user agent (`audio-call.ts`): one RTP socket that keeps every
 * packet it receives (the prompts as they arrive), sends audio every 20 ms while asked to, and
 * sends keys as RFC 4733 telephone-events (a start packet, two updates, the end packet three
 * times, one timestamp per key). It does not play or decode: what it heard is compared with the
 * prompt files by whoever placed the call (the voice tests, `bench:ivr`).
 */
import dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import { FRAME_BYTES, PTIME_MS } from '../media/rtp-session.ts';
import { readRtp, telephoneEventPayload, writeRtp, type RtpPacket } from '../media/rtp.ts';
import { buildOffer, negotiate, parseSdp, type G711Codec } from '../media/sdp.ts';

/** RFC 4733 event codes of the keys (0–9, *, #, A–D). */
const KEYS = '0123456789*#ABCD';
/** A-law silence. */
const SILENCE = 0xd5;

export interface RtpEndpointOptions {
  /** Address to bind and offer (default 127.0.0.1). */
  host?: string;
  /** Codecs offered, in order (default PCMA, PCMU). */
  codecs?: readonly G711Codec[];
  /** Payload type of telephone-event/8000 offered (default 101); null: no events (keys go as SIP INFO). */
  telephoneEvent?: number | null;
}

/** A packet as received, with its arrival (performance.now, ms). */
export type ReceivedRtp = RtpPacket & { at: number };

export class RtpEndpoint {
  /** Every RTP packet received, in order of arrival. */
  readonly received: ReceivedRtp[] = [];
  /** Where our RTP goes: the answer's address and port (set by `answered`). */
  remote: { address: string; port: number } | undefined;
  /** The codec and its payload type the answer chose. */
  chosen: { codec: G711Codec; payloadType: number; telephoneEvent: number | undefined } | undefined;
  private readonly waiters: (() => void)[] = [];
  private seq = randomInt(0xffff);
  private ts = randomInt(0xffffffff);
  private readonly ssrc = randomInt(0xffffffff);
  private audioTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly host: string,
    private readonly o: RtpEndpointOptions,
  ) {
    socket.on('message', (buf) => {
      const p = readRtp(buf);
      if (!p) return;
      this.received.push({ ...p, payload: Buffer.from(p.payload), at: performance.now() });
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('error', () => {});
  }

  static async open(o: RtpEndpointOptions = {}): Promise<RtpEndpoint> {
    const host = o.host ?? '127.0.0.1';
    const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new RtpEndpoint(socket, host, o);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** Our SDP offer: this socket, the codecs and telephone-event as configured. */
  offer(codecs: readonly G711Codec[] = this.o.codecs ?? ['PCMA', 'PCMU']): string {
    const te = this.o.telephoneEvent === undefined ? 101 : (this.o.telephoneEvent ?? undefined);
    return buildOffer({
      address: this.host,
      port: this.port,
      sessionId: String(this.ssrc),
      version: 1,
      ptime: PTIME_MS,
      telephoneEvent: te,
      codecs,
    });
  }

  /** Takes the peer's SDP answer: where to send, and in which codec. False when it names no usable audio. */
  answered(sdp: string | Buffer): boolean {
    const parsed = parseSdp(sdp);
    const n = parsed.ok ? negotiate(parsed.sdp) : undefined;
    if (!n?.ok) return false;
    this.remote = { address: n.choice.remoteAddress, port: n.choice.remotePort };
    this.chosen = {
      codec: n.choice.codec,
      payloadType: n.choice.payloadType,
      telephoneEvent: n.choice.telephoneEvent,
    };
    return true;
  }

  /** Waits until `n` packets have arrived in all; rejects after `ms`. */
  async packets(n: number, ms = 5000): Promise<void> {
    await this.until(
      () => this.received.length >= n,
      ms,
      () => `${this.received.length} of ${n} RTP packets`,
    );
  }

  /** Waits until `pred` holds over what was received; rejects after `ms` naming `what`. */
  async until(pred: () => boolean, ms = 5000, what: () => string = () => 'RTP condition'): Promise<void> {
    const deadline = performance.now() + ms;
    while (!pred()) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${what()} not met within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The payload of the talkspurt that starts at the `k`-th marker packet (to the next marker). */
  talkspurt(k: number): Buffer {
    const starts: number[] = [];
    this.received.forEach((p, i) => p.marker && starts.push(i));
    const from = starts[k];
    if (from === undefined) return Buffer.alloc(0);
    const to = starts[k + 1] ?? this.received.length;
    return Buffer.concat(this.received.slice(from, to).map((p) => p.payload));
  }

  /** Sends `frame` (160 bytes of the chosen codec; default silence) every 20 ms until `stopAudio`. */
  startAudio(frame: Uint8Array = new Uint8Array(FRAME_BYTES).fill(SILENCE)): void {
    if (this.audioTimer) return;
    this.audioTimer = setInterval(() => {
      this.ts = (this.ts + FRAME_BYTES) >>> 0;
      this.send(this.chosen?.payloadType ?? 8, false, this.ts, frame);
    }, PTIME_MS);
  }

  stopAudio(): void {
    clearInterval(this.audioTimer);
    this.audioTimer = undefined;
  }

  /**
   * One key as RFC 4733 events (§2.5): a start packet with the marker bit, two updates 20 ms
   * apart, then the end packet three times — one timestamp for the whole key. Throws when the
   * answer took no telephone-events (send the key as SIP INFO then).
   */
  async key(key: string): Promise<void> {
    const event = KEYS.indexOf(key.toUpperCase());
    if (event < 0 || key.length !== 1) throw new Error(`not a DTMF key: ${key}`);
    const pt = this.chosen?.telephoneEvent;
    if (pt === undefined) throw new Error('the answer took no telephone-events');
    this.ts = (this.ts + 1600) >>> 0;
    const ts = this.ts;
    for (let i = 0; i < 3; i++) {
      this.send(pt, i === 0, ts, telephoneEventPayload(event, false, FRAME_BYTES * (i + 1)));
      await sleep(PTIME_MS);
    }
    for (let i = 0; i < 3; i++) this.send(pt, false, ts, telephoneEventPayload(event, true, 640));
    await sleep(PTIME_MS);
  }

  /** Several keys, one after the other. */
  async keys(keys: string): Promise<void> {
    for (const k of keys) await this.key(k);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stopAudio();
    for (const w of this.waiters.splice(0)) w();
    this.socket.close();
  }

  private send(pt: number, marker: boolean, ts: number, payload: Uint8Array): void {
    if (!this.remote || this.closed) return;
    const buf = Buffer.alloc(12 + payload.length);
    writeRtp(buf, { payloadType: pt, marker, sequence: this.seq, timestamp: ts, ssrc: this.ssrc }, payload);
    this.seq = (this.seq + 1) & 0xffff;
    this.socket.send(buf, this.remote.port, this.remote.address);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
