/**
 * Fuzz-style tests: thousands of mutated SIP messages through the parser, the stream framer and
 * the whole request handler. None may throw, hang or answer with anything but a valid status.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildConnectDecision, createFakeCallRouter, sipText } from './testing.ts';
import { parseSipConfig } from './config.ts';
import { SipMetrics } from './metrics.ts';
import { FastSipRequest, fastParseRequest } from './fast-parser.ts';
import { headerValue, headerValues, type SipMessage } from './message.ts';
import { parseSipMessage, parseSipMessageStrict } from './parser.ts';
import { RedirectHandler, type Inbound } from './redirect.ts';
import { SipStreamFramer } from './stream-framer.ts';
import { TimerQueue } from './timer-queue.ts';
import { TransactionLayer } from './transactions.ts';
import { mulberry32 } from '../../platform/seeded-random.ts';

const SEEDS = [
  sipText(
    [
      'INVITE sip:116117@nodmeld.example;user=phone SIP/2.0',
      'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds;rport',
      'Via: SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bKold, SIP/2.0/UDP p.example;branch=1',
      'Max-Forwards: 70',
      'To: <sip:116117@nodmeld.example>',
      'From: "Kari \\"K\\" Nordmann" <sip:+4755728909@carrier.example>;tag=1928301774',
      'Call-ID: a84b4c76e66710@pc33.example',
      'CSeq: 314159 INVITE',
      'P-Asserted-Identity: <sip:+4755728909@carrier.example>, <tel:+4755728909>',
      'X-Nodmeld-Network: mobile',
      'Subject: folded',
      '  continuation',
      'Content-Type: application/sdp',
      'Content-Length: 13',
    ],
    'v=0\r\no=- 0 0\r\n',
  ),
  sipText([
    'ACK sip:116117@nodmeld.example SIP/2.0',
    'v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds',
    't: <sip:116117@nodmeld.example>;tag=abc',
    'f: <sip:+4755728909@carrier.example>;tag=1928301774',
    'i: a84b4c76e66710@pc33.example',
    'CSeq: 314159 ACK',
    'l: 0',
  ]),
  sipText([
    'CANCEL tel:116117 SIP/2.0',
    'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds',
    'To: <tel:116117>',
    'From: sip:22334455@a.example;tag=1',
    'Call-ID: c1',
    'CSeq: 1 CANCEL',
    'Content-Length: 0',
  ]),
  sipText([
    'OPTIONS sip:nodmeld.example SIP/2.0',
    'Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKo',
    'To: <sip:nodmeld.example>',
    'From: <sip:ping@carrier.example>;tag=p',
    'Call-ID: o1',
    'CSeq: 7 OPTIONS',
    'Content-Length: 0',
  ]),
  sipText([
    'INVITE sip:116117@nodmeld.example SIP/2.0',
    'Via: SIP / 2.0 / UDP 10.0.0.1 : 5060 ; branch = z9hG4bKq , SIP/2.0/TCP p.example;branch=z9hG4bKp',
    'From: "K\\\u0001ari\\\u0000 \\"N\\"\r\n\t Nordmann" <sip:22334455@a.example> ; tag = q1',
    'To:\r\n <sip:116117@nodmeld.example>',
    'i\t:  q1@a.example',
    'CSeq: 1\r\n INVITE',
    'Content-Length :  0',
  ]),
  sipText([
    'SIP/2.0 200 OK',
    'Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKr',
    'To: <sip:a@b>;tag=2',
    'From: <sip:c@d>;tag=1',
    'Call-ID: r1',
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
  ]),
].map((s) => Buffer.from(s, 'latin1'));

/** Plain requests as carriers and sipp send them: the fast scanner's home ground. */
const FAST_SEEDS = [
  sipText([
    'INVITE sip:116117@127.0.0.1:5060 SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:5070;rport;branch=z9hG4bK-8123-1-0',
    'From: <sip:55728909@127.0.0.1:5070>;tag=8123SIPpTag001',
    'To: <sip:116117@127.0.0.1:5060>',
    'Call-ID: 1-8123@127.0.0.1',
    'CSeq: 1 INVITE',
    'Contact: <sip:55728909@127.0.0.1:5070>',
    'Max-Forwards: 70',
    'P-Asserted-Identity: <tel:+4755728909>',
    'X-Nodmeld-Network: fixed',
    'Content-Length: 0',
  ]),
  sipText([
    'ACK sip:116117@127.0.0.1:5060 SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:5070;rport;branch=z9hG4bK-8123-1-0',
    'From: "Kari" <sip:55728909@127.0.0.1:5070>;tag=8123SIPpTag001',
    'To: <sip:116117@127.0.0.1:5060>;tag=0123456789abcdef',
    'Call-ID: 1-8123@127.0.0.1',
    'CSeq: 1 ACK',
    'Max-Forwards: 70',
    'Content-Length: 0',
  ]),
  sipText([
    'CANCEL tel:116117 SIP/2.0',
    'Via: SIP/2.0/TCP sbc.example:5061;branch=z9hG4bKc1;received=192.0.2.1',
    'Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKc0',
    'From: sip:22334455@a.example;tag=1',
    'To: tel:116117',
    'Call-ID: c1',
    'CSeq: 1 CANCEL',
    'Timestamp: 54',
    'Require: 100rel',
    'Content-Length: 0',
  ]),
  sipText(
    [
      'OPTIONS sips:nodmeld.example SIP/2.0',
      'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKo',
      'To: <sip:nodmeld.example>',
      'From: <sip:ping@carrier.example>;tag=p',
      'Call-ID: o1',
      'CSeq: 7 OPTIONS',
      'Content-Type: application/sdp',
      'Content-Length: 13',
    ],
    'v=0\r\no=- 0 0\r\n',
  ),
].map((s) => Buffer.from(s, 'latin1'));

const TOKENS = [
  '\r\n',
  '\r',
  '\n',
  ' ',
  '\t',
  ':',
  ';',
  ',',
  '<',
  '>',
  '"',
  '\\',
  '=',
  '@',
  '/',
  '%',
  '\u0000',
  '\u00ff',
  'tag=',
  'branch=',
  'z9hG4bK',
  'SIP/2.0',
  'Content-Length: 99999',
  'l: 5',
  'Via: ',
  'CSeq: 1 INVITE',
  '\r\n\r\n',
  '4294967296',
  '-1',
  'sip:',
  'tel:',
  '[::1]',
  '"unterminated',
  '\\\u0001',
  '\\\r',
  '"\r\n "',
  '  ',
  'INVITE  ',
  'a'.repeat(300),
].map((t) => Buffer.from(t, 'latin1'));

const prng = mulberry32;

function mutate(rand: () => number, seeds: Buffer[] = SEEDS): Buffer {
  const int = (n: number): number => Math.floor(rand() * n);
  let buf = Buffer.from(seeds[int(seeds.length)]!);
  const rounds = 1 + int(6);
  for (let r = 0; r < rounds; r++) {
    const at = int(buf.length + 1);
    switch (int(7)) {
      case 0: // flip a byte
        if (buf.length) buf[int(buf.length)] = int(256);
        break;
      case 1: // insert a token
        buf = Buffer.concat([buf.subarray(0, at), TOKENS[int(TOKENS.length)]!, buf.subarray(at)]);
        break;
      case 2: // delete a range
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(Math.min(buf.length, at + 1 + int(40)))]);
        break;
      case 3: // duplicate a range
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at, at + int(80)), buf.subarray(at)]);
        break;
      case 4: // truncate
        buf = buf.subarray(0, at);
        break;
      case 5: // splice in a piece of another seed
        {
          const other = seeds[int(seeds.length)]!;
          const from = int(other.length);
          buf = Buffer.concat([buf.subarray(0, at), other.subarray(from, from + int(120)), buf.subarray(at)]);
        }
        break;
      default: // random bytes
        buf = Buffer.concat([
          buf.subarray(0, at),
          Buffer.from(Array.from({ length: 1 + int(16) }, () => int(256))),
          buf.subarray(at),
        ]);
    }
  }
  return buf;
}

const VALID_STATUSES = new Set([400, 416, 505, 513]);

describe('SIP parser fuzzing', () => {
  it('never throws on 20,000 mutated messages and reports only answerable statuses', () => {
    const rand = prng(116117);
    let parsed = 0;
    for (let i = 0; i < 20_000; i++) {
      const buf = mutate(rand);
      for (const datagram of [true, false]) {
        const r = parseSipMessage(buf, { maxMessageBytes: 4096, datagram });
        if (r.ok) parsed++;
        else {
          expect(VALID_STATUSES.has(r.status), `status ${r.status} for seed run ${i}`).toBe(true);
          // "internal" means an exception escaped the parser's own checks: a parser bug.
          expect(r.reason, r.detail).not.toBe('internal');
          // Failures keep what they could read for an answer: never a line end inside a value.
          // (Plain checks first: an expect per header would dominate the run time.)
          const broken = (r.headers ?? []).find((h) => /[\r\n]/.test(h.value));
          if (broken) expect(broken.value, `run ${i}`).not.toMatch(/[\r\n]/);
          if (r.method !== undefined && !/^[A-Za-z0-9.!%*_+`'~-]+$/.test(r.method))
            expect.fail(`method ${r.method} (run ${i})`);
        }
      }
    }
    // The mutations must leave some messages valid, or the fuzzer only tests the first check.
    expect(parsed).toBeGreaterThan(100);
  });

  it("fast scanner: on every message it accepts, exactly the strict parser's result", () => {
    /** Every field of a message as plain data (the fast message materialises `headers` lazily). */
    const plain = (m: SipMessage): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const k of [
        'type',
        'method',
        'uri',
        'uriScheme',
        'maxForwards',
        'status',
        'reason',
        'headers',
        'via',
        'from',
        'fromTag',
        'to',
        'toTag',
        'callId',
        'cseq',
        'cseqMethod',
        'contentLength',
      ]) {
        out[k] = (m as unknown as Record<string, unknown>)[k];
      }
      out.body = m.body.toString('latin1');
      return out;
    };
    const names = [
      'via',
      'call-id',
      'require',
      'p-asserted-identity',
      'timestamp',
      'x-nodmeld-network',
      'content-type',
      'contact',
      'max-forwards',
    ];
    for (const seed of FAST_SEEDS) expect(fastParseRequest(seed, 4096, true)).toBeInstanceOf(FastSipRequest);
    const rand = prng(17);
    let accepted = 0;
    for (let i = 0; i < 30_000; i++) {
      const buf = mutate(rand, i % 4 === 0 ? SEEDS : FAST_SEEDS);
      for (const datagram of [true, false]) {
        const fast = fastParseRequest(buf, 4096, datagram);
        if (!fast) continue;
        accepted++;
        const strict = parseSipMessageStrict(buf, { maxMessageBytes: 4096, datagram });
        expect(
          strict.ok,
          `strict refused what the scanner accepted (run ${i}): ${buf.toString('latin1')}`,
        ).toBe(true);
        if (!strict.ok) continue;
        // Lookups before `headers` is materialised take the scanner's index.
        for (const n of names) {
          expect(headerValue(fast, n), n).toEqual(headerValue(strict.message, n));
          expect(headerValues(fast, n), n).toEqual(headerValues(strict.message, n));
        }
        expect(plain(fast)).toEqual(plain(strict.message));
      }
    }
    expect(accepted).toBeGreaterThan(1_000);
  });

  it('never throws on arbitrary byte strings (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const r = parseSipMessage(Buffer.from(bytes), { maxMessageBytes: 4096, datagram: true });
        return r.ok || (VALID_STATUSES.has(r.status) && r.reason !== 'internal');
      }),
      { numRuns: 5_000, seed: 3261 },
    );
  });

  it('parses long pathological lines in linear time (no regex backtracking blow-up)', () => {
    const long = 'a'.repeat(60_000);
    const inputs = [
      `INVITE sip:116117@x SIP/2.0\r\nVia: SIP/2.0/UDP ${long}:\r\n\r\n`,
      `INVITE sip:116117@x SIP/2.0\r\nVia: SIP/2.0/UDP h;${';'.repeat(60_000)}\r\n\r\n`,
      `INVITE sip:116117@x SIP/2.0\r\nFrom: ${'"'.repeat(60_000)}\r\n\r\n`,
      `INVITE sip:116117@x SIP/2.0\r\nCSeq: 1${' '.repeat(60_000)}x\r\n\r\n`,
      `${'INVITE '.repeat(9000)}\r\n\r\n`,
    ];
    for (const s of inputs) {
      const r = parseSipMessage(Buffer.from(s, 'latin1'), { maxMessageBytes: 1 << 20, datagram: true });
      expect(r.ok).toBe(false);
    }
  });

  it('frames mutated streams in random chunks without throwing, oversized header blocks included', () => {
    const rand = prng(3261);
    for (let i = 0; i < 2_000; i++) {
      // Every third stream with a limit below the seeds' size: the oversize skipping path.
      const limit = i % 3 === 0 ? 200 : 4096;
      const framer = new SipStreamFramer(limit);
      const stream = Buffer.concat([mutate(rand), mutate(rand), SEEDS[0]!]);
      let at = 0;
      while (at < stream.length) {
        const n = 1 + Math.floor(rand() * 200);
        for (const ev of framer.push(stream.subarray(at, at + n))) {
          if (ev.kind === 'message') parseSipMessage(ev.buf, { maxMessageBytes: 4096, datagram: false });
          if (ev.kind === 'error') {
            expect([400, 513]).toContain(ev.status);
            // The head kept for the answer is bounded, and parses (or fails) without throwing.
            if (ev.head) {
              expect(ev.head.length).toBeLessThanOrEqual(2 * limit + 600);
              const r = parseSipMessage(ev.head, { maxMessageBytes: ev.head.length, datagram: true });
              if (!r.ok) expect(r.reason).not.toBe('internal');
            }
          }
        }
        // Nothing beyond one message's limit (plus the chunk being cut) is ever buffered.
        expect(framer.pending).toBeLessThanOrEqual(limit + 200);
        at += n;
      }
    }
  });

  it('drives 10,000 mutated messages through the request handler without an exception', async () => {
    const config = parseSipConfig({ timers: { t1Ms: 5, t2Ms: 10, t4Ms: 10 } });
    const metrics = new SipMetrics();
    const timers = new TimerQueue({ tickMs: 5 });
    const layer = new TransactionLayer(timers, config.timers, {
      retransmissionAbsorbed: () => {},
      responseRetransmitted: () => {},
      ackTimeout: () => {},
    });
    const router = createFakeCallRouter(async () => ({ decision: buildConnectDecision() }));
    const errors: unknown[] = [];
    const handler = new RedirectHandler({
      config,
      router,
      layer,
      metrics,
      logger: { info() {}, warn() {}, error: (o) => errors.push(o) },
    });
    const sent: string[] = [];
    const route = { reliable: false, send: (b: string) => void sent.push(b) };
    const inbound: Inbound = {
      transport: 'udp',
      peer: { address: '10.0.0.1', port: 5060 },
      routeFor: () => route,
      replyToSource: route,
    };
    const rand = prng(5060);
    for (let i = 0; i < 10_000; i++) handler.handle(mutate(rand), inbound, true);
    await new Promise((r) => setTimeout(r, 50));
    timers.stop();
    expect(errors).toEqual([]);
    for (const b of sent) {
      expect(b).toMatch(/^SIP\/2\.0 [1-6][0-9]{2} /);
      // Answers built from what a malformed request left readable are still well-framed.
      expect(b).toMatch(/^(?:[^\r\n]*\r\n)+\r\n$/);
    }
    expect(sent.length).toBeGreaterThan(100);
  });
});
