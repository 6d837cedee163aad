import { describe, expect, it } from 'vitest';
import { addMonths, isIsoDate, lastsAtMostMonths, parseInstant } from './dates.ts';
import { gpMunicipalServiceDays, holdsLicenceFor, onCallShiftsOn } from './facts.ts';
import { buildPerson } from './testing.ts';

describe('calendar arithmetic used by the rules', () => {
  it('addMonths clamps to the end of a shorter month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonths('2015-05-01', 36)).toBe('2018-05-01');
  });

  it.each([
    ['2021-01-15', '2021-03-14', true],
    ['2021-01-15', '2021-03-15', false],
    ['2021-06-01', '2021-07-31', true],
    ['2021-06-01', '2021-08-01', false],
  ])('"inntil to måneders varighet": %s – %s is %s', (from, to, expected) => {
    expect(lastsAtMostMonths(from, to, 2)).toBe(expected);
  });

  it('accepts only real dates and instants with an offset', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2023-2-1')).toBe(false);
    expect(parseInstant('2025-03-03T08:00+01:00')).toBe(Date.parse('2025-03-03T07:00Z'));
    expect(parseInstant('2025-03-03T08:00')).toBeNull();
    expect(parseInstant('2025-03-03T24:00+01:00')).toBeNull();
  });
});

describe('facts on a date', () => {
  it('CMP-1: municipal GP service counts overlapping periods once and stops at the date', () => {
    const p = buildPerson({
      gpMunicipalService: [
        { from: '2020-01-01', to: '2020-01-31' },
        { from: '2020-01-15', to: '2020-02-10' },
        { from: '2020-03-01' },
      ],
    });
    expect(gpMunicipalServiceDays(p, '2020-02-10')).toBe(41);
    expect(gpMunicipalServiceDays(p, '2020-03-05')).toBe(46);
  });

  it('CMP-1: the latest on-call count documented on or before the date', () => {
    const p = buildPerson({
      onCallShifts: [
        { asOf: '2020-01-01', count: 10 },
        { asOf: '2021-01-01', count: 45 },
      ],
    });
    expect(onCallShiftsOn(p, '2019-12-31')).toBe(0);
    expect(onCallShiftsOn(p, '2020-06-01')).toBe(10);
    expect(onCallShiftsOn(p, '2021-01-01')).toBe(45);
  });

  it('CMP-3: heavier licence classes include lighter ones, expired licences do not count', () => {
    const p = buildPerson({ drivingLicences: [{ licenceClass: 'C', from: '2010-01-01', to: '2024-12-31' }] });
    expect(holdsLicenceFor(p, 'C1', '2024-06-01')).toBe(true);
    expect(holdsLicenceFor(p, 'B', '2024-06-01')).toBe(true);
    expect(holdsLicenceFor(p, 'D1', '2024-06-01')).toBe(false);
    expect(holdsLicenceFor(p, 'C1', '2025-01-01')).toBe(false);
  });
});
