/**
 * PURE: the waveform of a recording on the server — for each of `points` equal stretches of time,
 * the largest absolute sample (0–1) over all channels (the rule of peaks.ts) — computed as the
 * audio streams by, in bounded memory (a few header bytes and one array of `points` numbers). WAV
 * (PCM 16-bit, G.711 A-law, µ-law) and raw G.711 are decoded here; Opus is not (no decoder without
 * a new package: the browser decodes it, peaks.ts `waveformOnServer`), so `WaveformUnsupported`.
 */
import type { Codec, Container } from './audio-format.ts';
import { bucketOf, pointsOf, roundedPeaks, waveformOnServer } from './peaks.ts';

export class WaveformUnsupported extends Error {
  constructor(codec: string) {
    super(`No waveform for ${codec} audio from the server (the browser decodes it)`);
    this.name = 'WaveformUnsupported';
  }
}

/** G.711 µ-law byte → linear sample (−32124…32124). */
export function ulawToLinear(u: number): number {
  const x = ~u & 0xff;
  const t = (((x & 0x0f) << 3) + 0x84) << ((x & 0x70) >> 4);
  return x & 0x80 ? 0x84 - t : t - 0x84;
}

/** G.711 A-law byte → linear sample (−32256…32256). */
export function alawToLinear(a: number): number {
  const x = a ^ 0x55;
  const seg = (x & 0x70) >> 4;
  let t = (x & 0x0f) << 4;
  t = seg === 0 ? t + 8 : seg === 1 ? t + 0x108 : (t + 0x108) << (seg - 1);
  return x & 0x80 ? t : -t;
}

const ULAW = Float32Array.from({ length: 256 }, (_, i) => Math.abs(ulawToLinear(i)) / 32768);
const ALAW = Float32Array.from({ length: 256 }, (_, i) => Math.abs(alawToLinear(i)) / 32768);

export interface WaveformInput {
  container: Container;
  codec: Codec;
  channels: number;
  /** Bytes of the whole stored file (raw G.711: all audio). */
  size: number;
  points: number;
}

export interface Waveform {
  points: number;
  /** Largest absolute sample per stretch, 0–1, rounded to 3 decimals. */
  peaks: number[];
}

/** Feeds the stored bytes in order (`push`), then `finish()` gives the waveform. */
export class WaveformBuilder {
  private readonly peaks: Float32Array;
  private head: Buffer = Buffer.alloc(0);
  private inData = false;
  private dataLeft = 0;
  private totalFrames = 0;
  private frame = 0;
  private sampleInFrame = 0;
  private codec: Codec;
  private channels: number;
  private bytesPerSample = 1;
  /** An odd byte of a 16-bit sample split between two pieces. */
  private carry: number | null = null;
  private readonly n: number;

  constructor(private readonly input: WaveformInput) {
    if (!waveformOnServer(input.codec) || input.container === 'ogg')
      throw new WaveformUnsupported(input.codec);
    this.codec = input.codec;
    this.channels = Math.max(1, input.channels);
    this.n = pointsOf(input.points);
    this.peaks = new Float32Array(this.n);
    if (input.container === 'raw') this.startData(input.size);
  }

  private startData(bytes: number): void {
    this.bytesPerSample = this.codec === 'pcm-s16le' ? 2 : 1;
    this.inData = true;
    this.dataLeft = bytes;
    this.totalFrames = Math.max(1, Math.floor(bytes / (this.bytesPerSample * this.channels)));
  }

  push(bytes: Uint8Array): void {
    let b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (!this.inData) {
      this.head = Buffer.concat([this.head, b]);
      const at = this.findData();
      if (at === null) {
        if (this.head.length > 1024 * 1024) throw new Error('No data chunk in the first MiB of the WAV file');
        return;
      }
      b = this.head.subarray(at);
      this.head = Buffer.alloc(0);
    }
    this.samples(b);
  }

  /** Walks the RIFF chunks in `head`; at `data`, starts the samples and returns their offset. */
  private findData(): number | null {
    const h = this.head;
    if (h.length < 12) return null;
    let at = 12;
    while (at + 8 <= h.length) {
      const id = h.toString('latin1', at, at + 4);
      const len = h.readUInt32LE(at + 4);
      if (id === 'data') {
        this.startData(len);
        return at + 8;
      }
      if (id === 'fmt ') {
        if (at + 8 + 16 > h.length) return null;
        let tag = h.readUInt16LE(at + 8);
        this.channels = Math.max(1, h.readUInt16LE(at + 10));
        if (tag === 0xfffe && at + 8 + 26 <= h.length) tag = h.readUInt16LE(at + 8 + 24);
        this.codec = tag === 6 ? 'g711-alaw' : tag === 7 ? 'g711-ulaw' : 'pcm-s16le';
      }
      at += 8 + len + (len % 2);
    }
    return null;
  }

  private samples(b: Buffer): void {
    const take = Math.min(b.length, this.dataLeft);
    this.dataLeft -= take;
    const n = this.n;
    const total = this.totalFrames;
    const peaks = this.peaks;
    const add = (v: number) => {
      const bucket = bucketOf(this.frame, n, total);
      if (v > peaks[bucket]!) peaks[bucket] = v;
      if (++this.sampleInFrame === this.channels) {
        this.sampleInFrame = 0;
        this.frame++;
      }
    };
    if (this.bytesPerSample === 1) {
      const table = this.codec === 'g711-alaw' ? ALAW : ULAW;
      for (let i = 0; i < take; i++) add(table[b[i]!]!);
      return;
    }
    let i = 0;
    if (this.carry !== null && take > 0) {
      add(Math.abs((((b[0]! << 8) | this.carry) << 16) >> 16) / 32768);
      this.carry = null;
      i = 1;
    }
    for (; i + 1 < take; i += 2) add(Math.abs(b.readInt16LE(i)) / 32768);
    if (i < take) this.carry = b[i]!;
  }

  finish(): Waveform {
    return { points: this.n, peaks: roundedPeaks(this.peaks) };
  }
}
