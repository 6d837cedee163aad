import { describe, expect, it } from 'vitest';
import { scriptCallEvents, type CallScript } from '../../testing/call-events.ts';
import { InMemoryCallReportSource } from '../in-memory-source.ts';
import {
  buildCallReport,
  daysOf,
  defaultGranularity,
  periodProblem,
  type CallReportRequest,
} from './call-report.ts';
import type { ReportNames } from './source.ts';

const at = (iso: string) => Date.parse(iso);
const names: ReportNames = {
  centre: (id) => ({ 'lv-a': 'Sentral A', 'lv-b': 'Sentral B' })[id],
  municipality: (nr) => ({ '0301': 'Oslo', '3201': 'Bærum' })[nr],
  county: (nr) => ({ '03': 'Oslo', '32': 'Akershus' })[nr],
};
const NOW = new Date('2026-03-05T12:00:00Z');

/**
 * Hand-computed case: Monday 2 and Tuesday 3 March 2026 (CET, +01:00) at centre lv-a, callers
 * from Oslo (0301); one call the day after and one at another centre.
 */
const CALLS: CallScript[] = [
  {
    callId: 'c1',
    offeredAt: at('2026-03-02T08:00:00+01:00'),
    menuMs: 30_000,
    answerMs: 60_000,
    talkMs: 60_000,
  },
  { callId: 'c2', offeredAt: at('2026-03-02T08:10:00+01:00'), answerMs: 120_000, talkMs: 60_000 },
  { callId: 'c3', offeredAt: at('2026-03-02T08:20:00+01:00'), answerMs: 120_001, talkMs: 60_000 },
  { callId: 'c4', offeredAt: at('2026-03-02T14:00:00+01:00'), abandonAfterMs: 30_000 },
  { callId: 'c5', offeredAt: at('2026-03-03T09:00:00+01:00'), menuMs: 20_000, abandonInMenu: true },
  {
    callId: 'c6',
    offeredAt: at('2026-03-03T09:05:00+01:00'),
    answerMs: 700_000,
    talkMs: 90_000,
    misrouted: true,
    transferToAmk: true,
  },
  { callId: 'c7', offeredAt: at('2026-03-04T09:00:00+01:00'), answerMs: 5_000, talkMs: 60_000 },
  { callId: 'c8', centreId: 'lv-b', offeredAt: at('2026-03-02T10:00:00+01:00'), answerMs: 5_000, talkMs: 1 },
];

function source(scripts: CallScript[] = CALLS): InMemoryCallReportSource {
  const s = new InMemoryCallReportSource();
  const refused = s.record(scripts.flatMap((c) => scriptCallEvents({ municipality: '0301', ...c })));
  expect(refused).toEqual([]);
  return s;
}

const request = (over: Partial<CallReportRequest> = {}): CallReportRequest => ({
  subject: 'centre',
  id: 'lv-a',
  from: '2026-03-02',
  to: '2026-03-03',
  ...over,
});

describe('call report (RT-13)', () => {
  it('RT-13/LV-4 counts a centre’s period as the official figures do: hand-computed', async () => {
    const r = await buildCallReport(request(), source(), names, NOW);
    expect(r.subject).toEqual({ kind: 'centre', id: 'lv-a', name: 'Sentral A' });
    expect(r.service).toBe('legevakt');
    expect(r.period).toEqual({ from: '2026-03-02', to: '2026-03-03', days: 2, granularity: 'hour' });
    const f = r.figures;
    expect([f.calls, f.answered, f.unanswered, f.abandonedBeforeRinging]).toEqual([6, 4, 2, 1]);
    // c1 (60 s) and c2 (exactly 120 s) within 2 minutes; c3 at 120.001 s is not; the unanswered count.
    expect(f.answeredWithin2Minutes).toBe(2);
    expect(f.shareWithin2Minutes).toBeCloseTo(2 / 6, 12);
    expect(f.shareWithin10Minutes).toBe(0.5);
    expect(f.shareUnanswered).toBeCloseTo(2 / 6, 12);
    // Median of 60, 120, 120.001, 700 s lies between the buckets 120 and 121 s: bounded, not exact.
    expect(f.medianAnswer).toEqual({ minMs: 119_501, maxMs: 120_500, exact: false });
    expect(f.longestAnswerMs).toBe(700_000);
    expect(f.target).toEqual({ requirement: 'LV-4', share: 2 / 6, required: 0.8, met: false });
  });

  it('answer-time distribution by class, with the unanswered calls', async () => {
    const r = await buildCallReport(request(), source(), names, NOW);
    expect(Object.fromEntries(r.distribution.map((d) => [d.key, d.calls]))).toEqual({
      le10s: 0,
      le30s: 0,
      le60s: 1,
      le2min: 1,
      le5min: 1,
      le10min: 0,
      gt10min: 1,
      unanswered: 2,
    });
  });

  it('series: every hour of the two days, the calls in their Oslo hour', async () => {
    const r = await buildCallReport(request(), source(), names, NOW);
    expect(r.series).toHaveLength(48);
    expect(r.series[0]!.period).toBe('2026-03-02T00+01:00');
    const eight = r.series.find((p) => p.period === '2026-03-02T08+01:00')!;
    expect([eight.calls, eight.answered, eight.targetShare]).toEqual([3, 3, 2 / 3]);
    expect(r.series.filter((p) => p.calls > 0).map((p) => p.period)).toEqual([
      '2026-03-02T08+01:00',
      '2026-03-02T14+01:00',
      '2026-03-03T09+01:00',
    ]);
    expect(r.series.find((p) => p.calls === 0)!.targetShare).toBeNull();
  });

  it('hour-of-week profile: calls per weekday and hour, averaged over how often the hour occurs', async () => {
    const r = await buildCallReport(request({ from: '2026-03-02', to: '2026-03-09' }), source(), names, NOW);
    expect(r.hourOfWeek).toHaveLength(168);
    const cell = (weekday: number, hour: number) => r.hourOfWeek[(weekday - 1) * 24 + hour]!;
    // Two Mondays (2 and 9 March) in the period: three calls at 08 → 1.5 a Monday.
    expect(cell(1, 8)).toMatchObject({ calls: 3, occurrences: 2, average: 1.5, targetShare: 2 / 3 });
    expect(cell(2, 9)).toMatchObject({ calls: 2, occurrences: 1, average: 2 });
    expect(cell(3, 9)).toMatchObject({ calls: 1, occurrences: 1 }); // c7 on Wednesday
    expect(cell(1, 10).calls).toBe(0); // c8 is another centre's
  });

  it('hour-of-week on the October change: the Sunday has two 02:00 hours', async () => {
    const r = await buildCallReport(
      request({ from: '2026-10-25', to: '2026-10-25' }),
      source([]),
      names,
      NOW,
    );
    expect(r.hourOfWeek[6 * 24 + 2]!.occurrences).toBe(2);
    expect(r.hourOfWeek.reduce((n, c) => n + c.occurrences, 0)).toBe(25);
    expect(r.series).toHaveLength(25);
  });

  it('weeks cut by the period are partial and hold only the days inside it', async () => {
    const r = await buildCallReport(
      request({ from: '2026-03-03', to: '2026-03-10', granularity: 'week' }),
      source(),
      names,
      NOW,
    );
    expect(r.series.map((p) => [p.period, p.partial, p.calls])).toEqual([
      ['2026-W10', true, 3], // Tue 3 (c5, c6) and Wed 4 (c7); Monday 2 is outside
      ['2026-W11', true, 0],
    ]);
    const whole = await buildCallReport(
      request({ from: '2026-03-02', to: '2026-03-08', granularity: 'week' }),
      source(),
      names,
      NOW,
    );
    expect(whole.series.map((p) => [p.period, p.partial, p.calls])).toEqual([['2026-W10', false, 7]]);
  });

  it('RT-12 lists: longest waits (answered and abandoned), misrouted (to where, why), handovers to AMK', async () => {
    const r = await buildCallReport(request(), source(), names, NOW);
    expect(r.lists.longestWaits.map((w) => [w.callId, w.waitMs, w.outcome])).toEqual([
      ['c6', 700_000, 'answered'],
      ['c3', 120_001, 'answered'],
      ['c2', 120_000, 'answered'],
      ['c1', 60_000, 'answered'],
      ['c4', 30_000, 'abandoned'],
    ]);
    expect(r.lists.misrouted).toEqual({
      total: 1,
      byReason: [{ key: 'base-station-across-border', count: 1 }],
      byCorrectCentre: [{ key: 'lv-b', count: 1 }],
      calls: [
        {
          callId: 'c6',
          at: at('2026-03-03T09:05:00+01:00'),
          centreId: 'lv-a',
          municipality: '0301',
          reason: 'base-station-across-border',
          correctMunicipality: '3201',
          correctCentreId: 'lv-b',
          hastegrad: 'akutt', // set by the transfer to AMK
        },
      ],
    });
    expect(r.lists.transfersToAmk.total).toBe(1);
    expect(r.lists.transfersToAmk.calls[0]).toMatchObject({
      callId: 'c6',
      kind: 'transfer',
      target: { kind: 'amk', id: 'amk-a' },
      outcome: 'connected',
    });
    expect(r.names).toEqual({
      centres: { 'lv-a': 'Sentral A', 'lv-b': 'Sentral B' },
      municipalities: { '0301': 'Oslo', '3201': 'Bærum' },
    });
    // The lists carry ids and times, never the calling number.
    expect(JSON.stringify(r)).not.toContain('41234567');
  });

  it('a municipality report counts its callers at every centre; the national one every call', async () => {
    const m = await buildCallReport(request({ subject: 'municipality', id: '0301' }), source(), names, NOW);
    expect(m.subject).toEqual({ kind: 'municipality', id: '0301', name: 'Oslo' });
    expect([m.figures.calls, m.figures.answeredWithin2Minutes]).toEqual([7, 3]);
    const n = await buildCallReport(request({ subject: 'national', id: 'NO' }), source(), names, NOW);
    expect(n.subject).toEqual({ kind: 'national', id: 'NO', name: '' });
    expect(n.figures.calls).toBe(7);
  });

  it('AMK-1: an AMK centre’s report is of its 113 calls, against 90 % within 10 seconds', async () => {
    const s = source([
      {
        callId: 'a1',
        calledNumber: '113',
        offeredAt: at('2026-03-02T12:00:00+01:00'),
        answerMs: 10_000,
        talkMs: 1,
      },
      {
        callId: 'a2',
        calledNumber: '113',
        offeredAt: at('2026-03-02T12:01:00+01:00'),
        answerMs: 10_001,
        talkMs: 1,
      },
    ]);
    const r = await buildCallReport(request({ id: 'amk-a' }), s, names, NOW);
    expect(r.service).toBe('amk');
    expect(r.figures.target).toEqual({ requirement: 'AMK-1', share: 0.5, required: 0.9, met: false });
    expect(r.distribution.find((d) => d.key === 'le10s')!.calls).toBe(1);
  });

  it('periods: default granularity by length, refusals for reversed, too long and too fine', () => {
    expect(daysOf('2026-03-01', '2026-03-31')).toBe(31);
    expect([1, 2, 3, 62, 63, 366, 367].map(defaultGranularity)).toEqual([
      'hour',
      'hour',
      'day',
      'day',
      'week',
      'week',
      'month',
    ]);
    expect(periodProblem('2026-03-02', '2026-03-01')).toBe('report-period-reversed');
    expect(periodProblem('2020-01-01', '2026-01-01')).toBe('report-period-too-long');
    expect(periodProblem('2026-01-01', '2026-03-01', 'hour')).toBe('report-granularity-too-fine');
    expect(periodProblem('2026-01-01', '2026-01-31', 'hour')).toBeNull();
  });
});
