import { describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/auth/actor.ts';
import type { RerouteCheck, RerouteRequest, ReroutePolicyRules } from './reroute-policy.ts';
import { checkRerouteRequest, DEFAULT_REROUTE_RULES } from './reroute-policy.ts';

// Instants are written with their Oslo offset (+01:00 in winter, +02:00 in summer), so these tests
// do not lean on the calendar they exercise.

const operations: Actor = { type: 'user', id: 'u-hdo', name: 'HDO', role: 'operations', centreId: null };

/** A planned re-route of lv-oslo starting at `startsAt`, two hours long. */
function planned(startsAt: string): RerouteRequest {
  return {
    fromCentreId: 'lv-oslo',
    toCentreId: 'lv-hamar',
    kind: 'planned',
    reason: 'switchboard maintenance',
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
  };
}

function check(startsAt: string, requestedAt: string, rules?: ReroutePolicyRules): RerouteCheck {
  return checkRerouteRequest(planned(startsAt), operations, new Date(requestedAt), rules);
}

function refusal(result: RerouteCheck): string {
  if (result.ok) throw new Error('expected a refusal, got ok');
  expect(result.code).toBe('validation');
  return result.message;
}

describe('RT-7 planned re-routes must be requested by 12:00 (Europe/Oslo) the day before', () => {
  it('RT-7 for tomorrow: 11:59 (and 11:59:59) accepted, 12:00 and 12:01 refused', () => {
    const start = '2026-01-13T10:00+01:00'; // Tuesday
    expect(check(start, '2026-01-12T11:59+01:00').ok).toBe(true);
    expect(check(start, '2026-01-12T11:59:59+01:00').ok).toBe(true);
    expect(check(start, '2026-01-05T15:00+01:00').ok).toBe(true); // a week ahead
    expect(refusal(check(start, '2026-01-12T12:00+01:00'))).toBe(
      'Planned re-routes starting 2026-01-13 must be requested by 12:00 on 2026-01-12 (Europe/Oslo). Use an urgent re-route if it cannot wait.',
    );
    expect(refusal(check(start, '2026-01-12T12:01+01:00'))).toMatch(
      /must be requested by 12:00 on 2026-01-12/,
    );
    expect(refusal(check(start, '2026-01-13T07:00+01:00'))).toMatch(
      /must be requested by 12:00 on 2026-01-12/,
    );
  });

  it('RT-7 in summer the deadline is 12:00 CEST (10:00 UTC), not 12:00 UTC', () => {
    const start = '2026-06-16T09:00+02:00'; // Tuesday
    expect(check(start, '2026-06-15T11:59+02:00').ok).toBe(true);
    expect(refusal(check(start, '2026-06-15T12:00+02:00'))).toMatch(/by 12:00 on 2026-06-15/);
    expect(refusal(check(start, '2026-06-15T11:30Z'))).toMatch(/by 12:00 on 2026-06-15/); // 13:30 in Oslo
  });

  it('RT-7 on the night the clocks go forward the deadline is still 12:00 local', () => {
    const start = '2026-03-30T08:00+02:00'; // Monday after the change on Sunday 29 March
    expect(check(start, '2026-03-29T11:59+02:00').ok).toBe(true);
    expect(refusal(check(start, '2026-03-29T12:00+02:00'))).toMatch(/by 12:00 on 2026-03-29/);
  });

  it('RT-7 a request made on Friday for Monday: the deadline is 12:00 the calendar day before (Sunday)', () => {
    // The source: "endringsønsker skal meldes senest dagen før kl 12" — the day before, not the
    // working day before; the operations centre takes requests 24/7.
    const monday = '2026-01-19T09:00+01:00';
    expect(check(monday, '2026-01-16T11:00+01:00').ok).toBe(true);
    expect(check(monday, '2026-01-16T15:00+01:00').ok).toBe(true); // Friday afternoon
    expect(check(monday, '2026-01-17T20:00+01:00').ok).toBe(true); // Saturday
    expect(check(monday, '2026-01-18T11:59+01:00').ok).toBe(true); // Sunday morning
    expect(refusal(check(monday, '2026-01-18T12:00+01:00'))).toMatch(
      /starting 2026-01-19 must be requested by 12:00 on 2026-01-18/,
    );
    expect(refusal(check(monday, '2026-01-19T07:30+01:00'))).toMatch(/by 12:00 on 2026-01-18/);
  });

  it('RT-7 around a public holiday: not on the holiday itself, and for the day after it the deadline falls on the holiday', () => {
    // Kristi himmelfartsdag is Thursday 14 May 2026.
    expect(refusal(check('2026-05-14T10:00+02:00', '2026-05-13T09:00+02:00'))).toMatch(
      /2026-05-14 is a public holiday \(Kristi himmelfartsdag\)/,
    );
    const friday = '2026-05-15T10:00+02:00';
    expect(check(friday, '2026-05-13T15:00+02:00').ok).toBe(true); // Wednesday, the day before the holiday
    expect(check(friday, '2026-05-14T11:59+02:00').ok).toBe(true);
    expect(refusal(check(friday, '2026-05-14T12:00+02:00'))).toMatch(/by 12:00 on 2026-05-14/);
  });

  it('RT-7 the deadline is configurable', () => {
    const rules = { ...DEFAULT_REROUTE_RULES, plannedDeadline: '10:00' };
    const start = '2026-01-13T10:00+01:00';
    expect(check(start, '2026-01-12T09:59+01:00', rules).ok).toBe(true);
    expect(refusal(check(start, '2026-01-12T10:00+01:00', rules))).toMatch(/by 10:00 on 2026-01-12/);
  });
});

describe('RT-7 planned re-routes start on Norwegian working days', () => {
  const monthBefore = (start: string) => new Date(Date.parse(start) - 30 * 86_400_000).toISOString();

  it('RT-7 refuses Saturdays and Sundays', () => {
    expect(refusal(check('2026-01-17T10:00+01:00', '2026-01-05T10:00+01:00'))).toMatch(
      /2026-01-17 is a Saturday/,
    );
    expect(refusal(check('2026-01-18T10:00+01:00', '2026-01-05T10:00+01:00'))).toMatch(
      /2026-01-18 is a Sunday/,
    );
  });

  it.each([
    ['2026-01-01T10:00+01:00', 'Nyttårsdag'],
    ['2026-04-02T10:00+02:00', 'Skjærtorsdag'],
    ['2026-04-03T10:00+02:00', 'Langfredag'],
    ['2026-04-06T10:00+02:00', 'Andre påskedag'],
    ['2026-05-01T10:00+02:00', '1. mai'],
    ['2026-05-14T10:00+02:00', 'Kristi himmelfartsdag'],
    ['2026-05-25T10:00+02:00', 'Andre pinsedag'],
    ['2026-12-25T10:00+01:00', 'Første juledag'],
    ['2025-12-26T10:00+01:00', 'Andre juledag'],
    ['2024-05-17T10:00+02:00', '17. mai'],
    ['2027-05-17T10:00+02:00', '17. mai, Andre pinsedag'],
  ])('RT-7 refuses %s, a weekday public holiday (%s)', (start, name) => {
    expect(refusal(check(start, monthBefore(start)))).toContain(`is a public holiday (${name})`);
  });

  it('RT-7 accepts the working days next to the holidays', () => {
    for (const start of [
      '2026-04-01T10:00+02:00', // Wednesday before skjærtorsdag
      '2026-04-07T10:00+02:00', // Tuesday after andre påskedag
      '2026-05-15T10:00+02:00', // Friday after Kristi himmelfartsdag
      '2026-05-26T10:00+02:00', // Tuesday after andre pinsedag
      '2026-12-28T10:00+01:00', // Monday after Christmas
    ]) {
      expect(check(start, monthBefore(start)), start).toMatchObject({ ok: true });
    }
  });

  it('RT-7 urgent re-routes are not bound by working days, daytime or the deadline', () => {
    const now = new Date('2026-05-14T03:00+02:00'); // Kristi himmelfartsdag, 03:00
    const r = checkRerouteRequest(
      { fromCentreId: 'lv-oslo', toCentreId: 'lv-hamar', kind: 'urgent', reason: 'switchboard down' },
      operations,
      now,
    );
    expect(r).toEqual({ ok: true, startsAt: now.toISOString(), endsAt: null });
  });
});

describe('RT-7 planned re-routes start in daytime (08:00–16:00 Europe/Oslo)', () => {
  it('RT-7 accepts 08:00 to 15:59 and refuses outside it', () => {
    const requested = '2026-01-05T10:00+01:00';
    expect(check('2026-01-13T08:00+01:00', requested).ok).toBe(true);
    expect(check('2026-01-13T15:59+01:00', requested).ok).toBe(true);
    for (const start of ['2026-01-13T07:59+01:00', '2026-01-13T16:00+01:00', '2026-06-16T07:30+02:00']) {
      expect(refusal(check(start, requested)), start).toMatch(
        /start in daytime \(08:00–16:00 Europe\/Oslo\)/,
      );
    }
  });
});

describe('RT-7 refusals say what they mean as codes with parameters (issue 8: rendered in bokmål)', () => {
  const detail = (r: RerouteCheck) => {
    if (r.ok) throw new Error('expected a refusal, got ok');
    return r.detail;
  };

  it('a weekend day, a public holiday and a late request each have their code and values', () => {
    expect(detail(check('2026-01-17T10:00+01:00', '2026-01-05T10:00+01:00'))).toEqual({
      code: 'reroute.planned-not-working-day',
      params: { date: '2026-01-17', dayKind: 'saturday' },
    });
    expect(detail(check('2026-05-14T10:00+02:00', '2026-05-01T10:00+02:00'))).toEqual({
      code: 'reroute.planned-not-working-day',
      params: { date: '2026-05-14', dayKind: 'holiday', holiday: 'Kristi himmelfartsdag' },
    });
    expect(detail(check('2026-01-13T10:00+01:00', '2026-01-12T12:00+01:00'))).toEqual({
      code: 'reroute.planned-too-late',
      params: { date: '2026-01-13', deadline: '12:00', deadlineDate: '2026-01-12' },
    });
  });

  it('a leader of another centre is refused with the centre to name', () => {
    const other: Actor = {
      type: 'user',
      id: 'u-2',
      name: 'Leder',
      role: 'centre-leader',
      centreId: 'lv-bergen',
    };
    const r = checkRerouteRequest(
      planned('2026-01-13T10:00+01:00'),
      other,
      new Date('2026-01-05T10:00+01:00'),
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r).toMatchObject({
        code: 'forbidden',
        detail: { code: 'reroute.forbidden', params: { centreId: 'lv-oslo' } },
      });
  });
});
