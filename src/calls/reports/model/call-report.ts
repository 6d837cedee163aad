/**
 * The call report (RT-13) for a centre leader, a municipality or the operations centre: for a
 * period of whole Oslo days, the volumes, the official figures (official-figures.ts: calls =
 * answered + unanswered, shares within 2 and 10 minutes, unanswered, median answer time; for 113
 * the share within 10 seconds), the figures over time, the answer-time distribution, the
 * hour-of-week profile, the longest waits, misrouted calls and handovers to AMK. PURE given its
 * source: one function of (request, source, names, now) that the page, the CSV and the PDF share.
 *
 * Everything is added up from rollup cells (rollup-cells.ts) — day cells for the period and the
 * series, hour cells for the hour-of-week profile — so the shares are exact and the median is
 * exact or bounded to under a second (`medianAnswer.exact`). A week or month of the series that
 * the period cuts is marked `partial`: it holds only the days inside the period.
 */
import type { CallService } from '../../domain/call-event.ts';
import type { OfficialFigures } from '../../statistics/official-figures.ts';
import { periodOf } from '../../statistics/periods.ts';
import type { HourCount, RollupCell, RollupEntry } from '../../statistics/rollup-cells.ts';
import { NATIONAL_GROUP, emptyCell, figuresOfCell, mergeCellInto } from '../../statistics/rollup-cells.ts';
import { addDays, dayNumberOf, isoWeekdayOf, osloInstant } from '../../../platform/time/calendar.ts';
import type { CallReportSource, ReportCallLists, ReportNames, ReportSubjectKind } from './source.ts';

export const seriesGranularities = ['hour', 'day', 'week', 'month'] as const;
export type SeriesGranularity = (typeof seriesGranularities)[number];

/** Longest period a report covers (days), and the longest for each series granularity. */
export const MAX_REPORT_DAYS = 3 * 366 + 1;
export const MAX_DAYS_BY_GRANULARITY: Readonly<Record<SeriesGranularity, number>> = {
  hour: 31,
  day: 400,
  week: MAX_REPORT_DAYS,
  month: MAX_REPORT_DAYS,
};
/** How many calls each list of the report shows at most. */
export const REPORT_LIST_LIMIT = 25;

export interface CallReportRequest {
  subject: ReportSubjectKind;
  /** Centre id, municipality number, or `NO`. */
  id: string;
  /** First and last day of the period (Oslo calendar days, inclusive). */
  from: string;
  to: string;
  granularity?: SeriesGranularity;
  service?: CallService;
}

/** Answer-time classes of the distribution chart, in whole seconds (upper bound inclusive). */
export const DISTRIBUTION_CLASSES = [
  { key: 'le10s', upToS: 10 },
  { key: 'le30s', upToS: 30 },
  { key: 'le60s', upToS: 60 },
  { key: 'le2min', upToS: 120 },
  { key: 'le5min', upToS: 300 },
  { key: 'le10min', upToS: 600 },
  { key: 'gt10min', upToS: null },
] as const;
export type DistributionClass = (typeof DISTRIBUTION_CLASSES)[number]['key'] | 'unanswered';

export interface SeriesPoint {
  /** Period key (periods.ts): `2026-03-02T14+01:00`, `2026-03-02`, `2026-W10`, `2026-03`. */
  period: string;
  startAt: string;
  /** The period reaches outside the report's days: only its days inside are counted. */
  partial: boolean;
  calls: number;
  answered: number;
  unanswered: number;
  shareWithin2Minutes: number | null;
  shareWithin10Seconds: number | null;
  /** The share the requirement looks at (2 minutes for legevakt, 10 seconds for 113). */
  targetShare: number | null;
}

export interface HourOfWeekCell {
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Local hour 0–23 (both 02:00 hours of the October change count as 2). */
  hour: number;
  calls: number;
  /** How many times this weekday-hour occurs in the period. */
  occurrences: number;
  /** Calls per occurrence. */
  average: number;
  targetShare: number | null;
}

export interface CallReport {
  subject: { kind: ReportSubjectKind; id: string; name: string };
  service: CallService;
  period: { from: string; to: string; days: number; granularity: SeriesGranularity };
  generatedAt: string;
  figures: OfficialFigures;
  series: SeriesPoint[];
  distribution: { key: DistributionClass; calls: number }[];
  hourOfWeek: HourOfWeekCell[];
  lists: ReportCallLists;
  /** Names of the centres and municipalities the report mentions. */
  names: { centres: Record<string, string>; municipalities: Record<string, string> };
}

/** Number of days from `from` to `to` inclusive (0 or less when `to` is before `from`). */
export function daysOf(from: string, to: string): number {
  return dayNumberOf(to) - dayNumberOf(from) + 1;
}

/** The series granularity a period gets when none is asked for. */
export function defaultGranularity(days: number): SeriesGranularity {
  if (days <= 2) return 'hour';
  if (days <= 62) return 'day';
  if (days <= 366) return 'week';
  return 'month';
}

/** Why a period cannot be reported (the code of the schema rule the query refuses it with), or null. */
export function periodProblem(from: string, to: string, granularity?: SeriesGranularity): string | null {
  const days = daysOf(from, to);
  if (days < 1) return 'report-period-reversed';
  if (days > MAX_REPORT_DAYS) return 'report-period-too-long';
  if (granularity && days > MAX_DAYS_BY_GRANULARITY[granularity]) return 'report-granularity-too-fine';
  return null;
}

/** The service a subject's report is about by default: 113 for an AMK centre, else legevakt. */
export function defaultService(subject: ReportSubjectKind, id: string): CallService {
  return (subject === 'centre' && id.startsWith('amk-')) || subject === 'amk-area' ? 'amk' : 'legevakt';
}

function mergeAll(entries: Iterable<RollupEntry>): RollupCell {
  const cell = emptyCell();
  for (const e of entries) mergeCellInto(cell, e.cell);
  return cell;
}

function point(
  period: string,
  startMs: number,
  partial: boolean,
  service: CallService,
  cell: RollupCell,
): SeriesPoint {
  const f = figuresOfCell(service, cell);
  return {
    period,
    startAt: new Date(startMs).toISOString(),
    partial,
    calls: f.calls,
    answered: f.answered,
    unanswered: f.unanswered,
    shareWithin2Minutes: f.shareWithin2Minutes,
    shareWithin10Seconds: f.shareWithin10Seconds,
    targetShare: f.target.share,
  };
}

/** The series over the period: every period of the granularity, empty ones included. */
export function seriesOf(
  service: CallService,
  from: string,
  to: string,
  granularity: SeriesGranularity,
  dayCells: readonly RollupEntry[],
  hourCells: readonly RollupEntry[],
): SeriesPoint[] {
  const fromMs = osloInstant(from);
  const toMs = osloInstant(addDays(to, 1));
  const out: SeriesPoint[] = [];
  if (granularity === 'hour') {
    const byStart = new Map(hourCells.map((e) => [e.key.periodStartMs, e.cell]));
    for (let ms = fromMs; ms < toMs; ms += 3_600_000) {
      out.push(point(periodOf(ms, 'hour').key, ms, false, service, byStart.get(ms) ?? emptyCell()));
    }
    return out;
  }
  const byDay = new Map(dayCells.map((e) => [e.key.period, e.cell]));
  const before = periodOf(fromMs - 1, granularity).key;
  const after = periodOf(toMs, granularity).key;
  let current = null as { key: string; startMs: number; cell: RollupCell } | null;
  const flush = () => {
    if (current)
      out.push(
        point(
          current.key,
          current.startMs,
          current.key === before || current.key === after,
          service,
          current.cell,
        ),
      );
  };
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const p = periodOf(osloInstant(date), granularity);
    if (current?.key !== p.key) {
      flush();
      current = { key: p.key, startMs: p.startMs, cell: emptyCell() };
    }
    const day = byDay.get(date);
    if (day) mergeCellInto(current.cell, day);
  }
  flush();
  return out;
}

/** Calls by answer-time class, and the unanswered ones (from the histogram: exact). */
export function distributionOf(cell: RollupCell): { key: DistributionClass; calls: number }[] {
  const counts = DISTRIBUTION_CLASSES.map(() => 0);
  for (const [bucket, n] of cell.histogram) {
    const i = DISTRIBUTION_CLASSES.findIndex((c) => c.upToS === null || bucket <= c.upToS);
    counts[i]! += n;
  }
  return [
    ...DISTRIBUTION_CLASSES.map((c, i) => ({ key: c.key, calls: counts[i]! })),
    { key: 'unanswered' as const, calls: cell.unanswered },
  ];
}

/**
 * The hour-of-week profile: 7 × 24 cells, Monday 00 first, from the counts of the period's hour
 * cells (calls, answered within the requirement's limit; no histograms: three years of hour cells
 * are ~26,000).
 */
export function hourOfWeekOf(
  service: CallService,
  from: string,
  to: string,
  hourCounts: readonly HourCount[],
): HourOfWeekCell[] {
  // `2026-03-02T14+01:00`: the local date and hour (the weekday looked up once per date).
  const weekdays = new Map<string, number>();
  const place = (periodKey: string) => {
    const date = periodKey.slice(0, 10);
    let weekday = weekdays.get(date);
    if (weekday === undefined) weekdays.set(date, (weekday = isoWeekdayOf(date)));
    return (weekday - 1) * 24 + Number(periodKey.slice(11, 13));
  };
  const calls = new Array<number>(168).fill(0);
  const within = new Array<number>(168).fill(0);
  const occurrences = new Array<number>(168).fill(0);
  const fromMs = osloInstant(from);
  const toMs = osloInstant(addDays(to, 1));
  for (let ms = fromMs; ms < toMs; ms += 3_600_000) occurrences[place(periodOf(ms, 'hour').key)]!++;
  for (const h of hourCounts) {
    const i = place(h.period);
    calls[i]! += h.calls;
    within[i]! += service === 'amk' ? h.within10s : h.within2min;
  }
  return calls.map((n, i) => ({
    weekday: Math.floor(i / 24) + 1,
    hour: i % 24,
    calls: n,
    occurrences: occurrences[i]!,
    average: occurrences[i] === 0 ? 0 : n / occurrences[i]!,
    targetShare: n === 0 ? null : within[i]! / n,
  }));
}

/** The subject's name for titles (an AMK area is named by its AMK centre; the nation has none). */
function subjectName(subject: ReportSubjectKind, id: string, names: ReportNames): string {
  switch (subject) {
    case 'centre':
    case 'amk-area':
      return names.centre(id) ?? id;
    case 'municipality':
      return names.municipality(id) ?? id;
    case 'county':
      return names.county(id) ?? id;
    case 'national':
      return '';
  }
}

/** Builds the report of a request from the source. The request must have passed `periodProblem`. */
export async function buildCallReport(
  request: CallReportRequest,
  source: CallReportSource,
  names: ReportNames,
  now: Date,
): Promise<CallReport> {
  const { subject, id, from, to } = request;
  const days = daysOf(from, to);
  const granularity = request.granularity ?? defaultGranularity(days);
  const service = request.service ?? defaultService(subject, id);
  const group = { service, dimension: subject, group: subject === 'national' ? NATIONAL_GROUP : id };
  const range = { fromMs: osloInstant(from), toMs: osloInstant(addDays(to, 1)) };
  // Whole hour cells only for an hourly series (two days at most); the profile needs their counts.
  const [dayCells, hourCells, hourCounts, lists] = await Promise.all([
    source.cells({ ...group, ...range, granularity: 'day' }),
    granularity === 'hour' ? source.cells({ ...group, ...range, granularity: 'hour' }) : [],
    source.hourCounts({ ...group, ...range }),
    source.lists({ ...group, ...range, limit: REPORT_LIST_LIMIT }),
  ]);
  const total = mergeAll(dayCells);
  const centres: Record<string, string> = {};
  const municipalities: Record<string, string> = {};
  const centre = (cid: string | undefined) => {
    const n = cid === undefined ? undefined : names.centre(cid);
    if (cid !== undefined && n !== undefined) centres[cid] = n;
  };
  const municipality = (nr: string | undefined) => {
    const n = nr === undefined ? undefined : names.municipality(nr);
    if (nr !== undefined && n !== undefined) municipalities[nr] = n;
  };
  for (const c of lists.longestWaits) centre(c.centreId);
  for (const c of lists.misrouted.calls) {
    centre(c.centreId);
    centre(c.correctCentreId);
    municipality(c.municipality);
    municipality(c.correctMunicipality);
  }
  for (const c of lists.misrouted.byCorrectCentre) centre(c.key);
  for (const c of lists.transfersToAmk.calls) {
    centre(c.centreId);
    centre(c.target.id);
  }
  const name = subjectName(subject, id, names);
  return {
    subject: { kind: subject, id: group.group, name },
    service,
    period: { from, to, days, granularity },
    generatedAt: now.toISOString(),
    figures: figuresOfCell(service, total),
    series: seriesOf(service, from, to, granularity, dayCells, hourCells),
    distribution: distributionOf(total),
    hourOfWeek: hourOfWeekOf(service, from, to, hourCounts),
    lists,
    names: { centres, municipalities },
  };
}
