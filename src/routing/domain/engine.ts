/**
 * The routing engine (RT-1 … RT-7, RT-10, RT-11): a pure function of the call, the compiled
 * routing data, the operational state, the instant and the policy. No I/O, no clock, and no
 * randomness of its own (the random overflow pick draws from the policy's random source); every
 * step is written to the decision's trace.
 *
 * Order of rules: locate the caller (number series / ported numbers / presented number for
 * fixed and IP calls, position for mobile calls) → unlocated calls to the menu or an overflow
 * centre by policy → the municipality's serving centre → part-day schedule (partner chain) →
 * active re-routes (chains) → alternative site when the final centre is unavailable.
 */
import type { CompiledCentre, CompiledRoutingData } from './compile.ts';
import { hashPick, NATIONAL_NUMBER, normaliseNumber } from './number.ts';
import { formatMinutes, osloMinuteOfWeek, toEpochMs } from '../../platform/time/calendar.ts';
import { activeRerouteFrom, indexState } from './reroutes.ts';
import type {
  CallInput,
  OperationalState,
  RoutingDecision,
  RoutingMethod,
  RoutingPolicy,
  TraceStep,
} from './types.ts';
import { DEFAULT_POLICY } from './types.ts';

export { validateReroute } from './reroutes.ts';
export type { RerouteValidation } from './reroutes.ts';
export { normaliseNumber, NATIONAL_NUMBER } from './number.ts';

/** The call cannot be routed at all because the input is wrong (adapters map it to HTTP 400). */
export class RoutingInputError extends Error {
  constructor(
    readonly code: 'not-116117' | 'unknown-network',
    message: string,
  ) {
    super(message);
    this.name = 'RoutingInputError';
  }
}

export type ConnectDecision = Extract<RoutingDecision, { outcome: 'connect' }>;

/** Where the caller was placed: a municipality, or only a county. */
interface Location {
  municipality: string | undefined;
  county: string | undefined;
  /** Municipality whose centre takes the call (the county's most populous for county-only). */
  routeMunicipality: string;
  method: RoutingMethod;
}

function countyOf(data: CompiledRoutingData, municipality: string): string | undefined {
  return data.municipalityByNumber.get(municipality)?.countyNumber;
}

function atMunicipality(data: CompiledRoutingData, municipality: string, method: RoutingMethod): Location {
  return { municipality, county: countyOf(data, municipality), routeMunicipality: municipality, method };
}

/** County-only location (RT-2): route to the centre of the county's most populous municipality. */
function atCounty(data: CompiledRoutingData, county: string, trace: TraceStep[]): Location | null {
  const municipality = data.countyMostPopulous.get(county);
  if (municipality === undefined) {
    trace.push({
      step: 'county-unknown',
      params: { county },
    });
    return null;
  }
  trace.push({
    step: 'county-most-populous',
    params: {
      county,
      municipality,
      municipalityName: data.municipalityByNumber.get(municipality)?.name ?? '?',
    },
  });
  return { municipality: undefined, county, routeMunicipality: municipality, method: 'number-series' };
}

/** Fixed and IP calls: ported numbers, then the longest matching number series (RT-2). */
function locateByNumber(
  call: CallInput,
  data: CompiledRoutingData,
  number: string,
  trace: TraceStep[],
): Location | null {
  if (number === '') {
    trace.push({ step: 'no-number', params: {} });
    return null;
  }
  let seriesIndex: number;
  const portedAt = data.portedIndex.get(number);
  if (portedAt !== undefined) {
    const ported = data.source.portedNumbers[portedAt]!;
    seriesIndex = data.portedSeries[portedAt]!;
    trace.push({
      step: ported.geo ? 'geo-ported' : 'ported',
      params: { number, operator: ported.currentOperator, prefix: ported.originalPrefix },
    });
  } else {
    seriesIndex = data.seriesTrie.longestMatch(number);
  }
  if (seriesIndex < 0) {
    trace.push({ step: 'series-none', params: { number } });
    return null;
  }
  const series = data.series[seriesIndex]!;
  trace.push({
    step: 'series-match',
    params: { number, prefix: series.prefix, operator: series.operator, kind: series.kind },
  });
  if (series.kind === 'mobile') {
    trace.push({
      step: 'series-mobile',
      params: { prefix: series.prefix, network: call.network },
    });
    return null;
  }
  if (series.municipality !== undefined && series.kind !== 'other-fixed') {
    if (!data.centreByMunicipality.has(series.municipality)) {
      trace.push({
        step: 'municipality-unknown',
        params: { municipality: series.municipality },
      });
      return null;
    }
    trace.push({
      step: 'series-municipality',
      params: {
        prefix: series.prefix,
        municipality: series.municipality,
        municipalityName: data.municipalityByNumber.get(series.municipality)?.name ?? '?',
      },
    });
    return atMunicipality(data, series.municipality, 'number-series');
  }
  const county =
    series.county ?? (series.municipality !== undefined ? countyOf(data, series.municipality) : undefined);
  if (county !== undefined) return atCounty(data, county, trace);
  trace.push({
    step: 'series-no-geography',
    params: { prefix: series.prefix },
  });
  return null;
}

/** Mobile calls: the municipality from positioning, or given directly through the API (RT-3). */
function locateMobile(call: CallInput, data: CompiledRoutingData, trace: TraceStep[]): Location | null {
  const position = call.position;
  if (position === undefined) {
    trace.push({ step: 'position-absent', params: {} });
    return null;
  }
  if ('status' in position && position.status === 'failed') {
    trace.push({
      step: 'position-failed',
      params: { reason: position.reason, ms: position.elapsedMs },
    });
    return null;
  }
  const municipality = position.municipality;
  if (!data.centreByMunicipality.has(municipality)) {
    trace.push({
      step: 'municipality-unknown',
      params: { municipality },
    });
    return null;
  }
  const name = data.municipalityByNumber.get(municipality)?.name ?? '?';
  trace.push({
    step: 'mobile-position',
    params:
      'status' in position
        ? { operator: position.operator, ms: position.elapsedMs, municipality, municipalityName: name }
        : { municipality, municipalityName: name, given: 1 },
  });
  return atMunicipality(data, municipality, 'mobile-position');
}

function locate(
  call: CallInput,
  data: CompiledRoutingData,
  calling: string,
  trace: TraceStep[],
): Location | null {
  switch (call.network) {
    case 'mobile':
      return locateMobile(call, data, trace);
    case 'ip': {
      const presented = call.presentedNumber === undefined ? '' : normaliseNumber(call.presentedNumber);
      if (presented !== '') {
        trace.push({
          step: 'presented-number',
          params: { number: presented },
        });
        return locateByNumber(call, data, presented, trace);
      }
      return locateByNumber(call, data, calling, trace);
    }
    case 'fixed':
      return locateByNumber(call, data, calling, trace);
    default:
      throw new RoutingInputError('unknown-network', `Unknown network "${String(call.network)}"`);
  }
}

/**
 * RT-6: the overflow centre for an unlocated call, or undefined when none is configured. The source
 * routes such calls "til et tilfeldig valgt overløpsenter": one drawn at random per call from the
 * policy's random source, so no centre takes more than its share (with the old hash of the calling
 * number, every call without a number went to the same centre).
 */
export function pickOverflow(
  data: CompiledRoutingData,
  policy: RoutingPolicy,
  calling: string,
  ms: number,
  trace: TraceStep[],
): CompiledCentre | undefined {
  if (policy.overflow.mode === 'fixed') {
    const fixed = data.centreById.get(policy.overflow.centreId);
    if (fixed) {
      trace.push({
        step: 'overflow',
        params: { centre: fixed.centre.name, fixed: 1 },
      });
      return fixed;
    }
    trace.push({
      step: 'overflow-unknown',
      params: { centreId: policy.overflow.centreId },
    });
  }
  const list = data.overflowCentres;
  if (list.length === 0) {
    trace.push({ step: 'overflow-none', params: {} });
    return undefined;
  }
  const draw = policy.random === undefined ? NaN : policy.random();
  if (draw >= 0 && draw < 1) {
    const chosen = list[Math.floor(draw * list.length)]!;
    trace.push({
      step: 'overflow',
      params: { centre: chosen.centre.name, count: list.length, random: 1 },
    });
    return chosen;
  }
  const chosen = list[hashPick(`${calling}@${ms}`, list.length)]!;
  trace.push({
    step: 'overflow',
    params:
      policy.random === undefined
        ? { centre: chosen.centre.name, count: list.length, hash: 1 }
        : { centre: chosen.centre.name, count: list.length, hash: 1, draw },
  });
  return chosen;
}

function contains(list: CompiledCentre[], centre: CompiledCentre): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === centre) return true;
  return false;
}

/** RT-10: follow partners while the centre is outside its staffed windows. */
function applySchedule(
  data: CompiledRoutingData,
  start: CompiledCentre,
  ms: number,
  trace: TraceStep[],
): CompiledCentre {
  if (start.staffed === undefined) return start;
  const minuteOfWeek = osloMinuteOfWeek(ms);
  let current = start;
  let visited: CompiledCentre[] | undefined;
  while (current.staffed !== undefined && current.staffed[minuteOfWeek] === 0) {
    const partner = data.centreById.get(current.partnerId!)!;
    visited ??= [start];
    if (contains(visited, partner)) {
      trace.push({
        step: 'schedule-loop',
        params: { partner: partner.centre.name, centre: current.centre.name },
      });
      break;
    }
    trace.push({
      step: 'schedule',
      params: {
        centre: current.centre.name,
        weekday: Math.floor(minuteOfWeek / 1440) + 1,
        time: formatMinutes(minuteOfWeek % 1440),
        partner: partner.centre.name,
      },
    });
    visited.push(partner);
    current = partner;
  }
  return current;
}

/**
 * From a chosen centre to the decision: schedule (RT-10), then re-routes (RT-7), then the
 * alternative site if the final centre is unavailable (RT-11). Shared by `route` and the menu.
 */
export function decideFromCentre(
  data: CompiledRoutingData,
  state: OperationalState,
  ms: number,
  start: CompiledCentre,
  locatedBy: RoutingMethod,
  municipality: string | undefined,
  county: string | undefined,
  trace: TraceStep[],
): ConnectDecision {
  let method = locatedBy;
  let current = applySchedule(data, start, ms, trace);
  if (current !== start) method = 'schedule';

  const indexed = indexState(state);
  if (indexed.byFromCentre.size > 0) {
    let visited: string[] | undefined;
    for (;;) {
      const reroute = activeRerouteFrom(indexed, current.centre.id, ms);
      if (reroute === undefined) break;
      const target = data.centreById.get(reroute.toCentreId);
      if (target === undefined) {
        trace.push({
          step: 'reroute-unknown-centre',
          params: { rerouteId: reroute.id, centreId: reroute.toCentreId },
        });
        break;
      }
      visited ??= [current.centre.id];
      if (visited.includes(target.centre.id)) {
        trace.push({
          step: 'reroute-cycle',
          params: {
            rerouteId: reroute.id,
            fromId: current.centre.id,
            toId: target.centre.id,
            centre: current.centre.name,
            target: target.centre.name,
          },
        });
        break;
      }
      trace.push({
        step: 'reroute',
        params: {
          rerouteId: reroute.id,
          kind: reroute.kind,
          reason: reroute.reason,
          centre: current.centre.name,
          target: target.centre.name,
        },
      });
      visited.push(target.centre.id);
      current = target;
      method = 'reroute';
    }
  }

  const centre = current.centre;
  let connectTo = centre.underlyingNumber;
  let alternativeSite = false;
  if (indexed.unavailable.size > 0 && indexed.unavailable.has(centre.id)) {
    connectTo = centre.alternativeSite.number;
    alternativeSite = true;
    trace.push({
      step: 'alternative-site',
      params: { centre: centre.name, site: centre.alternativeSite.name, number: connectTo },
    });
  }
  trace.push({
    step: 'connect',
    params: { centre: centre.name, number: connectTo, method },
  });
  return {
    outcome: 'connect',
    centreId: centre.id,
    centreName: centre.name,
    connectTo,
    method,
    locatedBy,
    alternativeSite,
    municipality,
    county,
    trace,
    dataVersion: data.version,
  };
}

/**
 * Routes one call to 116117. Throws `RoutingInputError` when the called number is not 116117.
 *
 * @param at the instant of the call (the engine never reads the clock).
 * @param policy unlocated calls and overflow choice (RT-5, RT-6), with the random source for the
 *   overflow pick; defaults to `DEFAULT_POLICY` (which has none: see `RoutingPolicy.random`).
 */
export function route(
  call: CallInput,
  data: CompiledRoutingData,
  state: OperationalState,
  at: Date | number,
  policy: RoutingPolicy = DEFAULT_POLICY,
): RoutingDecision {
  const called = normaliseNumber(call.calledNumber);
  if (called !== NATIONAL_NUMBER) {
    throw new RoutingInputError(
      'not-116117',
      `Called number "${call.calledNumber}" is not ${NATIONAL_NUMBER}`,
    );
  }
  const ms = toEpochMs(at);
  const calling = normaliseNumber(call.callingNumber);
  const trace: TraceStep[] = [
    {
      step: 'call',
      params: { network: call.network, number: calling },
    },
  ];

  const location = locate(call, data, calling, trace);
  if (location !== null) {
    const centre = data.centreByMunicipality.get(location.routeMunicipality);
    if (centre !== undefined) {
      trace.push({
        step: 'municipality-centre',
        params: {
          municipality: location.routeMunicipality,
          municipalityName: data.municipalityByNumber.get(location.routeMunicipality)?.name ?? '?',
          centre: centre.centre.name,
        },
      });
      return decideFromCentre(
        data,
        state,
        ms,
        centre,
        location.method,
        location.municipality,
        location.county,
        trace,
      );
    }
    trace.push({
      step: 'municipality-unknown',
      params: { municipality: location.routeMunicipality },
    });
  }

  // Unlocated (RT-5, RT-6).
  const choice = policy.unlocated[call.network];
  if (choice === 'overflow') {
    const overflow = pickOverflow(data, policy, calling, ms, trace);
    if (overflow !== undefined) {
      return decideFromCentre(data, state, ms, overflow, 'overflow', undefined, location?.county, trace);
    }
  }
  const reason =
    choice === 'menu'
      ? `Unlocated ${call.network} call: policy sends it to the fallback menu`
      : `Unlocated ${call.network} call and no overflow centre: fallback menu`;
  trace.push({
    step: 'menu',

    params: { network: call.network, policy: choice === 'menu' ? 1 : 0 },
  });
  return {
    outcome: 'menu',
    reason,
    municipality: undefined,
    county: location?.county,
    trace,
    dataVersion: data.version,
  };
}
