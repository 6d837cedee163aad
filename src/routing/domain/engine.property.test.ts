import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultDataSet } from '../data/load.ts';
import { compileRoutingData } from './compile.ts';
import type { CompiledRoutingData } from './compile.ts';
import { route, validateReroute } from './engine.ts';
import { osloMinuteOfWeek } from '../../platform/time/calendar.ts';
import { activeRerouteFrom, indexState } from './reroutes.ts';
import { buildDataSet, buildState } from './testing.ts';
import type {
  CallInput,
  Network,
  OperationalState,
  Reroute,
  RoutingDecision,
  RoutingPolicy,
} from './types.ts';
import { DEFAULT_POLICY } from './types.ts';

const HOUR = 3_600_000;
const FROM = Date.UTC(2024, 0, 1);
const TO = Date.UTC(2031, 0, 1);

const factorySet = buildDataSet();
const factory = compileRoutingData(factorySet, 7);
const centreIds = factorySet.centres.map((c) => c.id);

const instant = fc.integer({ min: FROM, max: TO });

function callArbitrary(data: CompiledRoutingData): fc.Arbitrary<CallInput> {
  const prefixes = data.series.map((s) => s.prefix);
  const ported = data.source.portedNumbers.map((p) => p.number);
  const municipalities = [...data.centreByMunicipality.keys(), '9999'];
  const number = fc.oneof(
    fc
      .tuple(fc.constantFrom(...prefixes), fc.stringMatching(/^\d{8}$/))
      .map(([p, rest]) => (p + rest).slice(0, 8)),
    fc.constantFrom(...(ported.length > 0 ? ported : ['22000000'])),
    fc.stringMatching(/^\d{0,10}$/),
    fc.constantFrom('+47 22 33 44 55', '0047 55 12 34 56', '+46701234567', ''),
  );
  const position = fc.option(
    fc.oneof(
      fc.record({
        status: fc.constant('positioned' as const),
        municipality: fc.constantFrom(...municipalities),
        operator: fc.constantFrom('Telenor', 'Telia', 'Ice'),
        elapsedMs: fc.nat(9000),
      }),
      fc.record({
        status: fc.constant('failed' as const),
        reason: fc.constantFrom('timeout' as const, 'no-answer' as const, 'circuit-open' as const),
        elapsedMs: fc.nat(9000),
      }),
      fc.record({ municipality: fc.constantFrom(...municipalities) }),
    ),
    { nil: undefined },
  );
  return fc
    .record({
      calledNumber: fc.constantFrom('116117', '+47116117', '0047116117'),
      callingNumber: number,
      network: fc.constantFrom<Network>('fixed', 'mobile', 'ip'),
      presentedNumber: fc.option(number, { nil: undefined }),
      position,
    })
    .map(
      (c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as unknown as CallInput,
    );
}

/** Policies, with or without a random source; a source gives one fixed draw, so a decision is a function of its input. */
const policyArbitrary: fc.Arbitrary<RoutingPolicy> = fc
  .record({
    overflow: fc.oneof(
      fc.constant({ mode: 'random' as const }),
      fc.constantFrom(...centreIds).map((centreId) => ({ mode: 'fixed' as const, centreId })),
    ),
    unlocated: fc.record({
      fixed: fc.constantFrom('overflow' as const, 'menu' as const),
      ip: fc.constantFrom('overflow' as const, 'menu' as const),
      mobile: fc.constantFrom('overflow' as const, 'menu' as const),
    }),
    draw: fc.option(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { nil: undefined }),
  })
  .map(({ draw, ...policy }) => (draw === undefined ? policy : { ...policy, random: () => draw }));

/** Re-routes between the factory centres inside one week of 2026, some open-ended. */
const rerouteArbitrary: fc.Arbitrary<Omit<Reroute, 'id'>> = fc
  .record({
    fromCentreId: fc.constantFrom(...centreIds),
    toCentreId: fc.constantFrom(...centreIds),
    startHour: fc.nat(24 * 7),
    hours: fc.option(fc.integer({ min: 1, max: 72 }), { nil: null }),
    kind: fc.constantFrom('planned' as const, 'urgent' as const),
  })
  .map(({ startHour, hours, ...r }) => {
    const start = Date.UTC(2026, 2, 23) + startHour * HOUR;
    return {
      ...r,
      startsAt: new Date(start).toISOString(),
      endsAt: hours === null ? null : new Date(start + hours * HOUR).toISOString(),
      reason: 'property test',
    };
  });

function stateArbitrary(): fc.Arbitrary<OperationalState> {
  return fc.record({
    reroutes: fc
      .array(rerouteArbitrary, { maxLength: 6 })
      .map((list) => list.map((r, i) => ({ ...r, id: `rr-${i}` }))),
    unavailableCentreIds: fc.subarray(centreIds),
  });
}

describe('routing properties', () => {
  it('(a) the same input and data version always give the same decision', () => {
    const recompiled = compileRoutingData(buildDataSet(), 7);
    fc.assert(
      fc.property(
        callArbitrary(factory),
        stateArbitrary(),
        instant,
        policyArbitrary,
        (call, state, at, policy) => {
          const first = route(call, factory, state, at, policy);
          const again = route(structuredClone(call), factory, structuredClone(state), new Date(at), policy);
          const otherCopy = route(call, recompiled, state, at, policy);
          expect(again).toEqual(first);
          expect(otherCopy).toEqual(first);
          expect(first.trace.length).toBeGreaterThan(1);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('(b) RT-7 no accepted re-route set contains a cycle: routing terminates and the final centre is not re-routed further', () => {
    const municipalityOf = new Map(factorySet.centres.map((c) => [c.id, c.municipalities[0]!]));
    fc.assert(
      fc.property(
        fc.array(rerouteArbitrary, { maxLength: 25 }),
        fc.array(fc.integer({ min: Date.UTC(2026, 2, 22), max: Date.UTC(2026, 3, 5) }), {
          minLength: 1,
          maxLength: 10,
        }),
        (candidates, instants) => {
          const accepted: Reroute[] = [];
          candidates.forEach((candidate, i) => {
            const reroute = { ...candidate, id: `rr-${i}` };
            if (validateReroute(reroute, accepted, factory).ok) accepted.push(reroute);
          });
          const state = buildState({ reroutes: accepted });
          const indexed = indexState(state);
          for (const at of instants) {
            for (const centreId of centreIds) {
              const call: CallInput = {
                calledNumber: '116117',
                callingNumber: '41234567',
                network: 'mobile',
                position: { municipality: municipalityOf.get(centreId)! },
              };
              const decision = route(call, factory, state, at);
              expect(decision.outcome).toBe('connect');
              if (decision.outcome !== 'connect') return;
              expect(decision.trace.map((t) => t.step)).not.toContain('reroute-cycle');
              expect(activeRerouteFrom(indexed, decision.centreId, at)).toBeUndefined();
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('(b) RT-7 re-routes accepted by validateReroute are acyclic at every hour (brute force)', () => {
    fc.assert(
      fc.property(fc.array(rerouteArbitrary, { maxLength: 15 }), (candidates) => {
        const accepted: Reroute[] = [];
        candidates.forEach((candidate, i) => {
          const reroute = { ...candidate, id: `rr-${i}` };
          const result = validateReroute(reroute, accepted, factory);
          if (result.ok) accepted.push(reroute);
          else if (result.code === 'cycle') {
            expect(result.cycle![0]).toBe(reroute.fromCentreId);
            expect(result.cycle!.at(-1)).toBe(reroute.fromCentreId);
          } else expect(result.code).toBe('same-centre');
        });
        // Brute force: at every hour boundary of the fortnight, the accepted edges are acyclic.
        for (let at = Date.UTC(2026, 2, 22); at < Date.UTC(2026, 3, 6); at += HOUR) {
          const edges = new Map<string, string[]>();
          for (const r of accepted) {
            const end = r.endsAt === null ? Infinity : Date.parse(r.endsAt);
            if (Date.parse(r.startsAt) <= at && at < end) {
              edges.set(r.fromCentreId, [...(edges.get(r.fromCentreId) ?? []), r.toCentreId]);
            }
          }
          const onPath = new Set<string>();
          const done = new Set<string>();
          const visit = (node: string): void => {
            if (onPath.has(node)) throw new Error(`cycle through ${node} at ${new Date(at).toISOString()}`);
            if (done.has(node)) return;
            onPath.add(node);
            for (const next of edges.get(node) ?? []) visit(next);
            onPath.delete(node);
            done.add(node);
          };
          for (const node of edges.keys()) visit(node);
        }
      }),
      { numRuns: 100 },
    );
  });
});

/** Every municipality with a centre, at every hour of a winter and a summer week, reaches a staffed centre. */
function assertAlwaysStaffed(data: CompiledRoutingData): number {
  const policy: RoutingPolicy = DEFAULT_POLICY;
  const state = buildState();
  let checked = 0;
  const weeks = [Date.UTC(2026, 0, 5, -1), Date.UTC(2026, 6, 6, -2)]; // Monday 00:00 local, CET and CEST
  for (const weekStart of weeks) {
    for (let hour = 0; hour < 24 * 7; hour++) {
      const at = weekStart + hour * HOUR + 30 * 60_000;
      for (const municipality of data.centreByMunicipality.keys()) {
        const call: CallInput = {
          calledNumber: '116117',
          callingNumber: '',
          network: 'mobile',
          position: { municipality },
        };
        const decision: RoutingDecision = route(call, data, state, at, policy);
        if (decision.outcome !== 'connect') throw new Error(`${municipality} did not connect`);
        const centre = data.centreById.get(decision.centreId)!;
        if (centre.staffed && centre.staffed[osloMinuteOfWeek(at)] === 0) {
          throw new Error(
            `${municipality} at ${new Date(at).toISOString()} ends at unstaffed ${decision.centreId}`,
          );
        }
        checked++;
      }
    }
  }
  return checked;
}

describe('(c) RT-10 at every hour of a week every municipality routes to a staffed centre', () => {
  it('on the factory data set', () => {
    expect(assertAlwaysStaffed(factory)).toBe(2 * 168 * 11);
  });

  it('on the factory data set at random minutes of any year', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...factory.centreByMunicipality.keys()), (at, municipality) => {
        const decision = route(
          { calledNumber: '116117', callingNumber: '', network: 'mobile', position: { municipality } },
          factory,
          buildState(),
          at,
        );
        const centre = decision.outcome === 'connect' ? factory.centreById.get(decision.centreId) : undefined;
        expect(centre).toBeDefined();
        expect(centre!.staffed?.[osloMinuteOfWeek(at)] ?? 1).toBe(1);
      }),
      { numRuns: 1000 },
    );
  });

  describe('on the default data set', () => {
    let real: CompiledRoutingData;
    beforeAll(async () => {
      real = compileRoutingData(await loadDefaultDataSet(), 1);
    });

    it('every municipality has a centre and reaches a staffed one', () => {
      expect(real.centreByMunicipality.size).toBe(real.municipalityByNumber.size);
      expect(assertAlwaysStaffed(real)).toBe(2 * 168 * real.municipalityByNumber.size);
    });

    it('(a) determinism holds on the default data set too', () => {
      fc.assert(
        fc.property(callArbitrary(real), instant, (call, at) => {
          expect(route(call, real, buildState(), at)).toEqual(
            route(structuredClone(call), real, buildState(), at),
          );
        }),
        { numRuns: 300 },
      );
    });
  });
});
