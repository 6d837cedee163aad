/**
 * Which calls a test run places (RT-8), as a pure function of the routing data: for each centre
 * under test, one call to its public 8-digit number, and one call to 116117 as a caller from each
 * municipality the centre serves. A 116117 caller is placed in a municipality the way routing
 * places a real fixed-line caller — by the number: a number from the municipality's incumbent
 * fixed series (or an IP series that names the municipality), accepted only when routing's own
 * number lookup (`locate`) puts it in that municipality (a longer series or a ported number could
 * place it elsewhere).
 */
import type { CallKind } from './vocabulary.ts';

/**
 * The part of a routing data set a plan reads (routing's `RoutingDataSet` is one): declared here
 * so the pure domain imports nothing outside itself.
 */
export interface PlanData {
  centres: readonly {
    id: string;
    publicNumber: string;
    underlyingNumber: string;
    internalNumber: string;
    alternativeSite: { number: string };
    municipalities: readonly string[];
  }[];
  numberSeries: readonly { prefix: string; kind: string; municipality?: string }[];
  portedNumbers: readonly { number: string }[];
}

export interface PlannedCall {
  /** Stable within a run: `direct:<centre>` or `116117:<municipality>` (results are keyed by it). */
  key: string;
  kind: CallKind;
  /** The centre under test: the one whose number is called, or that serves the municipality. */
  centreId: string;
  municipality: string | null;
  /** The number dialled: the centre's public number, or 116117. */
  target: string;
  /** The caller's number; null when no number places a caller in the municipality. */
  callingNumber: string | null;
}

/** The national number for the out-of-hours service. */
export const NATIONAL_NUMBER = '116117';

/** Numbers tried per series: the series' prefix filled up to 8 digits. */
const FILLS = ['0', '5', '9', '1'];

/**
 * Numbers that may place a fixed-line caller in `municipality`, best first: the incumbent's
 * series of the municipality, then IP series naming it; shortest prefix first (least likely to be
 * shadowed by a longer series).
 */
export function callerCandidates(data: PlanData, municipality: string): string[] {
  const series = data.numberSeries
    .filter((s) => s.municipality === municipality && (s.kind === 'incumbent-fixed' || s.kind === 'ip'))
    .sort((a, b) =>
      a.kind === b.kind ? a.prefix.length - b.prefix.length : a.kind === 'incumbent-fixed' ? -1 : 1,
    );
  const ported = new Set(data.portedNumbers.map((p) => p.number));
  const out: string[] = [];
  for (const s of series) {
    if (s.prefix.length > 8) continue;
    for (const fill of FILLS) {
      const n = s.prefix.padEnd(8, fill);
      if (!ported.has(n) && !out.includes(n)) out.push(n);
    }
  }
  return out;
}

/**
 * The calls of a run over `centreIds` (null: every centre), centres by id, municipalities by
 * number. `locate(number)` is routing's municipality for a fixed-line caller with that number.
 */
export function planRun(
  data: PlanData,
  centreIds: readonly string[] | null,
  locate: (callingNumber: string) => string | undefined,
  directCaller: string,
): PlannedCall[] {
  const wanted = centreIds ? new Set(centreIds) : null;
  const centres = data.centres
    .filter((c) => !wanted || wanted.has(c.id))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const calls: PlannedCall[] = [];
  for (const c of centres) {
    calls.push({
      key: `direct:${c.id}`,
      kind: 'direct',
      centreId: c.id,
      municipality: null,
      target: c.publicNumber,
      callingNumber: directCaller,
    });
    for (const m of [...c.municipalities].sort()) {
      const caller = callerCandidates(data, m).find((n) => locate(n) === m) ?? null;
      calls.push({
        key: `${NATIONAL_NUMBER}:${m}`,
        kind: '116117',
        centreId: c.id,
        municipality: m,
        target: NATIONAL_NUMBER,
        callingNumber: caller,
      });
    }
  }
  return calls;
}

/** The centre a number belongs to in the data: public, underlying, internal or alternative-site number. */
export function centreOfNumber(data: PlanData, number: string): string | null {
  for (const c of data.centres) {
    if (c.underlyingNumber === number || c.publicNumber === number || c.alternativeSite.number === number)
      return c.id;
  }
  for (const c of data.centres) if (c.internalNumber === number) return c.id;
  return null;
}
