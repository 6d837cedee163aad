import { describe, expect, it } from 'vitest';
import { buildAnswer, buildOffer, MAX_SDP_BYTES, negotiate, parseSdp } from './sdp.ts';

const offer = (m: string, extra = ''): string =>
  `v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n${m}${extra}`;

const AUDIO =
  'm=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\n';

function parsed(text: string) {
  const r = parseSdp(text);
  if (!r.ok) throw new Error(r.reason);
  return r.sdp;
}

describe('SDP offer/answer for the voice menu (issue 13: RFC 3264/4566)', () => {
  it('takes the offerer’s first G.711 codec and telephone-event, and answers with that one codec at ptime 20', () => {
    const sdp = parsed(offer(AUDIO));
    const n = negotiate(sdp);
    expect(n).toMatchObject({
      ok: true,
      choice: {
        codec: 'PCMU',
        payloadType: 0,
        telephoneEvent: 101,
        remoteAddress: '192.0.2.10',
        remotePort: 49170,
      },
    });
    if (!n.ok) return;
    const answer = buildAnswer(sdp, n.choice, {
      address: '127.0.0.1',
      port: 20000,
      sessionId: '7',
      version: 1,
      ptime: 20,
    });
    expect(answer).toContain('m=audio 20000 RTP/AVP 0 101\r\n');
    expect(answer).toContain('a=rtpmap:0 PCMU/8000\r\n');
    expect(answer).toContain('a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n');
    expect(answer).toContain('a=ptime:20\r\na=sendrecv\r\n');
    expect(answer).not.toContain('PCMA');
    expect(parseSdp(answer).ok).toBe(true);
  });

  it('prefers PCMA when offered first, and static payload types without rtpmap', () => {
    const n = negotiate(parsed(offer('m=audio 4000 RTP/AVP 18 8 0\r\n')));
    expect(n).toMatchObject({
      ok: true,
      choice: { codec: 'PCMA', payloadType: 8, telephoneEvent: undefined },
    });
  });

  it('keeps the call’s codec on a re-offer that still has it, whatever the order', () => {
    const n = negotiate(parsed(offer(AUDIO)), 'PCMA');
    expect(n).toMatchObject({ ok: true, choice: { codec: 'PCMA', payloadType: 8 } });
  });

  it('refuses an offer with only G.729 (the caller gets 488) and one without audio', () => {
    const g729 = negotiate(parsed(offer('m=audio 4000 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n')));
    expect(g729).toEqual({ ok: false, reason: 'no supported codec (PCMA, PCMU)' });
    const video = negotiate(parsed(offer('m=video 4000 RTP/AVP 96\r\n')));
    expect(video.ok).toBe(false);
    // A dynamic payload type mapped to PCMA at another rate is not PCMA.
    expect(negotiate(parsed(offer('m=audio 4000 RTP/AVP 96\r\na=rtpmap:96 PCMA/16000\r\n'))).ok).toBe(false);
  });

  it('answers one m= line per offered one, refusing the others with port 0, and mirrors the direction', () => {
    const sdp = parsed(offer('m=video 5000 RTP/AVP 96\r\n' + AUDIO + 'a=sendonly\r\n'));
    const n = negotiate(sdp);
    if (!n.ok) throw new Error(n.reason);
    expect(n.choice).toMatchObject({ mediaIndex: 1, direction: 'recvonly' });
    const answer = buildAnswer(sdp, n.choice, {
      address: '::1',
      port: 20002,
      sessionId: '1',
      version: 2,
      ptime: 20,
    });
    expect(answer).toContain('m=video 0 RTP/AVP 96\r\n');
    expect(answer).toContain('c=IN IP6 ::1\r\n');
    expect(answer).toContain('a=recvonly');
  });

  it('uses a media-level c= before the session one', () => {
    const n = negotiate(parsed(offer(AUDIO.replace('a=ptime', 'c=IN IP4 198.51.100.7\r\na=ptime'))));
    expect(n).toMatchObject({ ok: true, choice: { remoteAddress: '198.51.100.7' } });
  });

  it('refuses hostile or broken input with a reason and never throws', () => {
    const bad = [
      '',
      'v=1\r\n',
      offer(AUDIO).replace('o=alice 2890844526 2890844526 IN IP4 192.0.2.10', 'o=x'),
      offer('m=audio 99999 RTP/AVP 0\r\n'),
      offer('m=audio 1 RTP/AVP\r\n'),
      offer('m=audio 4000 RTP/AVP 0\r\na=rtpmap:200 PCMU/8000\r\n'),
      offer('garbage line\r\n'),
      offer('c=IN IP4 bad<host>\r\n'),
      offer(`m=audio 4000 RTP/AVP ${Array.from({ length: 80 }, (_, i) => i).join(' ')}\r\n`),
      offer('m=audio 4000 RTP/AVP 0\r\n'.repeat(20)),
      'v=0\r\n' + 'a=x\r\n'.repeat(2000),
      'v=0\r\n' + 'x'.repeat(MAX_SDP_BYTES),
    ];
    for (const b of bad) expect(parseSdp(b).ok, JSON.stringify(b.slice(0, 80))).toBe(false);
    for (let i = 0; i < 2000; i++) {
      const src = offer(AUDIO);
      const chars = [...src];
      for (let k = 0; k < 5; k++)
        chars[Math.floor(Math.random() * chars.length)] = String.fromCharCode(
          Math.floor(Math.random() * 256),
        );
      const r = parseSdp(chars.join(''));
      if (r.ok) negotiate(r.sdp);
    }
  });

  it('offers both laws and telephone-event when the INVITE had no offer', () => {
    const o = buildOffer({
      address: '127.0.0.1',
      port: 20000,
      sessionId: '1',
      version: 1,
      ptime: 20,
      telephoneEvent: 101,
    });
    const n = negotiate(parsed(o));
    expect(n).toMatchObject({ ok: true, choice: { codec: 'PCMA', telephoneEvent: 101, remotePort: 20000 } });
  });
});
