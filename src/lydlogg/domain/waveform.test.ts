import { describe, expect, it } from 'vitest';
import { wav } from '../testing/audio.ts';
import { alawToLinear, ulawToLinear, WaveformBuilder, WaveformUnsupported } from './waveform.ts';

/** A 16-bit mono WAV whose first half is silent and second half at half scale. */
function halfLoud(frames: number): Buffer {
  const file = wav({ frames });
  const data = file.length - frames * 2;
  for (let i = 0; i < frames; i++)
    file.writeInt16LE(i < frames / 2 ? 0 : i % 2 ? 16384 : -16384, data + i * 2);
  return file;
}

function feed(b: WaveformBuilder, bytes: Buffer, sizes: number[]): void {
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    b.push(bytes.subarray(at, at + n));
    at += n;
  }
}

describe('waveform peaks, computed as the audio streams (issue 12)', () => {
  it('PCM 16-bit WAV: silence then half scale, in pieces that split the header and samples anywhere', () => {
    const file = halfLoud(8000);
    for (const sizes of [[file.length], [1], [3, 7, 1], [4096]]) {
      const b = new WaveformBuilder({
        container: 'wav',
        codec: 'pcm-s16le',
        channels: 1,
        size: file.length,
        points: 4,
      });
      feed(b, file, sizes);
      expect(b.finish()).toEqual({ points: 4, peaks: [0, 0, 0.5, 0.5] });
    }
  });

  it('G.711: the standard decoding of µ-law and A-law; raw G.711 files by their size', () => {
    expect(ulawToLinear(0xff)).toBe(0);
    expect(ulawToLinear(0x00)).toBe(-32124);
    expect(ulawToLinear(0x80)).toBe(32124);
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0x55)).toBe(-8);
    expect(alawToLinear(0x2a)).toBe(-32256);
    const raw = Buffer.concat([Buffer.alloc(100, 0xff), Buffer.alloc(100, 0x80)]);
    const b = new WaveformBuilder({
      container: 'raw',
      codec: 'g711-ulaw',
      channels: 1,
      size: raw.length,
      points: 2,
    });
    b.push(raw);
    expect(b.finish().peaks).toEqual([0, 0.98]);
    const a = new WaveformBuilder({ container: 'wav', codec: 'g711-alaw', channels: 2, size: 0, points: 2 });
    a.push(wav({ format: 6, channels: 2, frames: 800 }));
    expect(a.finish().peaks).toHaveLength(2);
  });

  it('Opus is not decoded on the server (the browser does): a clear refusal', () => {
    expect(
      () => new WaveformBuilder({ container: 'ogg', codec: 'opus', channels: 1, size: 10, points: 10 }),
    ).toThrow(WaveformUnsupported);
  });
});
