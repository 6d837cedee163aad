/**
 * The call report (RT-13) as PDF, in bokmål by default or English: the key figures, the three
 * charts drawn from the same geometry as the page (chart-pdf.ts), and the lists. Dates dd.mm.åååå
 * in Oslo time; call ids, never calling numbers.
 */
import { renderPdf, type Pdf } from '../../platform/pdf.ts';
import { norwegianDate, osloDateTime } from '../../platform/text/format.ts';
import { drawChart } from './chart-pdf.ts';
import { reportCharts } from './charts/index.ts';
import type { CallReport } from './model/call-report.ts';
import type { ReportLang, ReportTextKey } from './model/report-text.ts';
import { formatDuration, formatShare, reportText } from './model/report-text.ts';
import { centreName, municipalityName, reportTitle } from './report-csv.ts';

const MARGIN = 50;
const BLUE = '#1f3a5f';

function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function heading(doc: Pdf, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor(BLUE).text(text, MARGIN).fillColor('black');
  doc.moveDown(0.3);
}

function row(doc: Pdf, cells: string[], widths: number[], bold = false): void {
  ensureSpace(doc, 14);
  const y = doc.y;
  let x = MARGIN;
  let bottom = y;
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  cells.forEach((c, i) => {
    doc.text(c, x, y, { width: widths[i]! - 6 });
    bottom = Math.max(bottom, doc.y);
    x += widths[i]!;
  });
  doc.x = MARGIN;
  doc.y = bottom + 2;
}

function note(doc: Pdf, text: string): void {
  doc.font('Helvetica').fontSize(9).fillColor('#49515e').text(text, MARGIN).fillColor('black');
}

export function medianText(r: CallReport, lang: ReportLang): string {
  const m = r.figures.medianAnswer;
  if (m === null) return '–';
  if (m.exact) return formatDuration(m.minMs, lang);
  return reportText(lang, 'figure.median.bounded', {
    min: formatDuration(m.minMs, lang),
    max: formatDuration(m.maxMs, lang),
  });
}

export async function callReportPdf(r: CallReport, lang: ReportLang = 'nb'): Promise<Buffer> {
  const t = (key: ReportTextKey, vars?: Record<string, string | number>) => reportText(lang, key, vars);
  const title = reportTitle(r, lang);
  const period = t('period', { from: norwegianDate(r.period.from), to: norwegianDate(r.period.to) });
  return renderPdf({ title: `${title} – ${period}`, subject: t(`service.${r.service}`) }, (doc) => {
    const width = doc.page.width - 2 * MARGIN;
    doc.font('Helvetica-Bold').fontSize(18).text(title);
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('#49515e')
      .text(
        `${t(`service.${r.service}`)}. ${period}. ${t('generated', { time: osloDateTime(r.generatedAt) })}`,
      )
      .fillColor('black');

    const f = r.figures;
    heading(doc, t('section.figures'));
    const within = r.service === 'amk' ? f.shareWithin10Seconds : f.shareWithin2Minutes;
    const targetLine = t('figure.target', {
      share: formatShare(f.target.required, lang),
      limit: t(r.service === 'amk' ? 'limit.10s' : 'limit.2min'),
    });
    const verdict =
      f.target.met === null
        ? t('figure.target.none')
        : t(f.target.met ? 'figure.target.met' : 'figure.target.notMet');
    const figureRows: [string, string][] = [
      [t('figure.calls'), String(f.calls)],
      [t('figure.answered'), String(f.answered)],
      [t('figure.unanswered'), `${f.unanswered} (${formatShare(f.shareUnanswered, lang)})`],
      [t('figure.abandonedBeforeRinging'), String(f.abandonedBeforeRinging)],
      ...(r.service === 'amk'
        ? [[t('figure.within10Seconds'), formatShare(f.shareWithin10Seconds, lang)] as [string, string]]
        : []),
      [t('figure.within2Minutes'), formatShare(f.shareWithin2Minutes, lang)],
      [t('figure.within10Minutes'), formatShare(f.shareWithin10Minutes, lang)],
      [t('figure.median'), medianText(r, lang)],
      [t('figure.longest'), f.longestAnswerMs === null ? '–' : formatDuration(f.longestAnswerMs, lang)],
      [targetLine, `${formatShare(within, lang)} – ${verdict}`],
    ];
    for (const [label, value] of figureRows) row(doc, [label, value], [220, width - 220]);

    for (const chart of reportCharts(r, lang)) {
      const h = (chart.height * width) / chart.width;
      heading(doc, chart.title);
      ensureSpace(doc, h + 20);
      note(doc, chart.description);
      doc.y += drawChart(doc, chart, MARGIN, doc.y + 4, width) + 8;
    }

    heading(doc, t('section.longestWaits'));
    const waits = r.lists.longestWaits;
    if (!waits.length) note(doc, t('list.none'));
    else {
      const w = [110, 95, 140, 70, width - 415];
      row(doc, [t('col.call'), t('col.time'), t('col.centre'), t('col.wait'), t('col.outcome')], w, true);
      for (const c of waits)
        row(
          doc,
          [
            c.callId,
            osloDateTime(c.at),
            centreName(r, c.centreId, lang),
            formatDuration(c.waitMs, lang),
            t(`outcome.${c.outcome}`),
          ],
          w,
        );
    }

    heading(doc, t('section.misrouted'));
    const mis = r.lists.misrouted;
    if (!mis.total) note(doc, t('list.none'));
    else {
      note(doc, t('list.total', { total: mis.total }));
      for (const b of mis.byReason) row(doc, [t(`reason.${b.key}`), String(b.count)], [220, width - 220]);
      for (const b of mis.byCorrectCentre)
        row(
          doc,
          [`${t('col.correctCentre')}: ${centreName(r, b.key, lang)}`, String(b.count)],
          [220, width - 220],
        );
      doc.moveDown(0.4);
      const w = [95, 85, 100, 110, width - 390];
      row(
        doc,
        [t('col.call'), t('col.time'), t('col.reason'), t('col.correctCentre'), t('col.correctMunicipality')],
        w,
        true,
      );
      for (const c of mis.calls)
        row(
          doc,
          [
            c.callId,
            osloDateTime(c.at),
            t(`reason.${c.reason}`),
            centreName(r, c.correctCentreId, lang),
            municipalityName(r, c.correctMunicipality, lang),
          ],
          w,
        );
      if (mis.calls.length < mis.total)
        note(doc, t('list.shown', { shown: mis.calls.length, total: mis.total }));
    }

    heading(doc, t('section.transfers'));
    const tr = r.lists.transfersToAmk;
    if (!tr.total) note(doc, t('list.none'));
    else {
      note(doc, t('list.total', { total: tr.total }));
      for (const b of tr.byOutcome)
        row(doc, [t(`handoverOutcome.${b.key}`), String(b.count)], [220, width - 220]);
      doc.moveDown(0.4);
      const w = [95, 85, 110, 90, width - 380];
      row(doc, [t('col.call'), t('col.time'), t('col.target'), t('col.kind'), t('col.hastegrad')], w, true);
      for (const c of tr.calls)
        row(
          doc,
          [
            c.callId,
            osloDateTime(c.handedOverAt),
            centreName(r, c.target.id, lang),
            `${t(`handover.${c.kind}`)}, ${t(`handoverOutcome.${c.outcome}`)}`,
            c.hastegrad ? t(`hastegrad.${c.hastegrad}`) : '',
          ],
          w,
        );
      if (tr.calls.length < tr.total) note(doc, t('list.shown', { shown: tr.calls.length, total: tr.total }));
    }
  });
}
