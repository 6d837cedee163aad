/**
 * Property tests of the LIP codec (NN-4): every PDU the encoder can write decodes to itself and
 * re-encodes to the same bits; coordinates come back within half a quantisation step; and no
 * input at all — random octets, random bit lengths, every truncation — makes the decoder throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLip } from './decode.ts';
import { encodeLip, toHex } from './encode.ts';
import { latitudeFromCode, latitudeToCode, longitudeFromCode, longitudeToCode } from './fields.ts';
import type {
  LipAdditionalData,
  LipLocation,
  LipTimeData,
  LipVelocity,
  LongLocationReport,
  ShortLocationReport,
} from './types.ts';

const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
/** Coordinates as the decoder gives them: exact multiples of the LSB. */
const lon = fc.integer({ min: -(2 ** 24), max: 2 ** 24 - 1 }).map(longitudeFromCode);
const lat = fc.integer({ min: -(2 ** 23), max: 2 ** 23 - 1 }).map(latitudeFromCode);
const additional: fc.Arbitrary<LipAdditionalData> = fc.oneof(
  u(8).map((reason) => ({ type: 'reason-for-sending' as const, reason })),
  u(8).map((value) => ({ type: 'user-defined' as const, value })),
);

const shortReport: fc.Arbitrary<ShortLocationReport> = fc.record({
  type: fc.constant('short-location-report' as const),
  timeElapsed: u(2),
  longitude: lon,
  latitude: lat,
  positionError: u(3),
  horizontalVelocity: u(7),
  directionOfTravel: u(4),
  additionalData: additional,
});

const time: fc.Arbitrary<LipTimeData> = fc.oneof(
  fc.constant({ type: 'none' as const }),
  u(2).map((timeElapsed) => ({ type: 'time-elapsed' as const, timeElapsed })),
  fc.record({
    type: fc.constant('time-of-position' as const),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
  }),
);

const altitude = fc.record({
  reference: fc.constantFrom('wgs84' as const, 'user-defined' as const),
  code: fc.integer({ min: 1, max: 2047 }),
});
const point = { longitude: lon, latitude: lat };
const ellipse = { ...point, halfMajorAxis: u(6), halfMinorAxis: u(6), angle: u(8) };
const location: fc.Arbitrary<LipLocation> = fc.oneof(
  fc.constant({ shape: 'none' as const }),
  fc.record({ shape: fc.constant('point' as const), ...point }),
  fc.record({ shape: fc.constant('circle' as const), ...point, uncertainty: u(6) }),
  fc.record({ shape: fc.constant('ellipse' as const), ...ellipse, confidence: u(3) }),
  fc.record({ shape: fc.constant('point-with-altitude' as const), ...point, altitude }),
  fc.record({ shape: fc.constant('circle-with-altitude' as const), ...point, uncertainty: u(6), altitude }),
  fc.record({ shape: fc.constant('ellipse-with-altitude' as const), ...ellipse, altitude, confidence: u(3) }),
  fc.record({
    shape: fc.constant('circle-with-altitude-and-altitude-uncertainty' as const),
    ...point,
    uncertainty: u(6),
    altitude,
    altitudeUncertainty: u(3),
  }),
  fc.record({
    shape: fc.constant('ellipse-with-altitude-and-altitude-uncertainty' as const),
    ...ellipse,
    altitude,
    altitudeUncertainty: u(3),
    confidence: u(3),
  }),
  fc.record({
    shape: fc.constant('arc' as const),
    ...point,
    innerRadius: u(16),
    outerRadius: u(16),
    startAngle: u(8),
    stopAngle: u(8),
    confidence: u(3),
  }),
  fc.record({ shape: fc.constant('point-and-position-error' as const), ...point, positionError: u(3) }),
);

const velocity: fc.Arbitrary<LipVelocity> = fc
  .record({ type: u(3), hv: u(7), hvu: u(3), vv: u(8), vvu: u(3), dir: u(8), diru: u(3) })
  .map(({ type, hv, hvu, vv, vvu, dir, diru }) => {
    const uncertain = type === 2 || type === 4 || type === 6 || type === 7;
    const vertical = type === 3 || type === 4 || type === 7;
    return {
      type,
      horizontalVelocity: type === 0 ? null : hv,
      horizontalVelocityUncertainty: uncertain ? hvu : null,
      verticalVelocity: vertical ? vv : null,
      verticalVelocityUncertainty: vertical && uncertain ? vvu : null,
      directionOfTravelExtended: type >= 5 ? dir : null,
      directionOfTravelUncertainty: type >= 5 && uncertain ? diru : null,
    };
  });

const longReport: fc.Arbitrary<LongLocationReport> = fc.record({
  type: fc.constant('long-location-report' as const),
  time,
  location,
  velocity,
  acknowledgementRequested: fc.boolean(),
  additionalData: additional,
  optionalElements: fc.constant(null),
});

describe('LIP codec properties (NN-4)', () => {
  it('NN-4: short reports: decode(encode(pdu)) = pdu, and the bytes are 10 octets', () => {
    fc.assert(
      fc.property(shortReport, (pdu) => {
        const bytes = encodeLip(pdu);
        expect(bytes.length).toBe(10);
        expect(decodeLip(bytes)).toEqual({ ok: true, pdu });
        expect(decodeLip(toHex(bytes), { bitLength: 76 })).toEqual({ ok: true, pdu });
      }),
      { numRuns: 2000 },
    );
  });

  it('NN-4: long reports of every shape, time and velocity type: decode(encode(pdu)) = pdu', () => {
    fc.assert(
      fc.property(longReport, (pdu) => {
        const r = decodeLip(encodeLip(pdu));
        expect(r).toEqual({ ok: true, pdu });
      }),
      { numRuns: 3000 },
    );
  });

  it('NN-4: any coordinate comes back within half a step (≈ 0.6 m)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: -90, max: 90, noNaN: true }),
        (x, y) => {
          const lonStep = 360 / 2 ** 25;
          const latStep = 180 / 2 ** 24;
          const dx = Math.abs(longitudeFromCode(longitudeToCode(x)) - x);
          // +180° is sent as −180° (the same meridian).
          expect(Math.min(dx, 360 - dx)).toBeLessThanOrEqual(lonStep / 2 + 1e-12);
          // +90° is clamped one step short (the element cannot say +90° itself).
          expect(Math.abs(latitudeFromCode(latitudeToCode(y)) - y)).toBeLessThanOrEqual(latStep + 1e-12);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('NN-4: every truncation of a valid report is a typed error, never a throw or a wrong value', () => {
    fc.assert(
      fc.property(fc.oneof(shortReport, longReport), (pdu) => {
        const bytes = encodeLip(pdu);
        const full = decodeLip(bytes);
        expect(full.ok).toBe(true);
        for (let n = 0; n < bytes.length; n += 1) {
          const r = decodeLip(bytes.subarray(0, n));
          // A cut report either fails, or (long reports only, cut inside the zero padding) is the same PDU.
          if (r.ok) expect(r.pdu).toEqual(pdu);
          else expect(r.error.bitOffset).toBeLessThanOrEqual(n * 8);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('LIP decoder fuzz (NN-4)', () => {
  it('random octets and bit lengths never throw; every error names a field and a bit inside the input', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.option(fc.integer({ min: -5, max: 400 })),
        (bytes, bitLength) => {
          let r: ReturnType<typeof decodeLip> | undefined;
          expect(() => {
            r = decodeLip(bytes, bitLength === null ? {} : { bitLength });
          }).not.toThrow();
          if (r && !r.ok) {
            expect(r.error.field).toMatch(/\S/);
            expect(r.error.bitOffset).toBeGreaterThanOrEqual(0);
            expect(r.error.bitOffset).toBeLessThanOrEqual(Math.max(bytes.length * 8, 0));
            expect(r.error.message).not.toContain('internal decoder error');
          }
          if (r?.ok) expect(toHex(encodeLip(r.pdu)).length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  it('random strings never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const r = decodeLip(s);
        if (!r.ok) expect(r.error.message).not.toContain('internal decoder error');
      }),
      { numRuns: 5000 },
    );
  });
});
