import { describe, expect, it } from 'vitest';
import { decodeG711, decodeSample, encodeG711, encodeSample, type G711Law } from './g711.ts';

/** Half the quantisation step of the segment a 16-bit magnitude falls in (G.711's tables). */
const halfStep: Record<G711Law, (magnitude: number) => number> = {
  // A-law: steps of 16 below 512 (segments 0 and 1), then 32, 64 … 1,024: segment k ≥ 1 starts at 256·2^(k−1).
  alaw: (m) => (m < 512 ? 8 : 8 << Math.min(6, Math.floor(Math.log2(m / 256)))),
  // µ-law: with the bias of 132, segment e holds 128·2^e ≤ m + 132 < 256·2^e, in steps of 8·2^e.
  mulaw: (m) => 4 << Math.min(7, Math.floor(Math.log2((m + 132) / 128))),
};

describe('G.711 A-law and µ-law (issue 13: prompts as the telephone network plays them)', () => {
  it('silence is 0xD5 in A-law and 0xFF in µ-law, as on the wire', () => {
    expect(encodeSample('alaw', 0)).toBe(0xd5);
    expect(encodeSample('mulaw', 0)).toBe(0xff);
    expect(decodeSample('alaw', 0xd5)).toBe(8);
    expect(decodeSample('alaw', 0x55)).toBe(-8);
    expect(decodeSample('mulaw', 0xff)).toBe(0);
    expect(decodeSample('mulaw', 0x7f)).toBe(0);
  });

  it('the loudest codes decode to the tables’ end points (A-law ±32256, µ-law ±32124)', () => {
    expect(decodeSample('alaw', 0xaa)).toBe(32256);
    expect(decodeSample('alaw', 0x2a)).toBe(-32256);
    expect(decodeSample('mulaw', 0x80)).toBe(32124);
    expect(decodeSample('mulaw', 0x00)).toBe(-32124);
    expect(encodeSample('alaw', 32767)).toBe(0xaa);
    expect(encodeSample('alaw', -32768)).toBe(0x2a);
    expect(encodeSample('mulaw', 32767)).toBe(0x80);
    expect(encodeSample('mulaw', -32768)).toBe(0x00);
  });

  for (const law of ['alaw', 'mulaw'] as G711Law[]) {
    it(`${law}: every byte decodes and encodes back to itself (the decoded value is in its own step)`, () => {
      for (let b = 0; b < 256; b++) {
        const pcm = decodeSample(law, b);
        const again = encodeSample(law, pcm);
        // µ-law has two codes for zero (0x7F and 0xFF): both decode to 0, which encodes as 0xFF.
        expect(decodeSample(law, again)).toBe(pcm);
      }
    });

    it(`${law}: encoding is monotonic, and the error stays within half a step of the value's segment`, () => {
      let previous = -Infinity;
      for (let s = -32768; s <= 32767; s += 7) {
        const decoded = decodeSample(law, encodeSample(law, s));
        expect(decoded).toBeGreaterThanOrEqual(previous);
        previous = decoded;
        const error = Math.abs(decoded - s);
        // The clipped ends (beyond the last step's middle) are the only larger errors.
        if (Math.abs(s) < 32000) expect(error).toBeLessThanOrEqual(halfStep[law](Math.abs(s)) + 1);
      }
    });

    it(`${law}: whole buffers through the tables equal the sample functions`, () => {
      const pcm = Int16Array.from({ length: 8000 }, (_, i) =>
        Math.round(20000 * Math.sin((2 * Math.PI * 440 * i) / 8000)),
      );
      const bytes = encodeG711(law, pcm);
      expect(bytes.length).toBe(8000);
      for (let i = 0; i < 8000; i += 97) expect(bytes[i]).toBe(encodeSample(law, pcm[i]!));
      const back = decodeG711(law, bytes);
      for (let i = 0; i < 8000; i += 97) expect(back[i]).toBe(decodeSample(law, bytes[i]!));
    });
  }
});
