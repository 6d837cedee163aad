/**
 * Draws a chart model (src/calls/reports/charts) as SVG: the same elements at the same coordinates
 * the PDF draws with pdfkit, so the page and the PDF show the same chart. Scales to the width of
 * its container; named for screen readers by the model's title and description.
 */
import { useId } from 'react';
import type { ChartElement, ChartModel } from '../../../../src/calls/reports/charts/chart-model.ts';

const ANCHOR = { start: 'start', middle: 'middle', end: 'end' } as const;

function Element({ e }: { e: ChartElement }) {
  switch (e.kind) {
    case 'rect':
      return (
        <rect x={e.x} y={e.y} width={e.width} height={e.height} fill={e.fill}>
          {e.label && <title>{e.label}</title>}
        </rect>
      );
    case 'line':
      return (
        <line
          x1={e.x1}
          y1={e.y1}
          x2={e.x2}
          y2={e.y2}
          stroke={e.stroke}
          strokeWidth={e.strokeWidth}
          strokeDasharray={e.dash ? `${e.dash[0]} ${e.dash[1]}` : undefined}
        />
      );
    case 'text':
      return (
        <text
          x={e.x}
          y={e.y}
          fontSize={e.size}
          fill={e.fill}
          textAnchor={ANCHOR[e.anchor]}
          fontWeight={e.bold ? 'bold' : undefined}
        >
          {e.text}
        </text>
      );
  }
}

export function ChartSvg({ chart }: { chart: ChartModel }) {
  const titleId = useId();
  const descId = useId();
  return (
    <svg
      viewBox={`0 0 ${chart.width} ${chart.height}`}
      width="100%"
      style={{ maxWidth: chart.width * 1.4, fontFamily: 'Helvetica, Arial, sans-serif' }}
      role="img"
      aria-labelledby={titleId}
      aria-describedby={descId}
      data-chart={chart.id}
    >
      <title id={titleId}>{chart.title}</title>
      <desc id={descId}>{chart.description}</desc>
      {chart.elements.map((e, i) => (
        <Element key={i} e={e} />
      ))}
    </svg>
  );
}
