/**
 * The waveform rule shared by the server and the browser (issue 12, LV-5: the player's waveform;
 * docs/lydlogg.md, "Waveform"): the browser's peaks of decoded audio (Opus, by WebAudio) follow the
 * same stretches and rounding as the server's streamed peaks of WAV and G.711.
 */
import { describe, expect, it } from 'vitest';
import { wav } from '../testing/audio.ts';
import { bucketOf, MAX_POINTS, peaksOfChannels, pointsOf, waveformOnServer } from './peaks.ts';
import { WaveformBuilder } from './waveform.ts';

/** The rule sample by sample: each frame's stretch by `bucketOf`, the largest absolute value. */
function byFrame(channels: Float32Array[], points: number): number[] {
  const n = pointsOf(points);
  const total = Math.max(...channels.map((c) => c.length));
  const peaks = new Array<number>(n).fill(0);
  for (const c of channels)
    c.forEach((v, f) => {
      const b = bucketOf(f, n, total);
      peaks[b] = Math.max(peaks[b]!, Math.abs(v));
    });
  return peaks.map((v) => Math.round(Math.min(1, v) * 1000) / 1000);
}

function noise(length: number, seed: number): Float32Array {
  let x = seed;
  return Float32Array.from({ length }, () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return (x / 2 ** 32) * 2 - 1;
  });
}

describe('waveform peaks of decoded audio (issue 12)', () => {
  it('silence then half scale: the quiet half flat, the loud half at 0.5', () => {
    const s = Float32Array.from({ length: 8000 }, (_, i) => (i < 4000 ? 0 : i % 2 ? 0.5 : -0.5));
    expect(peaksOfChannels([s], 4)).toEqual([0, 0, 0.5, 0.5]);
  });

  it('stretch by stretch equals the rule frame by frame, for lengths that do not divide evenly, fewer frames than points and several channels', () => {
    for (const [length, points] of [
      [1000, 300],
      [48_001, 300],
      [7, 10],
      [0, 5],
      [12_345, 1],
    ] as const) {
      const channels = [noise(length, length + 1), noise(length, length + 2)];
      expect(peaksOfChannels(channels, points)).toEqual(byFrame(channels, points));
    }
  });

  it('the loudest channel counts; values above full scale are 1; the points kept within 1…MAX_POINTS', () => {
    const left = new Float32Array([0.1, 0.1, 0.1, 0.1]);
    const right = new Float32Array([0, -0.9, 0, 1.7]);
    expect(peaksOfChannels([left, right], 2)).toEqual([0.9, 1]);
    expect(pointsOf(0)).toBe(1);
    expect(pointsOf(Number.NaN)).toBe(1);
    expect(pointsOf(MAX_POINTS * 2)).toBe(MAX_POINTS);
    expect(peaksOfChannels([new Float32Array(3)], 0)).toEqual([0]);
  });

  it('the browser’s peaks of decoded samples equal the server’s peaks of the same audio as a WAV', () => {
    const file = wav({ frames: 8000, channels: 2, seed: 7 });
    const data = file.length - 8000 * 4;
    const left = new Float32Array(8000);
    const right = new Float32Array(8000);
    for (let i = 0; i < 8000; i++) {
      left[i] = file.readInt16LE(data + i * 4) / 32768;
      right[i] = file.readInt16LE(data + i * 4 + 2) / 32768;
    }
    const server = new WaveformBuilder({
      container: 'wav',
      codec: 'pcm-s16le',
      channels: 2,
      size: 0,
      points: 300,
    });
    server.push(file);
    expect(peaksOfChannels([left, right], 300)).toEqual(server.finish().peaks);
  });

  it('the server decodes WAV and G.711; Opus is left to the browser', () => {
    expect(waveformOnServer('pcm-s16le')).toBe(true);
    expect(waveformOnServer('g711-alaw')).toBe(true);
    expect(waveformOnServer('g711-ulaw')).toBe(true);
    expect(waveformOnServer('opus')).toBe(false);
  });
});
