/** The report's charts, in the order the page and the PDF show them. PURE. */
import type { CallReport } from '../model/call-report.ts';
import type { ReportLang } from '../model/report-text.ts';
import { answerTimeDistributionChart } from './answer-time-distribution.ts';
import type { ChartModel } from './chart-model.ts';
import { hourOfWeekChart } from './hour-of-week.ts';
import { shareOverTimeChart } from './share-over-time.ts';

export type { ChartElement, ChartModel } from './chart-model.ts';

export function reportCharts(report: CallReport, lang: ReportLang): ChartModel[] {
  return [
    shareOverTimeChart(report, lang),
    answerTimeDistributionChart(report, lang),
    hourOfWeekChart(report, lang),
  ];
}
