/**
 * G.711 (ITU-T G.711, 1988): 16-bit linear PCM to and from 8-bit A-law and µ-law, the codecs every
 * telephone network speaks (RTP payload types 8 PCMA and 0 PCMU, RFC 3551). PURE.
 *
 * The segment (exponent) and the four mantissa bits are taken from the 13-bit (A-law) or 14-bit
 * (µ-law) magnitude as the recommendation's tables define them; A-law's even bits are inverted
 * (XOR 0x55) and µ-law's whole byte (XOR 0xFF), so silence is 0xD5 / 0xFF on the wire. Decoding
 * gives the middle of each quantisation step. Encoding and decoding go through 256- and
 * 65,536-entry tables made once (a voice prompt of minutes is encoded in milliseconds).
 */

const MULAW_BIAS = 0x84;
const MULAW_CLIP = 32635;

function encodeMulawSample(pcm: number): number {
  let sign = 0;
  let s = pcm;
  if (s < 0) {
    sign = 0x80;
    s = -s;
  }
  if (s > MULAW_CLIP) s = MULAW_CLIP;
  s += MULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function decodeMulawSample(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

function encodeAlawSample(pcm: number): number {
  let sign = 0x80;
  let s = pcm;
  if (s < 0) {
    sign = 0;
    s = -s - 1;
  }
  s >>= 3; // 13-bit magnitude
  if (s > 0xfff) s = 0xfff;
  let byte: number;
  if (s < 32) byte = s >> 1;
  else {
    let exponent = 1;
    while (s >= 64 << (exponent - 1) && exponent < 7) exponent++;
    byte = (exponent << 4) | ((s >> exponent) & 0x0f);
  }
  return (sign | byte) ^ 0x55;
}

function decodeAlawSample(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

export type G711Law = 'alaw' | 'mulaw';

const DECODE: Record<G711Law, Int16Array> = {
  alaw: Int16Array.from({ length: 256 }, (_, b) => decodeAlawSample(b)),
  mulaw: Int16Array.from({ length: 256 }, (_, b) => decodeMulawSample(b)),
};

let encodeTables: Record<G711Law, Uint8Array> | null = null;
function encodeTable(law: G711Law): Uint8Array {
  encodeTables ??= {
    alaw: Uint8Array.from({ length: 65536 }, (_, i) => encodeAlawSample(i - 32768)),
    mulaw: Uint8Array.from({ length: 65536 }, (_, i) => encodeMulawSample(i - 32768)),
  };
  return encodeTables[law];
}

/** One 16-bit sample as a G.711 byte. */
export function encodeSample(law: G711Law, pcm: number): number {
  return law === 'alaw' ? encodeAlawSample(pcm) : encodeMulawSample(pcm);
}

/** One G.711 byte as a 16-bit sample. */
export function decodeSample(law: G711Law, byte: number): number {
  return DECODE[law][byte & 0xff]!;
}

/** 16-bit linear PCM to G.711, one byte per sample. */
export function encodeG711(law: G711Law, pcm: Int16Array): Uint8Array {
  const table = encodeTable(law);
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = table[pcm[i]! + 32768]!;
  return out;
}

/** G.711 to 16-bit linear PCM. */
export function decodeG711(law: G711Law, bytes: Uint8Array): Int16Array {
  const table = DECODE[law];
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]!]!;
  return out;
}
