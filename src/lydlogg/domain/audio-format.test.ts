/**
 * The audio check of an upload (issue 12; docs/lydlogg.md, "Formats"): WAV with PCM 16-bit and
 * G.711, raw G.711, Ogg/Opus accepted in any piece sizes with their duration; cut-off, corrupted
 * and mis-declared files refused with a code.
 */
import { describe, expect, it } from 'vitest';
import { audioChecker, AudioProblem, type Codec } from './audio-format.ts';
import { oggOpus, wav } from '../testing/audio.ts';

function check(type: string, codec: Codec, channels: number, bytes: Buffer, piece = 7) {
  const c = audioChecker(type, { codec, channels });
  for (let i = 0; i < bytes.length; i += piece) c.push(bytes.subarray(i, i + piece));
  return c.finish();
}
const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof AudioProblem) return e.code;
    throw e;
  }
  return 'accepted';
};

describe('audio formats of recordings (issue 12)', () => {
  it('accepts WAV PCM 16-bit, A-law and µ-law in any piece sizes, with the duration', () => {
    expect(
      check('audio/wav', 'pcm-s16le', 2, wav({ format: 1, channels: 2, frames: 16000 }), 1),
    ).toMatchObject({
      container: 'wav',
      channels: 2,
      sampleRate: 8000,
      durationMs: 2000,
    });
    expect(check('audio/x-wav', 'g711-alaw', 1, wav({ format: 6, frames: 8000 }), 4096).durationMs).toBe(
      1000,
    );
    expect(check('audio/wave', 'g711-ulaw', 1, wav({ format: 7, frames: 4000 })).durationMs).toBe(500);
  });

  it('refuses a WAV whose data chunk is shorter than declared, or cut inside a header', () => {
    const w = wav({ frames: 8000 });
    expect(codeOf(() => check('audio/wav', 'pcm-s16le', 1, w.subarray(0, w.length - 100)))).toBe(
      'recording.audio.truncated',
    );
    expect(codeOf(() => check('audio/wav', 'pcm-s16le', 1, w.subarray(0, 30)))).toBe(
      'recording.audio.truncated',
    );
    expect(codeOf(() => check('audio/wav', 'pcm-s16le', 1, Buffer.from('RIFF....WAVEjunk')))).toBe(
      'recording.audio.truncated',
    );
  });

  it('refuses what is not declared or not supported', () => {
    expect(codeOf(() => check('audio/wav', 'g711-ulaw', 1, wav({ format: 1, frames: 10 })))).toBe(
      'recording.audio.declared-mismatch',
    );
    expect(codeOf(() => check('audio/wav', 'pcm-s16le', 2, wav({ format: 1, frames: 10 })))).toBe(
      'recording.audio.declared-mismatch',
    );
    expect(codeOf(() => check('audio/wav', 'pcm-s16le', 1, Buffer.from('not a wav file at all')))).toBe(
      'recording.audio.malformed',
    );
    const float = wav({ frames: 10 });
    float.writeUInt16LE(3, 20);
    expect(codeOf(() => check('audio/wav', 'pcm-s16le', 1, float))).toBe('recording.audio.unsupported-codec');
    expect(codeOf(() => audioChecker('audio/mpeg', { codec: 'opus', channels: 1 }))).toBe(
      'recording.audio.unsupported-type',
    );
    expect(codeOf(() => audioChecker('audio/PCMU', { codec: 'g711-alaw', channels: 1 }))).toBe(
      'recording.audio.declared-mismatch',
    );
    expect(codeOf(() => audioChecker('application/octet-stream', { codec: 'pcm-s16le', channels: 1 }))).toBe(
      'recording.audio.declared-mismatch',
    );
  });

  it('accepts raw G.711 with its duration; refuses an empty one', () => {
    expect(check('audio/PCMA', 'g711-alaw', 1, Buffer.alloc(16000))).toMatchObject({
      container: 'raw',
      durationMs: 2000,
    });
    expect(check('application/octet-stream', 'g711-ulaw', 2, Buffer.alloc(16000)).durationMs).toBe(1000);
    expect(codeOf(() => check('audio/PCMU', 'g711-ulaw', 1, Buffer.alloc(0)))).toBe(
      'recording.audio.truncated',
    );
  });

  it('accepts Ogg/Opus with its duration from the last granule; refuses a cut, corrupted or gapped stream', () => {
    const ogg = oggOpus({ packets: 100, channels: 2 });
    expect(check('audio/ogg', 'opus', 2, ogg, 13)).toMatchObject({
      container: 'ogg',
      channels: 2,
      durationMs: 2000,
    });
    // Cut inside the last page, and cut at a page boundary (no end-of-stream page).
    expect(codeOf(() => check('audio/ogg', 'opus', 2, ogg.subarray(0, ogg.length - 10)))).toBe(
      'recording.audio.truncated',
    );
    const noEos = oggOpus({ packets: 100, channels: 2 }).subarray(0, ogg.length - (27 + 1 + 40 + (99 % 7)));
    expect(codeOf(() => check('audio/ogg', 'opus', 2, noEos))).toBe('recording.audio.truncated');
    const corrupt = Buffer.from(ogg);
    corrupt[corrupt.length - 3]! ^= 0xff;
    expect(codeOf(() => check('audio/ogg', 'opus', 2, corrupt))).toBe('recording.audio.malformed');
    expect(codeOf(() => check('audio/ogg', 'opus', 1, ogg))).toBe('recording.audio.declared-mismatch');
  });
});
