/** The answered call's action rules (issue 11; LV-2, AMK-4, RT-12): handovers, own AMK, targets. */
import { describe, expect, it } from 'vitest';
import type { CallDetail } from './api.ts';
import { handoversOf, normalisePhone, ownAmk, servingCentre, targetOf } from './call-actions-view.ts';

const base = { callId: 'c1', source: 'operator' as const };

function detail(): CallDetail {
  return {
    call: {
      transfers: [
        {
          eventId: 't2',
          at: '2026-03-02T10:02:00Z',
          target: { kind: 'legevaktsentral', id: 'lv-kinn' },
          outcome: 'connected',
        },
      ],
      conferences: [
        {
          eventId: 'c1',
          at: '2026-03-02T10:01:00Z',
          target: { kind: 'amk', id: 'amk-bergen' },
          outcome: 'busy',
        },
      ],
    } as unknown as CallDetail['call'],
    events: [
      {
        ...base,
        eventId: 'c1',
        occurredAt: '2026-03-02T10:01:00Z',
        type: 'conferenced',
        target: { kind: 'amk', id: 'amk-bergen' },
        outcome: 'busy',
        hastegrad: 'haster',
      },
      {
        ...base,
        eventId: 't2',
        occurredAt: '2026-03-02T10:02:00Z',
        type: 'transferred',
        target: { kind: 'legevaktsentral', id: 'lv-kinn' },
        outcome: 'connected',
        mode: 'attended',
      },
    ],
  };
}

describe('the answered call’s handovers', () => {
  it('lists transfers and conferences oldest first, with the mode and hastegrad of their events', () => {
    expect(handoversOf(detail())).toEqual([
      {
        eventId: 'c1',
        at: '2026-03-02T10:01:00Z',
        kind: 'conference',
        target: { kind: 'amk', id: 'amk-bergen' },
        outcome: 'busy',
        hastegrad: 'haster',
      },
      {
        eventId: 't2',
        at: '2026-03-02T10:02:00Z',
        kind: 'transfer',
        target: { kind: 'legevaktsentral', id: 'lv-kinn' },
        outcome: 'connected',
        mode: 'attended',
      },
    ]);
  });
});

describe('where a call goes', () => {
  const legevakt = [{ id: 'lv-bergen', amkId: 'amk-bergen' }];
  it('defaults to the centre’s own AMK: a legevaktsentral’s, or the AMK centre itself', () => {
    expect(ownAmk('lv-bergen', 'legevakt', legevakt)).toBe('amk-bergen');
    expect(ownAmk('amk-forde', 'amk', legevakt)).toBe('amk-forde');
    expect(ownAmk('lv-unknown', 'legevakt', legevakt)).toBeUndefined();
  });

  it('takes the right centre of a municipality from who serves it now, else its home centre (RT-12)', () => {
    expect(servingCentre({ servedNow: { centreId: 'lv-voss' }, homeCentreId: 'lv-bergen' })).toBe('lv-voss');
    expect(servingCentre({ servedNow: null, homeCentreId: 'lv-bergen' })).toBe('lv-bergen');
    expect(servingCentre(undefined)).toBeUndefined();
  });

  it('reads phone numbers with spaces, refuses letters and too short ones', () => {
    expect(normalisePhone('55 42 52 25')).toBe('55425225');
    expect(normalisePhone('+47 900-00-000')).toBe('+4790000000');
    expect(normalisePhone('12')).toBeNull();
    expect(normalisePhone('ring meg')).toBeNull();
  });

  it('makes the target of each kind, and says what is missing', () => {
    const choice = { kind: 'amk' as const, amkId: 'amk-bergen', centreId: '', number: '' };
    const numbers = (id: string) => (id === 'lv-kinn' ? '57980616' : undefined);
    expect(targetOf(choice, numbers)).toEqual({ target: { kind: 'amk', id: 'amk-bergen' } });
    expect(targetOf({ ...choice, amkId: '' }, numbers)).toEqual({ problem: 'amk-missing' });
    expect(targetOf({ ...choice, kind: 'legevaktsentral', centreId: 'lv-kinn' }, numbers)).toEqual({
      target: { kind: 'legevaktsentral', id: 'lv-kinn', number: '57980616' },
    });
    expect(targetOf({ ...choice, kind: 'legevaktsentral' }, numbers)).toEqual({ problem: 'centre-missing' });
    expect(targetOf({ ...choice, kind: 'doctor-on-call', number: '' }, numbers)).toEqual({
      problem: 'number-missing',
    });
    expect(targetOf({ ...choice, kind: 'doctor-on-call', number: '900 11 222' }, numbers)).toEqual({
      target: { kind: 'doctor-on-call', number: '90011222' },
    });
    expect(targetOf({ ...choice, kind: 'doctor-on-call', number: 'x' }, numbers)).toEqual({
      problem: 'number-invalid',
    });
    expect(targetOf({ ...choice, kind: 'other', number: '' }, numbers)).toEqual({
      target: { kind: 'other' },
    });
  });
});
