/**
 * The geometry of a chart, computed once (PURE) and drawn by two thin renderers: SVG elements in
 * the web page (web/src/features/calls-reports/chart-svg.tsx) and pdfkit primitives in the PDF
 * (calls/reports/chart-pdf.ts). Both draw exactly these elements at these coordinates, so the
 * page and the PDF show the same chart. Coordinates are in points with the origin top left, as in
 * SVG; a text's `y` is its baseline.
 */

export type ChartElement =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; fill: string; label?: string }
  | {
      kind: 'line';
      x1: number;
      y1: number;
      x2: number;
      y2: number;
      stroke: string;
      strokeWidth: number;
      dash?: readonly [number, number];
    }
  | {
      kind: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      fill: string;
      anchor: 'start' | 'middle' | 'end';
      bold?: boolean;
    };

export interface ChartModel {
  /** Stable id (tests, `data-chart`). */
  id: 'answer-time-distribution' | 'share-over-time' | 'hour-of-week';
  title: string;
  /** What the chart shows, for screen readers and the PDF's reader. */
  description: string;
  width: number;
  height: number;
  elements: ChartElement[];
}

/** Colours (Aksel's palette): text and axes dark enough for WCAG AA on white. */
export const CHART_COLOURS = {
  text: '#262626',
  muted: '#49515e',
  axis: '#6f7785',
  grid: '#e4e7eb',
  withinLimit: '#0067c5',
  beyondLimit: '#c77300',
  unanswered: '#c30000',
  met: '#06893a',
  notMet: '#c30000',
  target: '#262626',
  empty: '#f2f3f5',
} as const;

/** Heat-map colours from few to many calls (light to dark blue). */
export const HEAT_STEPS = ['#e6f0ff', '#b7d4f7', '#7fb1ee', '#3d86d8', '#0b5bb5', '#00347d'] as const;

/** An upper bound ≥ `max` that makes round ticks: 1, 2, 2.5 or 5 × 10ⁿ per step, `count` steps. */
export function niceScale(max: number, count = 4): { top: number; step: number } {
  if (!(max > 0)) return { top: count, step: 1 };
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw)!;
  // Counts are whole: a step below 1 would label fractions of a call.
  const whole = Math.max(1, step);
  return { top: whole * Math.ceil(max / whole), step: whole };
}

/** Linear map from [d0, d1] to [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Rounds a coordinate to 0.01 pt (stable output, small files). */
export const r2 = (v: number): number => Math.round(v * 100) / 100;

/**
 * A horizontal grid line across the plot at `yPx` with its value label left of the axis: the
 * y-axis of every bar chart.
 */
export function gridLine(
  plot: { left: number; width: number; right: number },
  yPx: number,
  label: string,
): ChartElement[] {
  return [
    {
      kind: 'line',
      x1: plot.left,
      y1: r2(yPx),
      x2: plot.width - plot.right,
      y2: r2(yPx),
      stroke: CHART_COLOURS.grid,
      strokeWidth: 1,
    },
    {
      kind: 'text',
      x: plot.left - 6,
      y: r2(yPx + 3),
      text: label,
      size: 9,
      fill: CHART_COLOURS.muted,
      anchor: 'end',
    },
  ];
}
