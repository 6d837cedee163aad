import { describe, expect, it } from 'vitest';
import {
  buildRtcpReport,
  keyOfInfo,
  readRtcp,
  readRtp,
  ReceiveStats,
  TelephoneEventDecoder,
  telephoneEventPayload,
  writeRtp,
} from './rtp.ts';

describe('RTP packets (issue 13: RFC 3550)', () => {
  it('writes and reads the header: version 2, marker, payload type, sequence, timestamp, SSRC', () => {
    const out = Buffer.alloc(12 + 160);
    const payload = new Uint8Array(160).fill(0xd5);
    const n = writeRtp(
      out,
      { payloadType: 8, marker: true, sequence: 65535, timestamp: 0xfffffff0, ssrc: 0xdeadbeef },
      payload,
    );
    expect(n).toBe(172);
    expect(out[0]).toBe(0x80);
    expect(out[1]).toBe(0x88);
    const p = readRtp(out)!;
    expect(p).toMatchObject({
      payloadType: 8,
      marker: true,
      sequence: 65535,
      timestamp: 0xfffffff0,
      ssrc: 0xdeadbeef,
    });
    expect(p.payload.length).toBe(160);
  });

  it('skips CSRCs, a header extension and padding; refuses what is not RTP', () => {
    const b = Buffer.alloc(12 + 8 + 4 + 8 + 4 + 4); // header, CSRCs, extension header + 2 words, payload, padding
    b[0] = 0x80 | 0x20 | 0x10 | 2; // padding, extension, 2 CSRCs
    b[1] = 0;
    b.writeUInt16BE(2, 12 + 8 + 2); // extension length 2 words
    b.write('abcd', 12 + 8 + 4 + 8, 'latin1');
    b[b.length - 1] = 4; // 4 bytes of padding
    const p = readRtp(b)!;
    expect(p.payload.toString('latin1')).toBe('abcd');
    expect(readRtp(Buffer.alloc(11))).toBeNull();
    expect(readRtp(Buffer.from([0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
    const rtcp = Buffer.alloc(12);
    rtcp[0] = 0x80;
    rtcp[1] = 200;
    expect(readRtp(rtcp)).toBeNull();
    for (let i = 0; i < 5000; i++)
      readRtp(Buffer.from(Array.from({ length: i % 40 }, () => Math.floor(Math.random() * 256))));
  });
});

describe('RFC 4733 telephone-events to keys (issue 13: DTMF for the menu, RT-4)', () => {
  const keys = (packets: [number, number, boolean][]): string[] => {
    const out: string[] = [];
    const d = new TelephoneEventDecoder((k) => out.push(k));
    for (const [ts, ev, end] of packets) d.take(ts, telephoneEventPayload(ev, end, 800));
    d.flush();
    return out;
  };

  it('gives a key once at its end packet, however often the end packet is repeated', () => {
    expect(
      keys([
        [1000, 5, false],
        [1000, 5, false],
        [1000, 5, true],
        [1000, 5, true],
        [1000, 5, true],
      ]),
    ).toEqual(['5']);
  });

  it('keeps two presses of the same key apart by their timestamps', () => {
    expect(
      keys([
        [1000, 0, false],
        [1000, 0, true],
        [1000, 0, true],
        [2000, 0, false],
        [2000, 0, true],
        [2000, 0, true],
      ]),
    ).toEqual(['0', '0']);
  });

  it('gives a key whose end packets were all lost when the next event starts, or on flush', () => {
    expect(
      keys([
        [1000, 1, false],
        [2000, 2, false],
        [2000, 2, true],
      ]),
    ).toEqual(['1', '2']);
    expect(keys([[1000, 9, false]])).toEqual(['9']);
  });

  it('maps 10 to *, 11 to # and ignores events above 15 and short payloads', () => {
    expect(
      keys([
        [1, 10, true],
        [2, 11, true],
        [3, 16, true],
      ]),
    ).toEqual(['*', '#']);
    const out: string[] = [];
    new TelephoneEventDecoder((k) => out.push(k)).take(1, Buffer.from([1, 2]));
    expect(out).toEqual([]);
  });

  it('a late start packet after the end does not give the key again', () => {
    expect(
      keys([
        [1000, 3, true],
        [1000, 3, false],
        [1000, 3, true],
      ]),
    ).toEqual(['3']);
  });
});

describe('SIP INFO DTMF (issue 13: the fallback for callers without RFC 4733)', () => {
  it('reads application/dtmf-relay and application/dtmf', () => {
    expect(keyOfInfo('application/dtmf-relay', 'Signal=5\r\nDuration=160\r\n')).toBe('5');
    expect(keyOfInfo('Application/DTMF-Relay; x=y', 'Signal= #\r\n')).toBe('#');
    expect(keyOfInfo('application/dtmf', '11')).toBe('#');
    expect(keyOfInfo('application/dtmf', '*')).toBe('*');
    expect(keyOfInfo('application/dtmf-relay', 'Signal=hello')).toBeNull();
    expect(keyOfInfo('text/plain', 'Signal=5')).toBeNull();
  });
});

describe('RTCP reports (issue 13: RFC 3550 §6.4)', () => {
  it('builds an SR with a report block and SDES that reads back', () => {
    const stats = new ReceiveStats();
    for (let seq = 10; seq < 60; seq++) if (seq !== 20) stats.take(7, seq, seq * 160, seq * 160 + (seq % 3));
    expect(stats.lost).toBe(1);
    const pkt = buildRtcpReport({
      ssrc: 42,
      cname: 'nodmeld@127.0.0.1',
      wallMs: Date.UTC(2026, 11, 7),
      rtpTimestamp: 1234,
      packets: 250,
      octets: 40000,
      sent: true,
      received: stats,
      nowMs: 1000,
    });
    expect(pkt.length % 4).toBe(0);
    const r = readRtcp(pkt)!;
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ type: 'SR', ssrc: 42, packets: 250 });
    expect(r[0]!.blocks[0]).toMatchObject({ ssrc: 7, cumulativeLost: 1 });
    expect(r[0]!.blocks[0]!.fractionLost).toBeGreaterThan(0);
  });

  it('builds an RR when nothing was sent, and refuses malformed RTCP', () => {
    const pkt = buildRtcpReport({
      ssrc: 1,
      cname: 'x',
      wallMs: 0,
      rtpTimestamp: 0,
      packets: 0,
      octets: 0,
      sent: false,
      received: undefined,
      nowMs: 0,
    });
    expect(readRtcp(pkt)![0]).toMatchObject({ type: 'RR', blocks: [] });
    expect(readRtcp(Buffer.from([0x80, 200, 0, 50]))).toBeNull();
    expect(readRtcp(Buffer.alloc(3))).toBeNull();
  });

  it('counts sequence wrap-around as no loss', () => {
    const s = new ReceiveStats();
    for (let i = 0; i < 100; i++) s.take(1, (65500 + i) & 0xffff, i * 160, i * 160);
    expect(s.lost).toBe(0);
    expect(s.extendedMax).toBe(65536 + 63);
  });
});
