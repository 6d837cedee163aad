/**
 * WAV (RIFF WAVE) files of telephone audio: read the format and the samples of a whole file in
 * memory (a voice prompt is seconds long), write 16-bit PCM. PURE. Chunks are walked by their
 * sizes (padded to even lengths); unknown chunks (LIST, fact …) are skipped. A file whose data
 * chunk is shorter than it says is refused, not played short.
 */

export type WavEncoding = 'pcm16' | 'alaw' | 'mulaw';

export interface WavAudio {
  encoding: WavEncoding;
  sampleRate: number;
  channels: number;
  /** The data chunk's bytes (16-bit little-endian samples, or one G.711 byte per sample). */
  data: Uint8Array;
  /** Samples per channel. */
  frames: number;
}

export class WavError extends Error {
  override name = 'WavError';
}

const FORMAT_PCM = 1;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

const tag = (b: Uint8Array, at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);

/** Reads a WAV file; throws a WavError saying what is wrong. */
export function readWav(bytes: Uint8Array): WavAudio {
  if (bytes.length < 12 || tag(bytes, 0) !== 'RIFF' || tag(bytes, 8) !== 'WAVE')
    throw new WavError('not a WAV file (no RIFF/WAVE header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: { format: number; channels: number; sampleRate: number; bits: number } | null = null;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + size > bytes.length) throw new WavError('the fmt chunk is cut short');
      let format = view.getUint16(body, true);
      if (format === FORMAT_EXTENSIBLE && size >= 26) format = view.getUint16(body + 24, true);
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw new WavError('the data chunk comes before the fmt chunk');
      if (body + size > bytes.length)
        throw new WavError(
          `the data chunk says ${size} bytes but the file ends after ${bytes.length - body}`,
        );
      const encoding: WavEncoding | null =
        fmt.format === FORMAT_PCM && fmt.bits === 16
          ? 'pcm16'
          : fmt.format === FORMAT_ALAW && fmt.bits === 8
            ? 'alaw'
            : fmt.format === FORMAT_MULAW && fmt.bits === 8
              ? 'mulaw'
              : null;
      if (!encoding)
        throw new WavError(`format ${fmt.format} with ${fmt.bits} bits is not 16-bit PCM, A-law or µ-law`);
      if (fmt.channels < 1) throw new WavError('no channels');
      const bytesPerFrame = (encoding === 'pcm16' ? 2 : 1) * fmt.channels;
      return {
        encoding,
        sampleRate: fmt.sampleRate,
        channels: fmt.channels,
        data: bytes.subarray(body, body + size),
        frames: Math.floor(size / bytesPerFrame),
      };
    }
    at = body + size + (size % 2);
  }
  throw new WavError(fmt ? 'no data chunk' : 'no fmt chunk');
}

/** The samples of 16-bit PCM data (little-endian), copied into their own array. */
export function pcm16Samples(audio: WavAudio): Int16Array {
  if (audio.encoding !== 'pcm16') throw new WavError(`not 16-bit PCM but ${audio.encoding}`);
  const out = new Int16Array(Math.floor(audio.data.length / 2));
  const view = new DataView(audio.data.buffer, audio.data.byteOffset, audio.data.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/** A mono 16-bit PCM WAV file of `samples`. */
export function writeWavPcm16(samples: Int16Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(out.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i]!, true);
  return out;
}
