/**
 * The waveform of a recording the server does not decode (Opus; src/lydlogg/domain/peaks.ts
 * `waveformOnServer`), made in the browser (issue 12; docs/lydlogg.md, "Waveform"): the player
 * reads the recording once, whole, from the playback route — that one read is what the access log
 * shows (a playback with its reason), and the audio element plays the same bytes from memory, so
 * there is no second read — and WebAudio's `decodeAudioData` decodes a copy. The decoding is at
 * 8 kHz (telephone audio; about 2 MB of samples per channel and minute, dropped once the peaks are
 * taken), and the peaks follow the server's rule (peaksOfChannels).
 *
 * A decoding that fails (a browser without WebAudio or without Opus, damaged audio) gives no
 * peaks, not an error: the player says the waveform could not be made and plays the audio anyway.
 */
import { peaksOfChannels } from '../../../../src/lydlogg/domain/peaks.ts';
import { recordingsApi } from './api.ts';

/** The rate the browser decodes to for the waveform (WebAudio resamples). */
export const DECODE_RATE = 8000;

/** Peaks of encoded audio as WebAudio decodes it; rejects when it cannot. `encoded` is used up. */
export async function decodedPeaks(encoded: ArrayBuffer, points: number): Promise<number[]> {
  if (typeof OfflineAudioContext === 'undefined') throw new Error('WebAudio is not available');
  const ctx = new OfflineAudioContext({ numberOfChannels: 1, length: 1, sampleRate: DECODE_RATE });
  const audio = await ctx.decodeAudioData(encoded);
  const channels = Array.from({ length: audio.numberOfChannels }, (_, i) => audio.getChannelData(i));
  return peaksOfChannels(channels, points);
}

export interface WholeRecording {
  /** The recording's bytes, for the audio element (an object URL). */
  audio: Blob;
  /** null: the browser could not decode it (the audio may still play). */
  peaks: number[] | null;
}

/** Reads the recording once (a logged playback) and decodes its waveform. */
export async function loadWholeRecording(
  id: string,
  reason: string,
  points: number,
  signal?: AbortSignal,
): Promise<WholeRecording> {
  const { bytes, contentType } = await recordingsApi.audio(id, reason, signal);
  // Kept before decoding: decodeAudioData takes the buffer over (detaches it).
  const audio = new Blob([bytes], { type: contentType || 'audio/ogg' });
  const peaks = await decodedPeaks(bytes, points).catch(() => null);
  return { audio, peaks };
}
