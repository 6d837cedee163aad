/**
 * A pcap file (libpcap format, Ethernet/IPv4/UDP) of RFC 4733 telephone-events, for sipp's
 * `play_pcap_audio`: the tests make the DTMF a real peer sends from it instead of keeping a binary
 * capture in the repository. Each key is a start packet, two updates and three end packets with
 * the same RTP timestamp, 20 ms apart; keys are `gapMs` apart.
 */
import { telephoneEventPayload, writeRtp } from './rtp.ts';

const EVENTS = '0123456789*#';

export function dtmfPcap(
  keys: string,
  opts: { payloadType?: number; gapMs?: number; startMs?: number } = {},
): Buffer {
  const pt = opts.payloadType ?? 101;
  const gap = opts.gapMs ?? 250;
  const packets: { ms: number; rtp: Buffer }[] = [];
  let seq = 1000;
  let ms = opts.startMs ?? 0;
  const ssrc = 0x4e4f444d; // "NODM"
  for (const key of keys) {
    const event = EVENTS.indexOf(key);
    if (event < 0) throw new Error(`not a DTMF key: ${key}`);
    const timestamp = 8 * ms;
    const add = (t: number, marker: boolean, end: boolean, duration: number): void => {
      const payload = telephoneEventPayload(event, end, duration);
      const rtp = Buffer.alloc(12 + payload.length);
      writeRtp(rtp, { payloadType: pt, marker, sequence: seq++, timestamp, ssrc }, payload);
      packets.push({ ms: t, rtp });
    };
    add(ms, true, false, 160);
    add(ms + 20, false, false, 320);
    add(ms + 40, false, false, 480);
    for (let i = 0; i < 3; i++) add(ms + 60, false, true, 640);
    ms += gap;
  }
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  const records = packets.map(({ ms: t, rtp }) => {
    const frame = Buffer.alloc(14 + 20 + 8 + rtp.length);
    frame.writeUInt16BE(0x0800, 12);
    const ip = 14;
    frame[ip] = 0x45;
    frame.writeUInt16BE(20 + 8 + rtp.length, ip + 2);
    frame[ip + 8] = 64;
    frame[ip + 9] = 17;
    frame.set([127, 0, 0, 1], ip + 12);
    frame.set([127, 0, 0, 1], ip + 16);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += frame.readUInt16BE(ip + i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    frame.writeUInt16BE(~sum & 0xffff, ip + 10);
    const udp = ip + 20;
    frame.writeUInt16BE(6000, udp);
    frame.writeUInt16BE(6000, udp + 2);
    frame.writeUInt16BE(8 + rtp.length, udp + 4);
    rtp.copy(frame, udp + 8);
    const rec = Buffer.alloc(16);
    rec.writeUInt32LE(Math.floor(t / 1000), 0);
    rec.writeUInt32LE((t % 1000) * 1000, 4);
    rec.writeUInt32LE(frame.length, 8);
    rec.writeUInt32LE(frame.length, 12);
    return Buffer.concat([rec, frame]);
  });
  return Buffer.concat([header, ...records]);
}
