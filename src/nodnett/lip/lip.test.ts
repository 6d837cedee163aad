/**
 * LIP decoding against PDUs built by hand from the standard's field tables (ETSI TS 100 392-18-1
 * §6.2.1, §6.2.2, §6.3): each vector is written out field by field as bits, independently of the
 * encoder, with the arithmetic that gives each expected value. NN-4.
 */
import { describe, expect, it } from 'vitest';
import { decodeLip } from './decode.ts';
import { encodeLip, toHex } from './encode.ts';
import {
  altitudeFromCode,
  altitudeToCode,
  positionErrorToCode,
  uncertaintyFromCode,
  velocityFromCode,
  velocityToCode,
} from './fields.ts';
import { lipFix, resolveTimeOfPosition } from './fix.ts';
import type { LipPdu } from './types.ts';

/** Bits (spaces ignored) → octets, zero-padded: independent of the codec's own BitWriter. */
function bits(...parts: string[]): Uint8Array {
  const s = parts.join('').replace(/\s+/g, '');
  const out = new Uint8Array(Math.ceil(s.length / 8));
  for (let i = 0; i < s.length; i += 1) if (s[i] === '1') out[i >> 3]! |= 0x80 >> (i & 7);
  return out;
}

function ok(input: Uint8Array | string, bitLength?: number): LipPdu {
  const r = decodeLip(input, bitLength === undefined ? {} : { bitLength });
  if (!r.ok) throw new Error(`expected a PDU, got ${JSON.stringify(r.error)}`);
  return r.pdu;
}

// Vector A — SHORT LOCATION REPORT, emergency:
//   PDU type 00 (short) · time elapsed 01 (< 5 min)
//   longitude +45°: 45·2^25/360 = 2^22 → 25 bits 0010000000000000000000000
//   latitude −45°: −45·2^24/180 = −2^22 → 24-bit two's complement 2^24 − 2^22 = 0xC00000
//   position error 010 (< 200 m) · horizontal velocity 0101100 = 44 → 16·1.038^(44−13) ≈ 50.84 km/h
//   direction of travel 0100 = 4 → 4·22.5 = 90° (east) · type of additional data 0 (reason)
//   reason for sending 00000010 = 2 (emergency condition detected) · 4 padding bits 0000
const VECTOR_A = bits(
  '00',
  '01',
  '0010000000000000000000000',
  '110000000000000000000000',
  '010',
  '0101100',
  '0100',
  '0',
  '00000010',
);

// Vector B — the latitude/longitude of a real capture quoted by an open-source TETRA decoder
// (tetra-kit): longitude 0x0CE6C98 (25 bits) = 13528216·360/2^25 = 145.1420…° E; latitude 0xCA1959
// (24 bits, negative) = (13244761 − 2^24)·180/2^24 = −37.8991…° (Melbourne). Other fields: time
// elapsed 00 (< 5 s), position error 001 (< 20 m), velocity 0000000 (0 km/h), direction 0000 (N),
// type of additional data 1 (user defined), user data 10100101 = 0xA5.
const VECTOR_B = bits(
  '00',
  '00',
  '0110011100110110010011000', // 0x0CE6C98
  '110010100001100101011001', // 0xCA1959
  '001',
  '0000000',
  '0000',
  '1',
  '10100101',
);

// Vector C — LONG LOCATION REPORT, time of position, location circle, velocity type 5:
//   PDU type 01 · extension 0011 (long location report)
//   time type 10 (time of position): day 00111 = 7, hour 00110 = 6, minute 000101 = 5, second 011110 = 30
//   location shape 0010 (circle): longitude 11.25° = 2^25/32 = 2^20 → 0000100000000000000000000;
//     latitude 61.875° = 11/32 of 180° → 11·2^19 = 5767168 = 0x580000 → 010110000000000000000000;
//     horizontal position uncertainty 001010 = 10 → 2·1.2^(10+5) − 4 ≈ 26.81 m
//   velocity type 101 (horizontal velocity + direction of travel extended): velocity 0010100 = 20 km/h,
//     direction extended 01000000 = 64 → 64·360/256 = 90°
//   acknowledgement request 1 · type of additional data 0 · reason 10000001 = 129 (maximum reporting
//   interval exceeded) · then zero padding to the octet.
const VECTOR_C = bits(
  '01',
  '0011',
  '10',
  '00111',
  '00110',
  '000101',
  '011110',
  '0010',
  '0000100000000000000000000',
  '010110000000000000000000',
  '001010',
  '101',
  '0010100',
  '01000000',
  '1',
  '0',
  '10000001',
);

describe('LIP short location report (NN-4)', () => {
  it('NN-4: decodes vector A field by field (two’s-complement coordinates, non-linear velocity, emergency)', () => {
    expect(VECTOR_A.length).toBe(10); // 76 bits in 10 octets
    const pdu = ok(VECTOR_A);
    expect(pdu).toEqual({
      type: 'short-location-report',
      timeElapsed: 1,
      longitude: 45,
      latitude: -45,
      positionError: 2,
      horizontalVelocity: 44,
      directionOfTravel: 4,
      additionalData: { type: 'reason-for-sending', reason: 2 },
    });
    const fix = lipFix(pdu, Date.UTC(2026, 11, 7, 6, 0, 0));
    expect(fix).toEqual({
      ok: true,
      fix: expect.objectContaining({
        observedAt: '2026-12-07T05:55:00.000Z', // < 5 min: the oldest it can be
        ageAtMostSeconds: 300,
        lat: -45,
        lon: 45,
        errorMetres: 200,
        headingDeg: 90,
        emergency: true,
        reasonName: 'emergency',
      }),
    });
    if (fix.ok) expect(fix.fix.speedKmh).toBeCloseTo(50.84, 2);
  });

  it('NN-4: decodes vector B, a real capture’s coordinates, and user-defined data', () => {
    const pdu = ok(toHex(VECTOR_B));
    if (pdu.type !== 'short-location-report') throw new Error('short expected');
    expect(pdu.longitude).toBeCloseTo(145.142012, 6);
    expect(pdu.latitude).toBeCloseTo(-37.899131, 6);
    expect(pdu.longitude).toBe((0x0ce6c98 * 360) / 2 ** 25);
    expect(pdu.latitude).toBe(((0xca1959 - 2 ** 24) * 180) / 2 ** 24);
    expect(pdu.additionalData).toEqual({ type: 'user-defined', value: 0xa5 });
    const fix = lipFix(pdu, 0);
    expect(fix.ok && fix.fix).toMatchObject({
      errorMetres: 20,
      speedKmh: 0,
      headingDeg: 0,
      emergency: false,
      reasonForSending: null,
    });
  });

  it('encodes vector A and B back to the same bits', () => {
    expect(toHex(encodeLip(ok(VECTOR_A)))).toBe(toHex(VECTOR_A));
    expect(toHex(encodeLip(ok(VECTOR_B)))).toBe(toHex(VECTOR_B));
  });

  it('decodes the extremes of the coordinate fields: −180°, −90° and one LSB short of +180°, +90°', () => {
    const lonMin = '1000000000000000000000000';
    const latMin = '100000000000000000000000';
    const lonMax = '0111111111111111111111111';
    const latMax = '011111111111111111111111';
    const tail = ['111', '1111111', '1111', '0', '00000000'];
    const a = ok(bits('00', '11', lonMin, latMin, ...tail));
    expect(a).toMatchObject({ longitude: -180, latitude: -90, positionError: 7, horizontalVelocity: 127 });
    const b = ok(bits('00', '11', lonMax, latMax, ...tail));
    expect(b).toMatchObject({ longitude: 180 - 360 / 2 ** 25, latitude: 90 - 180 / 2 ** 24 });
    const fix = lipFix(b, Date.UTC(2026, 0, 1));
    // Time elapsed 11 = not known; position error 111 = not known; velocity 127 = not known.
    expect(fix.ok && fix.fix).toMatchObject({ ageAtMostSeconds: null, errorMetres: null, speedKmh: null });
  });
});

describe('LIP long location report (NN-4)', () => {
  it('NN-4: decodes vector C: time of position, location circle with uncertainty, extended direction', () => {
    const pdu = ok(VECTOR_C);
    expect(pdu).toEqual({
      type: 'long-location-report',
      time: { type: 'time-of-position', day: 7, hour: 6, minute: 5, second: 30 },
      location: { shape: 'circle', longitude: 11.25, latitude: 61.875, uncertainty: 10 },
      velocity: {
        type: 5,
        horizontalVelocity: 20,
        horizontalVelocityUncertainty: null,
        verticalVelocity: null,
        verticalVelocityUncertainty: null,
        directionOfTravelExtended: 64,
        directionOfTravelUncertainty: null,
      },
      acknowledgementRequested: true,
      additionalData: { type: 'reason-for-sending', reason: 129 },
      optionalElements: null,
    });
    const fix = lipFix(pdu, Date.UTC(2026, 11, 7, 6, 5, 31));
    expect(fix.ok && fix.fix).toMatchObject({
      observedAt: '2026-12-07T06:05:30.000Z',
      ageAtMostSeconds: 0,
      lat: 61.875,
      lon: 11.25,
      speedKmh: 20,
      headingDeg: 90,
      reasonName: 'maximum-reporting-interval-exceeded',
      emergency: false,
    });
    if (fix.ok) expect(fix.fix.errorMetres).toBeCloseTo(26.81, 2);
    expect(toHex(encodeLip(pdu))).toBe(toHex(VECTOR_C));
  });

  it('keeps the bits after the mandatory elements as uninterpreted optional elements', () => {
    // Vector C without padding, then 16 more bits: the optional part, handed on raw.
    const body =
      '01 0011 10 00111 00110 000101 011110 0010 0000100000000000000000000 010110000000000000000000 001010 101 0010100 01000000 1 0 10000001';
    const bitLen = body.replace(/\s/g, '').length;
    const pdu = ok(bits(body, '1010101111001101'), bitLen + 16);
    expect(pdu.type === 'long-location-report' && pdu.optionalElements).toEqual({
      bitOffset: bitLen,
      bitLength: 16,
      hex: 'abcd',
    });
    expect(toHex(encodeLip(pdu))).toBe(toHex(bits(body, '1010101111001101')));
  });

  it('decodes every location shape whose layout is defined, with altitude codes', () => {
    const p = '0000100000000000000000000 010110000000000000000000';
    const alt = '0 00111110100'; // WGS84, code 500 → 500 − 201 = 299 m
    const tail = '000 0 0 00000000'; // no velocity, no ack, reason 0 (powered on)
    const long = (shape: string, ...fields: string[]) => ok(bits('01 0011 00', shape, ...fields, tail));
    expect(long('0001', p).type === 'long-location-report').toBe(true);
    const withAlt = ok(bits('01 0011 01 10', '0100', p, alt, tail));
    expect(withAlt).toMatchObject({
      time: { type: 'time-elapsed', timeElapsed: 2 },
      location: { shape: 'point-with-altitude', altitude: { reference: 'wgs84', code: 500 } },
    });
    expect(altitudeFromCode(500)).toBe(299);
    expect(long('1010', p, '011')).toMatchObject({
      location: { shape: 'point-and-position-error', positionError: 3 },
    });
    expect(long('0011', p, '000101', '000011', '00100000', '101')).toMatchObject({
      location: { shape: 'ellipse', halfMajorAxis: 5, halfMinorAxis: 3, angle: 32, confidence: 5 },
    });
    expect(
      long('1001', p, '0000000001100100', '0000001111101000', '00000000', '10000000', '010'),
    ).toMatchObject({
      location: {
        shape: 'arc',
        innerRadius: 100,
        outerRadius: 1000,
        startAngle: 0,
        stopAngle: 128,
        confidence: 2,
      },
    });
    const arc = long('1001', p, '0000000001100100', '0000001111101000', '00000000', '10000000', '010');
    expect(lipFix(arc, 0)).toEqual({ ok: false, reason: 'arc-has-no-point-estimate' });
    expect(lipFix(long('0000'), 0)).toEqual({ ok: false, reason: 'no-location' });
  });
});

describe('LIP malformed input: a typed error naming the field and the bit, never a throw', () => {
  const cases: [
    string,
    Uint8Array | string,
    number | undefined,
    { code: string; field: string; bitOffset: number },
  ][] = [
    ['empty input', new Uint8Array(0), undefined, { code: 'truncated', field: 'pdu-type', bitOffset: 0 }],
    [
      'short report cut inside the latitude',
      VECTOR_A.subarray(0, 5),
      undefined,
      { code: 'truncated', field: 'latitude', bitOffset: 29 },
    ],
    [
      'reserved PDU type 10',
      bits('10', '000000'),
      undefined,
      { code: 'reserved-value', field: 'pdu-type', bitOffset: 0 },
    ],
    [
      'reserved PDU type extension 0000',
      bits('01', '0000', '00'),
      undefined,
      { code: 'reserved-value', field: 'pdu-type-extension', bitOffset: 2 },
    ],
    [
      'refused extension: location report acknowledgement',
      bits('01', '0100', '00'),
      undefined,
      { code: 'unsupported', field: 'pdu-type-extension', bitOffset: 2 },
    ],
    [
      'reserved time type 11',
      bits('01 0011 11 00'),
      undefined,
      { code: 'reserved-value', field: 'time-type', bitOffset: 6 },
    ],
    [
      'hour 24 in a time of position',
      bits('01 0011 10 00111 11000 000000 000000 0000 000 0 0 00000000'),
      undefined,
      { code: 'out-of-range', field: 'time-of-position.hour', bitOffset: 13 },
    ],
    [
      'day 0 in a time of position',
      bits('01 0011 10 00000 00000 000000 000000 0000 000 0 0 00000000'),
      undefined,
      { code: 'out-of-range', field: 'time-of-position.day', bitOffset: 8 },
    ],
    [
      'reserved location shape 1011',
      bits('01 0011 00 1011 0000'),
      undefined,
      { code: 'reserved-value', field: 'location-shape', bitOffset: 8 },
    ],
    [
      'location shape extension 1111',
      bits('01 0011 00 1111 0000'),
      undefined,
      { code: 'unsupported', field: 'location-shape', bitOffset: 8 },
    ],
    [
      'altitude code 0 (reserved)',
      bits('01 0011 00 0100', '0'.repeat(49), '0 00000000000', '000 0 0 00000000'),
      undefined,
      { code: 'reserved-value', field: 'altitude', bitOffset: 62 },
    ],
    [
      'a whole octet after a short report',
      new Uint8Array([...VECTOR_A, 0]),
      undefined,
      { code: 'trailing-data', field: 'end', bitOffset: 76 },
    ],
    [
      'non-zero padding after a short report',
      Uint8Array.from(VECTOR_A, (b, i) => (i === 9 ? b | 1 : b)),
      undefined,
      { code: 'nonzero-padding', field: 'padding', bitOffset: 76 },
    ],
    ['bits past the stated bit length', VECTOR_A, 80, { code: 'trailing-data', field: 'end', bitOffset: 76 }],
    [
      'a bit length longer than the bytes',
      VECTOR_A,
      81,
      { code: 'bad-input', field: 'bit-length', bitOffset: 0 },
    ],
    ['odd-length hex', 'abc', undefined, { code: 'bad-input', field: 'input', bitOffset: 0 }],
    ['non-hex characters', 'zz', undefined, { code: 'bad-input', field: 'input', bitOffset: 0 }],
  ];
  for (const [name, input, bitLength, expected] of cases) {
    it(name, () => {
      const r = decodeLip(input, bitLength === undefined ? {} : { bitLength });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error).toMatchObject(expected);
        expect(r.error.message).toContain(expected.field);
      }
    });
  }

  it('a short report given its exact bit length (76) decodes', () => {
    expect(ok(VECTOR_A, 76).type).toBe('short-location-report');
  });

  it('not bytes nor a string is refused, not thrown', () => {
    expect(decodeLip(42 as unknown as string)).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });
});

describe('LIP field tables', () => {
  it('velocity: one-to-one to 28 km/h, then C·(1+x)^(K−A)+B, 126 more than 1043 km/h, 127 not known', () => {
    expect(velocityFromCode(28)).toBe(28);
    expect(velocityFromCode(29)).toBeCloseTo(29.06, 2);
    expect(velocityFromCode(125)).toBeCloseTo(1043, 0);
    expect(velocityFromCode(127)).toBeNull();
    expect(velocityToCode(0)).toBe(0);
    expect(velocityToCode(80)).toBe(56); // 16·1.038^43 ≈ 78.9, 16·1.038^44 ≈ 81.9 → nearest 43+13
    expect(velocityToCode(null)).toBe(127);
    expect(velocityToCode(5000)).toBe(126);
  });

  it('position error: the smallest code whose bound covers the error', () => {
    expect([1, 2, 19, 150, 1999, 15_000, 200_000, 250_000, null].map(positionErrorToCode)).toEqual([
      0, 1, 1, 2, 3, 4, 5, 6, 7,
    ]);
  });

  it('horizontal position uncertainty: ≈ 1 m at code 0, ≈ 485 km at code 63', () => {
    expect(uncertaintyFromCode(0)).toBeCloseTo(0.977, 3);
    expect(uncertaintyFromCode(63) / 1000).toBeCloseTo(484.6, 0);
  });

  it('altitude: three steps (1 m, 2 m, 75 m) and back', () => {
    expect([1, 201, 1201, 1202, 1926, 1927, 2047].map(altitudeFromCode)).toEqual([
      -200, 0, 1000, 1002, 2450, 2525, 11525,
    ]);
    for (const m of [-200, 0, 999, 1002, 2450, 2525, 11525])
      expect(altitudeFromCode(altitudeToCode(m))).toBe(m);
  });

  it('time of position: the latest such instant not after the receive time (+5 min), across month ends', () => {
    const rx = Date.UTC(2026, 2, 1, 0, 1, 0); // 1 March 00:01
    expect(
      new Date(resolveTimeOfPosition({ day: 28, hour: 23, minute: 59, second: 0 }, rx)).toISOString(),
    ).toBe('2026-02-28T23:59:00.000Z');
    expect(
      new Date(resolveTimeOfPosition({ day: 31, hour: 12, minute: 0, second: 0 }, rx)).toISOString(),
    ).toBe('2026-01-31T12:00:00.000Z');
    expect(new Date(resolveTimeOfPosition({ day: 1, hour: 0, minute: 3, second: 0 }, rx)).toISOString()).toBe(
      '2026-03-01T00:03:00.000Z',
    );
  });
});
