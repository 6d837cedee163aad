/**
 * The traffic simulator against its inputs (issue 10 part 4): volumes, the share of each
 * municipality against its population, the daily and weekly profile, unpositioned and misrouted
 * shares, the routing engine's decisions, events that fold, and determinism by seed. Four weeks
 * around Easter 2023 at scale 0.25 (about 60,000 calls) on the national routing data.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { applyCallEvent, foldCallEvents, type CallHistory } from '../domain/call-state.ts';
import { classifyCall } from '../statistics/official-figures.ts';
import { osloInstant, osloLocal } from '../../platform/time/calendar.ts';
import { mulberry32 } from '../../platform/seeded-random.ts';
import { loadDefaultDataSet } from '../../routing/data/load.ts';
import type { RoutingDataSet } from '../../routing/domain/types.ts';
import { DEFAULT_PARAMETERS } from './core/parameters.ts';
import { hourWeight } from './core/profile.ts';
import { simulate } from './core/simulation.ts';
import { FLAT_STAFFING } from './core/staffing.ts';
import type { SimulatedCall } from './core/traffic-model.ts';
import { localRouting } from './local-routing.ts';

const FROM = osloInstant('2023-03-20');
const TO = osloInstant('2023-04-17');
const SCALE = 0.25;

let data: RoutingDataSet;
/** The legevakt's calls (116117 and the centres' numbers) of the run; `emergencies` its 113 calls. */
let calls: SimulatedCall[];
let emergencies: SimulatedCall[];
let expectedCalls: number;
/** The span's share of a year's calls (the profile's weight). */
let spanShare: number;

function run(
  seed: number,
  fromMs: number,
  toMs: number,
  scale: number,
  params: Partial<typeof DEFAULT_PARAMETERS> = {},
): SimulatedCall[] {
  const routing = localRouting(data, seed);
  const out: SimulatedCall[] = [];
  simulate(
    {
      data,
      router: routing.router,
      decide: routing.decide,
      params: { ...DEFAULT_PARAMETERS, ...params, scale },
      staffing: FLAT_STAFFING,
      fromMs,
      toMs,
      seed,
      makeRandom: mulberry32,
      callIdPrefix: `t${seed}-`,
    },
    (c) => out.push(c),
  );
  return out;
}

beforeAll(async () => {
  data = await loadDefaultDataSet();
  const all = run(7, FROM, TO, SCALE);
  calls = all.filter((c) => !c.emergency);
  emergencies = all.filter((c) => c.emergency);
  let weight = 0;
  for (let t = FROM; t < TO; t += 3_600_000) {
    const l = osloLocal(t);
    weight += hourWeight(l.date, l.isoWeekday, Math.floor(l.minutes / 60));
  }
  // Expected: the span's share of a year's weight (profile.ts normalises on the mean hour of 2023).
  let yearWeight = 0;
  let yearHours = 0;
  for (let t = osloInstant('2023-01-01'); t < osloInstant('2024-01-01'); t += 3_600_000) {
    const l = osloLocal(t);
    yearWeight += hourWeight(l.date, l.isoWeekday, Math.floor(l.minutes / 60));
    yearHours++;
  }
  spanShare = weight / (yearWeight / yearHours) / (365.25 * 24);
  expectedCalls = 3_200_000 * SCALE * spanShare;
}, 120_000);

describe('national traffic simulator: volumes and profile within tolerance of the inputs', () => {
  it('the volume is the year’s 3.2 million × scale × the span’s share of the profile (±2 %)', () => {
    expect(calls.length).toBeGreaterThan(50_000);
    expect(Math.abs(calls.length / expectedCalls - 1)).toBeLessThan(0.02);
  });

  it('calls per municipality follow the population: total variation distance < 0.03, large municipalities ±10 %', () => {
    const population = new Map(data.municipalities.map((m) => [m.number, m.population]));
    const total = [...population.values()].reduce((a, b) => a + b, 0);
    const counts = new Map<string, number>();
    for (const c of calls) counts.set(c.municipality, (counts.get(c.municipality) ?? 0) + 1);
    let tvd = 0;
    for (const [m, p] of population) tvd += Math.abs((counts.get(m) ?? 0) / calls.length - p / total) / 2;
    expect(tvd).toBeLessThan(0.03);
    for (const [m, p] of population) {
      if (p < 100_000) continue;
      const observed = (counts.get(m) ?? 0) / calls.length;
      expect(Math.abs(observed / (p / total) - 1), `municipality ${m}`).toBeLessThan(0.1);
    }
  });

  it('the daily profile: weekday evenings (16–21) carry their expected share (±5 % relative) and beat the night', () => {
    const weekday = calls.filter((c) => {
      const l = osloLocal(Date.parse(c.events[0]!.occurredAt));
      return l.isoWeekday <= 4 && !['2023-04-05', '2023-04-06'].includes(l.date);
    });
    const hourOf = (c: SimulatedCall) =>
      Math.floor(osloLocal(Date.parse(c.events[0]!.occurredAt)).minutes / 60);
    const evening = weekday.filter((c) => hourOf(c) >= 16 && hourOf(c) < 21).length / weekday.length;
    const night = weekday.filter((c) => hourOf(c) >= 1 && hourOf(c) < 6).length / weekday.length;
    const weights = Array.from({ length: 24 }, (_, h) => hourWeight('2023-03-21', 2, h));
    const expectedEvening =
      weights.slice(16, 21).reduce((a, b) => a + b, 0) / weights.reduce((a, b) => a + b, 0);
    expect(Math.abs(evening / expectedEvening - 1)).toBeLessThan(0.05);
    expect(evening).toBeGreaterThan(4 * night);
  });

  it('the weekly profile: a Sunday carries 1.25–1.5 × a weekday, Easter holidays more than an ordinary Sunday', () => {
    const perDay = new Map<string, number>();
    for (const c of calls) {
      const d = osloLocal(Date.parse(c.events[0]!.occurredAt)).date;
      perDay.set(d, (perDay.get(d) ?? 0) + 1);
    }
    const mean = (dates: string[]) => dates.reduce((s, d) => s + (perDay.get(d) ?? 0), 0) / dates.length;
    const weekdays = mean([
      '2023-03-20',
      '2023-03-21',
      '2023-03-22',
      '2023-03-27',
      '2023-03-28',
      '2023-03-29',
    ]);
    const sundays = mean(['2023-03-26', '2023-04-02', '2023-04-16']);
    const easter = mean(['2023-04-06', '2023-04-07', '2023-04-09', '2023-04-10']);
    expect(sundays / weekdays).toBeGreaterThan(1.25);
    expect(sundays / weekdays).toBeLessThan(1.5);
    expect(easter).toBeGreaterThan(sundays);
  });

  it('mobile share and unpositioned mobile calls (1–2 % of the mobile 116117 calls)', () => {
    const routed = calls.filter((c) => !c.direct);
    const mobile = routed.filter((c) => c.network === 'mobile');
    expect(mobile.length / routed.length).toBeGreaterThan(0.75);
    expect(mobile.length / routed.length).toBeLessThan(0.85);
    const share = mobile.filter((c) => c.unpositioned).length / mobile.length;
    expect(share).toBeGreaterThanOrEqual(0.01);
    expect(share).toBeLessThanOrEqual(0.02);
  });

  it('misrouted calls are 1–2 % of the calls offered, each reported with the correct centre and transferred there', () => {
    const offered = calls.filter((c) => c.centreId !== undefined);
    const misrouted = offered.filter((c) => c.misrouted);
    const share = misrouted.length / offered.length;
    expect(share).toBeGreaterThanOrEqual(0.01);
    expect(share).toBeLessThanOrEqual(0.02);
    for (const c of misrouted.slice(0, 200)) {
      const m = c.events.find((e) => e.type === 'misrouted');
      const t = c.events.find((e) => e.type === 'transferred');
      expect(m && m.type === 'misrouted' && m.correctCentreId !== c.centreId).toBe(true);
      expect(t && t.type === 'transferred' && t.target.kind === 'legevaktsentral').toBe(true);
    }
  });

  it('each 116117 call goes where the routing engine decided: the routed decision’s centre is the centre it is offered to', () => {
    let checked = 0;
    for (const c of calls) {
      const routed = c.events.find((e) => e.type === 'routed');
      const offered = c.events.find((e) => e.type === 'offered');
      if (!routed || routed.type !== 'routed' || !offered || offered.type !== 'offered') continue;
      expect(routed.decision.centreId).toBe(offered.centreId);
      expect(routed.decision.method).toBeDefined();
      checked++;
    }
    expect(checked).toBeGreaterThan(40_000);
    const methods = new Set(
      calls.flatMap((c) => c.events.flatMap((e) => (e.type === 'routed' ? [e.decision.method] : []))),
    );
    expect(methods).toContain('mobile-position');
    expect(methods).toContain('number-series');
    expect(methods).toContain('menu-postcode');
  });

  it('every call’s events fold without a refusal and count in the official figures (or, never offered, not at all)', () => {
    const kinds = new Map<string, number>();
    const problems: string[] = [];
    for (const c of calls) {
      let h: CallHistory | undefined;
      for (const e of c.events) {
        const o = applyCallEvent(h, e);
        if (o.kind === 'applied') h = o.history;
        else problems.push(`${c.callId} ${e.type}: ${o.kind}`);
      }
      const k = classifyCall(h!.record).kind;
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
      if (k === 'not-offered' && c.outcome !== 'fallback-menu-hangup')
        problems.push(`${c.callId} not offered`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect([...kinds.keys()].sort()).toEqual(['counted', 'not-offered']);
  });

  it('calls lost in the voice menu (about 1 %) count as unanswered that never rang', () => {
    const offered = calls.filter((c) => c.centreId !== undefined);
    const lost = offered.filter((c) => c.outcome === 'voice-menu-hangup');
    expect(lost.length / offered.length).toBeGreaterThan(0.005);
    expect(lost.length / offered.length).toBeLessThan(0.015);
    expect(lost.every((c) => !c.events.some((e) => e.type === 'ringing'))).toBe(true);
  });

  it('is deterministic by seed: the same seed gives the same events, another seed other ones', () => {
    const day = [osloInstant('2023-06-01'), osloInstant('2023-06-02')] as const;
    const a = run(11, ...day, 0.5);
    const b = run(11, ...day, 0.5);
    const c = run(12, ...day, 0.5);
    const full = (calls: SimulatedCall[]) => JSON.stringify(calls.map((x) => ({ ...x, events: x.events })));
    expect(full(a)).toBe(full(b));
    expect(JSON.stringify(a.map((x) => x.events))).not.toBe(JSON.stringify(c.map((x) => x.events)));
  });
});

describe('113 calls at the AMK centres (AMK-1)', () => {
  it('the volume is the assumed 113 calls a year × scale × the span’s share of the profile (±3 %)', () => {
    const expected = DEFAULT_PARAMETERS.amk.callsPerYear * SCALE * spanShare;
    expect(emergencies.length).toBeGreaterThan(10_000);
    expect(Math.abs(emergencies.length / expected - 1)).toBeLessThan(0.03);
  });

  it('each rings at once at the AMK of the caller’s municipality: no routing decision, no voice menu; its events fold', () => {
    const amkOf = new Map<string, string>();
    for (const amk of data.amkCentres) for (const m of amk.municipalities) amkOf.set(m, amk.id);
    for (const c of emergencies) {
      expect(c.centreId).toBe(amkOf.get(c.municipality));
      const types = c.events.map((e) => e.type);
      expect(types.slice(0, 2)).toEqual(['offered', 'ringing']);
      expect(types).not.toContain('routed');
      expect(types).not.toContain('queued');
      const offered = c.events[0]!;
      expect(offered.type === 'offered' && offered.calledNumber).toBe('113');
      expect(foldCallEvents(c.events).refusals).toEqual([]);
    }
    const answered = emergencies.filter((c) => c.outcome === 'answered');
    expect(answered.length / emergencies.length).toBeGreaterThan(0.9);
    // Some are general practice, handed to the caller's legevaktsentral.
    const handedOver = emergencies.filter((c) =>
      c.events.some((e) => e.type === 'transferred' && e.target.kind === 'legevaktsentral'),
    );
    expect(handedOver.length / answered.length).toBeGreaterThan(0.08);
    expect(handedOver.length / answered.length).toBeLessThan(0.16);
  });

  it('113 callers come from their own random stream: the legevakt calls are the same with or without them', () => {
    const day = [osloInstant('2023-06-01'), osloInstant('2023-06-02')] as const;
    const shape = (list: SimulatedCall[]) =>
      JSON.stringify(
        list
          .filter((c) => !c.emergency)
          .map((c) => [
            c.municipality,
            c.centreId,
            c.outcome,
            c.answerMs,
            c.timed.map((t) => [t.at, t.event.type]),
          ]),
      );
    const with113 = run(11, ...day, 0.5);
    const without = run(11, ...day, 0.5, { amk: { ...DEFAULT_PARAMETERS.amk, callsPerYear: 0 } });
    expect(with113.some((c) => c.emergency)).toBe(true);
    expect(without.some((c) => c.emergency)).toBe(false);
    expect(shape(with113)).toBe(shape(without));
  });
});
