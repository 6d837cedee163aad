/**
 * Requests with odd but legal whitespace and characters (RFC 3261 §7.3.1, §25.1; RFC 4475 §3.1.1)
 * are parsed and routed; requests that break the grammar are answered 400 with a Warning. None is
 * dropped silently: every one of them gets an answer through the whole request handler.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildConnectDecision,
  createFakeCallRouter,
  createHandlerHarness,
  responseHeader,
  responseStatus,
  type HandlerHarness,
} from './testing.ts';

let harness: HandlerHarness | undefined;
afterEach(() => {
  harness?.stop();
  harness = undefined;
});

/** The canonical request the cases vary: every line can be replaced by name. */
const LINES: Record<string, string> = {
  start: 'INVITE sip:116117@nodmeld.example SIP/2.0',
  via: 'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-odd',
  maxForwards: 'Max-Forwards: 70',
  from: 'From: <sip:22334455@carrier.example>;tag=f1',
  to: 'To: <sip:116117@nodmeld.example>',
  callId: 'Call-ID: odd-1@carrier.example',
  cseq: 'CSeq: 1 INVITE',
  contentLength: 'Content-Length: 0',
};

function request(replace: Record<string, string> = {}, extra: string[] = []): string {
  const l = { ...LINES, ...replace };
  return `${[l.start, l.via, l.maxForwards, l.from, l.to, l.callId, l.cseq, ...extra, l.contentLength].join('\r\n')}\r\n\r\n`;
}

async function answer(text: string): Promise<string> {
  const router = createFakeCallRouter((call) => ({
    decision: buildConnectDecision({ connectTo: `5${call.callingNumber.slice(1)}` }),
  }));
  harness = createHandlerHarness(router);
  harness.receive(text);
  const res = await harness.finalResponse(0, 1000);
  expect(res, 'an answer, not silence').toBeDefined();
  return res!;
}

describe('odd but legal requests are parsed and routed (RFC 3261 §7.3.1, §25.1)', () => {
  const legal: [string, string][] = [
    [
      'spaces and tabs before the colon (HCOLON)',
      request({ via: 'Via \t : SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-odd', cseq: 'CSeq  :1 INVITE' }),
    ],
    [
      'no space after the colon',
      request({ from: 'From:<sip:22334455@carrier.example>;tag=f1', to: 'To:<sip:116117@nodmeld.example>' }),
    ],
    [
      'several spaces and tabs after the colon',
      request({ to: 'To: \t  <sip:116117@nodmeld.example>', callId: 'Call-ID:\t\todd-1@carrier.example' }),
    ],
    ['a line folded right after the colon', request({ to: 'To:\r\n <sip:116117@nodmeld.example>' })],
    [
      'a value folded several times, with tabs',
      request({ from: 'From: "Kari"\r\n\t<sip:22334455@carrier.example>\r\n  ;tag=f1' }),
    ],
    [
      'LWS around the Via slashes, colon, semicolon and equals',
      request({ via: 'Via: SIP / 2.0 / UDP 192.0.2.1 : 5060 ; branch = z9hG4bK-odd' }),
    ],
    ['a folded Via', request({ via: 'Via: SIP/2.0/UDP\r\n 192.0.2.1:5060;branch=z9hG4bK-odd' })],
    [
      'two Via hops in one header with LWS around the comma',
      request({
        via: 'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-odd , SIP/2.0/TCP 198.51.100.7;branch=z9hG4bK-2',
      }),
    ],
    ['CSeq with tabs between number and method', request({ cseq: 'CSeq: 1\t \tINVITE' })],
    ['CSeq folded between number and method', request({ cseq: 'CSeq: 1\r\n INVITE' })],
    ['LWS around the tag parameter', request({ from: 'From: <sip:22334455@carrier.example> ; tag = f1' })],
    [
      'no LWS between display name and "<" (RFC 4475 lwsdisp)',
      request({ from: 'From: "Kari"<sip:22334455@carrier.example>;tag=f1' }),
    ],
    [
      'a display name of several tokens',
      request({ from: 'From: Kari  Nordmann <sip:22334455@carrier.example>;tag=f1' }),
    ],
    [
      'a quoted display name with "<", ";" and escaped quotes',
      request({ from: 'From: "K\\"a<r;i\\\\" <sip:22334455@carrier.example>;tag=f1' }),
    ],
    [
      'escaped control characters in a quoted display name (quoted-pair %x00-09 / %x0B-0C / %x0E-7F)',
      request({ from: 'From: "Kari\\\x01\\\x00\\\x0b\\\x7f" <sip:22334455@carrier.example>;tag=f1' }),
    ],
    [
      'a tab inside a quoted display name (qdtext includes LWS)',
      request({ from: 'From: "Kari\tNordmann" <sip:22334455@carrier.example>;tag=f1' }),
    ],
    [
      'a quoted display name folded inside the quotes',
      request({ from: 'From: "Kari\r\n Nordmann" <sip:22334455@carrier.example>;tag=f1' }),
    ],
    [
      'UTF-8 in a display name',
      request({
        from: Buffer.from('From: "Bjørn Åsmund" <sip:22334455@carrier.example>;tag=f1', 'utf8').toString(
          'latin1',
        ),
      }),
    ],
    [
      'header names in odd case and compact forms with LWS',
      request({ callId: 'i\t:  odd-1@carrier.example', maxForwards: 'mAX-fORWARDS: 70' }),
    ],
    [
      'trailing spaces and tabs on header lines',
      request({ to: 'To: <sip:116117@nodmeld.example> \t ', contentLength: 'Content-Length:   0   ' }),
    ],
    ['leading zeros in Content-Length', request({ contentLength: 'Content-Length: 0000' })],
    [
      'an empty header value and a whitespace-only continuation line',
      request({}, ['Subject:', 'X-Note: a', ' \t', 'Organization: \t']),
    ],
    ['CRLFs before the request line (§7.5)', `\r\n\r\n${request()}`],
    [
      'an unknown method-like extension header value with odd characters',
      request({}, ['X-Odd: !%*_+`\'~-.;:@&=$,?/[]{}|^ "q\\"x"']),
    ],
  ];
  for (const [name, text] of legal) {
    it(`parses ${name}: 302`, async () => {
      const res = await answer(text);
      expect(responseStatus(res), responseHeader(res, 'Warning')).toBe(302);
      expect(responseHeader(res, 'Contact')).toMatch(/^<sip:52334455@192\.0\.2\.1:5060>$/);
    });
  }
});

describe('requests that break the grammar are answered 400, never dropped silently', () => {
  const illegal: [string, string, string][] = [
    [
      'two spaces between request-line elements (RFC 4475 lwsstart)',
      request({ start: 'INVITE  sip:116117@nodmeld.example SIP/2.0' }),
      'request line',
    ],
    [
      'a space at the end of the request line (RFC 4475 trws)',
      request({ start: 'INVITE sip:116117@nodmeld.example SIP/2.0 ' }),
      'request line',
    ],
    [
      'a tab between request-line elements',
      request({ start: 'INVITE\tsip:116117@nodmeld.example SIP/2.0' }),
      'request line',
    ],
    [
      'LWS inside the Request-URI (RFC 4475 lwsruri)',
      request({ start: 'INVITE sip:116117 @nodmeld.example SIP/2.0' }),
      'request line',
    ],
    [
      'an unescaped control character in a quoted display name',
      request({ from: 'From: "Kari\x01" <sip:22334455@carrier.example>;tag=f1' }),
      'control character',
    ],
    ['a NUL outside quotes', request({}, ['Subject: a\x00b']), 'control character'],
    [
      'an escaped CR in a quoted string',
      request({ from: 'From: "Kari\\\rx" <sip:22334455@carrier.example>;tag=f1' }),
      'CR or LF',
    ],
    ['a bare LF inside the header block', request({}, ['Subject: a\nb']), 'CR or LF'],
    ['bare LF line ends throughout', request().replace(/\r\n/g, '\n'), 'CR or LF'],
    [
      'a continuation line before the first header',
      request({ via: ` ${LINES.via!}` }, [LINES.via!]),
      'continuation',
    ],
    ['a header name with a space', request({}, ['Call Info: x']), 'not a token'],
    ['a header line without a colon', request({}, ['Garbage']), 'no name and colon'],
    [
      'an unterminated quoted display name (RFC 4475 quotbal)',
      request({ from: 'From: "Kari <sip:22334455@carrier.example>;tag=f1' }),
      'From',
    ],
  ];
  for (const [name, text, warning] of illegal) {
    it(`${name}: 400 with a Warning`, async () => {
      const res = await answer(text);
      expect(responseStatus(res)).toBe(400);
      expect(responseHeader(res, 'Warning')).toContain(warning);
      expect(responseHeader(res, 'Call-ID')).toBe('odd-1@carrier.example');
      expect(harness!.metrics.dropped.get('malformed-unanswerable')).toBe(0);
    });
  }
});
