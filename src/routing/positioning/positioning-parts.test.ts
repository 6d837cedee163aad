/** Small pure parts of positioning (RT-3): answer validation, number forms, settings, CSV, the fake. */
import { describe, expect, it } from 'vitest';
import { parseMunicipalitiesCsv } from './municipalities-csv.ts';
import { parseLocationAnswer } from './operator-client.ts';
import { toMsisdn } from './port.ts';
import {
  parsePositioningOperators,
  positioningOptionsFromSettings,
  positioningSettingsSchema,
} from './settings.ts';
import { createStaticPositioning } from './static-positioning.ts';

describe('operator answer validation (RT-3)', () => {
  const known = new Set(['0301']);
  it('RT-3: accepts a well-formed answer about the asked number', () => {
    expect(
      parseLocationAnswer(
        '{"msisdn":"4741234567","municipality":"0301","cellId":"c1","accuracyM":250}',
        '4741234567',
        known,
      ),
    ).toEqual({
      kind: 'located',
      municipality: '0301',
      cellId: 'c1',
      accuracyM: 250,
    });
  });
  it('RT-3: municipalities outside the known set are unknown, not positions', () => {
    expect(parseLocationAnswer('{"municipality":"9999"}', '4741234567', known)).toEqual({
      kind: 'unknown-municipality',
      municipality: '9999',
    });
    expect(parseLocationAnswer('{"municipality":"9999"}', '4741234567')).toMatchObject({ kind: 'located' });
  });
  it('RT-3: malformed answers are rejected', () => {
    for (const body of [
      '',
      'null',
      '"0301"',
      '{"municipality":"03011"}',
      '{"municipality":"0301","cellId":5}',
      '{"municipality":"0301","accuracyM":-1}',
      '{"municipality":"0301","msisdn":"4700000000"}',
    ]) {
      expect(parseLocationAnswer(body, '4741234567', known), body).toBeNull();
    }
  });
});

describe('number forms', () => {
  it('normalises calling numbers to MSISDNs', () => {
    expect(toMsisdn('91234567')).toBe('4791234567');
    expect(toMsisdn('+47 912 34 567')).toBe('4791234567');
    expect(toMsisdn('004791234567')).toBe('4791234567');
    expect(toMsisdn('4791234567')).toBe('4791234567');
    expect(toMsisdn('+46701234567')).toBe('46701234567');
    expect(toMsisdn('1234')).toBeNull();
    expect(toMsisdn('tlf 912')).toBeNull();
  });
});

describe('positioning settings', () => {
  it('parses name=url lists', () => {
    expect(parsePositioningOperators('telenor=http://127.0.0.1:7101, telia=http://127.0.0.1:7102,')).toEqual([
      { name: 'telenor', baseUrl: 'http://127.0.0.1:7101' },
      { name: 'telia', baseUrl: 'http://127.0.0.1:7102' },
    ]);
    expect(() => parsePositioningOperators('telenor')).toThrow(/entry 1 "telenor": expected name=url/);
    expect(() => parsePositioningOperators('a=http://x,b=nope')).toThrow(/entry 2 .*not an http\(s\) URL/);
    expect(() => parsePositioningOperators('a=http://x,a=http://y')).toThrow(/twice/);
  });
  it('validates the environment and builds service options', () => {
    const bad = positioningSettingsSchema.safeParse({
      NODMELD_POSITIONING_OPERATORS: 'x',
      NODMELD_POSITIONING_DEADLINE_MS: '10',
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'NODMELD_POSITIONING_OPERATORS',
      'NODMELD_POSITIONING_DEADLINE_MS',
    ]);
    const settings = positioningSettingsSchema.parse({
      NODMELD_POSITIONING_OPERATORS: 'ice=http://127.0.0.1:7103',
      NODMELD_POSITIONING_BREAKER_COOLDOWN_MS: '2000',
    });
    expect(positioningOptionsFromSettings(settings)).toEqual({
      operators: [{ name: 'ice', baseUrl: 'http://127.0.0.1:7103' }],
      deadlineMs: 2500,
      breaker: {
        consecutiveFailures: 5,
        failureRateThreshold: 0.5,
        windowMs: 30_000,
        minRequestsInWindow: 20,
        coolDownMs: 2000,
      },
    });
    expect(positioningOptionsFromSettings(positioningSettingsSchema.parse({}))).toBeNull();
  });
});

describe('municipality CSV', () => {
  it('reads number and population, honouring quotes', () => {
    expect(
      parseMunicipalitiesCsv('\uFEFFkommunenavn,kommunenummer,folketall_2024\r\n"Oslo, by",0301,717710\r\n'),
    ).toEqual([{ number: '0301', population: 717_710 }]);
  });
  it('names file and line on errors', () => {
    expect(() => parseMunicipalitiesCsv('kommunenummer\n0301\n', 'k.csv')).toThrow('k.csv:1: header');
    expect(() => parseMunicipalitiesCsv('kommunenummer,folketall_2024\n0301,many\n', 'k.csv')).toThrow(
      'k.csv:2: folketall_2024',
    );
  });
});

describe('static positioning fake', () => {
  it('RT-3: reports configured failures and unknown numbers', async () => {
    const port = createStaticPositioning(new Map([['41234567', '0301']]), {
      operator: 'fake',
      failures: { '+4799999999': 'circuit-open' },
    });
    expect(await port.locate('41234567', {})).toMatchObject({
      status: 'positioned',
      operator: 'fake',
      municipality: '0301',
    });
    expect(await port.locate('99999999', {})).toMatchObject({ status: 'failed', reason: 'circuit-open' });
    expect(await port.locate('45555555', {})).toMatchObject({ status: 'failed', reason: 'no-answer' });
  });
  it('rejects keys that are no phone numbers', () => {
    expect(() => createStaticPositioning({ oslo: '0301' })).toThrow(/oslo/);
  });
});
