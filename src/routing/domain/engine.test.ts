import { describe, expect, it } from 'vitest';
import { traceDetail } from './trace-text.ts';
import { compileRoutingData, RoutingDataError } from './compile.ts';
import { route, RoutingInputError, validateReroute } from './engine.ts';
import type { ConnectDecision } from './engine.ts';
import {
  buildCall,
  buildCentre,
  buildCompiledData,
  buildDataSet,
  buildReroute,
  buildState,
} from './testing.ts';
import type { CallInput, RoutingDecision, RoutingPolicy } from './types.ts';
import { DEFAULT_POLICY } from './types.ts';
import { mulberry32 } from '../../platform/seeded-random.ts';

/** Wednesday 7 January 2026 10:00 Europe/Oslo (CET): lv-kinn is staffed. */
const WEDNESDAY_DAY = Date.UTC(2026, 0, 7, 9, 0);
/** Wednesday 7 January 2026 23:00 Europe/Oslo: lv-kinn is closed. */
const WEDNESDAY_NIGHT = Date.UTC(2026, 0, 7, 22, 0);

const data = buildCompiledData();
const noState = buildState();

function connect(decision: RoutingDecision): ConnectDecision {
  if (decision.outcome !== 'connect') throw new Error(`expected connect, got menu: ${decision.reason}`);
  return decision;
}

function routeCall(call: Partial<CallInput>, at = WEDNESDAY_DAY, policy?: RoutingPolicy): RoutingDecision {
  return route(buildCall(call), data, noState, at, policy);
}

function steps(decision: RoutingDecision): string[] {
  return decision.trace.map((t) => t.step);
}

describe('route: called number (RT-1)', () => {
  it.each(['116117', '+47116117', '0047116117', '+47 116 117'])('RT-1 accepts %s', (calledNumber) => {
    expect(connect(routeCall({ calledNumber })).centreId).toBe('lv-bergen');
  });

  it('RT-1 refuses other called numbers with a RoutingInputError', () => {
    expect(() => routeCall({ calledNumber: '113' })).toThrow(RoutingInputError);
    try {
      routeCall({ calledNumber: '11611' });
    } catch (e) {
      expect((e as RoutingInputError).code).toBe('not-116117');
    }
  });
});

describe('route: fixed and IP calls by number series (RT-2)', () => {
  it('RT-2 incumbent series resolves to its municipality and the serving centre', () => {
    const d = connect(routeCall({ callingNumber: '22334455' }));
    expect(d).toMatchObject({
      centreId: 'lv-oslo',
      connectTo: '22000001',
      method: 'number-series',
      locatedBy: 'number-series',
      municipality: '0301',
      county: '03',
    });
    expect(steps(d)).toEqual([
      'call',
      'series-match',
      'series-municipality',
      'municipality-centre',
      'connect',
    ]);
    expect(d.dataVersion).toBe(1);
  });

  it('RT-2 longest prefix wins (5531 Askøy inside 55 Bergen, 7416 Steinkjer inside 74 Namsos)', () => {
    expect(connect(routeCall({ callingNumber: '55310000' })).municipality).toBe('4627');
    expect(connect(routeCall({ callingNumber: '55300000' })).municipality).toBe('4601');
    expect(connect(routeCall({ callingNumber: '74160000' }))).toMatchObject({
      municipality: '5006',
      centreId: 'lv-namdal',
    });
  });

  it.each([
    ['+47 22 33 44 55', '22334455'],
    ['004722334455', '22334455'],
    ['4722334455', '22334455'],
    ['22-33-44-55', '22334455'],
  ])('RT-2 normalises the calling number %s', (callingNumber, normalised) => {
    const d = connect(routeCall({ callingNumber }));
    expect(d.centreId).toBe('lv-oslo');
    expect(traceDetail(d.trace[0]!)).toContain(normalised);
  });

  it("RT-2 other operators' series resolve to the county's most populous municipality", () => {
    const d = connect(routeCall({ callingNumber: '63990000' }));
    // County 34 (Innlandet): most populous is Ringsaker (3411), served by lv-hamar.
    expect(d).toMatchObject({
      centreId: 'lv-hamar',
      county: '34',
      municipality: undefined,
      method: 'number-series',
    });
    expect(steps(d)).toContain('county-most-populous');
    expect(traceDetail(d.trace.find((t) => t.step === 'county-most-populous')!)).toContain('3411');
  });

  it('RT-2 a ported number routes by its original series, traced as "ported"', () => {
    const d = connect(routeCall({ callingNumber: '55123456' }));
    expect(d).toMatchObject({ centreId: 'lv-bergen', municipality: '4601' });
    expect(steps(d)).toContain('ported');
  });

  it('RT-2 a geo-ported number routes by its original series, traced as "geo-ported"', () => {
    // 73999999 lies in a block re-allocated to an Oslo operator, but was allocated from Trondheim's 73 series.
    const d = connect(routeCall({ callingNumber: '73999999' }));
    expect(d).toMatchObject({ centreId: 'lv-trondheim', municipality: '5001' });
    expect(steps(d)).toContain('geo-ported');
    // A ported other-operator number keeps county-only routing.
    expect(connect(routeCall({ callingNumber: '56961555' }))).toMatchObject({
      centreId: 'lv-bergen',
      county: '46',
    });
  });

  it('RT-2 the presented number overrides the calling number on IP calls only', () => {
    const ip = connect(
      routeCall({ network: 'ip', callingNumber: '85000000', presentedNumber: '+4773001122' }),
    );
    expect(ip).toMatchObject({ centreId: 'lv-trondheim', municipality: '5001' });
    expect(steps(ip)).toContain('presented-number');
    const fixed = connect(
      routeCall({ network: 'fixed', callingNumber: '22334455', presentedNumber: '73001122' }),
    );
    expect(fixed.centreId).toBe('lv-oslo');
  });

  it('RT-2 IP series with a county or a municipality route; IP series without geography is unlocated', () => {
    expect(connect(routeCall({ network: 'ip', callingNumber: '85501234' }))).toMatchObject({
      centreId: 'lv-trondheim',
      county: '50',
    });
    expect(connect(routeCall({ network: 'ip', callingNumber: '85511234' }))).toMatchObject({
      centreId: 'lv-bergen',
      municipality: '4601',
    });
    // The import validator refuses IP series without geography; the engine still treats one as unlocated.
    const base = buildDataSet();
    const withBareIp = buildCompiledData({
      numberSeries: [...base.numberSeries, { prefix: '8599', operator: 'Telenor', kind: 'ip' }],
    });
    const none = connect(
      route(buildCall({ network: 'ip', callingNumber: '85991234' }), withBareIp, noState, WEDNESDAY_DAY),
    );
    expect(none.method).toBe('overflow');
    expect(steps(none)).toContain('series-no-geography');
  });

  it('RT-2 a mobile series on a fixed call, an unknown series or a hidden number is unlocated', () => {
    for (const callingNumber of ['41234567', '31234567', '', '+46701234567']) {
      const d = routeCall({ callingNumber });
      expect(d.outcome === 'connect' && d.method).toBe('overflow');
    }
    expect(steps(routeCall({ callingNumber: '41234567' }))).toContain('series-mobile');
    expect(steps(routeCall({ callingNumber: '31234567' }))).toContain('series-none');
    expect(steps(routeCall({ callingNumber: '' }))).toContain('no-number');
  });
});

describe('route: mobile calls by position (RT-3)', () => {
  it('RT-3 a positioned mobile call goes to the centre of that municipality', () => {
    const d = connect(
      routeCall({
        network: 'mobile',
        callingNumber: '41234567',
        position: { status: 'positioned', municipality: '5007', operator: 'Telia', elapsedMs: 420 },
      }),
    );
    expect(d).toMatchObject({
      centreId: 'lv-namdal',
      method: 'mobile-position',
      municipality: '5007',
      county: '50',
    });
    expect(traceDetail(d.trace.find((t) => t.step === 'mobile-position')!)).toContain('Telia');
  });

  it('RT-3 a municipality given directly through the API is accepted', () => {
    expect(
      connect(routeCall({ network: 'mobile', callingNumber: '41234567', position: { municipality: '3405' } }))
        .centreId,
    ).toBe('lv-lillehammer');
  });

  it('RT-3/RT-5 a failed, absent or unknown position goes to the menu under the default policy', () => {
    const failed = routeCall({
      network: 'mobile',
      callingNumber: '41234567',
      position: { status: 'failed', reason: 'timeout', elapsedMs: 9000 },
    });
    expect(failed.outcome).toBe('menu');
    expect(steps(failed)).toEqual(['call', 'position-failed', 'menu']);
    expect(traceDetail(failed.trace[1]!)).toContain('timeout');
    expect(routeCall({ network: 'mobile', callingNumber: '41234567' }).outcome).toBe('menu');
    expect(
      steps(routeCall({ network: 'mobile', callingNumber: '41234567', position: { municipality: '9999' } })),
    ).toContain('municipality-unknown');
  });
});

describe('route: unlocated calls (RT-5, RT-6)', () => {
  const overflowIds = ['lv-bergen', 'lv-hamar', 'lv-oslo', 'lv-trondheim'];

  it('RT-6 without a random source the fallback pick is deterministic per input and spreads over the overflow centres', () => {
    const picked = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const callingNumber = `3${String(1_000_000 + i * 7919)}`;
      const a = connect(routeCall({ callingNumber }));
      const b = connect(routeCall({ callingNumber }));
      expect(a).toEqual(b);
      expect(overflowIds).toContain(a.centreId);
      expect(a.locatedBy).toBe('overflow');
      picked.add(a.centreId);
    }
    expect([...picked].sort()).toEqual(overflowIds);
  });

  /** Share of each overflow centre over `calls` unlocated calls made by `makeCall(i)`. */
  function overflowShares(policy: RoutingPolicy, calls: number, makeCall: (i: number) => Partial<CallInput>) {
    const counts = new Map<string, number>(overflowIds.map((id) => [id, 0]));
    for (let i = 0; i < calls; i++) {
      const d = connect(routeCall(makeCall(i), WEDNESDAY_DAY, policy));
      expect(d.locatedBy).toBe('overflow');
      counts.set(d.centreId, counts.get(d.centreId)! + 1);
    }
    return new Map([...counts].map(([id, n]) => [id, n / calls]));
  }

  it('RT-6 calls without a number are spread at random: each overflow centre gets 1/n ± 0.02 of 20,000 calls', () => {
    // Same call, same instant, same data: only the random draw differs between the calls.
    const policy: RoutingPolicy = { ...DEFAULT_POLICY, random: mulberry32(116117) };
    const shares = overflowShares(policy, 20_000, () => ({ callingNumber: '' }));
    for (const [id, share] of shares) {
      expect(Math.abs(share - 1 / overflowIds.length), `${id}: ${share}`).toBeLessThanOrEqual(0.02);
    }
  });

  it('RT-6 each call draws anew: the same caller can land on different centres, and unknown numbers are spread too', () => {
    const policy: RoutingPolicy = { ...DEFAULT_POLICY, random: mulberry32(7) };
    const same = new Set(
      Array.from(
        { length: 50 },
        () => connect(routeCall({ callingNumber: '31234567' }, WEDNESDAY_DAY, policy)).centreId,
      ),
    );
    expect(same.size).toBeGreaterThan(1);
    const shares = overflowShares(policy, 8_000, (i) => ({ callingNumber: `3${String(1_000_000 + i)}` }));
    for (const share of shares.values()) expect(Math.abs(share - 0.25)).toBeLessThanOrEqual(0.03);
  });

  it('RT-6 the pick follows the draw and the trace says it was random', () => {
    const ordered = buildCompiledData().overflowCentres.map((c) => c.centre.id);
    const draws = [0, 0.25, 0.5, 0.999999];
    draws.forEach((draw, i) => {
      const d = connect(
        routeCall({ callingNumber: '' }, WEDNESDAY_DAY, { ...DEFAULT_POLICY, random: () => draw }),
      );
      expect(d.centreId).toBe(ordered[i]);
      const step = d.trace.find((t) => t.step === 'overflow')!;
      expect(traceDetail(step)).toMatch(/picked at random from 4 overflow centres/);
    });
    // A broken source (outside [0, 1)) never crashes a call: it falls back to the hash and says so.
    for (const bad of [1, -0.1, Number.NaN]) {
      const d = connect(
        routeCall({ callingNumber: '' }, WEDNESDAY_DAY, { ...DEFAULT_POLICY, random: () => bad }),
      );
      expect(overflowIds).toContain(d.centreId);
      expect(traceDetail(d.trace.find((t) => t.step === 'overflow')!)).toMatch(/outside \[0, 1\)/);
    }
  });

  it('RT-6 without a random source, calls without a number still do not all go to one centre', () => {
    const picked = new Set<string>();
    for (let i = 0; i < 100; i++) {
      const d = connect(routeCall({ callingNumber: '' }, WEDNESDAY_DAY + i * 1000));
      picked.add(d.centreId);
      expect(traceDetail(d.trace.find((t) => t.step === 'overflow')!)).toMatch(/no random source was given/);
    }
    expect([...picked].sort()).toEqual(overflowIds);
  });

  it('RT-6 fixed overflow policy always uses the configured centre; unknown centre falls back to the pick', () => {
    const fixed: RoutingPolicy = { ...DEFAULT_POLICY, overflow: { mode: 'fixed', centreId: 'lv-trondheim' } };
    expect(connect(routeCall({ callingNumber: '31234567' }, WEDNESDAY_DAY, fixed)).centreId).toBe(
      'lv-trondheim',
    );
    const unknown: RoutingPolicy = { ...DEFAULT_POLICY, overflow: { mode: 'fixed', centreId: 'lv-nowhere' } };
    const d = connect(routeCall({ callingNumber: '31234567' }, WEDNESDAY_DAY, unknown));
    expect(overflowIds).toContain(d.centreId);
    expect(steps(d)).toContain('overflow-unknown');
  });

  it('RT-5 policy "menu" sends unlocated fixed calls to the fallback menu, keeping a known county', () => {
    const menu: RoutingPolicy = {
      ...DEFAULT_POLICY,
      unlocated: { fixed: 'menu', ip: 'menu', mobile: 'menu' },
    };
    const d = routeCall({ callingNumber: '31234567' }, WEDNESDAY_DAY, menu);
    expect(d).toMatchObject({ outcome: 'menu', dataVersion: 1 });
    expect(
      routeCall(
        { network: 'mobile', position: { status: 'failed', reason: 'no-answer', elapsedMs: 10 } },
        WEDNESDAY_DAY,
        { ...DEFAULT_POLICY, unlocated: { ...DEFAULT_POLICY.unlocated, mobile: 'overflow' } },
      ).outcome,
    ).toBe('connect');
  });

  it('RT-5 with no overflow centre in the data the call goes to the menu', () => {
    const centres = buildDataSet().centres.map((c) => ({ ...c, overflow: false }));
    const d = route(
      buildCall({ callingNumber: '31234567' }),
      buildCompiledData({ centres }),
      noState,
      WEDNESDAY_DAY,
    );
    expect(d.outcome).toBe('menu');
    expect(steps(d)).toContain('overflow-none');
  });
});

describe('route: part-day centres (RT-10)', () => {
  const kinnCall = { callingNumber: '57001234' };

  it('RT-10 a part-day centre takes its calls inside its staffed window', () => {
    expect(connect(routeCall(kinnCall, WEDNESDAY_DAY))).toMatchObject({
      centreId: 'lv-kinn',
      method: 'number-series',
    });
  });

  it('RT-10 outside the staffed window the partner takes the call; the locating method is kept', () => {
    const d = connect(routeCall(kinnCall, WEDNESDAY_NIGHT));
    expect(d).toMatchObject({
      centreId: 'lv-bergen',
      method: 'schedule',
      locatedBy: 'number-series',
      municipality: '4602',
    });
    expect(traceDetail(d.trace.find((t) => t.step === 'schedule')!)).toBe(
      'Kinn legevaktsentral is not staffed Wednesday 23:00 (Europe/Oslo); calls go to partner Bergen legevaktsentral',
    );
  });

  it('RT-10 the window edges: 07:59 closed, 08:00 open, 15:59 open, 16:00 closed (local time)', () => {
    const at = (h: number, m: number) => Date.UTC(2026, 0, 7, h - 1, m);
    expect(connect(routeCall(kinnCall, at(7, 59))).centreId).toBe('lv-bergen');
    expect(connect(routeCall(kinnCall, at(8, 0))).centreId).toBe('lv-kinn');
    expect(connect(routeCall(kinnCall, at(15, 59))).centreId).toBe('lv-kinn');
    expect(connect(routeCall(kinnCall, at(16, 0))).centreId).toBe('lv-bergen');
  });

  it('RT-10 partner chains are followed (A → B → C while A and B are closed)', () => {
    const centres = [
      ...buildDataSet().centres.filter((c) => c.id !== 'lv-sogndal' && c.id !== 'lv-kinn'),
      buildCentre({
        id: 'lv-kinn',
        municipalities: ['4602'],
        schedule: {
          staffed: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '16:00' }],
          partnerCentreId: 'lv-sogndal',
        },
      }),
      buildCentre({
        id: 'lv-sogndal',
        municipalities: ['4640'],
        schedule: { staffed: [{ days: [6, 7], from: '00:00', to: '00:00' }], partnerCentreId: 'lv-bergen' },
      }),
    ];
    const chained = buildCompiledData({ centres });
    const d = connect(route(buildCall(kinnCall), chained, noState, WEDNESDAY_NIGHT));
    expect(d.centreId).toBe('lv-bergen');
    expect(steps(d).filter((s) => s === 'schedule')).toHaveLength(2);
  });

  it('RT-10 a partner loop stops at the last centre before the loop, with a trace', () => {
    const closed = { staffed: [{ days: [6], from: '10:00', to: '11:00' }] };
    const centres = [
      ...buildDataSet().centres.filter((c) => c.id !== 'lv-sogndal' && c.id !== 'lv-kinn'),
      buildCentre({
        id: 'lv-kinn',
        municipalities: ['4602'],
        schedule: { ...closed, partnerCentreId: 'lv-sogndal' },
      }),
      buildCentre({
        id: 'lv-sogndal',
        municipalities: ['4640'],
        schedule: { ...closed, partnerCentreId: 'lv-kinn' },
      }),
    ];
    const d = connect(route(buildCall(kinnCall), buildCompiledData({ centres }), noState, WEDNESDAY_NIGHT));
    expect(d.centreId).toBe('lv-sogndal');
    expect(steps(d)).toContain('schedule-loop');
  });

  it('RT-10 a window crossing midnight covers the early hours of the next day (Sunday wraps to Monday)', () => {
    const centres = [
      ...buildDataSet().centres.filter((c) => c.id !== 'lv-kinn'),
      buildCentre({
        id: 'lv-kinn',
        municipalities: ['4602'],
        schedule: { staffed: [{ days: [7], from: '22:00', to: '06:00' }], partnerCentreId: 'lv-bergen' },
      }),
    ];
    const night = buildCompiledData({ centres });
    const at = (day: number, h: number, m: number) => Date.UTC(2026, 0, day, h - 1, m); // January: CET
    const centreAt = (ms: number) => connect(route(buildCall(kinnCall), night, noState, ms)).centreId;
    expect(centreAt(at(11, 21, 59))).toBe('lv-bergen'); // Sunday 21:59
    expect(centreAt(at(11, 22, 0))).toBe('lv-kinn'); // Sunday 22:00
    expect(centreAt(at(11, 23, 59))).toBe('lv-kinn');
    expect(centreAt(at(12, 0, 0))).toBe('lv-kinn'); // Monday 00:00
    expect(centreAt(at(12, 5, 59))).toBe('lv-kinn');
    expect(centreAt(at(12, 6, 0))).toBe('lv-bergen');
    expect(centreAt(at(13, 1, 0))).toBe('lv-bergen'); // Tuesday night: not staffed
  });

  describe('RT-10 schedule decisions on the 2026 DST change days', () => {
    // Staffed Saturday 22:00 → Sunday 02:30 and Sunday 03:00 → 12:00 local time.
    const centres = [
      ...buildDataSet().centres.filter((c) => c.id !== 'lv-kinn'),
      buildCentre({
        id: 'lv-kinn',
        municipalities: ['4602'],
        schedule: {
          staffed: [
            { days: [6], from: '22:00', to: '02:30' },
            { days: [7], from: '03:00', to: '12:00' },
          ],
          partnerCentreId: 'lv-bergen',
        },
      }),
    ];
    const dst = buildCompiledData({ centres });
    const centreAt = (iso: string) =>
      connect(route(buildCall(kinnCall), dst, noState, new Date(iso))).centreId;

    it('spring forward, Sunday 29 March 2026 (02:00 CET → 03:00 CEST)', () => {
      expect(centreAt('2026-03-29T00:59:00Z')).toBe('lv-kinn'); // 01:59 CET
      expect(centreAt('2026-03-29T01:00:00Z')).toBe('lv-kinn'); // 03:00 CEST (02:00–02:59 does not exist)
      expect(centreAt('2026-03-28T20:59:00Z')).toBe('lv-bergen'); // Saturday 21:59 CET
      expect(centreAt('2026-03-29T09:59:00Z')).toBe('lv-kinn'); // 11:59 CEST
      expect(centreAt('2026-03-29T10:00:00Z')).toBe('lv-bergen'); // 12:00 CEST
    });

    it('fall back, Sunday 25 October 2026 (03:00 CEST → 02:00 CET)', () => {
      expect(centreAt('2026-10-25T00:29:00Z')).toBe('lv-kinn'); // 02:29 CEST
      expect(centreAt('2026-10-25T00:30:00Z')).toBe('lv-bergen'); // 02:30 CEST
      expect(centreAt('2026-10-25T00:59:00Z')).toBe('lv-bergen'); // 02:59 CEST
      expect(centreAt('2026-10-25T01:00:00Z')).toBe('lv-kinn'); // 02:00 CET (second pass of 02:xx)
      expect(centreAt('2026-10-25T01:30:00Z')).toBe('lv-bergen'); // 02:30 CET
      expect(centreAt('2026-10-25T02:00:00Z')).toBe('lv-kinn'); // 03:00 CET
      expect(centreAt('2026-10-25T10:59:00Z')).toBe('lv-kinn'); // 11:59 CET
      expect(centreAt('2026-10-25T11:00:00Z')).toBe('lv-bergen'); // 12:00 CET
    });
  });
});

describe('route: re-routes (RT-7) and alternative sites (RT-11)', () => {
  const osloCall = { callingNumber: '22334455' };

  it('RT-7 an active re-route moves the call; outside its window it does not', () => {
    const state = buildState({
      reroutes: [
        buildReroute({
          fromCentreId: 'lv-oslo',
          toCentreId: 'lv-hamar',
          startsAt: '2026-01-07T08:00:00Z',
          endsAt: '2026-01-07T09:00:00Z',
          reason: 'power failure',
        }),
      ],
    });
    const inside = connect(route(buildCall(osloCall), data, state, Date.parse('2026-01-07T08:00:00Z')));
    expect(inside).toMatchObject({
      centreId: 'lv-hamar',
      method: 'reroute',
      locatedBy: 'number-series',
      municipality: '0301',
    });
    expect(traceDetail(inside.trace.find((t) => t.step === 'reroute')!)).toContain('power failure');
    expect(
      connect(route(buildCall(osloCall), data, state, Date.parse('2026-01-07T09:00:00Z'))).centreId,
    ).toBe('lv-oslo');
    expect(
      connect(route(buildCall(osloCall), data, state, Date.parse('2026-01-07T07:59:59Z'))).centreId,
    ).toBe('lv-oslo');
  });

  it('RT-7 open-ended (urgent) re-routes stay active', () => {
    const state = buildState({
      reroutes: [
        buildReroute({ fromCentreId: 'lv-oslo', toCentreId: 'lv-hamar', endsAt: null, kind: 'urgent' }),
      ],
    });
    expect(connect(route(buildCall(osloCall), data, state, Date.UTC(2030, 0, 1))).centreId).toBe('lv-hamar');
  });

  it('RT-7 chains are resolved (A → B, B → C gives C)', () => {
    const state = buildState({
      reroutes: [
        buildReroute({ fromCentreId: 'lv-oslo', toCentreId: 'lv-hamar' }),
        buildReroute({ fromCentreId: 'lv-hamar', toCentreId: 'lv-lillehammer' }),
      ],
    });
    const d = connect(route(buildCall(osloCall), data, state, WEDNESDAY_DAY));
    expect(d.centreId).toBe('lv-lillehammer');
    expect(steps(d).filter((s) => s === 'reroute')).toHaveLength(2);
  });

  it('RT-7 a cycle at run time does not hang: it stops at the last centre before the cycle', () => {
    const state = buildState({
      reroutes: [
        buildReroute({ fromCentreId: 'lv-oslo', toCentreId: 'lv-hamar' }),
        buildReroute({ fromCentreId: 'lv-hamar', toCentreId: 'lv-lillehammer' }),
        buildReroute({ fromCentreId: 'lv-lillehammer', toCentreId: 'lv-oslo' }),
      ],
    });
    const d = connect(route(buildCall(osloCall), data, state, WEDNESDAY_DAY));
    expect(d.centreId).toBe('lv-lillehammer');
    expect(steps(d)).toContain('reroute-cycle');
  });

  it('RT-7 re-routes apply after the schedule (the partner is re-routed too)', () => {
    const state = buildState({
      reroutes: [buildReroute({ fromCentreId: 'lv-bergen', toCentreId: 'lv-sogndal' })],
    });
    const d = connect(route(buildCall({ callingNumber: '57001234' }), data, state, WEDNESDAY_NIGHT));
    expect(d).toMatchObject({ centreId: 'lv-sogndal', method: 'reroute', locatedBy: 'number-series' });
    expect(steps(d)).toEqual([
      'call',
      'series-match',
      'series-municipality',
      'municipality-centre',
      'schedule',
      'reroute',
      'connect',
    ]);
  });

  it('RT-7 overlapping re-routes from one centre: the latest started wins; unknown target is ignored', () => {
    const state = buildState({
      reroutes: [
        buildReroute({ fromCentreId: 'lv-oslo', toCentreId: 'lv-hamar', startsAt: '2026-01-01T00:00:00Z' }),
        buildReroute({
          fromCentreId: 'lv-oslo',
          toCentreId: 'lv-trondheim',
          startsAt: '2026-01-05T00:00:00Z',
        }),
      ],
    });
    expect(connect(route(buildCall(osloCall), data, state, WEDNESDAY_DAY)).centreId).toBe('lv-trondheim');
    const unknown = buildState({
      reroutes: [buildReroute({ fromCentreId: 'lv-oslo', toCentreId: 'lv-gone' })],
    });
    const d = connect(route(buildCall(osloCall), data, unknown, WEDNESDAY_DAY));
    expect(d.centreId).toBe('lv-oslo');
    expect(steps(d)).toContain('reroute-unknown-centre');
  });

  it('RT-11 an unavailable centre is connected through its alternative site number', () => {
    const state = buildState({ unavailableCentreIds: ['lv-oslo'] });
    const d = connect(route(buildCall(osloCall), data, state, WEDNESDAY_DAY));
    expect(d).toMatchObject({
      centreId: 'lv-oslo',
      connectTo: '22000099',
      alternativeSite: true,
      method: 'number-series',
    });
    expect(traceDetail(d.trace.find((t) => t.step === 'alternative-site')!)).toContain('Oslo reserve');
  });

  it('RT-11 the alternative site applies to the final centre after re-routes', () => {
    const state = buildState({
      reroutes: [buildReroute({ fromCentreId: 'lv-hamar', toCentreId: 'lv-oslo' })],
      unavailableCentreIds: ['lv-oslo', 'lv-hamar'],
    });
    const d = connect(route(buildCall({ callingNumber: '62001234' }), data, state, WEDNESDAY_DAY));
    expect(d).toMatchObject({ centreId: 'lv-oslo', connectTo: '22000099', method: 'reroute' });
  });

  it('RT-7 the indexed state notices re-routes pushed into the same array', () => {
    const state = buildState();
    expect(connect(route(buildCall(osloCall), data, state, WEDNESDAY_DAY)).centreId).toBe('lv-oslo');
    state.reroutes.push(buildReroute({ fromCentreId: 'lv-oslo', toCentreId: 'lv-hamar' }));
    expect(connect(route(buildCall(osloCall), data, state, WEDNESDAY_DAY)).centreId).toBe('lv-hamar');
  });
});

describe('validateReroute (RT-7)', () => {
  const window = { startsAt: '2026-02-01T08:00:00Z', endsAt: '2026-02-01T16:00:00Z' };

  it('accepts a simple re-route and a chain', () => {
    const a = buildReroute({ fromCentreId: 'lv-oslo', toCentreId: 'lv-hamar', ...window });
    expect(validateReroute(a, [], data)).toEqual({ ok: true });
    expect(
      validateReroute(
        buildReroute({ fromCentreId: 'lv-hamar', toCentreId: 'lv-lillehammer', ...window }),
        [a],
        data,
      ),
    ).toEqual({ ok: true });
  });

  it('refuses unknown centres, the same centre and bad windows', () => {
    expect(validateReroute(buildReroute({ toCentreId: 'lv-x' }), [], data)).toMatchObject({
      ok: false,
      code: 'unknown-centre',
    });
    expect(validateReroute(buildReroute({ fromCentreId: 'lv-x' }), [], data)).toMatchObject({
      ok: false,
      code: 'unknown-centre',
    });
    expect(validateReroute(buildReroute({ toCentreId: 'lv-kinn' }), [], data)).toMatchObject({
      ok: false,
      code: 'same-centre',
    });
    expect(validateReroute(buildReroute({ startsAt: 'yesterday' }), [], data)).toMatchObject({
      ok: false,
      code: 'bad-window',
    });
    expect(
      validateReroute(
        buildReroute({ startsAt: '2026-02-01T08:00:00Z', endsAt: '2026-02-01T08:00:00Z' }),
        [],
        data,
      ),
    ).toMatchObject({ ok: false, code: 'bad-window' });
  });

  it('refuses a re-route that closes a cycle while the windows overlap, and names the cycle', () => {
    const existing = [
      buildReroute({ fromCentreId: 'lv-oslo', toCentreId: 'lv-hamar', ...window }),
      buildReroute({
        fromCentreId: 'lv-hamar',
        toCentreId: 'lv-lillehammer',
        startsAt: '2026-02-01T12:00:00Z',
        endsAt: null,
      }),
    ];
    const candidate = buildReroute({
      fromCentreId: 'lv-lillehammer',
      toCentreId: 'lv-oslo',
      startsAt: '2026-02-01T00:00:00Z',
      endsAt: '2026-02-02T00:00:00Z',
    });
    const result = validateReroute(candidate, existing, data);
    expect(result).toMatchObject({
      ok: false,
      code: 'cycle',
      cycle: ['lv-lillehammer', 'lv-oslo', 'lv-hamar', 'lv-lillehammer'],
    });
    expect(!result.ok && result.message).toContain('2026-02-01T12:00:00.000Z');
  });

  it('accepts the same edges when the windows do not overlap in time', () => {
    const existing = [
      buildReroute({ fromCentreId: 'lv-oslo', toCentreId: 'lv-hamar', ...window }),
      buildReroute({
        fromCentreId: 'lv-hamar',
        toCentreId: 'lv-lillehammer',
        startsAt: '2026-02-01T16:00:00Z',
        endsAt: null,
      }),
    ];
    const candidate = buildReroute({
      fromCentreId: 'lv-lillehammer',
      toCentreId: 'lv-oslo',
      startsAt: '2026-02-01T00:00:00Z',
      endsAt: '2026-02-02T00:00:00Z',
    });
    expect(validateReroute(candidate, existing, data)).toEqual({ ok: true });
    // A direct swap is a two-centre cycle.
    expect(
      validateReroute(
        buildReroute({ fromCentreId: 'lv-hamar', toCentreId: 'lv-oslo', ...window }),
        existing,
        data,
      ),
    ).toMatchObject({ code: 'cycle', cycle: ['lv-hamar', 'lv-oslo', 'lv-hamar'] });
  });

  it('ignores an existing re-route with the candidate id (editing replaces it)', () => {
    const existing = buildReroute({
      id: 'rr-edit',
      fromCentreId: 'lv-oslo',
      toCentreId: 'lv-hamar',
      ...window,
    });
    const edited = buildReroute({
      id: 'rr-edit',
      fromCentreId: 'lv-hamar',
      toCentreId: 'lv-oslo',
      ...window,
    });
    expect(validateReroute(edited, [existing], data)).toEqual({ ok: true });
  });
});

describe('compileRoutingData', () => {
  it('refuses a municipality served by two centres, duplicate ids, bad schedules and unknown partners', () => {
    const base = buildDataSet().centres;
    expect(() =>
      compileRoutingData(buildDataSet({ centres: [...base, buildCentre({ municipalities: ['0301'] })] }), 1),
    ).toThrow(/0301 is served by both/);
    expect(() =>
      compileRoutingData(buildDataSet({ centres: [...base, buildCentre({ id: 'lv-oslo' })] }), 1),
    ).toThrow(RoutingDataError);
    expect(() =>
      compileRoutingData(
        buildDataSet({
          centres: [
            ...base,
            buildCentre({
              schedule: { staffed: [{ days: [1], from: '8:00', to: '16:00' }], partnerCentreId: 'lv-oslo' },
            }),
          ],
        }),
        1,
      ),
    ).toThrow(/HH:MM/);
    expect(() =>
      compileRoutingData(
        buildDataSet({
          centres: [
            ...base,
            buildCentre({
              schedule: { staffed: [{ days: [8], from: '08:00', to: '16:00' }], partnerCentreId: 'lv-oslo' },
            }),
          ],
        }),
        1,
      ),
    ).toThrow(/weekday 8/);
    expect(() =>
      compileRoutingData(
        buildDataSet({
          centres: [...base, buildCentre({ schedule: { staffed: [], partnerCentreId: 'lv-gone' } })],
        }),
        1,
      ),
    ).toThrow(/lv-gone/);
    expect(() =>
      compileRoutingData(
        buildDataSet({ numberSeries: [{ prefix: '12a', operator: 'X', kind: 'mobile' }] }),
        1,
      ),
    ).toThrow(/1–8 digits/);
  });

  it('derives a county’s most populous municipality when the county names an unknown one', () => {
    const counties = buildDataSet().counties.map((c) =>
      c.number === '34' ? { ...c, mostPopulousMunicipality: '9999' } : c,
    );
    expect(buildCompiledData({ counties }).countyMostPopulous.get('34')).toBe('3411');
  });

  it('builds the menu tree: regions by order, counties with their centres by name', () => {
    expect(
      data.menu.map((r) => [
        r.order,
        r.name,
        r.counties.map((c) => [c.number, c.centres.map((x) => x.centre.id)]),
      ]),
    ).toEqual([
      [
        1,
        'Østlandet',
        [
          ['03', ['lv-oslo']],
          ['34', ['lv-hamar', 'lv-lillehammer']],
        ],
      ],
      [2, 'Vestlandet', [['46', ['lv-bergen', 'lv-kinn', 'lv-sogndal']]]],
      [3, 'Midt-Norge', [['50', ['lv-namdal', 'lv-trondheim']]]],
    ]);
    expect(data.overflowCentres.map((c) => c.centre.id)).toEqual([
      'lv-bergen',
      'lv-hamar',
      'lv-oslo',
      'lv-trondheim',
    ]);
  });
});
