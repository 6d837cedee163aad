/** Unit tests of the small SIP pieces: stream framing, URIs, responses, timers, transactions, configuration. */
import { describe, expect, it } from 'vitest';
import { createNetworkResolver, parseSipConfig, SipConfigError, sipConfigFromEnv } from './config.ts';
import type { SipRequest } from './message.ts';
import { parseSipMessage } from './parser.ts';
import { buildResponse, buildResponseFromHeaders, randomTag, responseTopVia } from './response.ts';
import { SipStreamFramer, type FrameEvent } from './stream-framer.ts';
import { inviteText, sipText } from './testing.ts';
import { TimerQueue } from './timer-queue.ts';
import { TransactionLayer, type ResponseRoute } from './transactions.ts';
import { numberFromAssertedIdentity, numberFromUri } from './uri.ts';

function request(text: string): SipRequest {
  const r = parseSipMessage(Buffer.from(text, 'latin1'), { maxMessageBytes: 65535, datagram: true });
  if (!r.ok || r.message.type !== 'request') throw new Error('bad test request');
  return r.message;
}

describe('stream framing over TCP (RFC 3261 §18.3)', () => {
  const msg = inviteText({ clientPort: 5060, callId: 'f1' });
  it('cuts messages by Content-Length across arbitrary chunk boundaries', () => {
    const stream = Buffer.from(msg + msg.replace('f1', 'f2'), 'latin1');
    for (const size of [1, 7, 64, stream.length]) {
      const framer = new SipStreamFramer(16384);
      const out: string[] = [];
      for (let i = 0; i < stream.length; i += size) {
        for (const ev of framer.push(stream.subarray(i, i + size)))
          if (ev.kind === 'message') out.push(ev.buf.toString('latin1'));
      }
      expect(out).toEqual([msg, msg.replace('f1', 'f2')]);
      expect(framer.pending).toBe(0);
    }
  });
  it('answers a CRLFCRLF keep-alive ping and ignores single CRLFs', () => {
    const framer = new SipStreamFramer(16384);
    expect(framer.push(Buffer.from('\r\n\r\n')).map((e) => e.kind)).toEqual(['keepalive']);
    expect(framer.push(Buffer.from(`\r\n${msg}`)).map((e) => e.kind)).toEqual(['message']);
  });
  it('reports a missing Content-Length (framing lost) with the head for a 400', () => {
    const framer = new SipStreamFramer(16384);
    const [ev] = framer.push(Buffer.from(msg.replace('Content-Length: 0\r\n', ''), 'latin1'));
    expect(ev).toMatchObject({ kind: 'error', status: 400, reason: 'missing-content-length' });
    expect(framer.push(Buffer.from(msg))).toEqual([]); // dead after an error: the connection closes
  });
  it('refuses oversized messages before buffering the body, and endless header blocks', () => {
    const big = new SipStreamFramer(2048);
    expect(
      big.push(Buffer.from(msg.replace('Content-Length: 0', 'Content-Length: 100000')))[0],
    ).toMatchObject({ status: 513 });
    // An endless header block without the headers an answer needs: read on, but not past 8 times
    // the limit, buffering only the start line, then refused.
    const endless = new SipStreamFramer(2048);
    expect(endless.push(Buffer.from(`INVITE sip:a@b SIP/2.0\r\nX: ${'a'.repeat(3000)}`))).toEqual([]);
    let refused: FrameEvent[] = [];
    for (let i = 0; i < 20 && refused.length === 0; i++)
      refused = endless.push(Buffer.from('a'.repeat(1000)));
    expect(refused[0]).toMatchObject({ kind: 'error', status: 513, reason: 'too-large' });
    expect(endless.pending).toBe(0);
  });
  it('keeps the headers an answer needs from an oversized header block, wherever they are (RFC 3261 §21.5.14)', () => {
    const padding = `X-Padding: ${'x'.repeat(5000)}\r\n`;
    // Padding after them: refused at once, without reading the rest.
    const after = new SipStreamFramer(2048);
    const [early] = after.push(
      Buffer.from(msg.replace('Content-Length: 0\r\n\r\n', padding.slice(0, 3000)), 'latin1'),
    );
    expect(early).toMatchObject({ kind: 'error', status: 513 });
    const head = early?.kind === 'error' ? early.head!.toString('latin1') : '';
    expect(head).toContain('Call-ID: f1\r\n');
    expect(head).toMatch(/^INVITE sip:116117@127\.0\.0\.1 SIP\/2\.0\r\nVia: /);
    expect(head).not.toContain('X-Padding');
    // Padding before them, in small chunks: read to the end of the block, then refused with them.
    const before = new SipStreamFramer(2048);
    const stream = Buffer.from(msg.replace(/\r\n/, `\r\n${padding}`), 'latin1');
    const events: FrameEvent[] = [];
    for (let i = 0; i < stream.length; i += 97) events.push(...before.push(stream.subarray(i, i + 97)));
    expect(events).toHaveLength(1);
    expect(events[0]!.kind === 'error' && events[0]!.head!.toString('latin1')).toContain(
      'CSeq: 1 INVITE\r\n',
    );
  });
  it('reads a folded or compact Content-Length (RFC 3261 §7.3.1, §7.3.3)', () => {
    for (const cl of ['Content-Length:\r\n 4', 'l: 4', 'Content-Length :\t4 ']) {
      const framer = new SipStreamFramer(16384);
      const out = framer.push(Buffer.from(`${msg.replace('Content-Length: 0', cl)}abcd`, 'latin1'));
      expect(
        out.map((e) => e.kind),
        cl,
      ).toEqual(['message']);
      expect(framer.pending).toBe(0);
    }
    const bad = new SipStreamFramer(16384);
    expect(
      bad.push(Buffer.from(msg.replace('Content-Length: 0', 'Content-Length: 4x'), 'latin1'))[0],
    ).toMatchObject({ status: 400, reason: 'malformed-content-length' });
  });
});

describe('numbers from URIs (RT-1, RT-2)', () => {
  it.each([
    ['sip:116117@nodmeld.example', '116117'],
    ['sip:+47116117@nodmeld.example;user=phone', '116117'],
    ['sips:0047116117@x', '116117'],
    ['tel:116117', '116117'],
    ['tel:+47116117;phone-context=+47', '116117'],
    ['tel:+47-55-72-89-09', '55728909'],
    ['sip:%2B4755728909@x', '55728909'],
    ['sip:+4755728909;npdi@x', '55728909'],
    ['sip:anonymous@anonymous.invalid', undefined],
    ['sip:nodmeld.example', undefined],
    ['mailto:a@b', undefined],
    ['sip:%zz@x', undefined],
  ])('%s → %s', (uri, number) => {
    expect(numberFromUri(uri)).toBe(number);
  });
  it('prefers a tel URI in P-Asserted-Identity (RFC 3325)', () => {
    expect(numberFromAssertedIdentity(['<sip:+4711111111@x>, <tel:+4722222222>'])).toBe('22222222');
    expect(numberFromAssertedIdentity(['"A" <sip:+4711111111@x;user=phone>'])).toBe('11111111');
    expect(numberFromAssertedIdentity(['<sip:anonymous@x>'])).toBeUndefined();
  });
});

describe('responses (RFC 3261 §8.2.6, RFC 3581)', () => {
  it('adds received when the Via host is not the source, and fills rport', () => {
    expect(
      responseTopVia('SIP/2.0/UDP a.example:5060;branch=z9hG4bK1', 'a.example', false, {
        address: '10.0.0.9',
        port: 5099,
      }),
    ).toBe('SIP/2.0/UDP a.example:5060;branch=z9hG4bK1;received=10.0.0.9');
    expect(
      responseTopVia('SIP/2.0/UDP 10.0.0.9:5060;rport;branch=z9hG4bK1', '10.0.0.9', true, {
        address: '10.0.0.9',
        port: 5099,
      }),
    ).toBe('SIP/2.0/UDP 10.0.0.9:5060;rport=5099;branch=z9hG4bK1;received=10.0.0.9');
  });
  it('copies every Via, From, Call-ID and CSeq and adds the To-tag', () => {
    const req = request(
      inviteText({
        clientPort: 5062,
        callId: 'r1',
        extra: ['Via: SIP/2.0/UDP proxy.example;branch=z9hG4bKp'],
      }),
    );
    const text = buildResponse(
      req,
      { address: '127.0.0.1', port: 5062 },
      302,
      'abc',
      'Contact: <sip:1@x>\r\n',
    );
    expect(text).toMatch(/^SIP\/2\.0 302 Moved Temporarily\r\n/);
    expect(text.match(/^Via: /gm)).toHaveLength(2);
    expect(text).toContain('To: <sip:116117@127.0.0.1>;tag=abc\r\n');
    expect(text).toContain('CSeq: 1 INVITE\r\n');
    expect(text).toContain('Call-ID: r1\r\n');
    expect(text.endsWith('Content-Length: 0\r\n\r\n')).toBe(true);
  });
  it('builds an error response from headers of a malformed request only when they are unambiguous', () => {
    const headers = [
      { name: 'via', value: 'SIP/2.0/UDP h;branch=z9hG4bK1' },
      { name: 'from', value: '<sip:a@b>;tag=1' },
      { name: 'to', value: '<sip:c@d>' },
      { name: 'call-id', value: 'x' },
      { name: 'cseq', value: 'bad INVITE' },
    ];
    expect(buildResponseFromHeaders(headers, 400, 't')!.toString()).toContain('To: <sip:c@d>;tag=t');
    expect(buildResponseFromHeaders(headers.slice(1), 400, 't')).toBeUndefined();
  });
  it('generates distinct 64-bit tags', () => {
    const tags = new Set(Array.from({ length: 2000 }, randomTag));
    expect(tags.size).toBe(2000);
    expect([...tags][0]).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('timer queue', () => {
  it('fires timers of several durations in order when due, and survives a throwing handler', () => {
    let t = 0;
    const q = new TimerQueue({ now: () => t, tickMs: 1_000_000 });
    const fired: string[] = [];
    const errors: unknown[] = [];
    q.setErrorHandler((e) => errors.push(e));
    q.schedule(500, () => fired.push('a500'));
    q.schedule(100, () => {
      throw new Error('boom');
    });
    q.schedule(100, () => fired.push('b100'));
    t = 99;
    q.run();
    expect(fired).toEqual([]);
    t = 100;
    q.run();
    expect(fired).toEqual(['b100']);
    t = 1000;
    q.run();
    expect(fired).toEqual(['b100', 'a500']);
    expect(errors).toHaveLength(1);
    expect(q.size).toBe(0);
    q.stop();
  });
});

describe('server transactions (RFC 3261 §17.2)', () => {
  function setup(reliable = false) {
    let t = 0;
    const timers = new TimerQueue({ now: () => t, tickMs: 1_000_000 });
    const events = { absorbed: [] as string[], retransmitted: 0, ackTimeouts: 0 };
    const layer = new TransactionLayer(
      timers,
      { t1Ms: 500, t2Ms: 4000, t4Ms: 5000 },
      {
        retransmissionAbsorbed: (k) => events.absorbed.push(k),
        responseRetransmitted: () => events.retransmitted++,
        ackTimeout: () => events.ackTimeouts++,
      },
      () => t,
    );
    const sent: string[] = [];
    const route: ResponseRoute = { reliable, send: (b) => void sent.push(b) };
    const advance = (ms: number): void => {
      t += ms;
      timers.run();
    };
    return { layer, sent, route, events, advance, timers };
  }
  const invite = request(inviteText({ clientPort: 5062, callId: 't1' }));
  const ack = request(
    sipText([
      'ACK sip:116117@127.0.0.1 SIP/2.0',
      'Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK-t1',
      'From: <sip:22334455@127.0.0.1>;tag=caller-t1',
      'To: <sip:116117@127.0.0.1>;tag=x',
      'Call-ID: t1',
      'CSeq: 1 ACK',
      'Content-Length: 0',
    ]),
  );

  it('answers INVITE retransmissions from the transaction and creates no second one', () => {
    const { layer, sent, route, events } = setup();
    const r = layer.receive(invite, route, 'x');
    expect(r.kind).toBe('new');
    if (r.kind !== 'new') return;
    layer.sendProvisional(r.tx, '100');
    expect(layer.receive(invite, route, 'y').kind).toBe('absorbed');
    layer.sendFinal(r.tx, '302', 302);
    expect(layer.receive(invite, route, 'z').kind).toBe('absorbed');
    expect(sent).toEqual(['100', '100', '302', '302']);
    expect(events.absorbed).toEqual(['invite', 'invite']);
  });

  it('retransmits the final response with Timer G (T1, 2T1, 4T1, T2 …) until the ACK, which ends the transaction', () => {
    const { layer, sent, route, events, advance } = setup();
    const r = layer.receive(invite, route, 'x');
    if (r.kind !== 'new') throw new Error('expected new');
    layer.sendFinal(r.tx, '302', 302);
    advance(499);
    expect(sent).toHaveLength(1);
    advance(1); // 500
    advance(1000); // 1500
    advance(2000); // 3500
    advance(4000); // 7500 (capped at T2)
    expect(sent).toHaveLength(5);
    expect(layer.receive(ack, route, 'a').kind).toBe('absorbed');
    advance(4000);
    expect(sent).toHaveLength(5);
    expect(r.tx.state).toBe('terminated');
    expect(layer.size).toBe(0);
    // A retransmitted ACK is dropped as unmatched: nothing is ever sent for an ACK.
    expect(layer.receive(ack, route, 'a').kind).toBe('unmatched-ack');
    expect(events.absorbed).toEqual([]);
  });

  it('gives up after Timer H (64*T1) without an ACK', () => {
    const { layer, route, events, advance } = setup();
    const r = layer.receive(invite, route, 'x');
    if (r.kind !== 'new') throw new Error('expected new');
    layer.sendFinal(r.tx, '302', 302);
    for (let i = 0; i < 40; i++) advance(1000);
    expect(events.ackTimeouts).toBe(1);
    expect(layer.size).toBe(0);
  });

  it('does not retransmit over TCP and ends at once on ACK', () => {
    const { layer, sent, route, advance } = setup(true);
    const r = layer.receive(invite, route, 'x');
    if (r.kind !== 'new') throw new Error('expected new');
    layer.sendFinal(r.tx, '302', 302);
    advance(10_000);
    expect(sent).toHaveLength(1);
    layer.receive(ack, route, 'a');
    expect(layer.size).toBe(0);
  });

  it('refuses a second final response (a decision arriving after CANCEL)', () => {
    const { layer, route } = setup();
    const r = layer.receive(invite, route, 'x');
    if (r.kind !== 'new') throw new Error('expected new');
    expect(layer.sendFinal(r.tx, '487', 487)).toBe(true);
    expect(layer.sendFinal(r.tx, '302', 302)).toBe(false);
  });

  it('matches a CANCEL to its INVITE and keeps non-INVITE answers for Timer J', () => {
    const { layer, route, sent, advance } = setup();
    const r = layer.receive(invite, route, 'x');
    if (r.kind !== 'new') throw new Error('expected new');
    const cancel = request(inviteText({ clientPort: 5062, callId: 't1' }).replace(/INVITE/g, 'CANCEL'));
    const c = layer.receive(cancel, route, 'c');
    if (c.kind !== 'new') throw new Error('expected new');
    expect(layer.findInviteFor(cancel)).toBe(r.tx);
    layer.sendFinal(c.tx, '200', 200);
    expect(layer.receive(cancel, route, 'c').kind).toBe('absorbed');
    expect(sent).toEqual(['200', '200']);
    advance(32_000);
    expect(layer.receive(cancel, route, 'c').kind).toBe('new');
  });

  it('matches requests without an RFC 3261 branch by Call-ID, From-tag, CSeq and top Via', () => {
    const { layer, route } = setup();
    const old = request(inviteText({ clientPort: 5062, callId: 'legacy', branch: 'abc' }));
    expect(layer.receive(old, route, 'x').kind).toBe('new');
    expect(layer.receive(old, route, 'x').kind).toBe('absorbed');
  });
});

describe('configuration', () => {
  it('has defaults for everything', () => {
    const c = parseSipConfig({});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 5060,
      defaultGateway: '{source}',
      headerPrefix: 'X-Nodmeld-',
    });
  });
  it('reads the environment variables', () => {
    const c = sipConfigFromEnv({
      NODMELD_SIP_HOST: '0.0.0.0',
      NODMELD_SIP_PORT: '5080',
      NODMELD_SIP_TRUNKS: '[{"name":"mobil","sources":["10.1.0.0/16"],"network":"mobile"}]',
      NODMELD_SIP_GATEWAYS: '{"lv-bergen":"gw-bergen.example:5060"}',
      NODMELD_SIP_DEFAULT_NETWORK: 'reject',
      NODMELD_SIP_CONTACT_NUMBER_FORMAT: 'e164',
      NODMELD_SIP_UDP_BUFFER_BYTES: '2097152',
      PATH: '/usr/bin',
    });
    expect(c.port).toBe(5080);
    expect(c.udpBufferBytes).toBe(2 * 1024 * 1024);
    expect(c.trunks[0]).toEqual({ name: 'mobil', sources: ['10.1.0.0/16'], network: 'mobile' });
    expect(c.gateways['lv-bergen']).toBe('gw-bergen.example:5060');
    expect(c.contactNumberFormat).toBe('e164');
  });
  it('names each bad variable', () => {
    try {
      sipConfigFromEnv({
        NODMELD_SIP_PORT: '99999',
        NODMELD_SIP_TRUNKS: '[{"name":"x","sources":["10.0.0.0/33"]}]',
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SipConfigError);
      const msg = (e as Error).message;
      expect(msg).toContain('NODMELD_SIP_PORT');
      expect(msg).toContain('NODMELD_SIP_TRUNKS');
      expect(msg).toContain('CIDR');
    }
    expect(() => sipConfigFromEnv({ NODMELD_SIP_TRUNKS: '[not json' })).toThrow(/NODMELD_SIP_TRUNKS.*JSON/);
    // The listeners bind literal addresses only: a hostname is a configuration error, not a bind failure.
    expect(() => sipConfigFromEnv({ NODMELD_SIP_HOST: 'localhost' })).toThrow(/host: must be an IP address/);
    expect(() => sipConfigFromEnv({ NODMELD_SIP_UDP_IO: 'fast' })).toThrow(/NODMELD_SIP_UDP_IO/);
    expect(sipConfigFromEnv({ NODMELD_SIP_HOST: '::', NODMELD_SIP_UDP_IO: 'dgram' })).toMatchObject({
      host: '::',
      udpIo: 'dgram',
    });
  });
  it('reads the voice-menu mode and its media settings (issue 13), redirect by default', () => {
    expect(sipConfigFromEnv({})).toMatchObject({
      mode: 'redirect',
      voice: { rtpPortMin: 20000, rtpPortMax: 29999 },
    });
    const c = sipConfigFromEnv({
      NODMELD_SIP_MODE: 'voice-menu',
      NODMELD_SIP_RTP_PORTS: '30000-30999',
      NODMELD_SIP_MEDIA_ADDRESS: '192.0.2.5',
      NODMELD_SIP_MENU_INPUT_TIMEOUT_MS: '3000',
      NODMELD_SIP_RTP_TIMEOUT_MS: '20000',
      NODMELD_SIP_VOICE_MAX_CALLS: '500',
    });
    expect(c.mode).toBe('voice-menu');
    expect(c.voice).toMatchObject({
      rtpPortMin: 30000,
      rtpPortMax: 30999,
      mediaAddress: '192.0.2.5',
      inputTimeoutMs: 3000,
      rtpTimeoutMs: 20000,
      maxCalls: 500,
      minSessionExpires: 90,
    });
    expect(() => sipConfigFromEnv({ NODMELD_SIP_MODE: 'ivr' })).toThrow(/NODMELD_SIP_MODE/);
    expect(() => sipConfigFromEnv({ NODMELD_SIP_RTP_PORTS: '30000' })).toThrow(/NODMELD_SIP_RTP_PORTS/);
    expect(() => sipConfigFromEnv({ NODMELD_SIP_RTP_PORTS: '30000-20000' })).toThrow(/RTP port range/);
    // Listening on every address, the SDP needs an address callers can reach.
    expect(() => sipConfigFromEnv({ NODMELD_SIP_MODE: 'voice-menu', NODMELD_SIP_HOST: '0.0.0.0' })).toThrow(
      /NODMELD_SIP_MEDIA_ADDRESS/,
    );
  });
  it('reads how calls are handed to the centre: REFER by default, B2BUA or REFER then B2BUA (issue 13)', () => {
    expect(sipConfigFromEnv({}).voice).toMatchObject({ handoff: 'refer', bridgeAnswerTimeoutMs: 30_000 });
    expect(
      sipConfigFromEnv({ NODMELD_SIP_VOICE_HANDOFF: 'b2bua', NODMELD_SIP_VOICE_ANSWER_TIMEOUT_MS: '20000' })
        .voice,
    ).toMatchObject({ handoff: 'b2bua', bridgeAnswerTimeoutMs: 20_000 });
    expect(sipConfigFromEnv({ NODMELD_SIP_VOICE_HANDOFF: 'refer-or-b2bua' }).voice.handoff).toBe(
      'refer-or-b2bua',
    );
    expect(() => sipConfigFromEnv({ NODMELD_SIP_VOICE_HANDOFF: 'bridge' })).toThrow(
      /NODMELD_SIP_VOICE_HANDOFF/,
    );
  });
  it('reads the bounds against hostile peers from the environment, and refuses a write limit below the pause limit', () => {
    const c = sipConfigFromEnv({
      NODMELD_SIP_MAX_TRANSACTIONS: '20000',
      NODMELD_SIP_MAX_TRANSACTION_BYTES: '33554432',
      NODMELD_SIP_MENU_SESSION_TIMEOUT_MS: '500',
      NODMELD_SIP_TCP_IDLE_TIMEOUT_MS: '60000',
      NODMELD_SIP_TCP_MESSAGE_TIMEOUT_MS: '2000',
      NODMELD_SIP_TCP_MAX_CONNECTIONS: '1000',
      NODMELD_SIP_TCP_MAX_CONNECTIONS_PER_SOURCE: '8',
      NODMELD_SIP_TCP_WRITE_PAUSE_BYTES: '32768',
      NODMELD_SIP_TCP_WRITE_MAX_BYTES: '262144',
      NODMELD_SIP_TCP_WRITE_STALL_MS: '5000',
    });
    expect(c).toMatchObject({
      maxTransactions: 20_000,
      maxTransactionBytes: 32 * 1024 * 1024,
      menuSessionTimeoutMs: 500,
      tcpIdleTimeoutMs: 60_000,
      tcpMessageTimeoutMs: 2000,
      tcpMaxConnections: 1000,
      tcpMaxConnectionsPerSource: 8,
      tcpWritePauseBytes: 32 * 1024,
      tcpWriteMaxBytes: 256 * 1024,
      tcpWriteStallMs: 5000,
    });
    expect(() => sipConfigFromEnv({ NODMELD_SIP_TCP_WRITE_MAX_BYTES: '65536' })).toThrow(
      /tcpWriteMaxBytes must be larger than tcpWritePauseBytes/,
    );
    expect(() => sipConfigFromEnv({ NODMELD_SIP_TCP_MAX_CONNECTIONS_PER_SOURCE: 'many' })).toThrow(
      /NODMELD_SIP_TCP_MAX_CONNECTIONS_PER_SOURCE/,
    );
    expect(() => parseSipConfig({ tcpWritePauseBytes: 1 << 20, tcpWriteMaxBytes: 1 << 19 })).toThrow(
      SipConfigError,
    );
  });
  it('resolves the network from the trunk, else the header, else the default (RT-2, RT-3)', () => {
    const resolve = createNetworkResolver({
      trunks: [
        { name: 'mobil', sources: ['10.1.0.0/16'], network: 'mobile' },
        { name: 'sbc', sources: ['192.0.2.10', '2001:db8::/32'] },
      ],
      defaultNetwork: 'fixed',
    });
    expect(resolve('10.1.2.3', 'ip')).toBe('mobile');
    expect(resolve('192.0.2.10', 'IP')).toBe('ip');
    expect(resolve('2001:db8::5', 'mobile')).toBe('mobile');
    expect(resolve('192.0.2.10', 'satellite')).toBe('fixed');
    expect(resolve('198.51.100.1', undefined)).toBe('fixed');
    const strict = createNetworkResolver({
      trunks: [{ name: 'sbc', sources: ['192.0.2.10'] }],
      defaultNetwork: 'reject',
    });
    expect(strict('198.51.100.1', 'mobile')).toBe('reject');
    expect(strict('192.0.2.10', 'mobile')).toBe('mobile');
  });
});
