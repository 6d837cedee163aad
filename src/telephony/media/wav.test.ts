import { describe, expect, it } from 'vitest';
import { pcm16Samples, readWav, WavError, writeWavPcm16 } from './wav.ts';

describe('WAV files of telephone audio', () => {
  const samples = Int16Array.from([0, 1000, -1000, 32767, -32768]);

  it('writes 16-bit mono PCM and reads it back sample for sample', () => {
    const audio = readWav(writeWavPcm16(samples, 8000));
    expect(audio).toMatchObject({ encoding: 'pcm16', sampleRate: 8000, channels: 1, frames: 5 });
    expect([...pcm16Samples(audio)]).toEqual([...samples]);
  });

  it('skips chunks it does not know (LIST) and reads G.711 formats (6 A-law, 7 µ-law)', () => {
    const file = writeWavPcm16(samples, 8000);
    const list = Uint8Array.from([...'LIST'].map((c) => c.charCodeAt(0)).concat([3, 0, 0, 0, 1, 2, 3, 0]));
    const withList = new Uint8Array([...file.subarray(0, 36), ...list, ...file.subarray(36)]);
    expect(pcm16Samples(readWav(withList))).toEqual(samples);
    const alaw = writeWavPcm16(samples, 8000);
    new DataView(alaw.buffer).setUint16(20, 6, true);
    new DataView(alaw.buffer).setUint16(34, 8, true);
    expect(readWav(alaw)).toMatchObject({ encoding: 'alaw', frames: 10 });
  });

  it('refuses what is not a WAV file, a cut-short data chunk and formats it cannot play', () => {
    expect(() => readWav(new TextEncoder().encode('not audio at all'))).toThrow(WavError);
    const file = writeWavPcm16(samples, 8000);
    expect(() => readWav(file.subarray(0, file.length - 2))).toThrow(
      /data chunk says 10 bytes but the file ends after 8/,
    );
    const float = writeWavPcm16(samples, 8000);
    new DataView(float.buffer).setUint16(20, 3, true);
    expect(() => readWav(float)).toThrow(/format 3 with 16 bits/);
    expect(() => readWav(file.subarray(0, 36))).toThrow(/no data chunk/);
  });
});
