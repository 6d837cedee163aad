/** The CMP-6 documentation report as a PDF. */
import { renderPdf, type Pdf } from '../pdf.ts';
import type { DocumentationReport } from '../schema.ts';

const STATUS_NB: Record<string, string> = {
  signed: 'signert',
  sent: 'sendt',
  draft: 'utkast',
  terminated: 'avsluttet',
  missing: 'mangler',
};

function heading(doc: Pdf, text: string, size = 13): void {
  if (doc.y > doc.page.height - 120) doc.addPage();
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor('#1f3a5f').text(text).fillColor('black');
}

function line(doc: Pdf, text: string, opts: { indent?: number; colour?: string } = {}): void {
  if (doc.y > doc.page.height - 70) doc.addPage();
  doc
    .font('Helvetica')
    .fontSize(9.5)
    .fillColor(opts.colour ?? 'black')
    .text(text, 50 + (opts.indent ?? 0), doc.y, {
      width: doc.page.width - 100 - (opts.indent ?? 0),
    });
}

export async function documentationPdf(r: DocumentationReport): Promise<Buffer> {
  return renderPdf(
    {
      title: `Dokumentasjon Nødnett – ${r.scope.name} – ${r.date}`,
      subject: `CMP-6 report for ${r.scope.name}`,
    },
    (doc) => {
      doc.font('Helvetica-Bold').fontSize(18).text(`Dokumentasjon av beredskap – ${r.scope.name}`);
      doc
        .font('Helvetica')
        .fontSize(10)
        .fillColor('#444')
        .text(
          `Utstyr, opplæring, organisering og bruk per ${r.date} (akuttmedisinforskriften §18; CMP-6). Generert ${r.generatedAt}.`,
        )
        .fillColor('black');
      const s = r.summary;
      heading(doc, 'Sammendrag / Summary');
      line(
        doc,
        `Enheter: ${s.units} (klare: ${s.ready}) · Avtaler signert: ${s.agreementsSigned} av ${s.agreementsRequired} · Opplært personell: ${s.trained} av ${s.people} · Avvik i vaktplaner: ${s.violations}`,
      );
      for (const u of r.units) {
        heading(doc, `${u.unit.name} (${u.unit.kind})`);
        line(doc, u.ready ? 'Klar for Nødnett (alle avtaler signert, personell opplært).' : 'Ikke klar:', {
          colour: u.ready ? '#1a7f37' : '#b42318',
        });
        for (const b of u.blockers) line(doc, `• ${b.message}`, { indent: 12, colour: '#b42318' });
        line(doc, 'Avtaler (ON-2):');
        for (const a of u.agreements)
          line(doc, `• ${a.label}: ${STATUS_NB[a.status] ?? a.status}`, { indent: 12 });
        line(
          doc,
          `Utstyr (ON-1): ${u.equipment.operatorPositions} operatørplasser, ${u.equipment.radioTerminals} radioterminaler. Kvartalsvis betaling fra: ${u.paymentStart ?? '–'}`,
        );
        for (const w of u.timelineWarnings)
          line(doc, `• Fremdrift (ON-3): ${w.message}`, { indent: 12, colour: '#9a6700' });
        line(doc, `Opplæring (TR-1): ${u.training.trained} av ${u.training.people} opplært.`);
        for (const p of u.training.untrained)
          line(doc, `• ${p.name}: mangler ${p.missing.join('; ')}`, { indent: 12 });
        line(
          doc,
          `Kompetanse (CMP-1 … CMP-4): ${u.competence.rosters} vaktplan(er), ${u.competence.violations.length} avvik.`,
        );
        for (const v of u.competence.violations)
          line(doc, `• ${v.paragraph} – ${v.people.map((p) => p.name).join(', ')}: ${v.messageNb}`, {
            indent: 12,
          });
      }
      heading(doc, 'Prosedyrer (TR-7)');
      if (!r.procedures.length) line(doc, 'Ingen registrert.');
      for (const p of r.procedures)
        line(doc, `• Nivå ${p.level}: ${p.title} (versjon ${p.version}, fra ${p.validFrom})`, { indent: 12 });
    },
  );
}
