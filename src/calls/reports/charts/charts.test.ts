import { describe, expect, it } from 'vitest';
import type { CallReport } from '../model/call-report.ts';
import { answerTimeDistributionChart, DISTRIBUTION_SIZE } from './answer-time-distribution.ts';
import { CHART_COLOURS, HEAT_STEPS, niceScale, type ChartElement } from './chart-model.ts';
import { heatStep, hourOfWeekChart } from './hour-of-week.ts';
import { SERIES_SIZE, shareOverTimeChart } from './share-over-time.ts';

const rects = (els: ChartElement[]) => els.filter((e) => e.kind === 'rect');
const texts = (els: ChartElement[]) => els.flatMap((e) => (e.kind === 'text' ? [e.text] : []));

const distribution: CallReport['distribution'] = [
  { key: 'le10s', calls: 4 },
  { key: 'le30s', calls: 2 },
  { key: 'le60s', calls: 0 },
  { key: 'le2min', calls: 1 },
  { key: 'le5min', calls: 3 },
  { key: 'le10min', calls: 0 },
  { key: 'gt10min', calls: 0 },
  { key: 'unanswered', calls: 1 },
];

describe('chart geometry (the same model for the page and the PDF)', () => {
  it('nice scales: round steps, whole calls', () => {
    expect(niceScale(4)).toEqual({ top: 4, step: 1 });
    expect(niceScale(9)).toEqual({ top: 10, step: 2.5 });
    expect(niceScale(1234)).toEqual({ top: 1500, step: 500 });
    expect(niceScale(0)).toEqual({ top: 4, step: 1 });
  });

  it('answer-time distribution: one bar per class with calls, heights in proportion, coloured by the limit', () => {
    const c = answerTimeDistributionChart({ distribution, service: 'legevakt' }, 'nb');
    expect(c.id).toBe('answer-time-distribution');
    expect(c.title).toBe('Fordeling av svartider');
    const bars = rects(c.elements);
    expect(bars).toHaveLength(5); // classes with no calls draw no bar
    const plot = DISTRIBUTION_SIZE.height - DISTRIBUTION_SIZE.bottom - DISTRIBUTION_SIZE.top;
    // Scale top 4 (max 4 calls, step 1): 4 calls fill the plot, 2 calls half of it.
    expect(bars.map((b) => b.kind === 'rect' && b.height)).toEqual([
      plot,
      plot / 2,
      plot / 4,
      (plot * 3) / 4,
      plot / 4,
    ]);
    expect(bars.map((b) => b.kind === 'rect' && b.fill)).toEqual([
      CHART_COLOURS.withinLimit,
      CHART_COLOURS.withinLimit,
      CHART_COLOURS.withinLimit,
      CHART_COLOURS.beyondLimit,
      CHART_COLOURS.unanswered,
    ]);
    expect(texts(c.elements)).toEqual(expect.arrayContaining(['0–10 s', '1–2 min', 'Ubesvart', 'Anrop']));
    const en = answerTimeDistributionChart({ distribution, service: 'amk' }, 'en');
    expect(texts(en.elements)).toContain('Unanswered');
    // For 113 only 0–10 s is within the limit.
    expect(rects(en.elements).map((b) => b.kind === 'rect' && b.fill)[1]).toBe(CHART_COLOURS.beyondLimit);
  });

  it('share over time: bars against the 80 % line, green at or above, red below, no bar without calls', () => {
    const point = (period: string, share: number | null, calls: number) => ({
      period,
      startAt: '',
      partial: false,
      calls,
      answered: calls,
      unanswered: 0,
      shareWithin2Minutes: share,
      shareWithin10Seconds: share,
      targetShare: share,
    });
    const c = shareOverTimeChart(
      {
        service: 'legevakt',
        figures: {
          target: { requirement: 'LV-4', share: 0.7, required: 0.8, met: false },
        } as CallReport['figures'],
        series: [point('2026-03-02', 0.8, 10), point('2026-03-03', 0.5, 4), point('2026-03-04', null, 0)],
      },
      'nb',
    );
    const { height, top, bottom } = SERIES_SIZE;
    const y = (share: number) => Math.round((height - bottom - share * (height - bottom - top)) * 100) / 100;
    const bars = rects(c.elements);
    expect(bars.map((b) => b.kind === 'rect' && [b.y, b.fill])).toEqual([
      [y(0.8), CHART_COLOURS.met],
      [y(0.5), CHART_COLOURS.notMet],
    ]);
    const target = c.elements.find((e) => e.kind === 'line' && e.dash);
    expect(target).toMatchObject({ y1: y(0.8), y2: y(0.8) });
    expect(texts(c.elements)).toEqual(expect.arrayContaining(['Krav 80 %', '02.03', '100 %', '0 %']));
    expect(c.title).toBe('Andel besvart innen 2 minutter');
  });

  it('hour-of-week heat map: 7 × 24 cells coloured in six steps of the busiest hour, with a legend', () => {
    const hourOfWeek = Array.from({ length: 168 }, (_, i) => ({
      weekday: Math.floor(i / 24) + 1,
      hour: i % 24,
      calls: i === 8 ? 12 : i === 9 ? 3 : 0,
      occurrences: 2,
      average: i === 8 ? 6 : i === 9 ? 1.5 : 0,
      targetShare: null,
    }));
    const c = hourOfWeekChart({ hourOfWeek }, 'nb');
    const cells = rects(c.elements).filter((r) => r.kind === 'rect' && r.label);
    expect(cells).toHaveLength(168);
    expect(cells[8]).toMatchObject({ fill: HEAT_STEPS[5], label: 'Man 08: 6 (12, –)' });
    expect(cells[9]).toMatchObject({ fill: HEAT_STEPS[1] });
    expect(cells[10]).toMatchObject({ fill: CHART_COLOURS.empty });
    expect(heatStep(0, 6)).toBeNull();
    expect(heatStep(6, 6)).toBe(5);
    expect(texts(c.elements)).toEqual(expect.arrayContaining(['Man', 'Søn', '00', '21']));
    expect(texts(hourOfWeekChart({ hourOfWeek }, 'en').elements)).toContain('Mon');
  });
});
