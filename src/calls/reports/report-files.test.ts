import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../platform/text/csv.ts';
import { pdfText, pdfTexts } from '../../platform/testing/pdf-text.ts';
import { scriptCallEvents } from '../testing/call-events.ts';
import { InMemoryCallReportSource } from './in-memory-source.ts';
import { buildCallReport, type CallReport } from './model/call-report.ts';
import { reportCharts } from './charts/index.ts';
import { callReportCsv } from './report-csv.ts';
import { callReportPdf } from './report-pdf.ts';

const at = (iso: string) => Date.parse(iso);

async function report(): Promise<CallReport> {
  const s = new InMemoryCallReportSource();
  s.record([
    ...scriptCallEvents({
      callId: 'call-1',
      municipality: '0301',
      offeredAt: at('2026-03-02T08:00:00+01:00'),
      answerMs: 60_000,
      talkMs: 1,
    }),
    ...scriptCallEvents({
      callId: 'call-2',
      municipality: '0301',
      offeredAt: at('2026-03-02T08:05:00+01:00'),
      answerMs: 200_000,
      talkMs: 1,
      misrouted: true,
      transferToAmk: true,
    }),
    ...scriptCallEvents({
      callId: 'call-3',
      municipality: '0301',
      offeredAt: at('2026-03-03T21:00:00+01:00'),
      abandonAfterMs: 45_000,
    }),
  ]);
  return buildCallReport(
    { subject: 'centre', id: 'lv-a', from: '2026-03-02', to: '2026-03-03' },
    s,
    {
      centre: (id) =>
        ({ 'lv-a': 'Øvre Ås legevaktsentral', 'lv-b': 'Bærum legevaktsentral', 'amk-a': 'AMK Oslo' })[id],
      municipality: (nr) => ({ '3201': 'Bærum' })[nr],
      county: () => undefined,
    },
    new Date('2026-03-04T07:00:00Z'),
  );
}

describe('call report files (RT-13): CSV and PDF', () => {
  it('CSV in bokmål: ;-separated with BOM, Norwegian decimals and dates, one row per figure, period and call', async () => {
    const csv = callReportCsv(await report());
    expect(csv.startsWith('\uFEFFdel;punkt;anrop;andel_prosent;sekunder;detaljer\r\n')).toBe(true);
    const { rows, separator } = parseCsv(csv);
    expect(separator).toBe(';');
    const find = (section: string, item: string) =>
      rows.find((r) => r.cells[0] === section && r.cells[1] === item)?.cells;
    expect(find('Nøkkeltall', 'Anrop')?.slice(2, 4)).toEqual(['3', '']);
    expect(find('Nøkkeltall', 'Anrop')?.[5]).toContain(
      'Anrop og svartid – Øvre Ås legevaktsentral; Legevakt',
    );
    expect(find('Nøkkeltall', 'Besvart innen 2 minutter')?.slice(2, 4)).toEqual(['1', '33,3']);
    expect(find('Nøkkeltall', 'Median svartid')?.[4]).toBe('130'); // (60 + 200) / 2 s, exact
    expect(find('Over tid', '02.03.2026 08:00')?.slice(2, 4)).toEqual(['2', '50']);
    expect(find('Svartider', '2–5 min')?.[2]).toBe('1');
    expect(find('Anrop per time i uka', 'Tir 21')?.[2]).toBe('1');
    expect(find('Lengste ventetider', 'call-2')?.slice(4)).toEqual([
      '200',
      '02.03.2026, 08:05; Øvre Ås legevaktsentral; Besvart',
    ]);
    expect(find('Feilrutede anrop', 'call-2')?.[5]).toBe(
      '02.03.2026, 08:05; Øvre Ås legevaktsentral; Årsak: Basestasjon over kommunegrensen; Skulle til: Bærum legevaktsentral; Innringer var i: Bærum; Akutt (rød)',
    );
    expect(find('Overført til AMK', 'call-2')?.[5]).toContain('Til: AMK Oslo; Koblet');
    expect(csv).not.toMatch(/\b(LV|AMK|RT)-\d/);
    expect(csv).not.toContain('41234567'); // never the calling number
  });

  it('CSV in English', async () => {
    const csv = callReportCsv(await report(), 'en');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFsection;item;calls;share_percent;seconds;detail');
    expect(csv).toContain('Key figures;Answered within 2 minutes;1;33.3;;');
    expect(csv).toContain('Reason: Base station across the municipal border');
  });

  it('PDF: the figures, the charts’ own labels (the same model as the page) and the lists, in bokmål or English', async () => {
    const r = await report();
    const pdf = await callReportPdf(r);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const texts = pdfTexts(pdf);
    const text = texts.join('\n');
    expect(text).toContain('Anrop og svartid – Øvre Ås legevaktsentral');
    expect(text).toContain('Periode: 02.03.2026–03.03.2026');
    expect(text).toContain('Besvart innen 2 minutter');
    expect(text).toContain('33,3 %');
    expect(text).toContain('Krav: 80 % innen 2 minutter');
    // Every text of every chart model is drawn in the PDF.
    for (const chart of reportCharts(r, 'nb')) {
      expect(text).toContain(chart.title);
      for (const e of chart.elements) if (e.kind === 'text') expect(texts).toContain(e.text);
    }
    expect(text).toContain('Krav 80 %');
    expect(text).toContain('call-2');
    expect(text).toContain('Basestasjon over kommunegrensen');
    expect(text).not.toMatch(/\b(LV|AMK|RT)-\d/);
    expect(text).not.toContain('41234567');
    const en = pdfText(await callReportPdf(r, 'en'));
    expect(en).toContain('Calls and answer times – Øvre Ås legevaktsentral');
    expect(en).toContain('Share answered within 2 minutes');
    expect(en).toContain('Requirement 80%');
  });
});
