/**
 * The voice menu's UAS dialog state machine (issue 13 part 1) without sockets: requests in, the
 * messages it sends out, a fake RTP session. Timers are real but short (T1 = 5 ms).
 */
import { describe, expect, it, vi } from 'vitest';
import { startMenu } from '../../routing/domain/menu.ts';
import { buildConnectDecision } from '../sip/testing.ts';
import { parseSipConfig } from '../sip/config.ts';
import type { SipMessage } from '../sip/message.ts';
import { SipMetrics } from '../sip/metrics.ts';
import { parseSipMessage } from '../sip/parser.ts';
import type { Inbound } from '../sip/redirect.ts';
import type { ResponseRoute } from '../sip/transactions.ts';
import { RtpPortsExhausted } from '../media/rtp-session.ts';
import { fakePrompts, sleep } from './testing.ts';
import { VoiceMenuHandler, type MediaLike, type MediaOpener } from './voice-handler.ts';
import { sessionTimerOf, sipfragStatus } from './dialog.ts';

const SDP =
  'v=0\r\no=t 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 7000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n';

function invite(extra = '', branch = 'z9hG4bK-1', body = SDP): string {
  return (
    `INVITE sip:116117@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch=${branch};rport\r\n` +
    'From: <sip:22222222@127.0.0.1:5062>;tag=abc\r\nTo: <sip:116117@127.0.0.1:5060>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n' +
    `Contact: <sip:22222222@127.0.0.1:5062>\r\nMax-Forwards: 70\r\n${extra}` +
    (body ? 'Content-Type: application/sdp\r\n' : '') +
    `Content-Length: ${body.length}\r\n\r\n${body}`
  );
}

function inDialog(method: string, toTag: string, cseq: number, extra = '', body = ''): string {
  return (
    `${method} sip:116117@127.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-${method}-${cseq};rport\r\n` +
    `From: <sip:22222222@127.0.0.1:5062>;tag=abc\r\nTo: <sip:116117@127.0.0.1:5060>;tag=${toTag}\r\nCall-ID: c1\r\nCSeq: ${cseq} ${method}\r\n` +
    `Max-Forwards: 70\r\n${extra}Content-Length: ${body.length}\r\n\r\n${body}`
  );
}

function setup(opts: { openMedia?: MediaOpener; sessionExpires?: boolean } = {}) {
  const sent: SipMessage[] = [];
  const route: ResponseRoute = {
    reliable: false,
    send: (m) => {
      const r = parseSipMessage(Buffer.from(m, 'latin1'), { maxMessageBytes: 65535, datagram: true });
      if (!r.ok) throw new Error(`we sent a malformed message: ${r.detail}\n${m}`);
      sent.push(r.message);
    },
  };
  const inbound: Inbound = {
    transport: 'udp',
    peer: { address: '127.0.0.1', port: 5062 },
    routeFor: () => route,
    replyToSource: route,
  };
  const media: (MediaLike & { closed: boolean })[] = [];
  const config = parseSipConfig({
    host: '127.0.0.1',
    port: 5060,
    mode: 'voice-menu',
    timers: { t1Ms: 5, t2Ms: 20, t4Ms: 25 },
    voice: { inputTimeoutMs: 10_000 },
  });
  const fallbackSeen: string[] = [];
  const logged: string[] = [];
  const h = new VoiceMenuHandler({
    config,
    port: {
      decide: () => ({ decision: buildConnectDecision() }),
      menuContext: () => {
        throw new Error('not used');
      },
      handedOver: () => {},
    },
    prompts: fakePrompts(),
    metrics: new SipMetrics({ transactions: () => 0, tcpConnections: () => 0 }),
    logger: { info() {}, warn() {}, error: (_o: object, msg?: string) => void logged.push(msg ?? '') },
    fallback: {
      handle: (buf) => void fallbackSeen.push(buf.toString('latin1').split(' ')[0]!),
      rejectMalformed: () => {},
    },
    sipPort: () => 5060,
    openMedia:
      opts.openMedia ??
      (async () => {
        const m = {
          port: 20000,
          lastRtpAtMs: performance.now(),
          remoteAddress: '127.0.0.1',
          remotePort: 7000,
          payloadType: 8,
          telephoneEvent: 101 as number | undefined,
          muted: false,
          closed: false,
          play() {},
          stopPlaying() {},
          close() {
            m.closed = true;
          },
        };
        media.push(m);
        return m;
      }),
  });
  const recv = (text: string): void => h.handle(Buffer.from(text, 'latin1'), inbound, true);
  const responses = (status: number, method = 'INVITE') =>
    sent.filter((m) => m.type === 'response' && m.status === status && m.cseqMethod === method);
  const requests = (method: string) => sent.filter((m) => m.type === 'request' && m.method === method);
  return { h, sent, recv, responses, requests, media, fallbackSeen, logged };
}

describe('The voice menu’s UAS dialog (issue 13 part 1: RFC 3261 §12-13, §9; RFC 4028)', () => {
  it('answers 100, 180, then 200 with SDP, and retransmits the 200 until the ACK', async () => {
    const t = setup();
    t.recv(invite());
    // Waits for what must happen (a loaded machine may take longer than the timers' few ms).
    await vi.waitFor(() => expect(t.responses(200).length).toBeGreaterThan(0));
    expect(t.sent.map((m) => (m.type === 'response' ? m.status : m.method)).slice(0, 3)).toEqual([
      100, 180, 200,
    ]);
    const ok = t.responses(200)[0]!;
    expect(ok.toTag).toBeDefined();
    expect(ok.body.toString('latin1')).toContain('m=audio 20000 RTP/AVP 8 101');
    await vi.waitFor(() => expect(t.responses(200).length).toBeGreaterThan(1));
    t.recv(inDialog('ACK', ok.toTag!, 1));
    const n = t.responses(200).length;
    await sleep(40);
    expect(t.responses(200).length).toBe(n);
    t.recv(inDialog('BYE', ok.toTag!, 2));
    expect(t.responses(200, 'BYE')).toHaveLength(1);
    expect(t.media[0]!.closed).toBe(true);
    expect(t.h.calls).toBe(0);
  });

  it('a 200 never acknowledged ends the call with BYE after 64·T1 and frees the media', async () => {
    const t = setup();
    t.recv(invite());
    await sleep(400);
    // One BYE (retransmitted while unanswered: one CSeq).
    expect(new Set(t.requests('BYE').map((r) => r.cseq)).size).toBe(1);
    expect(t.media[0]!.closed).toBe(true);
    expect(t.h.ended.get('no-ack')).toBe(1);
  });

  it('answers a retransmitted INVITE from the call, never a second call', async () => {
    const t = setup();
    t.recv(invite());
    await sleep(1);
    t.recv(invite());
    expect(t.media).toHaveLength(1);
    expect(t.h.calls).toBe(1);
    void t.h.closeAll();
  });

  it('CANCEL before the answer: 200 to the CANCEL, 487 to the INVITE (retransmitted until its ACK), the media never kept', async () => {
    let release: () => void = () => {};
    const m: MediaLike & { closed: boolean } = {
      port: 20002,
      lastRtpAtMs: 0,
      remoteAddress: '',
      remotePort: 0,
      payloadType: 8,
      telephoneEvent: undefined,
      muted: false,
      closed: false,
      play() {},
      stopPlaying() {},
      close() {
        m.closed = true;
      },
    };
    const t = setup({ openMedia: () => new Promise((resolve) => (release = () => resolve(m))) });
    t.recv(invite());
    t.recv(
      invite()
        .replace('INVITE sip', 'CANCEL sip')
        .replace('CSeq: 1 INVITE', 'CSeq: 1 CANCEL')
        .replace(/Content-Type[^]*$/, 'Content-Length: 0\r\n\r\n'),
    );
    expect(t.responses(200, 'CANCEL')).toHaveLength(1);
    expect(t.responses(487)).toHaveLength(1);
    await sleep(20);
    expect(t.responses(487).length).toBeGreaterThan(1);
    const tag = t.responses(487)[0]!.toTag!;
    t.recv(
      invite()
        .replace('INVITE sip', 'ACK sip')
        .replace('CSeq: 1 INVITE', 'CSeq: 1 ACK')
        .replace('To: <sip:116117@127.0.0.1:5060>', `To: <sip:116117@127.0.0.1:5060>;tag=${tag}`)
        .replace(/Content-Type[^]*$/, 'Content-Length: 0\r\n\r\n'),
    );
    const n = t.responses(487).length;
    await sleep(40);
    expect(t.responses(487).length).toBe(n);
    release();
    await sleep(1);
    expect(m.closed).toBe(true);
    expect(t.responses(200)).toHaveLength(0);
    expect(t.h.ended.get('cancelled')).toBe(1);
  });

  it('503 with Retry-After when the RTP port range is used up', async () => {
    const t = setup({
      openMedia: async () => {
        throw new RtpPortsExhausted('full');
      },
    });
    t.recv(invite());
    await sleep(1);
    expect(t.responses(503)).toHaveLength(1);
    expect(t.h.calls).toBe(0);
  });

  it('INVITE without SDP: our offer in the 200, the answer in the ACK', async () => {
    const t = setup();
    t.recv(invite('', 'z9hG4bK-2', ''));
    await sleep(1);
    const ok = t.responses(200)[0]!;
    expect(ok.body.toString('latin1')).toContain('m=audio 20000 RTP/AVP 8 0 101');
    t.recv(inDialog('ACK', ok.toTag!, 1, 'Content-Type: application/sdp\r\n', SDP.replace('7000', '7100')));
    expect(t.media[0]!.remotePort).toBe(7100);
    void t.h.closeAll();
  });

  it('a re-INVITE that holds the call (a=inactive) is answered inactive and stops our sending; resuming starts it again', async () => {
    const t = setup();
    t.recv(invite());
    await sleep(1);
    const tag = t.responses(200)[0]!.toTag!;
    t.recv(inDialog('ACK', tag, 1));
    t.recv(inDialog('INVITE', tag, 2, 'Content-Type: application/sdp\r\n', `${SDP}a=inactive\r\n`));
    const held = t.responses(200).at(-1)!;
    expect(held.cseq).toBe(2);
    expect(held.body.toString('latin1')).toContain('a=inactive');
    expect(t.media[0]!.muted).toBe(true);
    t.recv(inDialog('ACK', tag, 2));
    t.recv(inDialog('INVITE', tag, 3, 'Content-Type: application/sdp\r\n', SDP));
    expect(t.responses(200).at(-1)!.body.toString('latin1')).toContain('a=sendrecv');
    expect(t.media[0]!.muted).toBe(false);
    void t.h.closeAll();
  });

  it('refuses an older CSeq in the dialog with 500 and answers a retransmitted request again (§12.2.2)', async () => {
    const t = setup();
    t.recv(invite());
    await sleep(1);
    const tag = t.responses(200)[0]!.toTag!;
    t.recv(inDialog('ACK', tag, 1));
    t.recv(inDialog('OPTIONS', tag, 5));
    t.recv(inDialog('OPTIONS', tag, 5));
    expect(t.responses(200, 'OPTIONS')).toHaveLength(2);
    t.recv(inDialog('INFO', tag, 3));
    expect(t.responses(500, 'INFO')).toHaveLength(1);
    void t.h.closeAll();
  });

  it('a refresher=uas session timer is granted with Require: timer; an unknown dialog goes to the redirect handler (481)', async () => {
    const t = setup();
    t.recv(invite('Session-Expires: 90;refresher=uas\r\nSupported: timer\r\n'));
    await sleep(1);
    const ok = t.responses(200)[0]!;
    expect(ok.headers.find((x) => x.name === 'session-expires')?.value).toBe('90;refresher=uas');
    expect(ok.headers.find((x) => x.name === 'require')?.value).toBe('timer');
    t.recv(inDialog('BYE', 'not-ours', 9));
    expect(t.fallbackSeen).toEqual(['BYE']);
    void t.h.closeAll();
  });
});

describe('The voice menu’s handler under hostile input (issue 13 part 1)', () => {
  it('mutated INVITEs, SDP bodies and in-dialog requests never throw, and everything it sends parses', async () => {
    const t = setup();
    const errors: unknown[] = [];
    const orig = console.error;
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const mutate = (text: string): string => {
      const chars = [...text];
      for (let k = 0, n = 1 + rnd(6); k < n; k++) {
        const i = rnd(chars.length);
        const op = rnd(3);
        if (op === 0) chars[i] = String.fromCharCode(rnd(256));
        else if (op === 1) chars.splice(i, 1);
        else chars.splice(i, 0, chars[rnd(chars.length)]!);
      }
      return chars.join('');
    };
    try {
      for (let i = 0; i < 1500; i++) {
        const branch = `z9hG4bK-f${i}`;
        t.recv(mutate(invite('Session-Expires: 1800\r\nSupported: timer\r\n', branch)));
        const tag = t.responses(200).at(-1)?.toTag ?? 'x';
        t.recv(
          mutate(
            inDialog(
              ['INFO', 'UPDATE', 'INVITE', 'NOTIFY', 'BYE'][rnd(5)]!,
              tag,
              2 + rnd(3),
              'Content-Type: application/sdp\r\n',
              SDP,
            ),
          ),
        );
        if (i % 100 === 0) await sleep(1);
      }
    } catch (e) {
      errors.push(e);
    } finally {
      console.error = orig;
      void t.h.closeAll();
    }
    expect(errors).toEqual([]);
    // A failure inside handle() is caught and logged there: none may happen.
    expect(t.logged.filter((m) => m.includes('handling failed'))).toEqual([]);
    // setup()'s route parses every message sent and throws on a malformed one.
    expect(t.sent.length).toBeGreaterThan(1000);
  });
});

describe('Session timers and sipfrag (RFC 4028, RFC 3515)', () => {
  const req = (extra: string) => {
    const r = parseSipMessage(Buffer.from(invite(extra), 'latin1'), {
      maxMessageBytes: 65535,
      datagram: true,
    });
    if (!r.ok || r.message.type !== 'request') throw new Error('bad');
    return r.message;
  };
  it('reads Session-Expires, Min-SE and the refresher', () => {
    expect(sessionTimerOf(req(''), 90)).toEqual({ ok: true, timer: undefined, uacSupports: false });
    expect(sessionTimerOf(req('Session-Expires: 60\r\n'), 90)).toEqual({ ok: false, minSe: 90 });
    expect(sessionTimerOf(req('Session-Expires: 100\r\nMin-SE: 120\r\n'), 90)).toEqual({
      ok: false,
      minSe: 120,
    });
    expect(sessionTimerOf(req('Session-Expires: 1800\r\nSupported: timer\r\n'), 90)).toEqual({
      ok: true,
      timer: { seconds: 1800, refresher: 'uac' },
      uacSupports: true,
    });
    // Without "timer" support the UAC cannot refresh: we do.
    expect(sessionTimerOf(req('Session-Expires: 1800;refresher=uac\r\n'), 90)).toMatchObject({
      timer: { refresher: 'uas' },
    });
  });
  it('reads a sipfrag status line', () => {
    expect(sipfragStatus('SIP/2.0 200 OK\r\n')).toBe(200);
    expect(sipfragStatus('SIP/2.0 100 Trying')).toBe(100);
    expect(sipfragStatus('SIP/2.0 603 Declined\r\nX: y')).toBe(603);
    expect(sipfragStatus('garbage')).toBeUndefined();
  });
  it('the menu the call starts in is the top menu in Norwegian (RT-4)', () => {
    expect(startMenu({ entry: 'top' }).prompt.language).toBe('nb');
  });
});
