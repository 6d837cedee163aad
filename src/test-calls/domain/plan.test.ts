/** Which calls a run places (RT-8), and what a call found. */
import { describe, expect, it } from 'vitest';
import { buildDataSet } from '../../routing/domain/testing.ts';
import { callerCandidates, centreOfNumber, planRun } from './plan.ts';
import { isFailure, verdictOf } from './verdict.ts';

describe('planRun (RT-8)', () => {
  const data = buildDataSet();
  const serving = new Map(data.centres.flatMap((c) => c.municipalities.map((m) => [m, c.id] as const)));
  // A stand-in for routing's number lookup: the incumbent series of the municipality.
  const locate = (n: string) =>
    data.numberSeries
      .filter((s) => s.kind === 'incumbent-fixed' && n.startsWith(s.prefix))
      .sort((a, b) => b.prefix.length - a.prefix.length)[0]?.municipality;

  it('one direct call per centre and one 116117 call per municipality it serves', () => {
    const calls = planRun(data, ['lv-bergen'], locate, '11611700');
    expect(calls.map((c) => c.key)).toEqual(['direct:lv-bergen', '116117:4601', '116117:4627']);
    expect(calls[0]).toMatchObject({
      kind: 'direct',
      target: data.centres.find((c) => c.id === 'lv-bergen')!.publicNumber,
    });
    for (const c of calls.slice(1)) {
      expect(c.target).toBe('116117');
      if (c.callingNumber) expect(locate(c.callingNumber)).toBe(c.municipality);
    }
  });

  it('every centre when none is named; a municipality no number places gets no caller', () => {
    const calls = planRun(data, null, locate, '11611700');
    expect(calls.filter((c) => c.kind === 'direct')).toHaveLength(data.centres.length);
    expect(calls.filter((c) => c.kind === '116117')).toHaveLength(serving.size);
    const none = planRun(data, null, () => undefined, '11611700').filter((c) => c.kind === '116117');
    expect(none.every((c) => c.callingNumber === null)).toBe(true);
  });

  it('caller candidates never use a ported number', () => {
    const ported = new Set(data.portedNumbers.map((p) => p.number));
    for (const m of serving.keys())
      for (const n of callerCandidates(data, m)) expect(ported.has(n)).toBe(false);
  });

  it('centreOfNumber knows public, underlying and alternative-site numbers', () => {
    const c = data.centres[0]!;
    expect(centreOfNumber(data, c.publicNumber)).toBe(c.id);
    expect(centreOfNumber(data, c.underlyingNumber)).toBe(c.id);
    expect(centreOfNumber(data, c.alternativeSite.number)).toBe(c.id);
    expect(centreOfNumber(data, '00000000')).toBeNull();
  });
});

describe('verdictOf and isFailure (RT-8)', () => {
  const call = {
    key: '116117:4601',
    kind: '116117' as const,
    centreId: 'lv-bergen',
    municipality: '4601',
    target: '116117',
    callingNumber: '55000000',
  };
  const o = { finalStatus: 200, timedOut: false, rang: true, reachedCentreId: 'lv-bergen' };
  it('answered by the centre: ok; by another: other-centre', () => {
    expect(verdictOf(call, o)).toBe('ok');
    expect(verdictOf(call, { ...o, reachedCentreId: 'lv-oslo' })).toBe('other-centre');
  });
  it('ringing until the timeout: not-answered; silence: unreachable; 486: busy; 404: refused', () => {
    expect(verdictOf(call, { ...o, finalStatus: 487, timedOut: true })).toBe('not-answered');
    expect(verdictOf(call, { ...o, finalStatus: null, timedOut: true, rang: false })).toBe('unreachable');
    expect(verdictOf(call, { ...o, finalStatus: 486 })).toBe('busy');
    expect(verdictOf(call, { ...o, finalStatus: 404, rang: false })).toBe('refused');
    expect(verdictOf({ ...call, callingNumber: null }, o)).toBe('no-caller-number');
  });
  it('another centre by a re-route or schedule is flagged, not alarmed; unexplained it is a failure', () => {
    expect(isFailure({ verdict: 'other-centre', routeMethod: 'reroute' })).toBe(false);
    expect(isFailure({ verdict: 'other-centre', routeMethod: 'schedule' })).toBe(false);
    expect(isFailure({ verdict: 'other-centre', routeMethod: 'number-series' })).toBe(true);
    expect(isFailure({ verdict: 'not-answered', routeMethod: null })).toBe(true);
    expect(isFailure({ verdict: 'ok', routeMethod: 'number-series' })).toBe(false);
  });
});
