/**
 * Heat map of the calls per hour of the week: 7 rows (Monday first) × 24 hours, each cell's colour
 * the average number of calls in that hour over the period, in six steps from the quietest to the
 * busiest hour; a legend names the steps' bounds. PURE.
 */
import type { CallReport } from '../model/call-report.ts';
import type { ReportLang } from '../model/report-text.ts';
import { formatNumber, formatShare, reportText } from '../model/report-text.ts';
import type { ChartElement, ChartModel } from './chart-model.ts';
import { CHART_COLOURS, HEAT_STEPS, r2 } from './chart-model.ts';

export const HEATMAP_SIZE = {
  width: 640,
  height: 210,
  left: 36,
  right: 12,
  top: 18,
  cell: 0,
  legend: 30,
} as const;

/** The colour step of an average: 0 → empty, else 0–5 by share of the busiest hour. */
export function heatStep(average: number, max: number): number | null {
  if (average <= 0 || max <= 0) return null;
  return Math.min(HEAT_STEPS.length - 1, Math.floor((average / max) * HEAT_STEPS.length));
}

export function hourOfWeekChart(report: Pick<CallReport, 'hourOfWeek'>, lang: ReportLang): ChartModel {
  const { width, height, left, right, top, legend } = HEATMAP_SIZE;
  const cellW = (width - left - right) / 24;
  const cellH = (height - top - legend) / 7;
  const max = Math.max(0, ...report.hourOfWeek.map((c) => c.average));
  const elements: ChartElement[] = [];
  for (let h = 0; h < 24; h += 3)
    elements.push({
      kind: 'text',
      x: r2(left + cellW * h + cellW / 2),
      y: top - 5,
      text: String(h).padStart(2, '0'),
      size: 8,
      fill: CHART_COLOURS.muted,
      anchor: 'middle',
    });
  for (let d = 1; d <= 7; d++)
    elements.push({
      kind: 'text',
      x: left - 6,
      y: r2(top + cellH * (d - 1) + cellH / 2 + 3),
      text: reportText(lang, `weekday.${d}` as 'weekday.1'),
      size: 9,
      fill: CHART_COLOURS.text,
      anchor: 'end',
    });
  for (const c of report.hourOfWeek) {
    const step = heatStep(c.average, max);
    elements.push({
      kind: 'rect',
      x: r2(left + cellW * c.hour + 0.5),
      y: r2(top + cellH * (c.weekday - 1) + 0.5),
      width: r2(cellW - 1),
      height: r2(cellH - 1),
      fill: step === null ? CHART_COLOURS.empty : HEAT_STEPS[step]!,
      label: `${reportText(lang, `weekday.${c.weekday}` as 'weekday.1')} ${String(c.hour).padStart(2, '0')}: ${formatNumber(c.average, lang)} (${c.calls}, ${formatShare(c.targetShare, lang)})`,
    });
  }
  // Legend: the six steps with the average each starts at.
  const ly = height - legend + 10;
  const lw = 36;
  HEAT_STEPS.forEach((fill, i) => {
    const x = left + i * (lw + 4);
    elements.push(
      { kind: 'rect', x, y: ly, width: lw, height: 8, fill },
      {
        kind: 'text',
        x: x + lw / 2,
        y: ly + 18,
        text: formatNumber((max * i) / HEAT_STEPS.length, lang),
        size: 8,
        fill: CHART_COLOURS.muted,
        anchor: 'middle',
      },
    );
  });
  elements.push({
    kind: 'text',
    x: left + HEAT_STEPS.length * (lw + 4) + 4,
    y: ly + 8,
    text: `${reportText(lang, 'chart.axis.calls')} (max ${formatNumber(max, lang)})`,
    size: 8,
    fill: CHART_COLOURS.muted,
    anchor: 'start',
  });
  return {
    id: 'hour-of-week',
    title: reportText(lang, 'chart.heatmap.title'),
    description: reportText(lang, 'chart.heatmap.desc'),
    width,
    height,
    elements,
  };
}
