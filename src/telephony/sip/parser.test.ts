import { describe, expect, it } from 'vitest';
import { headerValue, headerValues, type SipRequest } from './message.ts';
import { parseSipMessage, type ParseFailure } from './parser.ts';
import { sipText } from './testing.ts';

const opts = { maxMessageBytes: 16384, datagram: true };

function invite(extra: string[] = [], overrides: Record<string, string | null> = {}, body = ''): Buffer {
  const base: Record<string, string> = {
    start: 'INVITE sip:116117@nodmeld.example;user=phone SIP/2.0',
    Via: 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds',
    'Max-Forwards': '70',
    To: '<sip:116117@nodmeld.example>',
    From: '"Kari Nordmann" <sip:+4755728909@carrier.example>;tag=1928301774',
    'Call-ID': 'a84b4c76e66710@pc33.example',
    CSeq: '314159 INVITE',
    'Content-Length': String(Buffer.byteLength(body, 'latin1')),
  };
  const lines: string[] = [];
  for (const [k, v] of Object.entries({ ...base, ...overrides })) {
    if (v === null) continue;
    lines.push(k === 'start' ? v : `${k}: ${v}`);
  }
  return Buffer.from(sipText([...lines, ...extra], body), 'latin1');
}

function ok(buf: Buffer, o = opts): SipRequest {
  const r = parseSipMessage(buf, o);
  if (!r.ok) throw new Error(`parse failed: ${r.reason} ${r.detail}`);
  if (r.message.type !== 'request') throw new Error('not a request');
  return r.message;
}

function failure(buf: Buffer, o = opts): ParseFailure {
  const r = parseSipMessage(buf, o);
  if (r.ok) throw new Error('expected a parse failure');
  return r;
}

describe('SIP parser (RFC 3261 §7)', () => {
  it('parses a well-formed INVITE: start line, core headers, tags, CSeq', () => {
    const req = ok(invite());
    expect(req.method).toBe('INVITE');
    expect(req.uri).toBe('sip:116117@nodmeld.example;user=phone');
    expect(req.uriScheme).toBe('SIP');
    expect(req.fromTag).toBe('1928301774');
    expect(req.toTag).toBeUndefined();
    expect(req.callId).toBe('a84b4c76e66710@pc33.example');
    expect(req.cseq).toBe(314159);
    expect(req.cseqMethod).toBe('INVITE');
    expect(req.maxForwards).toBe(70);
    expect(req.via).toHaveLength(1);
    expect(req.via[0]).toMatchObject({
      transport: 'UDP',
      host: '10.0.0.1',
      port: 5060,
      branch: 'z9hG4bK776asdhds',
      rport: false,
    });
  });

  it('expands compact header names (§7.3.3)', () => {
    const buf = Buffer.from(
      sipText([
        'INVITE tel:116117 SIP/2.0',
        'v: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKc1',
        'f: <sip:22334455@a.example>;tag=x1',
        't: <tel:116117>',
        'i: compact-1',
        'CSeq: 1 INVITE',
        'm: <sip:22334455@10.0.0.1>',
        'l: 0',
      ]),
      'latin1',
    );
    const req = ok(buf);
    expect(req.callId).toBe('compact-1');
    expect(req.fromTag).toBe('x1');
    expect(req.uriScheme).toBe('TEL');
    expect(headerValue(req, 'contact')).toBe('<sip:22334455@10.0.0.1>');
    expect(req.via[0]!.port).toBeUndefined();
  });

  it('unfolds continuation lines (§7.3.1)', () => {
    const req = ok(invite(['Subject: I know you are there,', '   pick up the phone', '\tand talk to me!']));
    expect(headerValue(req, 'subject')).toBe('I know you are there, pick up the phone and talk to me!');
  });

  it('accepts header names case-insensitively and whitespace before the colon', () => {
    const req = ok(invite(['p-asserted-IDENTITY  : <tel:+4722334455>']));
    expect(headerValue(req, 'p-asserted-identity')).toBe('<tel:+4722334455>');
  });

  it('collects every Via hop from several headers and comma lists, in order', () => {
    const req = ok(
      invite(
        [
          'Via: SIP/2.0/TCP proxy2.example:5070;branch=z9hG4bKp2, SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bKp3',
        ],
        { Via: 'SIP / 2.0 / UDP proxy1.example;branch=z9hG4bKp1;rport;received=192.0.2.1' },
      ),
    );
    expect(req.via.map((v) => v.host)).toEqual(['proxy1.example', 'proxy2.example', '[2001:db8::9]']);
    expect(req.via[0]).toMatchObject({ rport: true, received: '192.0.2.1', branch: 'z9hG4bKp1' });
    expect(req.via[1]).toMatchObject({ transport: 'TCP', port: 5070 });
  });

  it('reads name-addr and addr-spec forms, quoted display names with "<" and ";" inside', () => {
    const req = ok(
      invite([], {
        From: '"A <b>; c" <sip:22334455@a.example;user=phone>;tag=f1;x=y',
        To: 'sip:116117@b.example;tag=t9',
      }),
    );
    expect(req.fromTag).toBe('f1');
    expect(req.toTag).toBe('t9');
  });

  it('keeps the body by Content-Length and drops extra datagram bytes (§18.3)', () => {
    const req = ok(
      Buffer.concat([
        invite([], { 'Content-Length': '4', 'Content-Type': 'text/plain' }),
        Buffer.from('abcdEXTRA'),
      ]),
    );
    expect(req.body.toString()).toBe('abcd');
    expect(req.contentLength).toBe(4);
  });

  it('takes the rest of a datagram as body when Content-Length is absent', () => {
    const req = ok(invite([], { 'Content-Length': null }, 'v=0\r\n'));
    expect(req.body.toString()).toBe('v=0\r\n');
  });

  it('requires Content-Length on streams', () => {
    expect(failure(invite([], { 'Content-Length': null }), { ...opts, datagram: false }).reason).toBe(
      'missing-content-length',
    );
  });

  it('ignores CRLFs before the start line (§7.5)', () => {
    expect(ok(Buffer.concat([Buffer.from('\r\n\r\n'), invite()])).method).toBe('INVITE');
  });

  it('parses responses', () => {
    const r = parseSipMessage(
      Buffer.from(
        sipText([
          'SIP/2.0 180 Ringing',
          'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1',
          'From: <sip:a@b>;tag=1',
          'To: <sip:c@d>;tag=2',
          'Call-ID: r1',
          'CSeq: 1 INVITE',
          'Content-Length: 0',
        ]),
      ),
      opts,
    );
    expect(r.ok && r.message.type === 'response' && r.message.status).toBe(180);
  });

  it('returns every value of list headers', () => {
    const req = ok(
      invite(['P-Asserted-Identity: <sip:+4722334455@x.example>, <tel:+4722334455>', 'Require: 100rel']),
    );
    expect(headerValues(req, 'p-asserted-identity')).toEqual([
      '<sip:+4722334455@x.example>',
      '<tel:+4722334455>',
    ]);
  });

  describe('rejects malformed messages with the status to answer', () => {
    const cases: [string, Buffer, number, string][] = [
      ['missing Call-ID', invite([], { 'Call-ID': null }), 400, 'missing-call-id'],
      ['missing Via', invite([], { Via: null }), 400, 'missing-via'],
      ['missing From', invite([], { From: null }), 400, 'missing-from'],
      ['missing To', invite([], { To: null }), 400, 'missing-to'],
      ['missing CSeq', invite([], { CSeq: null }), 400, 'missing-cseq'],
      ['CSeq not a number', invite([], { CSeq: 'abc INVITE' }), 400, 'malformed-cseq'],
      ['CSeq too large', invite([], { CSeq: '4294967296 INVITE' }), 400, 'malformed-cseq'],
      ['CSeq method differs', invite([], { CSeq: '1 OPTIONS' }), 400, 'cseq-method-mismatch'],
      ['two Call-IDs', invite(['i: second']), 400, 'duplicate-call-id'],
      ['two From headers', invite(['From: <sip:x@y>;tag=2']), 400, 'duplicate-from'],
      ['malformed Via', invite([], { Via: 'HTTP/1.1 10.0.0.1' }), 400, 'malformed-via'],
      [
        'Via port out of range',
        invite([], { Via: 'SIP/2.0/UDP 10.0.0.1:70000;branch=z9hG4bK1' }),
        400,
        'malformed-via',
      ],
      ['From without ">"', invite([], { From: '<sip:a@b;tag=1' }), 400, 'malformed-from'],
      ['From junk after URI', invite([], { From: '<sip:a@b> junk;tag=1' }), 400, 'malformed-from'],
      ['Content-Length larger than body', invite([], { 'Content-Length': '10' }), 400, 'short-body'],
      [
        'Content-Length not a number',
        invite([], { 'Content-Length': '-1' }),
        400,
        'malformed-content-length',
      ],
      ['Max-Forwards over 255', invite([], { 'Max-Forwards': '256' }), 400, 'malformed-max-forwards'],
      ['header line without colon', invite(['NoColonHere']), 400, 'bad-header'],
      ['header name with space', invite(['Bad Name: x']), 400, 'bad-header'],
      [
        'continuation before first header',
        Buffer.from('INVITE sip:a@b SIP/2.0\r\n folded\r\n\r\n'),
        400,
        'bad-folding',
      ],
      ['no empty line', Buffer.from('INVITE sip:a@b SIP/2.0\r\nVia: x\r\n'), 400, 'no-header-end'],
      [
        'bare LF line ends',
        Buffer.from(invite().toString('latin1').replace(/\r\n/g, '\n') + '\r\n\r\n'),
        400,
        'bad-line-ends',
      ],
      ['NUL in a header', invite(['Subject: a\u0000b']), 400, 'bad-characters'],
      [
        'two spaces in the request line',
        invite([], { start: 'INVITE  sip:116117@x SIP/2.0' }),
        400,
        'malformed-request-line',
      ],
      ['SIP version 3.0', invite([], { start: 'INVITE sip:116117@x SIP/3.0' }), 505, 'bad-version'],
      ['http: Request-URI', invite([], { start: 'INVITE http://x/ SIP/2.0' }), 416, 'unsupported-uri-scheme'],
      ['Request-URI without scheme', invite([], { start: 'INVITE 116117 SIP/2.0' }), 400, 'malformed-uri'],
    ];
    for (const [name, buf, status, reason] of cases) {
      it(name, () => {
        const f = failure(buf);
        expect([f.status, f.reason]).toEqual([status, reason]);
      });
    }
  });

  it('keeps method and headers on failures so a 400 can be built', () => {
    const f = failure(invite([], { CSeq: 'x INVITE' }));
    expect(f.method).toBe('INVITE');
    expect(f.headers?.some((h) => h.name === 'call-id')).toBe(true);
  });

  it('refuses messages over the size limit with 513', () => {
    const f = failure(invite([`X-Padding: ${'a'.repeat(2000)}`]), { maxMessageBytes: 1024, datagram: true });
    expect([f.status, f.reason]).toEqual([513, 'too-large']);
  });

  it('keeps UTF-8 display names byte for byte (latin1 round trip)', () => {
    const utf8 = Buffer.from('"Bjørn Åsmund" <sip:22334455@a.example>;tag=9', 'utf8');
    const buf = Buffer.concat([
      Buffer.from('INVITE sip:116117@x SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\nFrom: '),
      utf8,
      Buffer.from('\r\nTo: <sip:116117@x>\r\nCall-ID: u1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n'),
    ]);
    const req = ok(buf);
    expect(Buffer.from(req.from, 'latin1').equals(utf8)).toBe(true);
  });
});
