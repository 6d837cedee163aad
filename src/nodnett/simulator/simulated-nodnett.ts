/**
 * A simulated Nødnett behind the `NodnettPort`: terminals that move, send LIP location reports as
 * octets (through the real encoder, so the decoder path is the production one), raise emergency
 * alarms, and a network that answers group, conference and message requests with realistic
 * results, failures included (out of coverage, group full, unknown terminal, no answer, outage).
 *
 * Deterministic: the same seed, options and clock steps give the same reports in the same order.
 * Time comes from the injected clock only: movement runs on `clock.setInterval`, report times are
 * `clock.nowMs()`; under a stopped `SimClock` nothing moves until the test advances it (or calls
 * `tick`).
 */
import type { Clock, Timer, Timers } from '../../platform/time/clock.ts';
import { mulberry32 } from '../../platform/seeded-random.ts';
import { encodeLip } from '../lip/encode.ts';
import {
  REASON_EMERGENCY,
  directionExtendedToCode,
  directionToCode,
  latitudeFromCode,
  latitudeToCode,
  longitudeFromCode,
  longitudeToCode,
  positionErrorToCode,
  uncertaintyToCode,
  velocityToCode,
} from '../lip/fields.ts';
import type { LipPdu } from '../lip/types.ts';
import type {
  Agency,
  AttachResult,
  Conference,
  ConferenceParty,
  Delivery,
  MemberFailure,
  NodnettPort,
  PartyOutcome,
  Ssi,
  TalkGroup,
  TerminalReport,
} from '../port.ts';
import { DEFAULT_AREAS, INCIDENT_GSSI_BASE, buildFleetMap, type SimulatedArea } from './fleet.ts';
import { FIRST_RESPONDER_ALERT_HEAD } from '../alert-channel.ts';

export interface SimulatorOptions {
  seed: number;
  /** Terminals to generate (ISSIs from `firstIssi`). */
  terminals: number;
  /** The first generated terminal's ISSI (default `FIRST_ISSI`). */
  firstIssi?: number;
  clock: Clock & Timers;
  /** Each terminal reports this often (default 10 s). */
  reportIntervalMs?: number;
  /** Movement and reports run in steps this long, terminals spread over the interval (default 1 s). */
  tickMs?: number;
  areas?: readonly SimulatedArea[];
  /** These ISSIs (generated or not) are out of coverage until `setCoverage` says otherwise. */
  outOfCoverage?: readonly Ssi[];
  /** Members a talk group takes (default 64). */
  groupCapacity?: number;
  /** Telephone numbers that do not answer a conference call. */
  unreachablePhones?: readonly string[];
  /** Chance that a terminal presses its emergency button at a report (default 0). */
  emergencyPerReport?: number;
  /** Share of reports sent as LONG location reports with time of position (default 0.2). */
  longReportShare?: number;
  /** Chance that a terminal also sends a status message at a report (default 0). */
  statusPerReport?: number;
  /**
   * Fixed terminals at the other agencies' operations centres (dispatch positions): always in
   * coverage, they neither move nor report, they receive texts.
   */
  dispatchers?: readonly Ssi[];
  /**
   * A text sent with a consumed report requested is read this long after it was delivered (ms on
   * the clock); null (the default): nobody reads it.
   */
  consumeAfterMs?: number | null;
  /**
   * Crews follow a dispatch: a terminal sent the "dispatched" status reports, on the clock, en
   * route (about 30 s later), at scene (about 5 min), transporting (about 15 min), at hospital
   * (about 35 min) and available again (about 50 min). A new dispatch starts the round again.
   */
  crewsFollowDispatch?: boolean;
  /**
   * First-responder groups answer their alerts: a terminal that gets a first-responder alert's text
   * answers `accepted` (three in four) or `declined` about 30 s later, and a group that accepted
   * reports `arrived` about 6 min after that (`SIMULATED_ANSWERS`).
   */
  firstRespondersAnswer?: boolean;
}

/**
 * The simulator's status plan: fictional pre-coded status values (the real ones are the health
 * fleet's status plan, not in this repository), one per unit status of the AMK picture.
 */
export const SIMULATED_STATUSES = {
  available: 0x8001,
  dispatched: 0x8002,
  'en-route': 0x8003,
  'at-scene': 0x8004,
  transporting: 0x8005,
  'at-hospital': 0x8006,
  'out-of-service': 0x8007,
} as const;
/** The simulator's keys of a first-responder group's answer to an alert (NN-6); never sent at random. */
export const SIMULATED_ANSWERS = {
  accepted: 0x8011,
  declined: 0x8012,
  arrived: 0x8013,
} as const;
const STATUS_VALUES = Object.values(SIMULATED_STATUSES);

/** The first generated terminal's ISSI. */
export const FIRST_ISSI = 7_000_001;

interface Terminal {
  issi: Ssi;
  area: string;
  lat: number;
  lon: number;
  headingDeg: number;
  speedKmh: number;
  inCoverage: boolean;
}

/** What a test or the simulator's module may do to the simulated network beyond the port. */
export interface SimulatorControl {
  /** Runs one step of movement and reports now, whatever the clock. */
  tick(): void;
  /** Starts the movement timer on the clock (idempotent). */
  start(): void;
  /** The terminal presses its emergency button: a LIP report with reason "emergency" follows at once. */
  raiseEmergency(issi: Ssi): boolean;
  setCoverage(issi: Ssi, inCoverage: boolean): void;
  /** The whole network (gateway) is unreachable: every operation fails, no report arrives. */
  setAvailable(available: boolean): void;
  isAvailable(): boolean;
  terminals(): readonly { issi: Ssi; area: string; lat: number; lon: number; inCoverage: boolean }[];
  /** The crew presses a status key: the terminal sends that status message (if in coverage). */
  crewStatus(issi: Ssi, status: number): boolean;
  /** The texts a terminal received (delivered ones only), oldest first. */
  received(issi: Ssi): readonly { text: string; messageRef: number; at: string }[];
}

export type SimulatedNodnett = NodnettPort & { control: SimulatorControl };

const LAT_MIN = 57.9;
const LAT_MAX = 71.2;
const LON_MIN = 4.5;
const LON_MAX = 31.2;
const METRES_PER_DEGREE = 111_320;

/** Creates a simulated Nødnett. Call `control.start()` to let terminals move on the clock. */
export function createSimulatedNodnett(options: SimulatorOptions): SimulatedNodnett {
  const clock = options.clock;
  const interval = options.reportIntervalMs ?? 10_000;
  const tickMs = options.tickMs ?? 1_000;
  const slots = Math.max(1, Math.round(interval / tickMs));
  const areas = options.areas ?? DEFAULT_AREAS;
  const capacity = options.groupCapacity ?? 64;
  const unreachable = new Set(options.unreachablePhones ?? []);
  const emergencyChance = options.emergencyPerReport ?? 0;
  const longShare = options.longReportShare ?? 0.2;
  const statusChance = options.statusPerReport ?? 0;
  const rnd = mulberry32(options.seed);

  const terminals = new Map<Ssi, Terminal>();
  const order: Terminal[] = [];
  for (let i = 0; i < options.terminals; i += 1) {
    const area = areas[i % areas.length]!;
    const t: Terminal = {
      issi: (options.firstIssi ?? FIRST_ISSI) + i,
      area: area.id,
      lat: area.lat + (rnd() - 0.5) * 0.6,
      lon: area.lon + (rnd() - 0.5) * 1.2,
      headingDeg: rnd() * 360,
      speedKmh: rnd() < 0.5 ? 0 : 20 + rnd() * 70,
      inCoverage: true,
    };
    terminals.set(t.issi, t);
    order.push(t);
  }
  for (const issi of options.outOfCoverage ?? []) {
    const t = terminals.get(issi);
    if (t) t.inCoverage = false;
    else {
      // A known terminal that is out of coverage from the start (tests name it).
      const area = areas[0]!;
      const extra: Terminal = {
        issi,
        area: area.id,
        lat: area.lat,
        lon: area.lon,
        headingDeg: 0,
        speedKmh: 0,
        inCoverage: false,
      };
      terminals.set(issi, extra);
      order.push(extra);
    }
  }

  // Dispatch positions: known to the network, always in coverage, not in `order` (no movement, no reports).
  for (const issi of options.dispatchers ?? [])
    if (!terminals.has(issi))
      terminals.set(issi, {
        issi,
        area: areas[0]!.id,
        lat: areas[0]!.lat,
        lon: areas[0]!.lon,
        headingDeg: 0,
        speedKmh: 0,
        inCoverage: true,
      });
  const consumeAfterMs = options.consumeAfterMs ?? null;
  let nextMessageRef = 0;
  const reading = new Set<Timer>();
  const inboxes = new Map<Ssi, { text: string; messageRef: number; at: string }[]>();
  const crews = new Map<Ssi, Timer[]>();
  const CREW_ROUND: readonly [number, keyof typeof SIMULATED_STATUSES][] = [
    [30_000, 'en-route'],
    [300_000, 'at-scene'],
    [900_000, 'transporting'],
    [2_100_000, 'at-hospital'],
    [3_000_000, 'available'],
  ];
  const followDispatch = (issi: Ssi): void => {
    for (const t of crews.get(issi) ?? []) t.cancel();
    const jitter = 0.8 + rnd() * 0.4;
    crews.set(
      issi,
      CREW_ROUND.map(([afterMs, status]) =>
        clock.setTimeout(() => {
          const t = terminals.get(issi);
          if (t?.inCoverage && available)
            emit({
              kind: 'status',
              issi,
              receivedAt: new Date(clock.nowMs()).toISOString(),
              status: SIMULATED_STATUSES[status],
            });
          if (status === 'available') crews.delete(issi);
        }, afterMs * jitter),
      ),
    );
  };

  const answerAlert = (issi: Ssi): void => {
    for (const t of crews.get(issi) ?? []) t.cancel();
    const jitter = 0.8 + rnd() * 0.4;
    const accepts = rnd() < 0.75;
    const steps: [number, keyof typeof SIMULATED_ANSWERS][] = accepts
      ? [
          [30_000, 'accepted'],
          [390_000, 'arrived'],
        ]
      : [[30_000, 'declined']];
    crews.set(
      issi,
      steps.map(([afterMs, answer], i) =>
        clock.setTimeout(() => {
          if (terminals.get(issi)?.inCoverage && available)
            emit({
              kind: 'status',
              issi,
              receivedAt: new Date(clock.nowMs()).toISOString(),
              status: SIMULATED_ANSWERS[answer],
            });
          if (i === steps.length - 1) crews.delete(issi);
        }, afterMs * jitter),
      ),
    );
  };

  const groups = new Map<Ssi, TalkGroup>(buildFleetMap(areas, capacity).map((g) => [g.gssi, g]));
  let nextIncident = INCIDENT_GSSI_BASE;
  const conferences = new Map<string, Conference>();
  let nextConference = 1;
  const handlers = new Set<(r: TerminalReport) => void>();
  let available = true;
  let step = 0;
  let timer: Timer | null = null;

  const emit = (r: TerminalReport): void => {
    if (!available) return;
    for (const h of handlers) {
      try {
        h(r);
      } catch {
        // A subscriber's fault must not stop the network's delivery to the others.
      }
    }
  };

  const report = (t: Terminal, reason: number): void => {
    if (!t.inCoverage) return;
    const nowMs = clock.nowMs();
    const now = new Date(nowMs);
    const lon = longitudeFromCode(longitudeToCode(t.lon));
    const lat = latitudeFromCode(latitudeToCode(t.lat));
    const errorMetres = 5 + Math.floor(rnd() * 30);
    const pdu: LipPdu =
      rnd() < longShare
        ? {
            type: 'long-location-report',
            time: {
              type: 'time-of-position',
              day: now.getUTCDate(),
              hour: now.getUTCHours(),
              minute: now.getUTCMinutes(),
              second: now.getUTCSeconds(),
            },
            location: {
              shape: 'circle',
              longitude: lon,
              latitude: lat,
              uncertainty: uncertaintyToCode(errorMetres),
            },
            velocity: {
              type: 5,
              horizontalVelocity: velocityToCode(t.speedKmh),
              horizontalVelocityUncertainty: null,
              verticalVelocity: null,
              verticalVelocityUncertainty: null,
              directionOfTravelExtended: directionExtendedToCode(t.headingDeg),
              directionOfTravelUncertainty: null,
            },
            acknowledgementRequested: false,
            additionalData: { type: 'reason-for-sending', reason },
            optionalElements: null,
          }
        : {
            type: 'short-location-report',
            timeElapsed: 0,
            longitude: lon,
            latitude: lat,
            positionError: positionErrorToCode(errorMetres),
            horizontalVelocity: velocityToCode(t.speedKmh),
            directionOfTravel: directionToCode(t.headingDeg),
            additionalData: { type: 'reason-for-sending', reason },
          };
    emit({ kind: 'location', issi: t.issi, receivedAt: now.toISOString(), lip: encodeLip(pdu) });
  };

  const move = (t: Terminal): void => {
    t.headingDeg = (t.headingDeg + (rnd() - 0.5) * 40 + 360) % 360;
    t.speedKmh = Math.min(110, Math.max(0, t.speedKmh + (rnd() - 0.5) * 20));
    const metres = (t.speedKmh * 1000 * interval) / 3_600_000;
    const rad = (t.headingDeg * Math.PI) / 180;
    t.lat += (metres * Math.cos(rad)) / METRES_PER_DEGREE;
    t.lon += (metres * Math.sin(rad)) / (METRES_PER_DEGREE * Math.cos((t.lat * Math.PI) / 180));
    // Stay inside mainland Norway's bounding box: turn back at its edge.
    if (t.lat < LAT_MIN || t.lat > LAT_MAX || t.lon < LON_MIN || t.lon > LON_MAX) {
      t.lat = Math.min(LAT_MAX, Math.max(LAT_MIN, t.lat));
      t.lon = Math.min(LON_MAX, Math.max(LON_MIN, t.lon));
      t.headingDeg = (t.headingDeg + 180) % 360;
    }
  };

  const tick = (): void => {
    if (!available) return;
    const slot = step % slots;
    step += 1;
    for (let i = slot; i < order.length; i += slots) {
      const t = order[i]!;
      move(t);
      report(t, emergencyChance > 0 && rnd() < emergencyChance ? REASON_EMERGENCY : 129);
      if (statusChance > 0 && t.inCoverage && rnd() < statusChance) {
        const status = STATUS_VALUES[Math.floor(rnd() * STATUS_VALUES.length)]!;
        emit({ kind: 'status', issi: t.issi, receivedAt: new Date(clock.nowMs()).toISOString(), status });
      }
    }
  };

  const unavailable = { ok: false as const, reason: 'network-unavailable' as const };
  const delivery = (issi: Ssi): Delivery => {
    const t = terminals.get(issi);
    return t === undefined ? 'unknown-terminal' : t.inCoverage ? 'delivered' : 'out-of-coverage';
  };
  const copy = (g: TalkGroup): TalkGroup => ({
    ...g,
    agencies: [...g.agencies],
    members: { terminals: [...g.members.terminals], groups: [...g.members.groups] },
  });

  const port: SimulatedNodnett = {
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },

    async fleetMap() {
      if (!available) return unavailable;
      return { ok: true, groups: [...groups.values()].map(copy) };
    },

    async createIncidentGroup(input: { name: string; agencies: Agency[]; area: string | null }) {
      if (!available) return unavailable;
      const group: TalkGroup = {
        gssi: nextIncident++,
        name: input.name,
        level: 'incident',
        agencies: [...new Set(input.agencies)],
        area: input.area,
        capacity,
        members: { terminals: [], groups: [] },
      };
      groups.set(group.gssi, group);
      return { ok: true, group: copy(group) };
    },

    async attach(gssi, members) {
      if (!available) return unavailable;
      const g = groups.get(gssi);
      if (!g) return { ok: false, reason: 'unknown-group' };
      if (g.level !== 'incident') return { ok: false, reason: 'not-an-incident-group' };
      const size = () => g.members.terminals.length + g.members.groups.length;
      const result: AttachResult = { terminals: [], groups: [] };
      for (const issi of members.terminals) {
        let outcome: 'attached' | MemberFailure;
        const t = terminals.get(issi);
        if (g.members.terminals.includes(issi)) outcome = 'attached';
        else if (!t) outcome = 'unknown-terminal';
        else if (!t.inCoverage) outcome = 'out-of-coverage';
        else if (size() >= g.capacity) outcome = 'group-full';
        else {
          g.members.terminals.push(issi);
          outcome = 'attached';
        }
        result.terminals.push({ issi, outcome });
      }
      for (const other of members.groups) {
        let outcome: 'attached' | MemberFailure;
        if (g.members.groups.includes(other)) outcome = 'attached';
        else if (!groups.has(other) || other === gssi) outcome = 'unknown-group';
        else if (size() >= g.capacity) outcome = 'group-full';
        else {
          g.members.groups.push(other);
          outcome = 'attached';
        }
        result.groups.push({ gssi: other, outcome });
      }
      return { ok: true, ...result };
    },

    async releaseIncidentGroup(gssi) {
      if (!available) return unavailable;
      const g = groups.get(gssi);
      if (!g) return { ok: false, reason: 'unknown-group' };
      if (g.level !== 'incident') return { ok: false, reason: 'not-an-incident-group' };
      groups.delete(gssi);
      return { ok: true };
    },

    async startConference(parties: ConferenceParty[]) {
      if (!available) return unavailable;
      const outcomes = parties.map((party) => {
        let outcome: PartyOutcome;
        if (party.kind === 'phone') outcome = unreachable.has(party.number) ? 'no-answer' : 'joined';
        else {
          const d = delivery(party.issi);
          outcome = d === 'delivered' ? 'joined' : d;
        }
        return { party, outcome };
      });
      const joined = outcomes.filter((o) => o.outcome === 'joined').length;
      const conference: Conference = {
        id: `sim-conf-${nextConference++}`,
        status: joined >= 2 ? 'connected' : 'failed',
        parties: outcomes,
      };
      if (conference.status === 'connected') conferences.set(conference.id, conference);
      return { ok: true, conference };
    },

    async endConference(id) {
      if (!available) return unavailable;
      if (!conferences.delete(id)) return { ok: false, reason: 'unknown-conference' };
      return { ok: true };
    },

    async requestLocation(issi) {
      if (!available) return unavailable;
      const d = delivery(issi);
      const t = terminals.get(issi);
      // The answer travels back as a report, after this call returns (as on the network).
      if (d === 'delivered' && t) queueMicrotask(() => report(t, 32));
      return { ok: true, delivery: d };
    },

    async sendStatus(issi, status) {
      if (!available) return unavailable;
      const d = delivery(issi);
      if (d === 'delivered' && options.crewsFollowDispatch && status === SIMULATED_STATUSES.dispatched)
        followDispatch(issi);
      return { ok: true, delivery: d };
    },

    async sendText(issi, text, textOptions) {
      if (!available) return unavailable;
      const d = delivery(issi);
      const messageRef = nextMessageRef;
      nextMessageRef = (nextMessageRef + 1) % 256;
      if (d === 'delivered') {
        const list = inboxes.get(issi) ?? [];
        list.push({ text, messageRef, at: new Date(clock.nowMs()).toISOString() });
        if (list.length > 100) list.shift(); // a terminal's memory is small too
        inboxes.set(issi, list);
        if (options.firstRespondersAnswer && text.startsWith(FIRST_RESPONDER_ALERT_HEAD)) answerAlert(issi);
      }
      if (d === 'delivered' && textOptions?.consumedReport && consumeAfterMs !== null) {
        const consumed = () => {
          if (terminals.get(issi)?.inCoverage)
            emit({
              kind: 'sds-report',
              issi,
              receivedAt: new Date(clock.nowMs()).toISOString(),
              messageRef,
              report: 'consumed',
            });
        };
        // Read at once: after this call returns, as on the network; later: on the clock.
        if (consumeAfterMs === 0) queueMicrotask(consumed);
        else {
          const t = clock.setTimeout(() => {
            reading.delete(t);
            consumed();
          }, consumeAfterMs);
          reading.add(t);
        }
      }
      return { ok: true, delivery: d, messageRef };
    },

    async close() {
      timer?.cancel();
      timer = null;
      for (const t of reading) t.cancel();
      reading.clear();
      for (const ts of crews.values()) for (const t of ts) t.cancel();
      crews.clear();
      handlers.clear();
    },

    control: {
      tick,
      start() {
        timer ??= clock.setInterval(tick, tickMs);
      },
      raiseEmergency(issi) {
        const t = terminals.get(issi);
        if (!t || !t.inCoverage || !available) return false;
        report(t, REASON_EMERGENCY);
        return true;
      },
      setCoverage(issi, inCoverage) {
        const t = terminals.get(issi);
        if (t) t.inCoverage = inCoverage;
      },
      setAvailable(value) {
        available = value;
      },
      isAvailable: () => available,
      received: (issi) => [...(inboxes.get(issi) ?? [])],
      crewStatus(issi, status) {
        const t = terminals.get(issi);
        if (!t || !t.inCoverage || !available) return false;
        emit({ kind: 'status', issi, receivedAt: new Date(clock.nowMs()).toISOString(), status });
        return true;
      },
      terminals: () =>
        order.map((t) => ({ issi: t.issi, area: t.area, lat: t.lat, lon: t.lon, inCoverage: t.inCoverage })),
    },
  };
  return port;
}
