/**
 * Test audio: WAV files (PCM 16-bit, G.711), raw G.711 and Ogg/Opus streams built byte by byte,
 * so the tests need no sample files.
 */
import { oggCrc } from '../domain/audio-format.ts';

/** A WAV file: `format` 1 (PCM 16-bit), 6 (A-law) or 7 (µ-law); `frames` sample frames of a tone. */
export function wav(opts: {
  format?: 1 | 6 | 7;
  channels?: number;
  sampleRate?: number;
  frames: number;
  seed?: number;
}): Buffer {
  const format = opts.format ?? 1;
  const channels = opts.channels ?? 1;
  const rate = opts.sampleRate ?? 8000;
  const bytesPerSample = format === 1 ? 2 : 1;
  const blockAlign = channels * bytesPerSample;
  const data = Buffer.alloc(opts.frames * blockAlign);
  let x = opts.seed ?? 1;
  for (let i = 0; i < data.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = x >>> 24;
  }
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(format, 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * blockAlign, 8);
  fmt.writeUInt16LE(blockAlign, 12);
  fmt.writeUInt16LE(bytesPerSample * 8, 14);
  const chunk = (id: string, body: Buffer) => {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(body.length, 4);
    return Buffer.concat([h, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const body = Buffer.concat([
    Buffer.from('WAVE', 'latin1'),
    chunk('fmt ', fmt),
    chunk('LIST', Buffer.from('INFOxxxx', 'latin1')),
    chunk('data', data),
  ]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

function oggPage(opts: {
  flags: number;
  granule: bigint;
  serial: number;
  seq: number;
  payload: Buffer;
}): Buffer {
  const segs: number[] = [];
  let n = opts.payload.length;
  while (n >= 255) {
    segs.push(255);
    n -= 255;
  }
  segs.push(n);
  const h = Buffer.alloc(27 + segs.length);
  h.write('OggS', 0, 'latin1');
  h[4] = 0;
  h[5] = opts.flags;
  h.writeBigUInt64LE(opts.granule, 6);
  h.writeUInt32LE(opts.serial, 14);
  h.writeUInt32LE(opts.seq, 18);
  h[26] = segs.length;
  segs.forEach((s, i) => (h[27 + i] = s));
  const crc = oggCrc(opts.payload, oggCrc(h));
  h.writeUInt32LE(crc, 22);
  return Buffer.concat([h, opts.payload]);
}

/**
 * An Ogg/Opus stream: OpusHead, OpusTags, `packets` audio pages of 20 ms each, the last with EOS.
 * The packets are filler bytes (`packet`: these bytes in every one instead), not encoded audio:
 * for a real Opus recording see fixtures/silence-then-tone.opus.
 */
export function oggOpus(opts: {
  channels?: number;
  packets: number;
  preSkip?: number;
  packet?: Buffer;
}): Buffer {
  const channels = opts.channels ?? 1;
  const preSkip = opts.preSkip ?? 312;
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head[8] = 1;
  head[9] = channels;
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(48000, 12);
  const tags = Buffer.concat([Buffer.from('OpusTags', 'latin1'), Buffer.alloc(8)]);
  const serial = 0x1234;
  const pages = [
    oggPage({ flags: 2, granule: 0n, serial, seq: 0, payload: head }),
    oggPage({ flags: 0, granule: 0n, serial, seq: 1, payload: tags }),
  ];
  for (let i = 0; i < opts.packets; i++) {
    const payload = opts.packet ?? Buffer.alloc(40 + (i % 7), i & 0xff);
    pages.push(
      oggPage({
        flags: i === opts.packets - 1 ? 4 : 0,
        granule: BigInt(preSkip + (i + 1) * 960),
        serial,
        seq: i + 2,
        payload,
      }),
    );
  }
  return Buffer.concat(pages);
}

/** Yields `bytes` in pieces of `size` (a network stream). */
export async function* pieces(bytes: Uint8Array, size = 1000): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}
