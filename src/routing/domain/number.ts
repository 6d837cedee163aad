/** Phone-number normalisation and the deterministic overflow hash (RT-1, RT-2, RT-6). */

/** The national out-of-hours number (RT-1). */
export const NATIONAL_NUMBER = '116117';

/**
 * Normalises a dialled or calling number to the national significant number: drops spaces and
 * punctuation, the +47 / 0047 country code (and a bare "47" in front of 8 digits); other
 * international numbers keep their "00" prefix so no Norwegian series matches them. Allocation-
 * free for numbers that are already digits only.
 */
export function normaliseNumber(raw: string): string {
  let digits = raw;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) {
      digits = stripNonDigits(raw);
      break;
    }
  }
  if (digits.length > 4 && digits.startsWith('0047')) return digits.slice(4);
  if (digits.length === 10 && digits.startsWith('47')) return digits.slice(2);
  return digits;
}

function stripNonDigits(raw: string): string {
  let out = '';
  let seenDigit = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      out += raw[i];
      seenDigit = true;
    } else if (c === 43 /* + */ && !seenDigit) {
      out += '00';
    }
  }
  return out;
}

/**
 * Deterministic pick in [0, n) from a key (32-bit FNV-1a): the overflow choice (RT-6) when no
 * random source is given (the key is the calling number and the call's instant).
 */
export function hashPick(key: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % n;
}
