/**
 * The compiled indexes' own contracts (the engine tests cover how decisions use them): the
 * ported-number index (RT-2) keys digit strings by integer and must stay exact.
 */
import { describe, expect, it } from 'vitest';
import { PortedIndex } from './compile.ts';

describe('PortedIndex (RT-2 ported numbers)', () => {
  it('finds exactly the numbers stored, telling leading zeros and lengths apart', () => {
    const index = new PortedIndex();
    const numbers = [
      '41234567',
      '01234567',
      '1234567',
      '999999999',
      '0',
      '12345678901',
      '+4741234567',
      '4123 4567',
    ];
    numbers.forEach((n, i) => index.set(n, i));
    expect(index.size).toBe(numbers.length);
    numbers.forEach((n, i) => expect(index.get(n), n).toBe(i));
    for (const other of [
      '4123456',
      '412345670',
      '001234567',
      '00',
      '',
      '12345678900',
      '+474123456',
      '41234568',
    ]) {
      expect(index.get(other), other).toBeUndefined();
    }
  });

  it('a later entry for the same number wins, as with a Map', () => {
    const index = new PortedIndex();
    index.set('90000001', 1);
    index.set('90000001', 2);
    expect(index.get('90000001')).toBe(2);
    expect(index.size).toBe(1);
  });
});
