/**
 * Test helpers for the voice menu: a scriptable caller (a SIP UA and an RTP endpoint on
 * 127.0.0.1, written against the wire, not against our code) and fake prompt audio. Used by the
 * voice tests and the `bench:ivr` benchmark.
 */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { randomInt } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { writeWavPcm16 } from '../media/wav.ts';
import { encodeG711, type G711Law } from '../media/g711.ts';
import { readRtp, telephoneEventPayload, writeRtp, type RtpPacket } from '../media/rtp.ts';
import type { SipMessage, SipRequest } from '../sip/message.ts';
import { parseSipMessage } from '../sip/parser.ts';
import type { PromptAudio } from './voice-port.ts';

/** Prompt audio made up for tests: each part a different tone, `frames` × 20 ms long (a part's length is not a frame multiple). */
export function fakePrompts(ms = 130): PromptAudio & { pcm(id: string): Int16Array } {
  const cache = new Map<string, Int16Array>();
  const pcm = (id: string): Int16Array => {
    let have = cache.get(id);
    if (!have) {
      let h = 7;
      for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
      const freq = 300 + (h % 2000);
      have = new Int16Array((ms * 8) | 0);
      for (let i = 0; i < have.length; i++)
        have[i] = Math.round(8000 * Math.sin((2 * Math.PI * freq * i) / 8000));
      cache.set(id, have);
    }
    return have;
  };
  const encoded = new Map<string, Uint8Array>();
  const g711 = (id: string, law: G711Law): Uint8Array => {
    const key = `${law}:${id}`;
    let have = encoded.get(key);
    if (!have) encoded.set(key, (have = encodeG711(law, pcm(id))));
    return have;
  };
  return { pcm, g711 };
}

export interface CallerOptions {
  server: { host: string; port: number };
  /** Codecs offered, in order: 'PCMA' (8), 'PCMU' (0), 'G729' (18). Default PCMA, PCMU. */
  codecs?: ('PCMA' | 'PCMU' | 'G729')[];
  /** Offer telephone-event/8000 as 101 (default true). */
  telephoneEvent?: boolean;
  callingNumber?: string;
  network?: 'fixed' | 'mobile' | 'ip';
  extraHeaders?: string;
  /** No SDP in the INVITE (the offer comes in the 200). */
  noOffer?: boolean;
  /** Send RTP audio (silence) every 20 ms while the call is up (default false). */
  sendAudio?: boolean;
  /** The 160-byte PCMA frame sent as audio (default silence). */
  audioFrame?: Uint8Array;
}

const PT: Record<string, number> = { PCMA: 8, PCMU: 0, G729: 18 };

/** A caller: one SIP socket and one RTP socket on 127.0.0.1. */
export class TestCaller {
  readonly callId = `${randomInt(1e9)}-${randomInt(1e9)}@test`;
  readonly fromTag = `t${randomInt(1e9)}`;
  private cseq = 1;
  private inbox: SipMessage[] = [];
  private waiters: (() => void)[] = [];
  /** RTP packets received (audio and other), in order of arrival. */
  readonly rtp: (RtpPacket & { at: number })[] = [];
  private rtpWaiters: (() => void)[] = [];
  toTag: string | undefined;
  remoteRtp: { address: string; port: number } | undefined;
  private seq = randomInt(0xffff);
  private ts = randomInt(0xffffffff);
  private readonly ssrc = randomInt(0xffffffff);
  private audioTimer: NodeJS.Timeout | undefined;
  invite: string | undefined;
  inviteBranch = `z9hG4bK${randomInt(1e12)}`;
  remoteContact: string | undefined;

  private constructor(
    readonly sip: dgram.Socket,
    readonly media: dgram.Socket,
    readonly o: CallerOptions,
  ) {
    sip.on('message', (buf) => {
      const r = parseSipMessage(buf, { maxMessageBytes: 65535, datagram: true });
      if (!r.ok) return;
      this.inbox.push(r.message);
      for (const w of this.waiters.splice(0)) w();
    });
    media.on('message', (buf) => {
      const p = readRtp(buf);
      if (!p) return;
      this.rtp.push({ ...p, payload: Buffer.from(p.payload), at: performance.now() });
      for (const w of this.rtpWaiters.splice(0)) w();
    });
  }

  static async open(o: CallerOptions): Promise<TestCaller> {
    const bind = (): Promise<dgram.Socket> =>
      new Promise((resolve) => {
        const s = dgram.createSocket('udp4');
        s.bind(0, '127.0.0.1', () => resolve(s));
      });
    return new TestCaller(await bind(), await bind(), o);
  }

  get sipPort(): number {
    return this.sip.address().port;
  }

  get rtpPort(): number {
    return this.media.address().port;
  }

  private send(text: string): void {
    this.sip.send(text, this.o.server.port, this.o.server.host);
  }

  offer(codecs = this.o.codecs ?? ['PCMA', 'PCMU'], port = this.rtpPort, direction = 'sendrecv'): string {
    const te = this.o.telephoneEvent ?? true;
    const pts = codecs.map((c) => PT[c]!);
    let s = `v=0\r\no=test 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n`;
    s += `m=audio ${port} RTP/AVP ${pts.join(' ')}${te ? ' 101' : ''}\r\n`;
    for (const c of codecs) s += `a=rtpmap:${PT[c]} ${c}/8000\r\n`;
    if (te) s += 'a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n';
    return `${s}a=ptime:20\r\na=${direction}\r\n`;
  }

  private headers(method: string, cseq: number, branch: string, withToTag: boolean): string {
    const n = this.o.callingNumber ?? '22222222';
    return (
      `Via: SIP/2.0/UDP 127.0.0.1:${this.sipPort};branch=${branch};rport\r\n` +
      `From: <sip:${n}@127.0.0.1:${this.sipPort}>;tag=${this.fromTag}\r\n` +
      `To: <sip:116117@127.0.0.1:${this.o.server.port}>${withToTag && this.toTag ? `;tag=${this.toTag}` : ''}\r\n` +
      `Call-ID: ${this.callId}\r\nCSeq: ${cseq} ${method}\r\nMax-Forwards: 70\r\n` +
      `Contact: <sip:${n}@127.0.0.1:${this.sipPort}>\r\n`
    );
  }

  /** Sends the INVITE (with our offer unless `noOffer`). */
  call(extraHeaders = this.o.extraHeaders ?? ''): void {
    const body = this.o.noOffer ? '' : this.offer();
    const net = this.o.network ? `X-Nodmeld-Network: ${this.o.network}\r\n` : '';
    this.invite =
      `INVITE sip:116117@127.0.0.1:${this.o.server.port} SIP/2.0\r\n` +
      this.headers('INVITE', this.cseq, this.inviteBranch, false) +
      net +
      extraHeaders +
      (body ? 'Content-Type: application/sdp\r\n' : '') +
      `Content-Length: ${body.length}\r\n\r\n${body}`;
    this.send(this.invite);
  }

  /** Sends a request in the dialog (BYE, INFO, re-INVITE, UPDATE); returns its CSeq. */
  request(method: string, extra = '', body?: { type: string; text: string }): number {
    const cseq = ++this.cseq;
    const b = body
      ? `Content-Type: ${body.type}\r\nContent-Length: ${body.text.length}\r\n\r\n${body.text}`
      : 'Content-Length: 0\r\n\r\n';
    this.send(
      `${method} ${this.remoteContact ?? `sip:116117@127.0.0.1:${this.o.server.port}`} SIP/2.0\r\n` +
        this.headers(method, cseq, `z9hG4bK${randomInt(1e12)}`, true) +
        extra +
        b,
    );
    return cseq;
  }

  cancel(): void {
    this.send(
      `CANCEL sip:116117@127.0.0.1:${this.o.server.port} SIP/2.0\r\n` +
        this.headers('CANCEL', 1, this.inviteBranch, false).replace('CSeq: 1 CANCEL', 'CSeq: 1 CANCEL') +
        'Content-Length: 0\r\n\r\n',
    );
  }

  /** ACK for the 200 to the INVITE with `cseq` (a new transaction) or for a non-2xx (same branch). */
  ack(cseq = 1, body?: string, forErrorResponse = false): void {
    const branch = forErrorResponse ? this.inviteBranch : `z9hG4bK${randomInt(1e12)}`;
    this.send(
      `ACK ${this.remoteContact ?? `sip:116117@127.0.0.1:${this.o.server.port}`} SIP/2.0\r\n` +
        this.headers('ACK', cseq, branch, true) +
        (body
          ? `Content-Type: application/sdp\r\nContent-Length: ${body.length}\r\n\r\n${body}`
          : 'Content-Length: 0\r\n\r\n'),
    );
  }

  /** Answers a request the server sent us. */
  answer(req: SipRequest, status: number, reason = 'OK', extra = ''): void {
    const vias = req.via.map((v) => `Via: ${v.raw}\r\n`).join('');
    this.send(
      `SIP/2.0 ${status} ${reason}\r\n${vias}From: ${req.from}\r\nTo: ${req.to}\r\nCall-ID: ${req.callId}\r\n` +
        `CSeq: ${req.cseq} ${req.cseqMethod}\r\n${extra}Content-Length: 0\r\n\r\n`,
    );
  }

  /** NOTIFY of a REFER's progress with a sipfrag status line. */
  notify(status: string, state = 'terminated;reason=noresource'): void {
    this.request('NOTIFY', `Event: refer\r\nSubscription-State: ${state}\r\n`, {
      type: 'message/sipfrag;version=2.0',
      text: `SIP/2.0 ${status}\r\n`,
    });
  }

  /** The next message matching `pred` (kept messages included), within `ms`. */
  async next<T extends SipMessage>(pred: (m: SipMessage) => m is T, ms?: number): Promise<T>;
  async next(pred: (m: SipMessage) => boolean, ms?: number): Promise<SipMessage>;
  async next(pred: (m: SipMessage) => boolean, ms = 5000): Promise<SipMessage> {
    const deadline = performance.now() + ms;
    for (;;) {
      const i = this.inbox.findIndex(pred);
      if (i >= 0) return this.inbox.splice(i, 1)[0]!;
      const left = deadline - performance.now();
      if (left <= 0)
        throw new Error(
          `no matching SIP message within ${ms} ms; have: ${this.inbox.map(describe).join(', ')}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits for a response to our `method` with `status`; takes the dialog's tag, contact and media from a 2xx to the INVITE. */
  async response(status: number, method = 'INVITE', ms = 5000): Promise<SipMessage & { type: 'response' }> {
    const r = (await this.next(
      (m) => m.type === 'response' && m.status === status && m.cseqMethod === method,
      ms,
    )) as SipMessage & {
      type: 'response';
    };
    if (method === 'INVITE' && status >= 180 && r.toTag) this.toTag = r.toTag;
    if (method === 'INVITE' && status === 200) {
      const contact = r.headers.find((h) => h.name === 'contact')?.value;
      const m = /<([^>]+)>/.exec(contact ?? '');
      if (m) this.remoteContact = m[1];
      const body = r.body.toString('latin1');
      const port = /m=audio (\d+)/.exec(body)?.[1];
      const addr = /c=IN IP4 (\S+)/.exec(body)?.[1];
      if (port && addr) this.remoteRtp = { address: addr, port: Number(port) };
      if (this.o.sendAudio) this.startAudio();
    }
    return r;
  }

  /** Waits for a request from the server. */
  async request_(method: string, ms = 5000): Promise<SipRequest> {
    return (await this.next((m) => m.type === 'request' && m.method === method, ms)) as SipRequest;
  }

  /** Payload type of the answered codec. */
  get answeredPt(): number | undefined {
    return this.rtp.find((p) => p.payloadType === 8 || p.payloadType === 0)?.payloadType;
  }

  /** Waits until `n` RTP packets have arrived. */
  async rtpPackets(n: number, ms = 5000): Promise<void> {
    const deadline = performance.now() + ms;
    while (this.rtp.length < n) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`${this.rtp.length} of ${n} RTP packets within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.rtpWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The audio of the talkspurt (marker bit to the next marker) starting at the `k`-th marker packet. */
  talkspurt(k: number): Buffer {
    const starts = this.rtp.map((p, i) => (p.marker ? i : -1)).filter((i) => i >= 0);
    const from = starts[k];
    if (from === undefined) return Buffer.alloc(0);
    const to = starts[k + 1] ?? this.rtp.length;
    return Buffer.concat(this.rtp.slice(from, to).map((p) => p.payload));
  }

  private rtpSend(pt: number, marker: boolean, ts: number, payload: Uint8Array): void {
    if (!this.remoteRtp) return;
    const buf = Buffer.alloc(12 + payload.length);
    writeRtp(buf, { payloadType: pt, marker, sequence: this.seq, timestamp: ts, ssrc: this.ssrc }, payload);
    this.seq = (this.seq + 1) & 0xffff;
    this.media.send(buf, this.remoteRtp.port, this.remoteRtp.address);
  }

  /** One key as RFC 4733 events: a start packet, two updates, three end packets (same timestamp). */
  async dtmf(key: string): Promise<void> {
    const event = '0123456789*#'.indexOf(key);
    const ts = (this.ts += 1600);
    for (let i = 0; i < 3; i++) {
      this.rtpSend(101, i === 0, ts, telephoneEventPayload(event, false, 160 * (i + 1)));
      await sleep(20);
    }
    for (let i = 0; i < 3; i++) this.rtpSend(101, false, ts, telephoneEventPayload(event, true, 640));
    await sleep(20);
  }

  async keys(keys: string): Promise<void> {
    for (const k of keys) await this.dtmf(k);
  }

  startAudio(): void {
    if (this.audioTimer) return;
    const frame = this.o.audioFrame ?? new Uint8Array(160).fill(0xd5);
    this.audioTimer = setInterval(() => this.rtpSend(8, false, (this.ts += 160), frame), 20);
  }

  close(): void {
    clearInterval(this.audioTimer);
    this.sip.close();
    this.media.close();
  }
}

function describe(m: SipMessage): string {
  return m.type === 'response' ? `${m.status} ${m.cseqMethod}` : m.method;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * baresip (Debian) as a real SIP user agent: a config folder with g711, aufile (it sends a silent
 * WAV as its microphone), sndfile (it writes what it hears, decoded, to `dump-…-dec.wav`) and
 * ctrl_tcp (commands as JSON netstrings: dial, sndcode, hangup).
 */
export async function startBaresip(dir: string): Promise<{
  command(command: string, params?: string): void;
  events: string[];
  heardFile(): string | undefined;
  close(): Promise<void>;
}> {
  const free = async (): Promise<number> => {
    const s = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
    const p = s.address().port;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    return p;
  };
  const sipPort = await free();
  const ctlPort = await free();
  writeFileSync(join(dir, 'in.wav'), writeWavPcm16(new Int16Array(8000 * 60), 8000));
  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${sipPort}`,
      'audio_player aubridge,nodmeld',
      `audio_source aufile,${join(dir, 'in.wav')}`,
      'audio_alert aubridge,nodmeld',
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aubridge.so',
      'module aufile.so',
      'module sndfile.so',
      'module_app account.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      `ctrl_tcp_listen 127.0.0.1:${ctlPort}`,
      `snd_path ${dir}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'accounts'), '<sip:22222222@127.0.0.1>;regint=0;audio_codecs=PCMA\n');
  const child = spawn('baresip', ['-f', dir], { stdio: ['ignore', 'ignore', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (e) =>
      reject(new Error(`baresip could not start (apt-get install baresip): ${e.message}`)),
    ),
  );
  let sock: net.Socket | undefined;
  for (let i = 0; i < 50 && !sock; i++) {
    await Promise.race([sleep(100), failed]);
    sock = await new Promise<net.Socket | undefined>((resolve) => {
      const s = net.connect(ctlPort, '127.0.0.1');
      s.once('connect', () => resolve(s));
      s.once('error', () => resolve(undefined));
    });
  }
  if (!sock) throw new Error('baresip did not open its control port');
  const events: string[] = [];
  sock.on('data', (d: Buffer) => events.push(d.toString()));
  const conn = sock;
  return {
    events,
    command(command, params = '') {
      const j = JSON.stringify({ command, params, token: command });
      conn.write(`${Buffer.byteLength(j)}:${j},`);
    },
    heardFile() {
      const f = readdirSync(dir).find((n) => n.endsWith('-dec.wav'));
      return f ? join(dir, f) : undefined;
    },
    close() {
      conn.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill();
      return exited;
    },
  };
}
