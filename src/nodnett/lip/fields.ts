/**
 * The LIP information elements this codec understands (ETSI TS 100 392-18-1, clause 6.3), as
 * code ↔ value conversions. PURE: no imports. Every table here is written from the standard's
 * field definitions; docs/nodnett.md lists which ones were cross-checked and where there is doubt.
 */

// ── Longitude / latitude (6.3.50 / 6.3.30): two's-complement fractions of a full turn ─────────

/** Bits of the longitude element: one LSB is 360° / 2^25 ≈ 1.07e-5° (≈ 1.2 m at the equator). */
export const LONGITUDE_BITS = 25;
/** Bits of the latitude element: one LSB is 180° / 2^24 ≈ 1.07e-5° (≈ 1.2 m). */
export const LATITUDE_BITS = 24;
const LON_SCALE = 2 ** LONGITUDE_BITS / 360;
const LAT_SCALE = 2 ** LATITUDE_BITS / 180;

/** Degrees east for a signed longitude code (exact: the code times a power-of-two fraction). */
export const longitudeFromCode = (code: number): number => code / LON_SCALE;
/** Degrees north for a signed latitude code. */
export const latitudeFromCode = (code: number): number => code / LAT_SCALE;

/**
 * The nearest longitude code for degrees east in [-180, 180]. +180° is the same meridian as
 * -180° and is sent as -2^24 (the element's range is -180 … 180 - 1 LSB).
 */
export function longitudeToCode(deg: number): number {
  const c = Math.round(deg * LON_SCALE);
  const half = 2 ** (LONGITUDE_BITS - 1);
  return c >= half ? c - 2 * half : c;
}

/** The nearest latitude code for degrees north in [-90, 90]; +90° is clamped to the largest code (1 LSB short). */
export function latitudeToCode(deg: number): number {
  const c = Math.round(deg * LAT_SCALE);
  const max = 2 ** (LATITUDE_BITS - 1) - 1;
  return c > max ? max : c;
}

// ── Time elapsed (6.3.78), 2 bits ───────────────────────────────────────────────────────────────

/** Upper bound of the fix's age in seconds per time-elapsed code; null = not known / not applicable. */
export const TIME_ELAPSED_MAX_SECONDS: readonly (number | null)[] = [5, 5 * 60, 30 * 60, null];

// ── Position error (6.3.63), 3 bits ─────────────────────────────────────────────────────────────

/**
 * Position error codes: 0 < 2 m, 1 < 20 m, 2 < 200 m, 3 < 2 km, 4 < 20 km, 5 ≤ 200 km,
 * 6 > 200 km, 7 not known. `maxMetres` is the bound; code 6 has none (it is a lower bound).
 */
export const POSITION_ERROR: readonly {
  maxMetres: number | null;
  bound: 'below' | 'at-most' | 'above' | 'unknown';
}[] = [
  { maxMetres: 2, bound: 'below' },
  { maxMetres: 20, bound: 'below' },
  { maxMetres: 200, bound: 'below' },
  { maxMetres: 2_000, bound: 'below' },
  { maxMetres: 20_000, bound: 'below' },
  { maxMetres: 200_000, bound: 'at-most' },
  { maxMetres: null, bound: 'above' },
  { maxMetres: null, bound: 'unknown' },
];

/** The smallest position-error code whose bound covers `metres` (7 = not known for null). */
export function positionErrorToCode(metres: number | null): number {
  if (metres === null || !Number.isFinite(metres) || metres < 0) return 7;
  for (let code = 0; code <= 4; code += 1) if (metres < POSITION_ERROR[code]!.maxMetres!) return code;
  return metres <= 200_000 ? 5 : 6;
}

// ── Horizontal velocity (6.3.17), 7 bits, non-linear ───────────────────────────────────────────

/** Velocity code meaning "not known". */
export const VELOCITY_UNKNOWN = 127;
/** Highest code with a formula value; the code above it (126) means "more than" that. */
const VELOCITY_MAX_EXACT = 125;

/**
 * km/h for a horizontal velocity code: 0…28 are km/h one to one; 29…125 follow
 * v = C·(1 + x)^(K − A) + B with C = 16, x = 0.038, A = 13, B = 0 (≈ 28.0 km/h at 29, ≈ 1043 km/h
 * at 125); 126 = more than that; 127 = not known (null).
 */
export function velocityFromCode(code: number): number | null {
  if (code === VELOCITY_UNKNOWN) return null;
  if (code <= 28) return code;
  return 16 * 1.038 ** (Math.min(code, VELOCITY_MAX_EXACT) - 13);
}

/** The nearest horizontal velocity code for km/h (null or negative → 127 "not known"). */
export function velocityToCode(kmh: number | null): number {
  if (kmh === null || !Number.isFinite(kmh) || kmh < 0) return VELOCITY_UNKNOWN;
  if (kmh < 28.5) return Math.round(kmh);
  const k = Math.round(Math.log(kmh / 16) / Math.log(1.038) + 13);
  if (k > VELOCITY_MAX_EXACT) return kmh > velocityFromCode(VELOCITY_MAX_EXACT)! ? 126 : VELOCITY_MAX_EXACT;
  return Math.max(29, k);
}

// ── Direction of travel (6.3.5, 4 bits) and direction of travel extended (8 bits) ──────────────

/** Degrees clockwise from north for a 4-bit direction code: steps of 22.5° (0 = N, 4 = E …). */
export const directionFromCode = (code: number): number => code * 22.5;
/** The nearest 4-bit direction code for degrees (any real; wrapped into 0…360). */
export const directionToCode = (deg: number): number => Math.round((((deg % 360) + 360) % 360) / 22.5) % 16;
/** Degrees for an 8-bit extended direction code: steps of 360/256°. */
export const directionExtendedFromCode = (code: number): number => (code * 360) / 256;
/** The nearest 8-bit extended direction code for degrees. */
export const directionExtendedToCode = (deg: number): number =>
  Math.round(((((deg % 360) + 360) % 360) * 256) / 360) % 256;

// ── Horizontal position uncertainty (6-bit code, also the ellipse's half axes) ─────────────────

/**
 * Metres for a 6-bit horizontal position uncertainty code: r = C·(1 + x)^(K − A) + B with C = 2,
 * x = 0.2, A = -5, B = -4 (≈ 1 m at 0, ≈ 485 km at 63). See docs/nodnett.md: cross-checked with
 * one public implementation only.
 */
export const uncertaintyFromCode = (code: number): number => 2 * 1.2 ** (code + 5) - 4;

/** The smallest uncertainty code whose radius covers `metres` (63 when none does). */
export function uncertaintyToCode(metres: number): number {
  for (let code = 0; code < 63; code += 1) if (uncertaintyFromCode(code) >= metres) return code;
  return 63;
}

// ── Location altitude (12 bits: 1-bit altitude type + 11-bit altitude) ─────────────────────────

/**
 * Metres for an 11-bit altitude code: 0 reserved (null); 1…1201 → code − 201 (-200…1000 m, 1 m
 * steps); 1202…1926 → 2·code − 1402 (1002…2450 m, 2 m steps); 1927…2047 → 75·code − 142000
 * (2525…11525 m, 75 m steps; 2047 means "or more").
 */
export function altitudeFromCode(code: number): number | null {
  if (code === 0) return null;
  if (code <= 1201) return code - 201;
  if (code <= 1926) return 2 * code - 1402;
  return 75 * code - 142_000;
}

/** The nearest altitude code for metres (clamped to -200 … 11525). */
export function altitudeToCode(metres: number): number {
  if (metres <= 1000) return Math.max(1, Math.round(metres) + 201);
  if (metres <= 2450) return Math.min(1926, Math.round((metres + 1402) / 2));
  return Math.min(2047, Math.max(1927, Math.round((metres + 142_000) / 75)));
}

// ── Reason for sending (6.3.64), 8 bits ─────────────────────────────────────────────────────────

/** The reason-for-sending codes the standard names; every other code is reserved. */
export const REASONS_FOR_SENDING: Readonly<Record<number, string>> = {
  0: 'powered-on',
  1: 'powered-off',
  2: 'emergency',
  3: 'push-to-talk',
  4: 'status',
  5: 'transmit-inhibit-on',
  6: 'transmit-inhibit-off',
  7: 'system-access-tmo-on',
  8: 'dmo-on',
  9: 'enter-service',
  10: 'service-loss',
  11: 'cell-reselection',
  12: 'low-battery',
  13: 'car-kit-connected',
  14: 'car-kit-disconnected',
  15: 'asks-for-transfer-initialization-configuration',
  16: 'arrival-at-destination',
  17: 'arrival-at-defined-location',
  18: 'approaching-defined-location',
  19: 'sds-type-1-entered',
  20: 'user-application-initiated',
  21: 'lost-ability-to-determine-location',
  22: 'regained-ability-to-determine-location',
  23: 'leaving-point',
  24: 'ambience-listening-call',
  25: 'start-of-temporary-reporting',
  26: 'return-to-normal-reporting',
  32: 'response-to-immediate-location-request',
  129: 'maximum-reporting-interval-exceeded',
  130: 'maximum-reporting-distance-travelled',
};

/** The reason-for-sending code of an emergency condition (the terminal's safety alarm). */
export const REASON_EMERGENCY = 2;
