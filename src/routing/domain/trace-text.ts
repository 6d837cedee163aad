/**
 * The English text of a routing trace step, for the API, the CLI and logs. The engine records
 * only each step's code and values (a small object per step on the hot path, no strings built);
 * the text is made here, when someone reads it. The web renders the same codes in bokmål or
 * English from its own dictionary. Pure.
 */
import type { TraceStep } from './types.ts';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const LANGUAGES: Record<string, string> = { nb: 'nb', en: 'en', se: 'se' };

type P = Record<string, string | number | undefined>;

const s = (v: string | number | undefined): string => (v === undefined ? '?' : String(v));

const TEXT: Record<string, (p: P) => string> = {
  call: (p) => `${s(p.network)} call from ${p.number === '' ? 'a hidden number' : s(p.number)} to 116117`,
  'county-unknown': (p) => `County ${s(p.county)} is not in the routing data`,
  'county-most-populous': (p) =>
    `Series gives county ${s(p.county)} only; routing by its most populous municipality ${s(p.municipality)} (${s(p.municipalityName)})`,
  'no-number': () => 'No calling number: the call cannot be located by number series',
  'geo-ported': (p) =>
    `${s(p.number)} is geo-ported to ${s(p.operator)}; routing by its original series ${s(p.prefix)}`,
  ported: (p) =>
    `${s(p.number)} is ported to ${s(p.operator)}; routing by its original series ${s(p.prefix)}`,
  'series-none': (p) => `No number series matches ${s(p.number)}`,
  'series-match': (p) => `${s(p.number)} matches series ${s(p.prefix)} (${s(p.operator)}, ${s(p.kind)})`,
  'series-mobile': (p) => `Series ${s(p.prefix)} is a mobile series on a ${s(p.network)} call: no geography`,
  'municipality-unknown': (p) => `Municipality ${s(p.municipality)} has no serving centre`,
  'series-municipality': (p) =>
    `Series ${s(p.prefix)} belongs to municipality ${s(p.municipality)} (${s(p.municipalityName)})`,
  'series-no-geography': (p) => `Series ${s(p.prefix)} carries neither municipality nor county`,
  'position-absent': () => 'Mobile call without a position result',
  'position-failed': (p) => `Positioning failed (${s(p.reason)}) after ${s(p.ms)} ms`,
  'mobile-position': (p) =>
    p.given === 1
      ? `Municipality ${s(p.municipality)} (${s(p.municipalityName)}) given with the call`
      : `Positioned by ${s(p.operator)} in ${s(p.ms)} ms: municipality ${s(p.municipality)} (${s(p.municipalityName)})`,
  'presented-number': (p) => `IP call presents ${s(p.number)}: routing by the presented number`,
  overflow: (p) =>
    p.fixed === 1
      ? `Overflow policy is fixed: ${s(p.centre)}`
      : p.random === 1
        ? `Overflow centre ${s(p.centre)} picked at random from ${s(p.count)} overflow centres`
        : `Overflow centre ${s(p.centre)} picked from ${s(p.count)} by a hash of the calling number and the time: ` +
          (p.draw === undefined
            ? 'no random source was given'
            : `the random source gave ${s(p.draw)}, outside [0, 1)`),
  'overflow-unknown': (p) =>
    `Fixed overflow centre ${s(p.centreId)} is not in the data; picking among the overflow centres`,
  'overflow-none': () => 'The data has no overflow centres',
  'schedule-loop': (p) =>
    `Partner chain returns to ${s(p.partner)}: stopping at ${s(p.centre)} although it is not staffed`,
  schedule: (p) =>
    `${s(p.centre)} is not staffed ${WEEKDAYS[Number(p.weekday) - 1] ?? '?'} ${s(p.time)} (Europe/Oslo); calls go to partner ${s(p.partner)}`,
  'reroute-unknown-centre': (p) =>
    `Re-route ${s(p.rerouteId)} points to unknown centre ${s(p.centreId)}: ignored`,
  'reroute-cycle': (p) =>
    `Re-route ${s(p.rerouteId)} (${s(p.fromId)} → ${s(p.toId)}) would close a cycle; stopping at ${s(p.centre)}`,
  reroute: (p) =>
    `Re-route ${s(p.rerouteId)} (${s(p.kind)}: ${s(p.reason)}) moves ${s(p.centre)} to ${s(p.target)}`,
  'alternative-site': (p) =>
    `${s(p.centre)} is marked unavailable: connecting to its alternative site ${s(p.site)} on ${s(p.number)}`,
  connect: (p) => `Connect to ${s(p.centre)} on ${s(p.number)} (decided by ${s(p.method)})`,
  'municipality-centre': (p) => `Municipality ${s(p.municipality)} is served by ${s(p.centre)}`,
  menu: (p) =>
    p.policy === 1
      ? `Unlocated ${s(p.network)} call: policy sends it to the fallback menu`
      : `Unlocated ${s(p.network)} call and no overflow centre: fallback menu`,
  'menu-start': (p) =>
    `Fallback menu (${LANGUAGES[s(p.language)] ?? s(p.language)}) for a call from ${p.number === '' ? 'a hidden number' : s(p.number)}`,
  'menu-gave-up': (p) => `${s(p.count)} invalid inputs or timeouts in a row in the menu`,
  'menu-postcode': (p) =>
    `Caller entered postcode ${s(p.postcode)} (${s(p.place)}): municipality ${s(p.municipality)} (${s(p.municipalityName)})`,
  'menu-region': (p) => `Caller chose region ${s(p.region)}`,
  'menu-county': (p) => `Caller chose county ${s(p.county)} (${s(p.countyName)})`,
  'menu-centre': (p) => `Caller chose ${s(p.centre)} in the fallback menu (RT-5)`,
};

/** The English text of one step. */
export function traceDetail(step: TraceStep): string {
  const text = TEXT[step.step];
  return text ? text(step.params) : step.step;
}

/**
 * A fresh decision with each trace step's English text added, as the API shows it. Adds to the
 * decision's own step objects instead of copying them (they are made per decision): the HTTP
 * decision route is a hot path.
 */
export function withTraceText<D extends { trace: readonly TraceStep[] }>(
  decision: D,
): D & { trace: (TraceStep & { detail: string })[] } {
  for (const s of decision.trace) (s as TraceStep & { detail?: string }).detail = traceDetail(s);
  return decision as D & { trace: (TraceStep & { detail: string })[] };
}

/** Every step code the engine and the menu can record (for tests that check every text exists). */
export const TRACE_STEPS: readonly string[] = Object.keys(TEXT);
