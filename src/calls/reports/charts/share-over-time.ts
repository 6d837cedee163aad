/**
 * Bars of the share answered within the limit per period (2 minutes for legevakt, 10 seconds for
 * 113) against the requirement's line (80 % / 90 %): green at or above it, red below; a period
 * without calls has no bar. Periods the report's days cut (`partial`) are drawn lighter. PURE.
 */
import type { CallReport } from '../model/call-report.ts';
import type { ReportLang } from '../model/report-text.ts';
import { formatShare, periodLabel, reportText } from '../model/report-text.ts';
import type { ChartElement, ChartModel } from './chart-model.ts';
import { CHART_COLOURS, gridLine, linear, r2 } from './chart-model.ts';

export const SERIES_SIZE = { width: 640, height: 240, left: 40, right: 12, top: 20, bottom: 36 } as const;
/** At most this many axis labels under the bars (every n-th period is labelled). */
export const MAX_X_LABELS = 16;

export function shareOverTimeChart(
  report: Pick<CallReport, 'series' | 'service' | 'figures'>,
  lang: ReportLang,
): ChartModel {
  const { width, height, left, right, top, bottom } = SERIES_SIZE;
  const plotBottom = height - bottom;
  const required = report.figures.target.required;
  const y = linear(0, 1, plotBottom, top);
  const points = report.series;
  const band = (width - left - right) / Math.max(1, points.length);
  const barWidth = Math.max(1, band * 0.75);
  const every = Math.max(1, Math.ceil(points.length / MAX_X_LABELS));
  const elements: ChartElement[] = [];
  for (let v = 0; v <= 1.0001; v += 0.2) {
    elements.push(
      ...gridLine(SERIES_SIZE, y(v), formatShare(Math.round(v * 10) / 10, lang).replace(/[,.]0/, '')),
    );
  }
  points.forEach((p, i) => {
    const x = left + band * i + (band - barWidth) / 2;
    const label = periodLabel(p.period, lang);
    if (p.targetShare !== null) {
      const barTop = y(p.targetShare);
      const met = p.targetShare >= required;
      elements.push({
        kind: 'rect',
        x: r2(x),
        y: r2(barTop),
        width: r2(barWidth),
        height: r2(Math.max(0.5, plotBottom - barTop)),
        fill: met ? CHART_COLOURS.met : CHART_COLOURS.notMet,
        label: `${label}${p.partial ? ` (${reportText(lang, 'chart.series.partial')})` : ''}: ${formatShare(p.targetShare, lang)}, ${p.calls}`,
      });
    }
    if (i % every === 0)
      elements.push({
        kind: 'text',
        x: r2(x + barWidth / 2),
        y: plotBottom + 14,
        text: periodLabel(p.period, lang, true),
        size: 8,
        fill: CHART_COLOURS.text,
        anchor: 'middle',
      });
  });
  const targetY = r2(y(required));
  elements.push(
    {
      kind: 'line',
      x1: left,
      y1: plotBottom,
      x2: width - right,
      y2: plotBottom,
      stroke: CHART_COLOURS.axis,
      strokeWidth: 1,
    },
    {
      kind: 'line',
      x1: left,
      y1: targetY,
      x2: width - right,
      y2: targetY,
      stroke: CHART_COLOURS.target,
      strokeWidth: 1.5,
      dash: [5, 3],
    },
    {
      kind: 'text',
      x: width - right,
      y: r2(targetY - 4),
      text: reportText(lang, 'chart.series.target', { share: formatShare(required, lang) }),
      size: 9,
      fill: CHART_COLOURS.text,
      anchor: 'end',
      bold: true,
    },
  );
  const title = reportText(
    lang,
    report.service === 'amk' ? 'chart.series.title.amk' : 'chart.series.title.legevakt',
  );
  return {
    id: 'share-over-time',
    title,
    description: reportText(lang, 'chart.series.desc', { share: formatShare(required, lang) }),
    width,
    height,
    elements,
  };
}
