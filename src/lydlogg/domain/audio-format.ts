/**
 * PURE: checks a recording's bytes as they stream in (issue 12; docs/lydlogg.md, "Formats"),
 * holding only header bytes — never the audio — in memory:
 *
 * - WAV (RIFF/WAVE): a `fmt ` chunk before the `data` chunk; PCM 16-bit (format 1), G.711 A-law
 *   (6) or µ-law (7), also inside WAVE_FORMAT_EXTENSIBLE; channels and codec as declared. The data
 *   chunk must be as long as its header says (a cut file is refused), in whole sample frames.
 * - raw G.711 (`audio/PCMU`, `audio/PCMA`, `audio/basic`, or `application/octet-stream` with the
 *   codec declared): any non-empty bytes; 8000 Hz, one byte per sample and channel.
 * - Ogg/Opus: Ogg pages (capture pattern, version 0, CRC-32 checked, page sequence without gaps),
 *   the first page beginning the stream with an `OpusHead` packet; the last page must end the
 *   stream (EOS flag) — anything after a cut page is refused.
 *
 * The duration is computed from the audio (data bytes / byte rate; Opus: last granule position
 * minus pre-skip at 48 kHz) and returned by `finish`, which throws an `AudioProblem` for a file
 * that ends early.
 */

export const CODECS = ['pcm-s16le', 'g711-ulaw', 'g711-alaw', 'opus'] as const;
export type Codec = (typeof CODECS)[number];
export type Container = 'wav' | 'raw' | 'ogg';

/** A reason the audio is refused: a stable code (`recording.audio.*`) and English text. */
export class AudioProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AudioProblem';
  }
}

export interface AudioFacts {
  container: Container;
  codec: Codec;
  channels: number;
  sampleRate: number;
  durationMs: number;
  /** Bytes of the whole file. */
  size: number;
}

export interface AudioChecker {
  push(bytes: Uint8Array): void;
  finish(): AudioFacts;
}

const RAW_TYPES: Record<string, Codec> = {
  'audio/pcmu': 'g711-ulaw',
  'audio/basic': 'g711-ulaw',
  'audio/pcma': 'g711-alaw',
};

/** The container a content type names (null: not a recording format). */
export function containerOf(contentType: string): Container | null {
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  if (t === 'audio/wav' || t === 'audio/wave' || t === 'audio/x-wav' || t === 'audio/vnd.wave') return 'wav';
  if (t === 'audio/ogg' || t === 'audio/opus') return 'ogg';
  if (t in RAW_TYPES || t === 'application/octet-stream') return 'raw';
  return null;
}

/** A checker for the declared container, codec and channels. */
export function audioChecker(
  contentType: string,
  declared: { codec: Codec; channels: number },
): AudioChecker {
  const container = containerOf(contentType);
  if (!container) {
    throw new AudioProblem(
      'recording.audio.unsupported-type',
      `${contentType} is not a recording format: send audio/wav, audio/ogg, audio/PCMU, audio/PCMA or application/octet-stream`,
    );
  }
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  if (container === 'raw') {
    const implied = RAW_TYPES[t];
    if (implied && implied !== declared.codec) throw mismatch(`${t} is ${implied}, not ${declared.codec}`);
    if (declared.codec !== 'g711-ulaw' && declared.codec !== 'g711-alaw') {
      throw mismatch('raw audio is G.711 (g711-ulaw or g711-alaw) only');
    }
    return rawChecker(declared.codec, declared.channels);
  }
  if (container === 'wav') return wavChecker(declared);
  if (declared.codec !== 'opus') throw mismatch('an Ogg recording carries Opus');
  return oggOpusChecker(declared.channels);
}

const mismatch = (why: string) =>
  new AudioProblem('recording.audio.declared-mismatch', `The audio is not as declared: ${why}`);
const truncated = (why: string) =>
  new AudioProblem('recording.audio.truncated', `The audio is cut off: ${why}`);
const malformed = (why: string) =>
  new AudioProblem('recording.audio.malformed', `The audio is malformed: ${why}`);

function rawChecker(codec: Codec, channels: number): AudioChecker {
  let size = 0;
  return {
    push(b) {
      size += b.length;
    },
    finish() {
      if (size === 0) throw truncated('no audio bytes');
      if (size % channels !== 0) throw truncated('the last sample frame is incomplete');
      return {
        container: 'raw',
        codec,
        channels,
        sampleRate: 8000,
        durationMs: Math.round((size / channels / 8000) * 1000),
        size,
      };
    },
  };
}

/** Collects header bytes up to `n`, then hands them over; payload bytes are only counted. */
class Bytes {
  private parts: Uint8Array[] = [];
  length = 0;
  add(b: Uint8Array): void {
    if (b.length === 0) return;
    this.parts.push(b);
    this.length += b.length;
  }
  /** Removes and returns the first `n` bytes (the caller checked `length >= n`). */
  take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const p = this.parts[0]!;
      const k = Math.min(p.length, n - filled);
      out.set(p.subarray(0, k), filled);
      filled += k;
      if (k === p.length) this.parts.shift();
      else this.parts[0] = p.subarray(k);
    }
    this.length -= n;
    return out;
  }
  /** Drops up to `n` bytes, returning how many were dropped. */
  skip(n: number): number {
    let dropped = 0;
    while (dropped < n && this.parts.length > 0) {
      const p = this.parts[0]!;
      const k = Math.min(p.length, n - dropped);
      dropped += k;
      if (k === p.length) this.parts.shift();
      else this.parts[0] = p.subarray(k);
    }
    this.length -= dropped;
    return dropped;
  }
}

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u32 = (b: Uint8Array, o: number) =>
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 2 ** 24;

const WAV_FORMATS: Record<number, { codec: Codec; bits: number }> = {
  1: { codec: 'pcm-s16le', bits: 16 },
  6: { codec: 'g711-alaw', bits: 8 },
  7: { codec: 'g711-ulaw', bits: 8 },
};

function wavChecker(declared: { codec: Codec; channels: number }): AudioChecker {
  const buf = new Bytes();
  let size = 0;
  // riff → chunk header → (fmt body | skip) … → data (counted) → trailing chunks
  let state: 'riff' | 'chunk' | 'fmt' | 'skip' | 'data' = 'riff';
  let want = 12;
  let toSkip = 0;
  let fmt: { channels: number; sampleRate: number; byteRate: number; blockAlign: number } | null = null;
  let dataDeclared = -1;
  let dataSeen = 0;
  let fmtSize = 0;

  const step = (): boolean => {
    if (state === 'skip' || state === 'data') {
      const got = buf.skip(toSkip);
      toSkip -= got;
      if (state === 'data') dataSeen += got;
      if (toSkip > 0) return false;
      state = 'chunk';
      want = 8;
      return true;
    }
    if (buf.length < want) return false;
    const b = buf.take(want);
    if (state === 'riff') {
      if (ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 12) !== 'WAVE') throw malformed('not a RIFF/WAVE file');
      state = 'chunk';
      want = 8;
      return true;
    }
    if (state === 'chunk') {
      const id = ascii(b, 0, 4);
      const n = u32(b, 4);
      if (id === 'fmt ') {
        if (n < 16 || n > 256) throw malformed('the fmt chunk has a bad size');
        state = 'fmt';
        fmtSize = n;
        want = n + (n % 2);
        return true;
      }
      if (id === 'data') {
        if (!fmt) throw malformed('the data chunk comes before the fmt chunk');
        if (dataDeclared >= 0) throw malformed('more than one data chunk');
        dataDeclared = n;
        if (n % fmt.blockAlign !== 0) throw malformed('the data chunk is not whole sample frames');
        state = 'data';
        toSkip = n + (n % 2);
        return true;
      }
      state = 'skip';
      toSkip = n + (n % 2);
      return true;
    }
    // fmt
    let tag = u16(b, 0);
    if (tag === 0xfffe) {
      if (fmtSize < 40) throw malformed('WAVE_FORMAT_EXTENSIBLE without its sub-format');
      tag = u16(b, 24);
    }
    const format = WAV_FORMATS[tag];
    const channels = u16(b, 2);
    const sampleRate = u32(b, 4);
    const byteRate = u32(b, 8);
    const blockAlign = u16(b, 12);
    const bits = u16(b, 14);
    if (!format) {
      throw new AudioProblem(
        'recording.audio.unsupported-codec',
        `WAV format ${tag} is not supported: PCM 16-bit, G.711 A-law or µ-law`,
      );
    }
    if (bits !== format.bits) {
      throw new AudioProblem(
        'recording.audio.unsupported-codec',
        `${format.codec} in WAV has ${format.bits} bits per sample, not ${bits}`,
      );
    }
    if (format.codec !== declared.codec) throw mismatch(`the file is ${format.codec}, not ${declared.codec}`);
    if (channels !== declared.channels)
      throw mismatch(`the file has ${channels} channels, not ${declared.channels}`);
    if (sampleRate < 8000 || sampleRate > 192_000) throw malformed(`sample rate ${sampleRate}`);
    if (blockAlign !== channels * (bits / 8) || byteRate !== sampleRate * blockAlign) {
      throw malformed('the block alignment or byte rate does not match the format');
    }
    fmt = { channels, sampleRate, byteRate, blockAlign };
    state = 'chunk';
    want = 8;
    return true;
  };

  return {
    push(b) {
      size += b.length;
      buf.add(b);
      while (step());
    },
    finish() {
      if (!fmt || dataDeclared < 0) throw truncated('no fmt or data chunk');
      if (dataSeen < dataDeclared) {
        throw truncated(`the data chunk declares ${dataDeclared} bytes, the file has ${dataSeen}`);
      }
      // The data chunk's pad byte may be missing at the very end (some writers leave it out).
      const whole = (state === 'chunk' && buf.length === 0) || (state === 'data' && dataSeen >= dataDeclared);
      if (!whole) throw truncated('a chunk after the data is cut off');
      if (dataDeclared === 0) throw truncated('no audio bytes');
      return {
        container: 'wav',
        codec: declared.codec,
        channels: fmt.channels,
        sampleRate: fmt.sampleRate,
        durationMs: Math.round((dataDeclared / fmt.byteRate) * 1000),
        size,
      };
    },
  };
}

/** Ogg's CRC-32: polynomial 0x04c11db7, not reflected, initial 0. */
const OGG_CRC = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

export function oggCrc(bytes: Uint8Array, crc = 0): number {
  let c = crc;
  for (const b of bytes) c = ((c << 8) ^ OGG_CRC[((c >>> 24) ^ b) & 0xff]!) >>> 0;
  return c >>> 0;
}

function oggOpusChecker(declaredChannels: number): AudioChecker {
  const buf = new Bytes();
  let size = 0;
  let pages = 0;
  let serial = -1;
  let seq = -1;
  let eos = false;
  let preSkip = 0;
  let channels = 0;
  let granule = 0;
  let header: Uint8Array | null = null;

  const step = (): boolean => {
    if (!header) {
      if (buf.length < 27) return false;
      const fixed = buf.take(27);
      if (ascii(fixed, 0, 4) !== 'OggS' || fixed[4] !== 0) throw malformed('not an Ogg page');
      if (eos) throw malformed('a page after the end of the stream');
      header = fixed;
      return true;
    }
    const nsegs = header[26]!;
    if (header.length === 27) {
      if (buf.length < nsegs) return false;
      const table = buf.take(nsegs);
      const h = new Uint8Array(27 + nsegs);
      h.set(header);
      h.set(table, 27);
      header = h;
      return true;
    }
    let body = 0;
    for (let i = 0; i < nsegs; i++) body += header[27 + i]!;
    if (buf.length < body) return false;
    const payload = buf.take(body);
    // CRC over the page with its CRC field zeroed.
    const stored = u32(header, 22);
    const h = header.slice();
    h.fill(0, 22, 26);
    if (oggCrc(payload, oggCrc(h)) !== stored) throw malformed(`Ogg page ${pages} fails its CRC`);
    const flags = header[5]!;
    const pageSerial = u32(header, 14);
    const pageSeq = u32(header, 18);
    if (pages === 0) {
      if (!(flags & 0x02)) throw malformed('the first Ogg page does not begin a stream');
      if (payload.length < 19 || ascii(payload, 0, 8) !== 'OpusHead')
        throw mismatch('the Ogg stream is not Opus');
      if (payload[8] !== 1) throw malformed(`OpusHead version ${payload[8]}`);
      channels = payload[9]!;
      preSkip = u16(payload, 10);
      if (channels !== declaredChannels) {
        throw mismatch(`the file has ${channels} channels, not ${declaredChannels}`);
      }
      serial = pageSerial;
    } else {
      if (pageSerial !== serial) throw malformed('more than one logical Ogg stream');
      if (pageSeq !== seq + 1) throw truncated(`Ogg page ${seq + 1} is missing`);
    }
    seq = pageSeq;
    // -1 (all ones): no packet ends on this page.
    const lo = u32(header, 6);
    const hi = u32(header, 10);
    if (!(lo === 0xffffffff && hi === 0xffffffff)) granule = hi * 2 ** 32 + lo;
    if (flags & 0x04) eos = true;
    pages++;
    header = null;
    return true;
  };

  return {
    push(b) {
      size += b.length;
      buf.add(b);
      while (step());
    },
    finish() {
      if (header || buf.length > 0) throw truncated('the last Ogg page is cut off');
      if (pages === 0) throw truncated('no Ogg pages');
      if (!eos) throw truncated('the Ogg stream does not end (no end-of-stream page)');
      return {
        container: 'ogg',
        codec: 'opus',
        channels,
        sampleRate: 48_000,
        durationMs: Math.max(0, Math.round(((granule - preSkip) / 48_000) * 1000)),
        size,
      };
    },
  };
}
