/**
 * Draws a chart model (charts/chart-model.ts) with pdfkit primitives — the same elements at the
 * same coordinates the web page draws as SVG, scaled to the width given. Texts are placed on their
 * baseline, as in SVG.
 */
import type { Pdf } from '../../platform/pdf.ts';
import type { ChartElement, ChartModel } from './charts/chart-model.ts';

function drawElement(doc: Pdf, e: ChartElement): void {
  switch (e.kind) {
    case 'rect':
      doc.rect(e.x, e.y, e.width, e.height).fill(e.fill);
      return;
    case 'line':
      doc.save().moveTo(e.x1, e.y1).lineTo(e.x2, e.y2).lineWidth(e.strokeWidth);
      if (e.dash) doc.dash(e.dash[0], { space: e.dash[1] });
      doc.stroke(e.stroke).undash().restore();
      return;
    case 'text': {
      doc
        .font(e.bold ? 'Helvetica-Bold' : 'Helvetica')
        .fontSize(e.size)
        .fillColor(e.fill);
      const w = doc.widthOfString(e.text);
      const x = e.anchor === 'start' ? e.x : e.anchor === 'middle' ? e.x - w / 2 : e.x - w;
      doc.text(e.text, x, e.y, { lineBreak: false, baseline: 'alphabetic' });
      return;
    }
  }
}

/** Draws the chart with its top left at (x, y), `width` points wide; returns the height used. */
export function drawChart(doc: Pdf, chart: ChartModel, x: number, y: number, width: number): number {
  const k = width / chart.width;
  const { x: cx, y: cy } = doc;
  doc.save().translate(x, y).scale(k);
  for (const e of chart.elements) drawElement(doc, e);
  doc.restore();
  doc.x = cx;
  doc.y = cy;
  doc.fillColor('black');
  return chart.height * k;
}
