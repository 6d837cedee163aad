/**
 * Call-progress tones for the B2BUA hand-over (docs/voice.md), as the Norwegian network plays them
 * (ITU-T E.180 Supplement 2, Norway): ringing 425 Hz 1 s on 4 s off; busy 425 Hz 0.5 s on 0.5 s
 * off. Made once per law as G.711 frames; a tone's length is a whole number of 20 ms frames.
 */
import { encodeG711, type G711Law } from './g711.ts';

const RATE = 8000;
const FREQ = 425;
/** About −13 dBm0: clearly heard, never clipped. */
const AMPLITUDE = 6000;

export type ToneKind = 'ringback' | 'busy';

/** On/off cadence in ms, and how many cycles one play of the tone is. */
const CADENCE: Record<ToneKind, { onMs: number; offMs: number; cycles: number }> = {
  ringback: { onMs: 1000, offMs: 4000, cycles: 1 },
  busy: { onMs: 500, offMs: 500, cycles: 3 },
};

/** A tone as 16-bit PCM at 8 kHz. */
export function tonePcm(kind: ToneKind): Int16Array {
  const c = CADENCE[kind];
  const on = (c.onMs * RATE) / 1000;
  const period = ((c.onMs + c.offMs) * RATE) / 1000;
  const out = new Int16Array(period * c.cycles);
  for (let i = 0; i < out.length; i++) {
    const t = i % period;
    out[i] = t < on ? Math.round(AMPLITUDE * Math.sin((2 * Math.PI * FREQ * t) / RATE)) : 0;
  }
  return out;
}

const cache = new Map<string, Uint8Array>();

/** A tone in the call's codec, made once. */
export function toneG711(kind: ToneKind, law: G711Law): Uint8Array {
  const key = `${kind}:${law}`;
  let have = cache.get(key);
  if (!have) cache.set(key, (have = encodeG711(law, tonePcm(kind))));
  return have;
}
