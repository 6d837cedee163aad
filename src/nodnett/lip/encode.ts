/**
 * Encoding of LIP location reports: the inverse of `decode.ts`, for the Nødnett simulator and the
 * round-trip tests. PURE. Takes the same values the decoder returns (codes; degrees quantised to
 * the nearest code) and writes the standard's bit layout, zero-padded to whole octets.
 * Throws `RangeError` on a code that does not fit its field: encoding is our own code's job, so a
 * bad value there is a bug to surface, unlike bad input to the decoder.
 */
import { BitWriter } from './bits.ts';
import { EXTENSION_LONG_LOCATION_REPORT } from './decode.ts';
import { LATITUDE_BITS, LONGITUDE_BITS, latitudeToCode, longitudeToCode } from './fields.ts';
import type {
  LipAdditionalData,
  LipAltitude,
  LipLocation,
  LipPdu,
  LipTimeData,
  LipVelocity,
  LongLocationReport,
  ShortLocationReport,
} from './types.ts';

const SHAPE_CODES: Record<LipLocation['shape'], number> = {
  none: 0,
  point: 1,
  circle: 2,
  ellipse: 3,
  'point-with-altitude': 4,
  'circle-with-altitude': 5,
  'ellipse-with-altitude': 6,
  'circle-with-altitude-and-altitude-uncertainty': 7,
  'ellipse-with-altitude-and-altitude-uncertainty': 8,
  arc: 9,
  'point-and-position-error': 10,
};

class Writer {
  readonly w = new BitWriter();

  u(field: string, value: number, n: number): this {
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** n)
      throw new RangeError(`LIP encode: ${field} = ${value} does not fit ${n} bits`);
    this.w.write(value, n);
    return this;
  }

  point(longitude: number, latitude: number): this {
    if (!(longitude >= -180 && longitude <= 180)) throw new RangeError(`LIP encode: longitude ${longitude}`);
    if (!(latitude >= -90 && latitude <= 90)) throw new RangeError(`LIP encode: latitude ${latitude}`);
    this.w.write(longitudeToCode(longitude), LONGITUDE_BITS);
    this.w.write(latitudeToCode(latitude), LATITUDE_BITS);
    return this;
  }

  altitude(a: LipAltitude): this {
    if (a.code === 0) throw new RangeError('LIP encode: altitude code 0 is reserved');
    return this.u('altitude-type', a.reference === 'wgs84' ? 0 : 1, 1).u('altitude', a.code, 11);
  }

  additional(d: LipAdditionalData): this {
    return d.type === 'reason-for-sending'
      ? this.u('type-of-additional-data', 0, 1).u('reason-for-sending', d.reason, 8)
      : this.u('type-of-additional-data', 1, 1).u('user-defined-data', d.value, 8);
  }
}

/** Bytes of a SHORT LOCATION REPORT (76 bits in 10 octets). */
export function encodeShortLocationReport(r: ShortLocationReport): Uint8Array {
  const w = new Writer()
    .u('pdu-type', 0, 2)
    .u('time-elapsed', r.timeElapsed, 2)
    .point(r.longitude, r.latitude)
    .u('position-error', r.positionError, 3)
    .u('horizontal-velocity', r.horizontalVelocity, 7)
    .u('direction-of-travel', r.directionOfTravel, 4)
    .additional(r.additionalData);
  return w.w.toBytes();
}

function writeTime(w: Writer, t: LipTimeData): void {
  switch (t.type) {
    case 'none':
      w.u('time-type', 0, 2);
      return;
    case 'time-elapsed':
      w.u('time-type', 1, 2).u('time-elapsed', t.timeElapsed, 2);
      return;
    case 'time-of-position':
      if (t.day < 1 || t.day > 31 || t.hour > 23 || t.minute > 59 || t.second > 59)
        throw new RangeError('LIP encode: time of position out of range');
      w.u('time-type', 2, 2)
        .u('day', t.day, 5)
        .u('hour', t.hour, 5)
        .u('minute', t.minute, 6)
        .u('second', t.second, 6);
      return;
  }
}

function writeLocation(w: Writer, l: LipLocation): void {
  w.u('location-shape', SHAPE_CODES[l.shape], 4);
  switch (l.shape) {
    case 'none':
      return;
    case 'point':
      w.point(l.longitude, l.latitude);
      return;
    case 'circle':
      w.point(l.longitude, l.latitude).u('uncertainty', l.uncertainty, 6);
      return;
    case 'ellipse':
      w.point(l.longitude, l.latitude)
        .u('half-major', l.halfMajorAxis, 6)
        .u('half-minor', l.halfMinorAxis, 6);
      w.u('angle', l.angle, 8).u('confidence', l.confidence, 3);
      return;
    case 'point-with-altitude':
      w.point(l.longitude, l.latitude).altitude(l.altitude);
      return;
    case 'circle-with-altitude':
      w.point(l.longitude, l.latitude).u('uncertainty', l.uncertainty, 6).altitude(l.altitude);
      return;
    case 'ellipse-with-altitude':
      w.point(l.longitude, l.latitude)
        .u('half-major', l.halfMajorAxis, 6)
        .u('half-minor', l.halfMinorAxis, 6);
      w.u('angle', l.angle, 8).altitude(l.altitude).u('confidence', l.confidence, 3);
      return;
    case 'circle-with-altitude-and-altitude-uncertainty':
      w.point(l.longitude, l.latitude).u('uncertainty', l.uncertainty, 6).altitude(l.altitude);
      w.u('altitude-uncertainty', l.altitudeUncertainty, 3);
      return;
    case 'ellipse-with-altitude-and-altitude-uncertainty':
      w.point(l.longitude, l.latitude)
        .u('half-major', l.halfMajorAxis, 6)
        .u('half-minor', l.halfMinorAxis, 6);
      w.u('angle', l.angle, 8).altitude(l.altitude).u('altitude-uncertainty', l.altitudeUncertainty, 3);
      w.u('confidence', l.confidence, 3);
      return;
    case 'arc':
      w.point(l.longitude, l.latitude)
        .u('inner-radius', l.innerRadius, 16)
        .u('outer-radius', l.outerRadius, 16);
      w.u('start-angle', l.startAngle, 8).u('stop-angle', l.stopAngle, 8).u('confidence', l.confidence, 3);
      return;
    case 'point-and-position-error':
      w.point(l.longitude, l.latitude).u('position-error', l.positionError, 3);
      return;
  }
}

function writeVelocity(w: Writer, v: LipVelocity): void {
  const t = v.type;
  w.u('velocity-type', t, 3);
  if (t === 0) return;
  const req = (field: string, x: number | null): number => {
    if (x === null) throw new RangeError(`LIP encode: velocity type ${t} needs ${field}`);
    return x;
  };
  w.u('horizontal-velocity', req('horizontalVelocity', v.horizontalVelocity), 7);
  const uncertain = t === 2 || t === 4 || t === 6 || t === 7;
  if (uncertain)
    w.u('hv-uncertainty', req('horizontalVelocityUncertainty', v.horizontalVelocityUncertainty), 3);
  if (t === 3 || t === 4 || t === 7) {
    w.u('vertical-velocity', req('verticalVelocity', v.verticalVelocity), 8);
    if (uncertain)
      w.u('vv-uncertainty', req('verticalVelocityUncertainty', v.verticalVelocityUncertainty), 3);
  }
  if (t >= 5) {
    w.u('direction-extended', req('directionOfTravelExtended', v.directionOfTravelExtended), 8);
    if (uncertain)
      w.u('direction-uncertainty', req('directionOfTravelUncertainty', v.directionOfTravelUncertainty), 3);
  }
}

/**
 * Bytes of a LONG LOCATION REPORT. `optionalElements`, if any, are appended as given (their
 * `bitLength` bits of `hex`), so a decoded report re-encodes to the same bits.
 */
export function encodeLongLocationReport(r: LongLocationReport): Uint8Array {
  const w = new Writer().u('pdu-type', 1, 2).u('pdu-type-extension', EXTENSION_LONG_LOCATION_REPORT, 4);
  writeTime(w, r.time);
  writeLocation(w, r.location);
  writeVelocity(w, r.velocity);
  w.u('acknowledgement-request', r.acknowledgementRequested ? 1 : 0, 1).additional(r.additionalData);
  const tail = r.optionalElements;
  if (tail !== null) {
    for (let i = 0; i < tail.bitLength; i += 1) {
      const octet = parseInt(tail.hex.slice((i >>> 3) * 2, (i >>> 3) * 2 + 2), 16);
      w.w.write((octet >>> (7 - (i & 7))) & 1, 1);
    }
  }
  return w.w.toBytes();
}

/** Bytes of either report. */
export function encodeLip(pdu: LipPdu): Uint8Array {
  return pdu.type === 'short-location-report'
    ? encodeShortLocationReport(pdu)
    : encodeLongLocationReport(pdu);
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
