/**
 * Bar chart of the answer times: answered calls by class (0–10 s … over 10 min) and the unanswered
 * calls, each bar labelled with its count. Classes within the limit (2 minutes for legevakt, 10
 * seconds for 113) in blue, beyond it in amber, unanswered in red. PURE.
 */
import type { CallReport } from '../model/call-report.ts';
import type { ReportLang } from '../model/report-text.ts';
import { reportText } from '../model/report-text.ts';
import type { ChartElement, ChartModel } from './chart-model.ts';
import { CHART_COLOURS, gridLine, linear, niceScale, r2 } from './chart-model.ts';

export const DISTRIBUTION_SIZE = {
  width: 640,
  height: 240,
  left: 48,
  right: 12,
  top: 20,
  bottom: 36,
} as const;

const WITHIN: Readonly<Record<CallReport['service'], readonly string[]>> = {
  legevakt: ['le10s', 'le30s', 'le60s', 'le2min'],
  amk: ['le10s'],
};

export function answerTimeDistributionChart(
  report: Pick<CallReport, 'distribution' | 'service'>,
  lang: ReportLang,
): ChartModel {
  const { width, height, left, right, top, bottom } = DISTRIBUTION_SIZE;
  const plotBottom = height - bottom;
  const classes = report.distribution;
  const max = Math.max(0, ...classes.map((c) => c.calls));
  const { top: yTop, step } = niceScale(max);
  const y = linear(0, yTop, plotBottom, top);
  const band = (width - left - right) / classes.length;
  const barWidth = band * 0.7;
  const elements: ChartElement[] = [];
  for (let v = 0; v <= yTop; v += step) {
    elements.push(...gridLine(DISTRIBUTION_SIZE, y(v), String(v)));
  }
  classes.forEach((c, i) => {
    const x = left + band * i + (band - barWidth) / 2;
    const label = reportText(lang, `class.${c.key}`);
    const fill =
      c.key === 'unanswered'
        ? CHART_COLOURS.unanswered
        : WITHIN[report.service].includes(c.key)
          ? CHART_COLOURS.withinLimit
          : CHART_COLOURS.beyondLimit;
    const barTop = y(c.calls);
    if (c.calls > 0)
      elements.push({
        kind: 'rect',
        x: r2(x),
        y: r2(barTop),
        width: r2(barWidth),
        height: r2(plotBottom - barTop),
        fill,
        label: `${label}: ${c.calls}`,
      });
    elements.push(
      {
        kind: 'text',
        x: r2(x + barWidth / 2),
        y: r2(barTop - 4),
        text: String(c.calls),
        size: 9,
        fill: CHART_COLOURS.text,
        anchor: 'middle',
      },
      {
        kind: 'text',
        x: r2(x + barWidth / 2),
        y: plotBottom + 14,
        text: label,
        size: 9,
        fill: CHART_COLOURS.text,
        anchor: 'middle',
      },
    );
  });
  elements.push({
    kind: 'line',
    x1: left,
    y1: plotBottom,
    x2: width - right,
    y2: plotBottom,
    stroke: CHART_COLOURS.axis,
    strokeWidth: 1,
  });
  elements.push({
    kind: 'text',
    x: left,
    y: 10,
    text: reportText(lang, 'chart.axis.calls'),
    size: 9,
    fill: CHART_COLOURS.muted,
    anchor: 'start',
  });
  return {
    id: 'answer-time-distribution',
    title: reportText(lang, 'chart.distribution.title'),
    description: `${reportText(lang, 'chart.distribution.desc')} ${classes
      .map((c) => `${reportText(lang, `class.${c.key}`)}: ${c.calls}`)
      .join('; ')}.`,
    width,
    height,
    elements,
  };
}
