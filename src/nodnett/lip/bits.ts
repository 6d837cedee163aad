/**
 * Bit-level reading and writing, most significant bit first, as TETRA PDUs are laid out
 * (ETSI EN 300 392-2 §14.7 and TS 100 392-18-1 §6: the first bit sent is the most significant bit
 * of the first octet). PURE: no imports.
 *
 * The reader does no bounds checks of its own: the decoder checks that a field fits before it
 * reads it (so that the error can name the field), and bytes past the end read as zero.
 */

/** Reads `n` (1…25) bits starting at bit `offset` of `bytes`, as an unsigned integer. */
export function readBits(bytes: Uint8Array, offset: number, n: number): number {
  const i = offset >>> 3;
  // Four octets hold any 25-bit field at any bit offset (25 + 7 ≤ 32).
  const word =
    ((bytes[i] ?? 0) * 0x1000000 +
      ((bytes[i + 1] ?? 0) << 16) +
      ((bytes[i + 2] ?? 0) << 8) +
      (bytes[i + 3] ?? 0)) >>>
    0;
  const shift = 32 - (offset & 7) - n;
  return (word >>> shift) & (n === 32 ? 0xffffffff : (1 << n) - 1);
}

/** Reads `n` (1…25) bits as a two's-complement signed integer. */
export function readSignedBits(bytes: Uint8Array, offset: number, n: number): number {
  const v = readBits(bytes, offset, n);
  const sign = 1 << (n - 1);
  return v >= sign ? v - 2 * sign : v;
}

/** Collects fields bit by bit, most significant bit first; `toBytes` pads the last octet with zeros. */
export class BitWriter {
  private readonly bits: number[] = [];

  /** Appends the low `n` bits of `value` (an integer; negative values as two's complement). */
  write(value: number, n: number): this {
    for (let b = n - 1; b >= 0; b -= 1) this.bits.push(Math.floor(value / 2 ** b) & 1);
    return this;
  }

  get length(): number {
    return this.bits.length;
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(Math.ceil(this.bits.length / 8));
    this.bits.forEach((bit, i) => {
      if (bit) out[i >>> 3]! |= 0x80 >>> (i & 7);
    });
    return out;
  }
}
