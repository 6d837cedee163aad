/**
 * PURE: the waveform rule (issue 12; docs/lydlogg.md, "Waveform") — for each of `points` equal
 * stretches of time, the largest absolute sample (0–1) over all channels, rounded to 3 decimals —
 * shared by the server, which decodes WAV and G.711 as they stream (waveform.ts), and the browser,
 * which has Opus decoded by WebAudio (web/src/features/lydlogg/browser-waveform.ts). Which codecs
 * the server decodes is stated here once.
 */
import type { Codec } from './audio-format.ts';

export const MAX_POINTS = 10_000;

/** Whether the server computes a codec's waveform; Opus is decoded in the browser instead. */
export const waveformOnServer = (codec: Codec): boolean => codec !== 'opus';

/** The number of points asked for, whole and within 1…MAX_POINTS. */
export const pointsOf = (points: number): number =>
  Math.max(1, Math.min(MAX_POINTS, Math.floor(Number.isFinite(points) ? points : 1)));

/** The stretch (0…points−1) that sample frame `frame` of `totalFrames` falls in. */
export const bucketOf = (frame: number, points: number, totalFrames: number): number =>
  Math.min(points - 1, Math.floor((frame * points) / Math.max(1, totalFrames)));

/** The peaks as sent: at most 1, rounded to 3 decimals. */
export const roundedPeaks = (peaks: Float32Array): number[] =>
  Array.from(peaks, (v) => Math.round(Math.min(1, v) * 1000) / 1000);

/**
 * The peaks of decoded audio: one array of samples (−1…1) per channel, all of one length (as the
 * channels of a WebAudio AudioBuffer).
 */
export function peaksOfChannels(channels: readonly Float32Array[], points: number): number[] {
  const n = pointsOf(points);
  const peaks = new Float32Array(n);
  const total = channels.reduce((m, c) => Math.max(m, c.length), 0);
  for (const samples of channels) {
    // Stretch by stretch: the frames of stretch b are those f with floor(f·n/total) = b.
    let f = 0;
    for (let b = 0; b < n && f < samples.length; b++) {
      const end = b === n - 1 ? samples.length : Math.min(samples.length, Math.ceil(((b + 1) * total) / n));
      let peak = peaks[b]!;
      for (; f < end; f++) {
        const v = Math.abs(samples[f]!);
        if (v > peak) peak = v;
      }
      peaks[b] = peak;
    }
  }
  return roundedPeaks(peaks);
}
