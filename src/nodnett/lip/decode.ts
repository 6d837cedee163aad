/**
 * Decoding of LIP location reports (ETSI TS 100 392-18-1 §6.2.1, §6.2.2) from bytes or hex.
 * PURE. Never throws: every malformed input gives a `LipDecodeError` naming the field and the bit
 * at which it starts; a reserved code in a field that decides the layout stops decoding rather
 * than guess. See docs/nodnett.md for what is decoded and what is refused.
 */
import { readBits, readSignedBits } from './bits.ts';
import { LATITUDE_BITS, LONGITUDE_BITS, latitudeFromCode, longitudeFromCode } from './fields.ts';
import type {
  LipAdditionalData,
  LipAltitude,
  LipDecodeError,
  LipDecodeResult,
  LipErrorCode,
  LipLocation,
  LipTimeData,
  LipVelocity,
  LongLocationReport,
  ShortLocationReport,
} from './types.ts';

/** Bits of a SHORT LOCATION REPORT: 2+2+25+24+3+7+4+1+8. */
export const SHORT_REPORT_BITS = 76;
/** PDU type extension of a LONG LOCATION REPORT (6.3.62). */
export const EXTENSION_LONG_LOCATION_REPORT = 0b0011;

/** Names of the PDU type extensions this codec refuses, for the error message (Table 6.92). */
const EXTENSION_NAMES: Readonly<Record<number, string>> = {
  1: 'immediate location report request',
  4: 'location report acknowledgement',
  5: 'basic location parameters request/response',
  6: 'add/modify trigger request/response',
  7: 'remove trigger request/response',
  8: 'report trigger request/response',
  9: 'report basic location parameters request/response',
  10: 'location reporting enable/disable request/response',
  11: 'location reporting temporary control request/response',
  12: 'backlog request/response',
};

class Fail {
  constructor(readonly error: LipDecodeError) {}
}

function fail(code: LipErrorCode, field: string, bitOffset: number, message: string): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- caught in decodeLip, never escapes
  throw new Fail({ code, field, bitOffset, message });
}

/** A read position over one PDU's bits. */
class Cursor {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly end: number,
  ) {}

  need(field: string, n: number): void {
    if (this.pos + n > this.end)
      fail(
        'truncated',
        field,
        this.pos,
        `${field}: needs ${n} bits at bit ${this.pos}, the PDU has ${this.end}`,
      );
  }

  u(field: string, n: number): number {
    this.need(field, n);
    const v = readBits(this.bytes, this.pos, n);
    this.pos += n;
    return v;
  }

  s(field: string, n: number): number {
    this.need(field, n);
    const v = readSignedBits(this.bytes, this.pos, n);
    this.pos += n;
    return v;
  }

  /** Longitude then latitude (6.3.50, 6.3.30). */
  point(): { longitude: number; latitude: number } {
    // Every code is in range: 24 signed bits span -90° … 90° - 1 LSB, 25 bits -180° … 180° - 1 LSB.
    const longitude = longitudeFromCode(this.s('longitude', LONGITUDE_BITS));
    return { longitude, latitude: latitudeFromCode(this.s('latitude', LATITUDE_BITS)) };
  }

  altitude(): LipAltitude {
    const reference = this.u('altitude-type', 1) === 0 ? 'wgs84' : 'user-defined';
    const at = this.pos;
    const code = this.u('altitude', 11);
    if (code === 0) fail('reserved-value', 'altitude', at, 'altitude: code 0 is reserved');
    return { reference, code };
  }
}

/** Hex string → bytes, or null when it is not an even-length run of hex digits. */
function hexToBytes(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i += 1) {
    const hi = hexDigit(hex.charCodeAt(2 * i));
    const lo = hexDigit(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return null;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

export interface DecodeOptions {
  /**
   * The PDU's exact length in bits, when the carrier says (SDS type-4 carries a length in bits).
   * Without it the PDU is the whole input, the last octet's unused bits being zero padding.
   */
  bitLength?: number;
}

/**
 * Decodes one LIP PDU (the SDS user data after the protocol identifier 0x0A) from bytes or a hex
 * string. Returns the PDU or a typed error; never throws.
 */
export function decodeLip(input: Uint8Array | string, options: DecodeOptions = {}): LipDecodeResult {
  try {
    return { ok: true, pdu: decodeOrFail(input, options) };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.error };
    // A bug, not bad input: still a value, never a throw past this point.
    return {
      ok: false,
      error: {
        code: 'bad-input',
        field: 'pdu',
        bitOffset: 0,
        message: `internal decoder error: ${String(e)}`,
      },
    };
  }
}

function decodeOrFail(
  input: Uint8Array | string,
  options: DecodeOptions,
): ShortLocationReport | LongLocationReport {
  let bytes: Uint8Array;
  if (typeof input === 'string') {
    const parsed = hexToBytes(input);
    if (parsed === null) fail('bad-input', 'input', 0, 'input: not an even-length hexadecimal string');
    bytes = parsed;
  } else if (input instanceof Uint8Array) {
    bytes = input;
  } else {
    fail('bad-input', 'input', 0, 'input: neither bytes nor a hexadecimal string');
  }
  const available = bytes.length * 8;
  const explicit = options.bitLength;
  if (explicit !== undefined && (!Number.isInteger(explicit) || explicit < 0 || explicit > available))
    fail('bad-input', 'bit-length', 0, `bit-length: ${explicit} does not fit ${bytes.length} octets`);
  const c = new Cursor(bytes, explicit ?? available);

  const pduType = c.u('pdu-type', 2);
  if (pduType === 0) return shortReport(c, explicit !== undefined);
  if (pduType === 1) {
    const at = c.pos;
    const extension = c.u('pdu-type-extension', 4);
    if (extension === EXTENSION_LONG_LOCATION_REPORT) return longReport(c, explicit !== undefined);
    const name = EXTENSION_NAMES[extension];
    if (name !== undefined)
      fail(
        'unsupported',
        'pdu-type-extension',
        at,
        `pdu-type-extension: ${name} (${extension}) is not decoded`,
      );
    fail('reserved-value', 'pdu-type-extension', at, `pdu-type-extension: ${extension} is reserved`);
  }
  return fail('reserved-value', 'pdu-type', 0, `pdu-type: ${pduType} is reserved`);
}

function additionalData(c: Cursor): LipAdditionalData {
  const type = c.u('type-of-additional-data', 1);
  if (type === 0) return { type: 'reason-for-sending', reason: c.u('reason-for-sending', 8) };
  return { type: 'user-defined', value: c.u('user-defined-data', 8) };
}

/** After a PDU without optional elements: only zero padding within the last octet may follow. */
function checkEnd(c: Cursor, exact: boolean): void {
  const rest = c.end - c.pos;
  if (rest === 0) return;
  if (exact || rest >= 8)
    fail('trailing-data', 'end', c.pos, `end: ${rest} bits follow a PDU that has no optional elements`);
  if (readBits(c.bytes, c.pos, rest) !== 0)
    fail('nonzero-padding', 'padding', c.pos, `padding: the last ${rest} bits are not zero`);
}

function shortReport(c: Cursor, exact: boolean): ShortLocationReport {
  const timeElapsed = c.u('time-elapsed', 2);
  const { longitude, latitude } = c.point();
  const positionError = c.u('position-error', 3);
  const horizontalVelocity = c.u('horizontal-velocity', 7);
  const directionOfTravel = c.u('direction-of-travel', 4);
  const data = additionalData(c);
  checkEnd(c, exact);
  return {
    type: 'short-location-report',
    timeElapsed,
    longitude,
    latitude,
    positionError,
    horizontalVelocity,
    directionOfTravel,
    additionalData: data,
  };
}

function timeData(c: Cursor): LipTimeData {
  const at = c.pos;
  const type = c.u('time-type', 2);
  switch (type) {
    case 0:
      return { type: 'none' };
    case 1:
      return { type: 'time-elapsed', timeElapsed: c.u('time-elapsed', 2) };
    case 2: {
      c.need('time-of-position', 22);
      const start = c.pos;
      const day = c.u('time-of-position.day', 5);
      const hour = c.u('time-of-position.hour', 5);
      const minute = c.u('time-of-position.minute', 6);
      const second = c.u('time-of-position.second', 6);
      if (day < 1)
        fail('out-of-range', 'time-of-position.day', start, `time-of-position.day: ${day} is not 1…31`);
      if (hour > 23)
        fail(
          'out-of-range',
          'time-of-position.hour',
          start + 5,
          `time-of-position.hour: ${hour} is not 0…23`,
        );
      if (minute > 59)
        fail(
          'out-of-range',
          'time-of-position.minute',
          start + 10,
          `time-of-position.minute: ${minute} is not 0…59`,
        );
      if (second > 59)
        fail(
          'out-of-range',
          'time-of-position.second',
          start + 16,
          `time-of-position.second: ${second} is not 0…59`,
        );
      return { type: 'time-of-position', day, hour, minute, second };
    }
    default:
      return fail('reserved-value', 'time-type', at, `time-type: ${type} is reserved`);
  }
}

function ellipse(c: Cursor): {
  longitude: number;
  latitude: number;
  halfMajorAxis: number;
  halfMinorAxis: number;
  angle: number;
} {
  const p = c.point();
  return {
    ...p,
    halfMajorAxis: c.u('half-major-axis', 6),
    halfMinorAxis: c.u('half-minor-axis', 6),
    angle: c.u('angle', 8),
  };
}

function location(c: Cursor): LipLocation {
  const at = c.pos;
  const shape = c.u('location-shape', 4);
  switch (shape) {
    case 0:
      return { shape: 'none' };
    case 1:
      return { shape: 'point', ...c.point() };
    case 2: {
      const p = c.point();
      return { shape: 'circle', ...p, uncertainty: c.u('horizontal-position-uncertainty', 6) };
    }
    case 3: {
      const e = ellipse(c);
      return { shape: 'ellipse', ...e, confidence: c.u('confidence-level', 3) };
    }
    case 4: {
      const p = c.point();
      return { shape: 'point-with-altitude', ...p, altitude: c.altitude() };
    }
    case 5: {
      const p = c.point();
      const uncertainty = c.u('horizontal-position-uncertainty', 6);
      return { shape: 'circle-with-altitude', ...p, uncertainty, altitude: c.altitude() };
    }
    case 6: {
      const e = ellipse(c);
      const altitude = c.altitude();
      return { shape: 'ellipse-with-altitude', ...e, altitude, confidence: c.u('confidence-level', 3) };
    }
    case 7: {
      const p = c.point();
      const uncertainty = c.u('horizontal-position-uncertainty', 6);
      const altitude = c.altitude();
      return {
        shape: 'circle-with-altitude-and-altitude-uncertainty',
        ...p,
        uncertainty,
        altitude,
        altitudeUncertainty: c.u('altitude-uncertainty', 3),
      };
    }
    case 8: {
      const e = ellipse(c);
      const altitude = c.altitude();
      const altitudeUncertainty = c.u('altitude-uncertainty', 3);
      return {
        shape: 'ellipse-with-altitude-and-altitude-uncertainty',
        ...e,
        altitude,
        altitudeUncertainty,
        confidence: c.u('confidence-level', 3),
      };
    }
    case 9: {
      const p = c.point();
      return {
        shape: 'arc',
        ...p,
        innerRadius: c.u('inner-radius', 16),
        outerRadius: c.u('outer-radius', 16),
        startAngle: c.u('start-angle', 8),
        stopAngle: c.u('stop-angle', 8),
        confidence: c.u('confidence-level', 3),
      };
    }
    case 10: {
      const p = c.point();
      return { shape: 'point-and-position-error', ...p, positionError: c.u('position-error', 3) };
    }
    case 15:
      return fail(
        'unsupported',
        'location-shape',
        at,
        'location-shape: 15 (location shape extension) is not decoded',
      );
    default:
      return fail('reserved-value', 'location-shape', at, `location-shape: ${shape} is reserved`);
  }
}

function velocity(c: Cursor): LipVelocity {
  const type = c.u('velocity-type', 3);
  const v: LipVelocity = {
    type,
    horizontalVelocity: null,
    horizontalVelocityUncertainty: null,
    verticalVelocity: null,
    verticalVelocityUncertainty: null,
    directionOfTravelExtended: null,
    directionOfTravelUncertainty: null,
  };
  if (type === 0) return v;
  v.horizontalVelocity = c.u('horizontal-velocity', 7);
  // Types 2, 4, 6 and 7 carry uncertainties; 3, 4 and 7 a vertical velocity; 5, 6 and 7 an extended direction.
  const uncertain = type === 2 || type === 4 || type === 6 || type === 7;
  if (uncertain) v.horizontalVelocityUncertainty = c.u('horizontal-velocity-uncertainty', 3);
  if (type === 3 || type === 4 || type === 7) {
    v.verticalVelocity = c.u('vertical-velocity', 8);
    if (uncertain) v.verticalVelocityUncertainty = c.u('vertical-velocity-uncertainty', 3);
  }
  if (type >= 5) {
    v.directionOfTravelExtended = c.u('direction-of-travel-extended', 8);
    if (uncertain) v.directionOfTravelUncertainty = c.u('direction-of-travel-uncertainty', 3);
  }
  return v;
}

function longReport(c: Cursor, exact: boolean): LongLocationReport {
  const time = timeData(c);
  const loc = location(c);
  const vel = velocity(c);
  const acknowledgementRequested = c.u('acknowledgement-request', 1) === 1;
  const data = additionalData(c);
  const rest = c.end - c.pos;
  let optionalElements: LongLocationReport['optionalElements'] = null;
  if (rest > 0 && (exact || rest >= 8 || readBits(c.bytes, c.pos, rest) !== 0)) {
    optionalElements = { bitOffset: c.pos, bitLength: rest, hex: bitsToHex(c.bytes, c.pos, rest) };
  }
  return {
    type: 'long-location-report',
    time,
    location: loc,
    velocity: vel,
    acknowledgementRequested,
    additionalData: data,
    optionalElements,
  };
}

/** `n` bits from `offset`, left-aligned into octets (zero-padded), as lower-case hex. */
export function bitsToHex(bytes: Uint8Array, offset: number, n: number): string {
  let hex = '';
  for (let i = 0; i < n; i += 8) {
    const take = Math.min(8, n - i);
    const v = readBits(bytes, offset + i, take) << (8 - take);
    hex += (v < 16 ? '0' : '') + v.toString(16);
  }
  return hex;
}
