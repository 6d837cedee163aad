/**
 * The port a call report reads from (RT-13): rollup cells of one group over a range of periods,
 * and the calls behind the report's lists (longest waits, misrouted calls, transfers to AMK).
 * Implemented in memory from call events (in-memory-source.ts: tests, and the server until the
 * calls store lands) and by the store on PostgreSQL/PGlite. Types only.
 */
import type {
  CallService,
  CallTarget,
  Hastegrad,
  MisroutingReason,
  TransferOutcome,
} from '../../domain/call-event.ts';
import type { HourCount, RollupEntry } from '../../statistics/rollup-cells.ts';

/**
 * What a report is about: one centre, the callers of one municipality or county, the calls of one
 * AMK area (its own 113 calls, and the calls of the legevaktsentraler in it), or the whole country.
 */
export const reportSubjects = ['centre', 'municipality', 'county', 'amk-area', 'national'] as const;
export type ReportSubjectKind = (typeof reportSubjects)[number];

/** The cells of a report: one service, one group of a dimension. */
export interface ReportGroup {
  service: CallService;
  dimension: ReportSubjectKind;
  /** Centre id, municipality or county number, AMK centre id, or `NO`. */
  group: string;
}

/** A half-open range of instants [fromMs, toMs): whole Oslo days for a report. */
export interface InstantRange {
  fromMs: number;
  toMs: number;
}

/** One call in a report's lists: ids and times, never the calling number. */
export interface ReportCall {
  callId: string;
  /** When it was offered to the centre (the instant that places it in a period), epoch ms. */
  at: number;
  centreId: string;
  municipality?: string;
}

export interface LongWait extends ReportCall {
  /** From the first ringing at the operators to the answer, or to the caller hanging up. */
  waitMs: number;
  outcome: 'answered' | 'abandoned';
}

export interface MisroutedCall extends ReportCall {
  reason: MisroutingReason;
  correctMunicipality?: string;
  correctCentreId?: string;
  hastegrad?: Hastegrad;
}

export interface AmkHandover extends ReportCall {
  /** `transfer` or `conference` (the caller stays on the line with the centre). */
  kind: 'transfer' | 'conference';
  handedOverAt: number;
  target: CallTarget;
  outcome: TransferOutcome;
  hastegrad?: Hastegrad;
}

export interface CountBy<K extends string> {
  key: K;
  count: number;
}

/**
 * The lists of a report. Totals and the counts by reason / destination / outcome are of all such
 * calls in the range; the call lists are the first `limit` (longest waits: the longest; the others:
 * the latest first).
 */
export interface ReportCallLists {
  longestWaits: LongWait[];
  misrouted: {
    total: number;
    byReason: CountBy<MisroutingReason>[];
    /** By the centre that should have had the call (`unknown` when not recorded). */
    byCorrectCentre: CountBy<string>[];
    calls: MisroutedCall[];
  };
  transfersToAmk: {
    total: number;
    byOutcome: CountBy<TransferOutcome>[];
    calls: AmkHandover[];
  };
}

export interface CallReportSource {
  /** Rollup cells of the group whose period starts in the range, at hour or day granularity. */
  cells(q: ReportGroup & InstantRange & { granularity: 'hour' | 'day' }): Promise<RollupEntry[]>;
  /**
   * The calls and answers within each limit of the group's hour cells in the range (the
   * hour-of-week profile): counts only, so three years of hours stay cheap to read.
   */
  hourCounts(q: ReportGroup & InstantRange): Promise<HourCount[]>;
  /** The calls behind the lists, at most `limit` each. */
  lists(q: ReportGroup & InstantRange & { limit: number }): Promise<ReportCallLists>;
}

/** Names of centres and municipalities for the report (from the routing data in force). */
export interface ReportNames {
  centre(id: string): string | undefined;
  municipality(nr: string): string | undefined;
  county(nr: string): string | undefined;
}
