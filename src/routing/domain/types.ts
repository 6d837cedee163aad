/**
 * Routing domain types: the shared contract between reference data (routing/data), the pure
 * routing engine (routing/domain) and its adapters (HTTP, CLI, SIP).
 *
 * Everything here is plain data: no I/O, no clock. Numbers are national significant numbers as
 * strings of digits (8 digits for Norwegian subscriber numbers, no +47 prefix).
 */

/** Networks a call arrives from (RT-2, RT-3). */
export const NETWORKS = ['fixed', 'mobile', 'ip'] as const;
/** Network the call arrives from (RT-2, RT-3). */
export type Network = (typeof NETWORKS)[number];

/** Prompt and menu languages (RT-4): Norwegian bokmål, English, North Sami. */
export type Language = 'nb' | 'en' | 'se';

export interface County {
  /** Two digits, e.g. "03". */
  number: string;
  name: string;
  /** Menu region (landsdel) used by the fallback menu, e.g. "Østlandet" (RT-5). */
  menuRegion: string;
  /** Four-digit municipality number of the county's most populous municipality (RT-2, RT-6). */
  mostPopulousMunicipality: string;
}

export interface Municipality {
  /** Four digits, e.g. "0301". */
  number: string;
  name: string;
  countyNumber: string;
  population: number;
}

export interface Postcode {
  /** Four digits, e.g. "0150". */
  code: string;
  place: string;
  municipality: string;
}

export interface MenuRegion {
  name: string;
  /** Position in the region menu, 1-based (the DTMF digit). */
  order: number;
  countyNumbers: string[];
}

/** A weekly staffing window in Europe/Oslo local time (RT-10). */
export interface StaffedWindow {
  /** ISO weekdays 1 (Monday) … 7 (Sunday) on which the window starts. */
  days: number[];
  /** Local start "HH:MM". */
  from: string;
  /** Local end "HH:MM"; a value <= from means the window runs past midnight into the next day. */
  to: string;
}

/** Part-day schedule: outside the staffed windows the centre's calls go to the partner (RT-10). */
export interface CentreSchedule {
  staffed: StaffedWindow[];
  partnerCentreId: string;
}

/** Planned alternative answering site of a centre (RT-11, akuttmedisinforskriften §12 d). */
export interface AlternativeSite {
  name: string;
  /** Number calls are connected to while the centre is marked unavailable. */
  number: string;
}

/** A legevaktsentral (LV-sentral). */
export interface Centre {
  /** Stable slug, e.g. "lv-bergen". */
  id: string;
  name: string;
  /** Underlying number that 116117 is routed to (RT-8). */
  underlyingNumber: string;
  /** Public fixed 8-digit direct number (RT-1, RT-8). */
  publicNumber: string;
  /** Internal number for transfers between centres (RT-9). */
  internalNumber: string;
  alternativeSite: AlternativeSite;
  /** Municipality numbers served. Every municipality is served by exactly one centre. */
  municipalities: string[];
  /** AMK centre id the centre's area belongs to. */
  amkId: string;
  /** Host municipality (where the centre is located). */
  hostMunicipality: string;
  /** Overflow centre for calls without municipality (RT-6). */
  overflow: boolean;
  schedule?: CentreSchedule;
  /** True for invented names/numbers in the default data set (documented in docs/data.md). */
  fictional: boolean;
}

export interface AmkCentre {
  id: string;
  name: string;
  healthTrust: string;
  /** 8-digit internal/administrative number; the public number is 113. */
  internalNumber: string;
  municipalities: string[];
  fictional: boolean;
}

/**
 * A block of numbers (RT-2). `prefix` is 1–8 digits; longest prefix wins.
 * - incumbent fixed series resolve to a municipality;
 * - other operators' fixed series resolve only to a county;
 * - mobile series carry no geography (mobile calls route by position);
 * - IP series (e.g. 85x/22x VoIP blocks) may carry a county or a municipality.
 */
export type SeriesKind = 'incumbent-fixed' | 'other-fixed' | 'mobile' | 'ip';

export interface NumberSeries {
  prefix: string;
  operator: string;
  kind: SeriesKind;
  municipality?: string;
  county?: string;
}

/**
 * A ported number routes by its original series (RT-2): `originalPrefix` names the series the
 * number was allocated from. `geo` marks a number moved between counties (geo-porting).
 */
export interface PortedNumber {
  number: string;
  originalPrefix: string;
  currentOperator: string;
  geo: boolean;
}

/** One complete, validated routing data set. */
export interface RoutingDataSet {
  counties: County[];
  municipalities: Municipality[];
  postcodes: Postcode[];
  menuRegions: MenuRegion[];
  centres: Centre[];
  amkCentres: AmkCentre[];
  numberSeries: NumberSeries[];
  portedNumbers: PortedNumber[];
}

/** A routing change (RT-7): calls for `fromCentreId` go to `toCentreId` within the window. */
export interface Reroute {
  id: string;
  fromCentreId: string;
  toCentreId: string;
  /** ISO instant. */
  startsAt: string;
  /** ISO instant, or null for open-ended (urgent) re-routes until ended. */
  endsAt: string | null;
  kind: 'planned' | 'urgent';
  reason: string;
}

/** Live operational state that is not reference data. */
export interface OperationalState {
  reroutes: Reroute[];
  /** Centres marked unavailable: their calls go to their alternative answering site (RT-11). */
  unavailableCentreIds: string[];
}

/** Result of the positioning port for a mobile call (RT-3). */
export type PositionResult =
  | { status: 'positioned'; municipality: string; operator: string; elapsedMs: number }
  | {
      status: 'failed';
      reason: 'timeout' | 'no-answer' | 'unknown-municipality' | 'circuit-open';
      elapsedMs: number;
    };

export interface CallInput {
  /** Dialled number, normalised ("116117"). */
  calledNumber: string;
  /** Caller's number (national significant number, or with +47/0047 prefix: normalised by the engine). */
  callingNumber: string;
  network: Network;
  /** Presented number on IP calls (styrt nummervisning): routes by this number when set (RT-2). */
  presentedNumber?: string;
  /** Position of a mobile call, from the positioning port or given by the caller of the API. */
  position?: PositionResult | { municipality: string };
}

export type RoutingMethod =
  'number-series' | 'mobile-position' | 'menu-postcode' | 'menu-region' | 'overflow' | 'schedule' | 'reroute';

export interface TraceStep {
  /** Short machine-readable step name, e.g. "series-match". */
  step: string;
  /**
   * The step's values. Its text is made when read (trace-text.ts: English for the API, the CLI and
   * logs; the web's dictionary for bokmål): the engine builds no strings on the hot path.
   */
  params: Record<string, string | number>;
}

/** Where the call goes. */
export type RoutingDecision =
  | {
      outcome: 'connect';
      centreId: string;
      centreName: string;
      /** Number to connect the call to (underlying number, or alternative site's number). */
      connectTo: string;
      method: RoutingMethod;
      /**
       * How the call was first placed (number series, mobile position, menu choice, overflow),
       * kept even when a schedule or re-route later decided the destination (`method`).
       */
      locatedBy?: RoutingMethod;
      /** True when the centre was unavailable and the call goes to its alternative site (RT-11). */
      alternativeSite?: boolean;
      municipality?: string;
      county?: string;
      trace: TraceStep[];
      dataVersion: number;
    }
  | {
      /** The call needs the fallback menu (RT-5): the IVR drives a menu session. */
      outcome: 'menu';
      reason: string;
      municipality?: string;
      county?: string;
      trace: TraceStep[];
      dataVersion: number;
    };

/** A source of random numbers uniform in [0, 1), such as `Math.random` or a seeded generator. */
export type RandomSource = () => number;

/** Engine configuration: policy choices the sources leave open. */
export interface RoutingPolicy {
  /**
   * Calls whose number has no identifiable municipality or county (RT-6): `random` picks one of
   * the overflow centres at random for each call, as the source does ("rutes til et tilfeldig valgt
   * overløpsenter"), drawing from `random`; `fixed` always uses `centreId`.
   */
  overflow: { mode: 'random' } | { mode: 'fixed'; centreId: string };
  /** What to do with an unpositioned mobile call or unknown fixed number: menu (RT-5) or overflow (RT-6). */
  unlocated: { fixed: 'overflow' | 'menu'; ip: 'overflow' | 'menu'; mobile: 'overflow' | 'menu' };
  /**
   * The random source for the overflow pick (RT-6). The engine never makes randomness itself (it
   * stays a pure function of its input): the adapter that decides live calls passes one
   * (`Math.random` is enough: the draw spreads load, it guards no secret); tests and simulators
   * pass a seeded one. Without it the pick falls back to a hash of the calling number and the
   * call's instant, which still spreads calls without a number over the centres, and the trace
   * says so.
   */
  random?: RandomSource;
}

export const DEFAULT_POLICY: RoutingPolicy = {
  overflow: { mode: 'random' },
  unlocated: { fixed: 'overflow', ip: 'overflow', mobile: 'menu' },
};
