/**
 * The LIP PDUs this codec decodes and encodes (ETSI TS 100 392-18-1 §6.2.1 SHORT LOCATION REPORT,
 * §6.2.2 LONG LOCATION REPORT), as plain values: every element keeps the standard's code, so that
 * `encode(decode(bytes))` gives the same bits back; `fields.ts` turns codes into metres, km/h and
 * degrees. Longitude and latitude are kept in degrees because the conversion is exact both ways.
 */

/** Additional data of a report: a reason for sending (6.3.64) or 8 bits of user-defined data. */
export type LipAdditionalData =
  { type: 'reason-for-sending'; reason: number } | { type: 'user-defined'; value: number };

/** SHORT LOCATION REPORT (PDU type 00): 76 bits, fixed layout. */
export interface ShortLocationReport {
  type: 'short-location-report';
  /** Time elapsed code 0…3 (< 5 s, < 5 min, < 30 min, not known). */
  timeElapsed: number;
  /** Degrees east, a multiple of 360/2^25. */
  longitude: number;
  /** Degrees north, a multiple of 180/2^24. */
  latitude: number;
  /** Position error code 0…7. */
  positionError: number;
  /** Horizontal velocity code 0…127. */
  horizontalVelocity: number;
  /** Direction of travel code 0…15 (22.5° steps). */
  directionOfTravel: number;
  additionalData: LipAdditionalData;
}

/** Time data of a long report (6.3.80 time type + its element). */
export type LipTimeData =
  | { type: 'none' }
  | { type: 'time-elapsed'; timeElapsed: number }
  /** Time of position (22 bits, UTC): day of month 5 bits, hour 5, minute 6, second 6. */
  | { type: 'time-of-position'; day: number; hour: number; minute: number; second: number };

/** Location altitude (12 bits): altitude type (WGS84 ellipsoid or user defined) + 11-bit code. */
export interface LipAltitude {
  reference: 'wgs84' | 'user-defined';
  code: number;
}

interface Point {
  longitude: number;
  latitude: number;
}
interface Ellipse extends Point {
  /** 6-bit uncertainty codes (same scale as the circle's). */
  halfMajorAxis: number;
  halfMinorAxis: number;
  /** 8-bit angle code, not converted (see docs/nodnett.md). */
  angle: number;
}

/** Location data of a long report: its location shape (6.3.49) and that shape's elements. */
export type LipLocation =
  | { shape: 'none' }
  | ({ shape: 'point' } & Point)
  | ({ shape: 'circle'; uncertainty: number } & Point)
  | ({ shape: 'ellipse'; confidence: number } & Ellipse)
  | ({ shape: 'point-with-altitude'; altitude: LipAltitude } & Point)
  | ({ shape: 'circle-with-altitude'; uncertainty: number; altitude: LipAltitude } & Point)
  | ({ shape: 'ellipse-with-altitude'; altitude: LipAltitude; confidence: number } & Ellipse)
  | ({
      shape: 'circle-with-altitude-and-altitude-uncertainty';
      uncertainty: number;
      altitude: LipAltitude;
      altitudeUncertainty: number;
    } & Point)
  | ({
      shape: 'ellipse-with-altitude-and-altitude-uncertainty';
      altitude: LipAltitude;
      altitudeUncertainty: number;
      confidence: number;
    } & Ellipse)
  | ({
      shape: 'arc';
      innerRadius: number;
      outerRadius: number;
      startAngle: number;
      stopAngle: number;
      confidence: number;
    } & Point)
  | ({ shape: 'point-and-position-error'; positionError: number } & Point);

export type LipLocationShape = LipLocation['shape'];

/**
 * Velocity data of a long report (6.3.90 velocity type 0…7 + its elements). Elements the type
 * does not carry are null. Uncertainty codes and the vertical velocity are kept raw.
 */
export interface LipVelocity {
  type: number;
  horizontalVelocity: number | null;
  horizontalVelocityUncertainty: number | null;
  /** 8 bits, raw (not interpreted: see docs/nodnett.md). */
  verticalVelocity: number | null;
  verticalVelocityUncertainty: number | null;
  /** Direction of travel extended: 8-bit code, 360/256° steps. */
  directionOfTravelExtended: number | null;
  directionOfTravelUncertainty: number | null;
}

/** LONG LOCATION REPORT (PDU type 01, extension 0011). */
export interface LongLocationReport {
  type: 'long-location-report';
  time: LipTimeData;
  location: LipLocation;
  velocity: LipVelocity;
  acknowledgementRequested: boolean;
  additionalData: LipAdditionalData;
  /**
   * The bits after the mandatory elements (the optional elements: location message reference,
   * result code, SDS type-1 value, status value, extended user-defined data), handed on raw and
   * uninterpreted; null when nothing but zero padding follows.
   */
  optionalElements: { bitOffset: number; bitLength: number; hex: string } | null;
}

export type LipPdu = ShortLocationReport | LongLocationReport;

/** Why a PDU could not be decoded. */
export type LipErrorCode =
  /** The input is not an even-length hexadecimal string, or a bit length does not fit the bytes. */
  | 'bad-input'
  /** The PDU ends before this field does. */
  | 'truncated'
  /** The field holds a value the standard reserves: the rest cannot be read safely. */
  | 'reserved-value'
  /** A PDU type or location shape this codec refuses (docs/nodnett.md says which and why). */
  | 'unsupported'
  /** The field's value is outside its range (e.g. hour 27). */
  | 'out-of-range'
  /** Whole octets follow a PDU that has no optional part. */
  | 'trailing-data'
  /** The bits padding the last octet are not zero. */
  | 'nonzero-padding';

/** A decoding failure: which field, at which bit of the PDU, and why. */
export interface LipDecodeError {
  code: LipErrorCode;
  field: string;
  bitOffset: number;
  message: string;
}

export type LipDecodeResult = { ok: true; pdu: LipPdu } | { ok: false; error: LipDecodeError };
