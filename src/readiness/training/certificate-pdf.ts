/**
 * Course certificates (kursbevis) as PDF. An e-learning completion gives the e-learning
 * certificate that goes to the local instructor (TR-2); an attended course gives the final course
 * certificate (endelig kursbevis, TR-3), which lists both the e-learning and the attended part.
 */
import { renderPdf } from '../../platform/pdf.ts';
import type { Completion, Person, Unit } from '../schema.ts';

export interface CertificateData {
  completion: Completion;
  person: Person;
  /** TR-3: the e-learning completion the final certificate rests on. */
  eLearning: Completion | null;
  employer: Unit | null;
  venue: Unit | null;
}

export async function certificatePdf(d: CertificateData): Promise<Buffer> {
  const c = d.completion;
  const final = c.finalCertificate;
  const heading = final
    ? 'Endelig kursbevis'
    : c.courseKind === 'instructor'
      ? 'Kursbevis – instruktørkurs'
      : 'Kursbevis';
  const subheading = final
    ? 'Final course certificate – Nødnett in the health service'
    : 'Course certificate – Nødnett in the health service';
  return renderPdf(
    {
      title: `${heading} – ${d.person.name} – ${c.courseName}`,
      subject: `${d.person.name}; ${c.certificateNumber}`,
    },
    (doc) => {
      doc
        .rect(30, 30, doc.page.width - 60, doc.page.height - 60)
        .lineWidth(2)
        .stroke('#1f3a5f');
      doc
        .moveDown(2)
        .fillColor('#1f3a5f')
        .fontSize(28)
        .font('Helvetica-Bold')
        .text(heading, { align: 'center' });
      doc.fontSize(12).font('Helvetica').fillColor('#333').text(subheading, { align: 'center' });
      doc
        .moveDown(2)
        .fillColor('black')
        .fontSize(12)
        .text('Dette bekrefter at / This certifies that', { align: 'center' });
      doc.moveDown(0.5).fontSize(22).font('Helvetica-Bold').text(d.person.name, { align: 'center' });
      if (d.person.hprNumber)
        doc.fontSize(11).font('Helvetica').text(`HPR-nummer ${d.person.hprNumber}`, { align: 'center' });
      doc
        .moveDown(0.5)
        .fontSize(12)
        .font('Helvetica')
        .text('har gjennomført / has completed', { align: 'center' });
      doc.moveDown(0.5).fontSize(18).font('Helvetica-Bold').text(c.courseName, { align: 'center' });
      doc.moveDown(2);
      const rows: [string, string][] = [
        ['Kurs / Course', `${c.courseName} (${c.courseCode})`],
        ['Versjon av kursmateriell / Material version', c.version ?? '–'],
        ['Dato / Date', c.completedAt],
        ['Gyldig til / Valid until', c.validTo ?? 'Ingen utløpsdato / no expiry'],
        [
          'Instruktør / Instructor',
          c.instructorName ?? (c.courseKind === 'e-learning' ? 'E-læring (Nakos)' : '–'),
        ],
        ['Arbeidsgiver / Employer', d.employer?.name ?? d.person.employerUnitId],
        ['Kurssted / Venue', [d.venue?.name, c.location].filter(Boolean).join(', ') || '–'],
        ['Kursbevisnummer / Certificate id', c.certificateNumber],
      ];
      if (final)
        rows.splice(3, 0, [
          'E-læring forkurs / E-learning pre-course',
          d.eLearning ? `${d.eLearning.completedAt} (${d.eLearning.certificateNumber})` : '–',
        ]);
      const x = 90;
      for (const [label, value] of rows) {
        const y = doc.y;
        doc.fontSize(10).font('Helvetica').fillColor('#555').text(label, x, y, { width: 200 });
        doc
          .fontSize(11)
          .font('Helvetica-Bold')
          .fillColor('black')
          .text(value, x + 210, y, { width: 250 });
        doc.moveDown(0.6);
      }
      doc.moveDown(2).fontSize(9).font('Helvetica').fillColor('#555');
      doc.text(
        final
          ? 'Både e-læring og oppmøtebasert opplæring er gjennomført (TR-3). Opplæringen dokumenteres av arbeidsgiver, jf. akuttmedisinforskriften §4 annet ledd og §18.'
          : 'Kursbeviset leveres lokal instruktør som dokumentasjon før oppmøtebasert opplæring (TR-2).',
        x,
        doc.y,
        { width: doc.page.width - 2 * x, align: 'center' },
      );
    },
  );
}
