/**
 * The national traffic model (issue 10 part 4): who calls when and from where, how the routing
 * engine places the call, and what the centre's telephone system makes of it. PURE: the routing
 * engine, the randomness and the span are given; no clock, no I/O.
 *
 * A call goes through three stages, which the what-if run (simulation.ts) chains synchronously
 * and the real-time runner chains on a clock with the decision asked over HTTP:
 * 1. **demand** (`arrivalsOfHour`): Poisson arrivals at the hour's expected rate (profile.ts), each
 *    caller drawn from a municipality in proportion to its population, with a network, a calling
 *    number from the number plan and — for mobile calls — the positioning outcome;
 * 2. **routing** (`callInputOf` → the engine → `afterDecision`): the engine's decision as made;
 *    unpositioned mobile callers go through the fallback menu (postcode); the decision the engine
 *    gives for the caller's true municipality tells whether the call was misrouted;
 * 3. **the centre** (`complete`): the centre's voice menu, then the operators' queue (queue.ts),
 *    the answer, an AMK transfer or a transfer of a misrouted call, and the end — as call events.
 *
 * Streams: the demand and routing draws come from one stream in arrival order; each centre has its
 * own stream, drawn in ring order. So the same seed gives the same calls and events.
 */
import type { CallEvent, Hastegrad, MisroutingReason, RoutingSnapshot } from '../../domain/call-event.ts';
import type {
  CallInput,
  AmkCentre,
  Centre,
  Municipality,
  PositionResult,
  RandomSource,
  RoutingDataSet,
  RoutingDecision,
} from '../../../routing/domain/types.ts';
import type { TimedEvent } from '../../domain/call-state.ts';
import { osloMinuteOfWeek } from '../../../platform/time/calendar.ts';
import { CallEventWriter } from './events.ts';
import { meanAmkHandleMs, meanHandleMs, type DurationSpec, type SimulationParameters } from './parameters.ts';
import { MS_PER_HOUR, expectedCallsPerHour, profileHours, type ProfileHour } from './profile.ts';
import { CentreQueue } from './queue.ts';
import { AliasTable, deriveSeed, logNormal, logNormalOf, poisson, type LogNormal } from './sampling.ts';
import { ruleFor, staffHours, type StaffingSpec } from './staffing.ts';

/** The routing engine as the simulator uses it locally: to look (nothing counted) and to play the menu. */
export interface SimRouter {
  /** The engine's decision without counting it (the correct centre of a caller, staffing loads). */
  preview(call: CallInput, atMs: number): RoutingDecision;
  /** The fallback menu (RT-5): the caller enters a postcode; undefined when the menu cannot connect. */
  menuPostcode(callingNumber: string, postcode: string, atMs: number): RoutingDecision | undefined;
}

export interface TrafficModelInput {
  data: RoutingDataSet;
  router: SimRouter;
  params: SimulationParameters;
  staffing: StaffingSpec;
  /** Span of the simulation: whole hours. */
  fromMs: number;
  toMs: number;
  seed: number;
  makeRandom: (seed: number) => RandomSource;
  /** Prefix of the call ids (a run id in real time, so runs do not collide). */
  callIdPrefix: string;
  /**
   * The centres whose calls are wanted (calls never offered go with the centre undefined); default
   * all. The others are drawn exactly the same (the streams stay the same) but get no events.
   */
  owns?: (centreId: string | undefined) => boolean;
}

type Network = 'fixed' | 'mobile' | 'ip';

/** Why the engine's centre differs from the caller's own (RT-12 reasons). */
type MisrouteCause = Extract<
  MisroutingReason,
  'base-station-across-border' | 'caller-elsewhere' | 'wrong-number-series' | 'ported-number' | 'other'
>;

/** One caller, before routing. */
export interface Arrival {
  seq: number;
  callId: string;
  at: number;
  /** Where the caller is. */
  municipality: string;
  /** Dialled the centre's own 8-digit number (no routing). */
  direct: boolean;
  /** Dialled 113: straight to the caller's AMK centre (the network routes 113, not nodmeld). */
  emergency?: true;
  network: Network;
  callingNumber: string;
  /** Mobile calls: the positioning outcome handed to the engine. */
  position?: PositionResult;
  /** Set when the caller's number or position points elsewhere than where they are. */
  cause?: MisrouteCause;
}

/** A call routed to a centre, waiting for its turn at the centre's operators. */
export interface PendingCall {
  arrival: Arrival;
  centreId: string;
  calledNumber: string;
  writer: CallEventWriter;
  /** When it rings at the operators; undefined when the caller hangs up in the voice menu first. */
  ringAt?: number;
  hangUpInMenuAt?: number;
  misroute?: { reason: MisroutingReason; correctCentreId: string; correctMunicipality: string };
  unpositioned: boolean;
  /** Events of `writer` already handed on (real time reports the network's events at once). */
  reported?: number;
}

export type CallOutcome =
  | 'answered'
  | 'abandoned'
  | 'voice-menu-hangup'
  | 'fallback-menu-hangup'
  /** Rings at a centre whose operators are people at the console (`ringForPeople`). */
  | 'left-to-people';

/** A finished simulated call: its events and what the simulator knows about it (for tests and summaries). */
export interface SimulatedCall {
  callId: string;
  /** Where the caller was. */
  municipality: string;
  network: Network;
  direct: boolean;
  /** A 113 call (AMK). */
  emergency: boolean;
  unpositioned: boolean;
  misrouted: boolean;
  /** The centre it was offered to (undefined when the caller gave up in the fallback menu). */
  centreId?: string;
  outcome: CallOutcome;
  /** Ring → answer, for answered calls. */
  answerMs?: number;
  /** Its events in time order with their instants as numbers (what the what-if run folds). */
  timed: readonly TimedEvent[];
  /** Its events as reported (built from `timed` on first read). */
  readonly events: CallEvent[];
}

/** A finished call; its events are built from its writer when read. */
class FinishedCall implements SimulatedCall {
  readonly callId: string;
  readonly municipality: string;
  readonly network: Network;
  readonly direct: boolean;
  readonly emergency: boolean;
  misrouted = false;
  declare centreId?: string;
  declare answerMs?: number;
  readonly timed: readonly TimedEvent[];
  readonly #writer: CallEventWriter;

  constructor(
    writer: CallEventWriter,
    a: Arrival,
    readonly unpositioned: boolean,
    public outcome: CallOutcome,
    centreId: string | undefined,
  ) {
    this.#writer = writer;
    this.callId = a.callId;
    this.municipality = a.municipality;
    this.network = a.network;
    this.direct = a.direct;
    this.emergency = a.emergency === true;
    this.timed = writer.timed;
    if (centreId !== undefined) this.centreId = centreId;
  }

  get events(): CallEvent[] {
    return this.#writer.events;
  }
}

interface CentreSim {
  centre: Centre;
  queue: CentreQueue;
  random: RandomSource;
  operators: Float64Array;
}

/** An AMK centre's operators answering 113. */
interface AmkSim {
  centre: AmkCentre;
  queue: CentreQueue;
  random: RandomSource;
  operators: Float64Array;
}

const POSITIONED_OPERATORS = ['Telenor', 'Telia', 'Ice'];
const ANY_NUMBER = '40000000';

function durationOf(spec: DurationSpec): LogNormal {
  return logNormalOf(spec.meanMs, spec.cv);
}

/** Rounds to a whole second (telephony records are in seconds), at least `min` s. */
function seconds(ms: number, min = 1): number {
  return Math.max(min, Math.round(ms / 1000)) * 1000;
}

/** When in an hour its callers call (ms into the hour, whole seconds, in order): a Poisson count. */
function callerOffsets(r: RandomSource, expected: number): number[] {
  const n = poisson(r, expected);
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) offsets.push(Math.floor(r() * 3600) * 1000);
  return offsets.sort((a, b) => a - b);
}

export class TrafficModel {
  readonly hours: ProfileHour[];
  /** Expected calls per hour of the span (scale applied). */
  readonly expected: Float64Array;
  readonly centres = new Map<string, CentreSim>();
  /** The AMK centres answering 113, by id. */
  readonly amkCentres = new Map<string, AmkSim>();
  /** Expected 113 calls per hour of the span (scale applied). */
  readonly expected113: Float64Array;
  private readonly demand: RandomSource;
  /** The 113 callers' own stream: the legevakt calls are drawn exactly as without them. */
  private readonly emergency: RandomSource;
  private readonly amkOfMunicipality = new Map<string, string>();
  private readonly municipalities: Municipality[];
  private readonly byPopulation: AliasTable;
  private readonly municipalityIndex = new Map<string, number>();
  private readonly countyMunicipalities = new Map<string, number[]>();
  private readonly fixedPrefixes = new Map<string, string[]>();
  private readonly otherFixedPrefixes = new Map<string, string[]>();
  private readonly ipPrefixes = new Map<string, string[]>();
  private readonly mobilePrefixes: string[];
  private readonly postcodes = new Map<string, string>();
  private readonly d: Record<
    | 'fallbackMenu'
    | 'voiceMenu'
    | 'patience'
    | 'pickUp'
    | 'talk'
    | 'wrapUp'
    | 'amkPatience'
    | 'amkPickUp'
    | 'amkTalk'
    | 'amkWrapUp',
    LogNormal
  >;
  private seq = 0;

  constructor(readonly input: TrafficModelInput) {
    const { data, params } = input;
    this.demand = input.makeRandom(deriveSeed(input.seed, 'demand'));
    this.emergency = input.makeRandom(deriveSeed(input.seed, 'emergency'));
    this.hours = profileHours(input.fromMs, input.toMs);
    this.expected = expectedCallsPerHour(this.hours, params.callsPerYear * params.scale);
    this.expected113 = expectedCallsPerHour(this.hours, params.amk.callsPerYear * params.scale);
    this.municipalities = data.municipalities.filter((m) => m.population > 0);
    this.byPopulation = new AliasTable(this.municipalities.map((m) => m.population));
    this.municipalities.forEach((m, i) => {
      this.municipalityIndex.set(m.number, i);
      const list = this.countyMunicipalities.get(m.countyNumber) ?? [];
      list.push(i);
      this.countyMunicipalities.set(m.countyNumber, list);
    });
    const push = (map: Map<string, string[]>, key: string, prefix: string) => {
      const list = map.get(key);
      if (list) list.push(prefix);
      else map.set(key, [prefix]);
    };
    const mobile: string[] = [];
    for (const s of data.numberSeries) {
      if (s.kind === 'mobile') mobile.push(s.prefix);
      else if (s.kind === 'incumbent-fixed' && s.municipality)
        push(this.fixedPrefixes, s.municipality, s.prefix);
      else if (s.kind === 'other-fixed' && s.county && !s.municipality)
        push(this.otherFixedPrefixes, s.county, s.prefix);
      else if (s.kind === 'ip' && s.municipality) push(this.ipPrefixes, s.municipality, s.prefix);
    }
    this.mobilePrefixes = mobile.length > 0 ? mobile : ['4'];
    for (const p of data.postcodes)
      if (!this.postcodes.has(p.municipality)) this.postcodes.set(p.municipality, p.code);
    this.d = {
      fallbackMenu: durationOf(params.fallbackMenu),
      voiceMenu: durationOf(params.voiceMenu),
      patience: durationOf(params.patience),
      pickUp: durationOf(params.pickUp),
      talk: durationOf(params.talk),
      wrapUp: durationOf(params.wrapUp),
      amkPatience: durationOf(params.amk.patience),
      amkPickUp: durationOf(params.amk.pickUp),
      amkTalk: durationOf(params.amk.talk),
      amkWrapUp: durationOf(params.amk.wrapUp),
    };
    const loads = this.expectedLoads();
    for (const centre of data.centres) {
      const operators = staffHours(
        loads.get(centre.id) ?? new Float64Array(this.hours.length),
        ruleFor(input.staffing, centre.id),
      );
      this.centres.set(centre.id, {
        centre,
        operators,
        queue: new CentreQueue({ originMs: input.fromMs, operators }),
        random: input.makeRandom(deriveSeed(input.seed, `centre:${centre.id}`)),
      });
    }
    // 113: each municipality's AMK (the AMK's own list, else its legevaktsentral's AMK), staffed
    // by the same square-root rule on its share of the 113 calls.
    for (const centre of data.centres)
      for (const m of centre.municipalities) this.amkOfMunicipality.set(m, centre.amkId);
    for (const amk of data.amkCentres)
      for (const m of amk.municipalities) this.amkOfMunicipality.set(m, amk.id);
    const total = this.municipalities.reduce((sum, m) => sum + m.population, 0);
    const shares = new Map<string, number>();
    for (const m of this.municipalities) {
      const amkId = this.amkOfMunicipality.get(m.number);
      if (amkId !== undefined) shares.set(amkId, (shares.get(amkId) ?? 0) + m.population / total);
    }
    const amkHandleHours = meanAmkHandleMs(params) / MS_PER_HOUR;
    for (const amk of data.amkCentres) {
      const share = shares.get(amk.id) ?? 0;
      const loads = this.expected113.map((calls) => calls * share * amkHandleHours);
      const operators = staffHours(loads, { ...params.amk.staffing, ...input.staffing.centres[amk.id] });
      this.amkCentres.set(amk.id, {
        centre: amk,
        operators,
        queue: new CentreQueue({ originMs: input.fromMs, operators }),
        random: input.makeRandom(deriveSeed(input.seed, `amk:${amk.id}`)),
      });
    }
  }

  /**
   * Expected offered load (Erlangs) per centre and hour: each municipality's share of the calls
   * goes to the centre the engine gives its callers at that hour of the week (part-day schedules
   * send it to a partner), times the mean handling time.
   */
  private expectedLoads(): Map<string, Float64Array> {
    const total = this.municipalities.reduce((s, m) => s + m.population, 0);
    const handleHours = meanHandleMs(this.input.params) / MS_PER_HOUR;
    const sharesByHourOfWeek = new Map<number, Map<string, number>>();
    const loads = new Map<string, Float64Array>();
    this.hours.forEach((hour, h) => {
      const mid = hour.startMs + MS_PER_HOUR / 2;
      const key = Math.floor(osloMinuteOfWeek(mid) / 60);
      let shares = sharesByHourOfWeek.get(key);
      if (!shares) {
        shares = new Map();
        for (const m of this.municipalities) {
          const centreId = this.correctCentre(m.number, mid);
          if (centreId) shares.set(centreId, (shares.get(centreId) ?? 0) + m.population / total);
        }
        sharesByHourOfWeek.set(key, shares);
      }
      for (const [centreId, share] of shares) {
        let l = loads.get(centreId);
        if (!l) loads.set(centreId, (l = new Float64Array(this.hours.length)));
        l[h] = this.expected[h]! * share * handleHours;
      }
    });
    return loads;
  }

  /**
   * The callers the engine gives one of `centreIds` at `atMs`: their share of the population and
   * their counties (the model's misrouted callers stay in their county: `neighbour`, county series).
   */
  reachOf(centreIds: ReadonlySet<string>, atMs: number): { share: number; counties: Set<string> } {
    let total = 0;
    let reached = 0;
    const counties = new Set<string>();
    for (const m of this.municipalities) {
      total += m.population;
      const centreId = this.correctCentre(m.number, atMs);
      if (centreId === undefined || !centreIds.has(centreId)) continue;
      reached += m.population;
      counties.add(m.countyNumber);
    }
    return { share: total > 0 ? reached / total : 0, counties };
  }

  /** The county of a municipality of the model (undefined when unknown). */
  countyOf(municipality: string): string | undefined {
    const i = this.municipalityIndex.get(municipality);
    return i === undefined ? undefined : this.municipalities[i]!.countyNumber;
  }

  /** The centre the engine gives a caller who is in `municipality` (no counting). */
  correctCentre(municipality: string, atMs: number): string | undefined {
    const d = this.input.router.preview(
      { calledNumber: '116117', callingNumber: ANY_NUMBER, network: 'mobile', position: { municipality } },
      atMs,
    );
    return d.outcome === 'connect' ? d.centreId : undefined;
  }

  private pick<T>(list: readonly T[], r: RandomSource = this.demand): T {
    return list[Math.floor(r() * list.length)]!;
  }

  private numberFrom(prefix: string, r: RandomSource = this.demand): string {
    let n = prefix;
    while (n.length < 8) n += Math.floor(r() * 10);
    return n;
  }

  /** Another municipality of the same county (uniformly), or the same when it is alone. */
  private neighbour(index: number): string {
    const m = this.municipalities[index]!;
    const list = this.countyMunicipalities.get(m.countyNumber)!;
    if (list.length < 2) return m.number;
    let j = index;
    while (j === index) j = this.pick(list);
    return this.municipalities[j]!.number;
  }

  /** The callers of hour `h` of the span, in time order. */
  arrivalsOfHour(h: number): Arrival[] {
    const hour = this.hours[h]!;
    const r = this.demand;
    const p = this.input.params;
    const out: Arrival[] = [];
    for (const offset of callerOffsets(r, this.expected[h]!)) {
      const mi = this.byPopulation.draw(r);
      const municipality = this.municipalities[mi]!.number;
      const seq = ++this.seq;
      const arrival: Arrival = {
        seq,
        callId: `${this.input.callIdPrefix}${seq}`,
        at: hour.startMs + offset,
        municipality,
        direct: r() < p.directShare,
        network: 'mobile',
        callingNumber: '',
      };
      const u = r();
      arrival.network =
        u < p.networkShares.mobile
          ? 'mobile'
          : u < p.networkShares.mobile + p.networkShares.fixed
            ? 'fixed'
            : 'ip';
      this.dressCaller(arrival, mi);
      out.push(arrival);
    }
    const emergencies = this.emergencyArrivalsOfHour(h);
    if (emergencies.length === 0) return out;
    // In time order; on a tie the legevakt call first (they go to different queues).
    const merged: Arrival[] = [];
    let i = 0;
    let j = 0;
    while (i < out.length || j < emergencies.length) {
      if (j >= emergencies.length || (i < out.length && out[i]!.at <= emergencies[j]!.at))
        merged.push(out[i++]!);
      else merged.push(emergencies[j++]!);
    }
    return merged;
  }

  /** The 113 callers of hour `h`, in time order, from their own stream. */
  private emergencyArrivalsOfHour(h: number): Arrival[] {
    const r = this.emergency;
    const hour = this.hours[h]!;
    const p = this.input.params;
    const out: Arrival[] = [];
    for (const offset of callerOffsets(r, this.expected113[h]!)) {
      const mi = this.byPopulation.draw(r);
      const municipality = this.municipalities[mi]!.number;
      const u = r();
      const network: Network =
        u < p.networkShares.mobile
          ? 'mobile'
          : u < p.networkShares.mobile + p.networkShares.fixed
            ? 'fixed'
            : 'ip';
      const prefixes =
        network === 'mobile'
          ? this.mobilePrefixes
          : ((network === 'ip' ? this.ipPrefixes : this.fixedPrefixes).get(municipality) ??
            this.mobilePrefixes);
      const seq = ++this.seq;
      out.push({
        seq,
        callId: `${this.input.callIdPrefix}${seq}`,
        at: hour.startMs + offset,
        municipality,
        direct: false,
        emergency: true,
        network,
        callingNumber: this.numberFrom(this.pick(prefixes, r), r),
      });
    }
    return out;
  }

  /**
   * A 113 call: the network routes it to the caller's AMK centre, where it rings at once (no
   * voice menu, no routing decision of nodmeld's); undefined for a municipality without an AMK.
   */
  emergencyCall(a: Arrival): PendingCall | SimulatedCall {
    const amkId = this.amkOfMunicipality.get(a.municipality);
    const writer = this.writerFor(a, amkId);
    if (amkId === undefined || !this.amkCentres.has(amkId)) {
      return new FinishedCall(writer, a, false, 'abandoned', undefined);
    }
    const at = a.at + this.input.params.setupMs;
    writer.offered(at, '113', a.callingNumber, a.network, amkId);
    return { arrival: a, centreId: amkId, calledNumber: '113', writer, unpositioned: false, ringAt: at };
  }

  /** Calling number and position of a caller (and the cause when they point elsewhere). */
  private dressCaller(a: Arrival, mi: number): void {
    const r = this.demand;
    const p = this.input.params;
    const county = this.municipalities[mi]!.countyNumber;
    if (a.network === 'ip') {
      const ip = this.ipPrefixes.get(a.municipality);
      if (ip) {
        a.callingNumber = this.numberFrom(this.pick(ip));
        return;
      }
      a.network = 'fixed';
    }
    if (a.network === 'fixed') {
      const other = this.otherFixedPrefixes.get(county);
      if (other && r() < p.otherFixedShare) {
        a.callingNumber = this.numberFrom(this.pick(other));
        a.cause = 'wrong-number-series';
        return;
      }
      let line = a.municipality;
      if (r() < p.elsewhereShare) {
        line = this.neighbour(mi);
        if (line !== a.municipality) a.cause = 'caller-elsewhere';
      }
      const fixed = this.fixedPrefixes.get(line);
      if (fixed) {
        a.callingNumber = this.numberFrom(this.pick(fixed));
        return;
      }
      a.network = 'mobile';
      delete a.cause;
    }
    a.callingNumber = this.numberFrom(this.pick(this.mobilePrefixes));
    if (r() < p.unpositionedShare) {
      a.position = { status: 'failed', reason: 'timeout', elapsedMs: 2000 };
      return;
    }
    let located = a.municipality;
    if (r() < p.borderShare) {
      located = this.neighbour(mi);
      if (located !== a.municipality) a.cause = 'base-station-across-border';
    }
    a.position = {
      status: 'positioned',
      municipality: located,
      operator: this.pick(POSITIONED_OPERATORS),
      elapsedMs: 150 + Math.floor(r() * 500),
    };
  }

  /** What the network asks the engine for a 116117 caller. */
  callInputOf(a: Arrival): CallInput {
    return {
      calledNumber: '116117',
      callingNumber: a.callingNumber,
      network: a.network,
      ...(a.position !== undefined && { position: a.position }),
    };
  }

  /** The writer of a call offered to `centreId` (undefined: never offered); silent when not wanted. */
  private writerFor(a: Arrival, centreId: string | undefined): CallEventWriter {
    return new CallEventWriter(a.callId, this.input.owns?.(centreId) ?? true);
  }

  /** A direct call (to the centre's 8-digit number): straight to the caller's own centre. */
  directCall(a: Arrival): PendingCall | SimulatedCall {
    const centreId = this.correctCentre(a.municipality, a.at);
    const centre = centreId ? this.centres.get(centreId) : undefined;
    if (!centre) return this.lostInFallbackMenu(a, undefined);
    return this.offer(a, centre.centre.publicNumber, centreId!, a.at, this.writerFor(a, centreId), false);
  }

  /**
   * After the engine decided a 116117 call at the arrival: records `routed` (after the fallback
   * menu when the caller had to use it) and offers it to the centre.
   */
  afterDecision(a: Arrival, decision: RoutingDecision): PendingCall | SimulatedCall {
    const r = this.demand;
    const positioning: RoutingSnapshot['positioning'] =
      a.position === undefined
        ? { status: 'not-applicable' }
        : a.position.status === 'positioned'
          ? { status: 'positioned', elapsedMs: a.position.elapsedMs }
          : { status: 'failed', reason: a.position.reason, elapsedMs: a.position.elapsedMs };
    let final = decision;
    let routedAt = a.at;
    const unpositioned = a.position?.status === 'failed';
    if (decision.outcome === 'menu') {
      // The fallback menu (RT-5): most enter their postcode; some give up.
      if (r() < this.input.params.fallbackMenuHangupShare)
        return this.lostAfterRouting(a, a.at, decision, positioning);
      routedAt = a.at + seconds(logNormal(r, this.d.fallbackMenu));
      const postcode = this.postcodes.get(a.municipality);
      const viaMenu = postcode
        ? this.input.router.menuPostcode(a.callingNumber, postcode, routedAt)
        : undefined;
      if (!viaMenu || viaMenu.outcome !== 'connect')
        return this.lostAfterRouting(a, a.at, decision, positioning);
      final = viaMenu;
    }
    if (final.outcome !== 'connect') return this.lostAfterRouting(a, routedAt, final, positioning);
    const writer = this.writerFor(a, final.centreId);
    writer.routed(routedAt, '116117', a.callingNumber, a.network, final, positioning);
    const pending = this.offer(
      a,
      '116117',
      final.centreId,
      routedAt + this.input.params.setupMs,
      writer,
      unpositioned,
    );
    // A call not wanted here is dropped by the caller: no need to know where it belonged.
    if ('outcome' in pending || !writer.recording) return pending;
    const correct = this.correctCentre(a.municipality, routedAt);
    if (correct !== undefined && correct !== final.centreId) {
      pending.misroute = {
        reason: a.cause ?? 'other',
        correctCentreId: correct,
        correctMunicipality: a.municipality,
      };
    }
    return pending;
  }

  /** A 116117 call routed (to the fallback menu, or by it) that never reached a centre. */
  private lostAfterRouting(
    a: Arrival,
    at: number,
    decision: RoutingDecision,
    positioning: RoutingSnapshot['positioning'],
  ): SimulatedCall {
    const writer = this.writerFor(a, undefined);
    writer.routed(at, '116117', a.callingNumber, a.network, decision, positioning);
    return this.lostInFallbackMenu(a, writer);
  }

  private lostInFallbackMenu(a: Arrival, writer: CallEventWriter | undefined): SimulatedCall {
    const w = writer ?? this.writerFor(a, undefined);
    w.abandoned((w.lastAt ?? a.at) + seconds(logNormal(this.demand, this.d.fallbackMenu) / 2));
    return new FinishedCall(w, a, a.position?.status === 'failed', 'fallback-menu-hangup', undefined);
  }

  private offer(
    a: Arrival,
    calledNumber: string,
    centreId: string,
    offeredAt: number,
    writer: CallEventWriter,
    unpositioned: boolean,
  ): PendingCall | SimulatedCall {
    const r = this.demand;
    writer.offered(offeredAt, calledNumber, a.callingNumber, a.network, centreId);
    writer.queued(offeredAt, centreId);
    const menuMs = seconds(logNormal(r, this.d.voiceMenu));
    const pending: PendingCall = { arrival: a, centreId, calledNumber, writer, unpositioned };
    if (r() < this.input.params.voiceMenuHangupShare)
      pending.hangUpInMenuAt = offeredAt + seconds(r() * menuMs);
    else pending.ringAt = offeredAt + menuMs;
    return pending;
  }

  /**
   * The centre's part when its operators are people at the console, not the model's queue: the
   * call rings there and is left to them — answer, transfer, misrouting and end are theirs. The
   * caller's patience is drawn as for any call: `giveUp` is the hang-up at the end of it, to be
   * recorded only if nobody has answered by then (the store's fold refuses it after an answer).
   * A call whose caller hangs up in the voice menu never rings (as in `complete`).
   */
  ringForPeople(p: PendingCall): { call: SimulatedCall; giveUp?: CallEvent } {
    const sim = this.centres.get(p.centreId);
    if (!sim) throw new Error(`No centre ${p.centreId} in the simulation`);
    const w = p.writer;
    const call = new FinishedCall(w, p.arrival, p.unpositioned, 'left-to-people', p.centreId);
    if (p.ringAt === undefined) {
      w.abandoned(p.hangUpInMenuAt!);
      call.outcome = 'voice-menu-hangup';
      return { call };
    }
    w.ringing(p.ringAt, p.centreId);
    if (!w.recording) return { call };
    const patienceMs = seconds(logNormal(sim.random, this.d.patience));
    return { call, giveUp: w.hangUpIfStillWaiting(p.ringAt + patienceMs) };
  }

  /** The centre's part: the queue, the answer or the hang-up, transfers and the end. Calls of a centre in ring order. */
  complete(p: PendingCall): SimulatedCall {
    if (p.arrival.emergency) return this.completeEmergency(p);
    const sim = this.centres.get(p.centreId);
    if (!sim) throw new Error(`No centre ${p.centreId} in the simulation`);
    const r = sim.random;
    const w = p.writer;
    const a = p.arrival;
    const call = new FinishedCall(w, a, p.unpositioned, 'abandoned', p.centreId);
    if (p.ringAt === undefined) {
      w.abandoned(p.hangUpInMenuAt!);
      call.outcome = 'voice-menu-hangup';
      return call;
    }
    w.ringing(p.ringAt, p.centreId);
    const patienceMs = seconds(logNormal(r, this.d.patience));
    const talkMs = p.misroute ? seconds(45_000 + r() * 60_000) : seconds(logNormal(r, this.d.talk), 20);
    const wrapMs = seconds(logNormal(r, this.d.wrapUp), 0);
    const pickUpMs = seconds(logNormal(r, this.d.pickUp));
    const o = sim.queue.offer({ ringAt: p.ringAt, patienceMs, handleMs: talkMs + wrapMs, pickUpMs });
    if (o.kind === 'abandoned') {
      w.abandoned(o.abandonedAt);
      return call;
    }
    call.outcome = 'answered';
    call.answerMs = o.answeredAt - p.ringAt;
    w.answered(o.answeredAt, p.centreId, `${p.centreId}-pos-${o.operator + 1}`);
    const end = o.answeredAt + talkMs;
    if (p.misroute) {
      call.misrouted = true;
      const mid = o.answeredAt + Math.floor(talkMs / 2000) * 1000;
      w.misrouted(mid, p.misroute.reason, p.misroute.correctMunicipality, p.misroute.correctCentreId);
      w.transferred(end, 'legevaktsentral', p.misroute.correctCentreId);
      w.ended(end, 'operator');
      return call;
    }
    const u = r();
    const params = this.input.params;
    if (u < params.amkTransferShare) {
      const at = o.answeredAt + Math.floor(talkMs / 2000) * 1000;
      w.transferred(at, 'amk', sim.centre.amkId, 'akutt');
      w.ended(end, 'operator', 'akutt');
      return call;
    }
    const hastegrad: Hastegrad = u < params.amkTransferShare + params.hasterShare ? 'haster' : 'vanlig';
    w.ended(end, r() < 0.5 ? 'caller' : 'operator', hastegrad);
    return call;
  }

  /** AMK's part of a 113 call: its queue, the answer or the hang-up, a hand-over to the legevakt, the end. */
  private completeEmergency(p: PendingCall): SimulatedCall {
    const sim = this.amkCentres.get(p.centreId);
    if (!sim) throw new Error(`No AMK centre ${p.centreId} in the simulation`);
    const r = sim.random;
    const w = p.writer;
    const call = new FinishedCall(w, p.arrival, false, 'abandoned', p.centreId);
    const ringAt = p.ringAt!;
    w.ringing(ringAt, p.centreId);
    const patienceMs = seconds(logNormal(r, this.d.amkPatience));
    const talkMs = seconds(logNormal(r, this.d.amkTalk), 10);
    const wrapMs = seconds(logNormal(r, this.d.amkWrapUp), 0);
    const pickUpMs = seconds(logNormal(r, this.d.amkPickUp));
    const o = sim.queue.offer({ ringAt, patienceMs, handleMs: talkMs + wrapMs, pickUpMs });
    if (o.kind === 'abandoned') {
      w.abandoned(o.abandonedAt);
      return call;
    }
    call.outcome = 'answered';
    call.answerMs = o.answeredAt - ringAt;
    w.answered(o.answeredAt, p.centreId, `${p.centreId}-pos-${o.operator + 1}`);
    const end = o.answeredAt + talkMs;
    const amk = this.input.params.amk;
    const u = r();
    const legevakt = this.correctCentre(p.arrival.municipality, o.answeredAt);
    if (u < amk.legevaktHandoverShare && legevakt !== undefined) {
      w.transferred(o.answeredAt + Math.floor(talkMs / 2000) * 1000, 'legevaktsentral', legevakt, 'vanlig');
      w.ended(end, 'operator', 'vanlig');
      return call;
    }
    const v = (u - amk.legevaktHandoverShare) / (1 - amk.legevaktHandoverShare);
    const hastegrad: Hastegrad =
      v < amk.akuttShare ? 'akutt' : v < amk.akuttShare + amk.hasterShare ? 'haster' : 'vanlig';
    w.ended(end, 'operator', hastegrad);
    return call;
  }
}
