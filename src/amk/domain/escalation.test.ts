import { describe, expect, it } from 'vitest';
import { alarmAudience, nextEscalationAt } from './escalation.ts';

const policy = { toAllOperatorsAfterS: 30, toNeighboursAfterS: 60 };

describe('safety alarm escalation policy (NN-4)', () => {
  it('goes to every operator after 30 s, to the neighbours 60 s later, then stops', () => {
    expect(nextEscalationAt(0, 1000, true, policy)).toBe(31_000);
    expect(nextEscalationAt(1, 31_000, true, policy)).toBe(91_000);
    expect(nextEscalationAt(2, 91_000, true, policy)).toBeNull();
  });

  it('an alarm without an AMK (the operations centre) does not escalate', () => {
    expect(nextEscalationAt(0, 1000, false, policy)).toBeNull();
  });

  it('the audience: the AMK, then its neighbours too; none means national', () => {
    expect(alarmAudience(0, 'amk-bergen', ['amk-forde'])).toEqual(['amk-bergen']);
    expect(alarmAudience(1, 'amk-bergen', ['amk-forde'])).toEqual(['amk-bergen']);
    expect(alarmAudience(2, 'amk-bergen', ['amk-forde', 'amk-fonna'])).toEqual([
      'amk-bergen',
      'amk-forde',
      'amk-fonna',
    ]);
    expect(alarmAudience(2, null, ['amk-forde'])).toEqual([]);
  });
});
