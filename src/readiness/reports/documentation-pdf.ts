/**
 * The documentation report (CMP-6) as PDF, in bokmål by default or English: every word from the
 * readiness catalogue and the competence elements, dates as dd.mm.åååå; no requirement ids.
 */
import { renderPdf, type Pdf } from '../../platform/pdf.ts';
import type { DocumentationReport } from '../schema.ts';
import { fillText, norwegianDate, osloDateTime } from '../../platform/text/format.ts';
import {
  agreementStatusText,
  agreementText,
  blockerText,
  missingText,
  textsOf,
  unitKindText,
  warningText,
  type ReportLang,
} from './documentation-text.ts';

function heading(doc: Pdf, text: string, size = 13): void {
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor('#1f3a5f').text(text).fillColor('black');
}

function line(doc: Pdf, text: string, opts: { indent?: number; colour?: string } = {}): void {
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(opts.colour ?? 'black')
    .text(text, 50 + (opts.indent ?? 0), undefined, {
      width: doc.page.width - 100 - (opts.indent ?? 0),
    });
}

export async function documentationPdf(r: DocumentationReport, lang: ReportLang = 'nb'): Promise<Buffer> {
  const t = textsOf(lang).report;
  const title = fillText(t.title, { scope: r.scope.name });
  return renderPdf({ title: `${title} – ${norwegianDate(r.date)}`, subject: title }, (doc) => {
    doc.font('Helvetica-Bold').fontSize(18).text(title);
    doc
      .font('Helvetica')
      .fontSize(10)
      .fillColor('#444')
      .text(fillText(t.intro, { date: norwegianDate(r.date), generatedAt: osloDateTime(r.generatedAt) }))
      .fillColor('black');
    const s = r.summary;
    heading(doc, t.summary);
    line(
      doc,
      fillText(t.summaryLine, {
        units: s.units,
        ready: s.ready,
        signed: s.agreementsSigned,
        required: s.agreementsRequired,
        trained: s.trained,
        people: s.people,
        violations: s.violations,
      }),
    );
    for (const u of r.units) {
      heading(doc, `${u.unit.name} (${unitKindText(lang, u.unit.kind)})`);
      line(doc, u.ready ? t.ready : t.notReady, { colour: u.ready ? '#1a7f37' : '#b42318' });
      for (const b of u.blockers)
        line(doc, `• ${blockerText(lang, u, b)}`, { indent: 12, colour: '#b42318' });
      line(doc, t.agreements);
      for (const a of u.agreements)
        line(doc, `• ${agreementText(lang, a)}: ${agreementStatusText(lang, a.status)}`, { indent: 12 });
      line(
        doc,
        fillText(t.equipment, {
          positions: u.equipment.operatorPositions,
          terminals: u.equipment.radioTerminals,
          payment: u.paymentStart ? norwegianDate(u.paymentStart) : '–',
        }),
      );
      for (const w of u.timelineWarnings)
        line(doc, `• ${t.progress}: ${warningText(lang, w)}`, { indent: 12, colour: '#9a6700' });
      line(doc, fillText(t.training, { trained: u.training.trained, people: u.training.people }));
      for (const p of u.training.untrained)
        line(
          doc,
          `• ${fillText(t.untrained, { name: p.name, missing: missingText(lang, p.missingElements) })}`,
          {
            indent: 12,
          },
        );
      line(
        doc,
        fillText(t.competence, { rosters: u.competence.rosters, violations: u.competence.violations.length }),
      );
      for (const v of u.competence.violations)
        line(
          doc,
          `• ${v.paragraph} – ${v.people.map((p) => p.name).join(', ')}: ${lang === 'nb' ? v.messageNb : v.message}`,
          { indent: 12 },
        );
    }
    heading(doc, t.procedures);
    if (!r.procedures.length) line(doc, t.proceduresNone);
    for (const p of r.procedures)
      line(
        doc,
        `• ${fillText(t.procedure, { level: p.level, title: p.title, version: p.version, validFrom: norwegianDate(p.validFrom) })}`,
        { indent: 12 },
      );
  });
}
