/**
 * PDF rendering (pdfkit) for the readiness registers and the call reports: a document is drawn by a callback and
 * returned as a Buffer. Uses the built-in Helvetica, which covers Norwegian letters (æ, ø, å).
 */
import PDFDocument from 'pdfkit';

export type Pdf = InstanceType<typeof PDFDocument>;

export async function renderPdf(
  info: { title: string; subject?: string; author?: string },
  draw: (doc: Pdf) => void,
  options: { layout?: 'portrait' | 'landscape' } = {},
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout ?? 'portrait',
    margin: 50,
    info: {
      Title: info.title,
      Subject: info.subject ?? '',
      Author: info.author ?? 'nodmeld',
      Creator: 'nodmeld',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}
