/**
 * The call report as CSV for a Norwegian spreadsheet (`;`, BOM, CRLF: platform/text/spreadsheet-csv.ts),
 * in bokmål by default or English: one row per figure, period, answer-time class, hour of the week
 * and listed call, under the columns section; item; calls; share (%); seconds; detail. Shares are
 * percentages and times seconds with the language's decimal mark; dates dd.mm.åååå, Oslo time.
 */
import { norwegianDate, osloDateTime } from '../../platform/text/format.ts';
import { spreadsheetCsv } from '../../platform/text/spreadsheet-csv.ts';
import type { CallReport } from './model/call-report.ts';
import type { ReportLang, ReportTextKey } from './model/report-text.ts';
import { formatNumber, periodLabel, reportText } from './model/report-text.ts';

/** The report's title in a language. */
export function reportTitle(r: CallReport, lang: ReportLang): string {
  return reportText(lang, `title.${r.subject.kind}`, { name: r.subject.name });
}

/** A centre's or municipality's name as the report knows it, else its id. */
export const centreName = (r: CallReport, id: string | undefined, lang: ReportLang): string =>
  id === undefined || id === 'unknown' ? reportText(lang, 'unknown') : (r.names.centres[id] ?? id);
export const municipalityName = (r: CallReport, nr: string | undefined, lang: ReportLang): string =>
  nr === undefined ? reportText(lang, 'unknown') : (r.names.municipalities[nr] ?? nr);

export function callReportCsv(r: CallReport, lang: ReportLang = 'nb'): string {
  const t = (key: ReportTextKey, vars?: Record<string, string | number>) => reportText(lang, key, vars);
  const pct = (share: number | null) => (share === null ? '' : formatNumber(share * 100, lang));
  const sec = (ms: number | null) => (ms === null ? '' : formatNumber(ms / 1000, lang, 3));
  const rows: unknown[][] = [
    [t('csv.section'), t('csv.item'), t('csv.calls'), t('csv.share'), t('csv.seconds'), t('csv.detail')],
  ];
  const f = r.figures;
  const figures = t('section.figures');
  const period = `${norwegianDate(r.period.from)}–${norwegianDate(r.period.to)}`;
  rows.push(
    [
      figures,
      t('figure.calls'),
      f.calls,
      '',
      '',
      `${reportTitle(r, lang)}; ${t(`service.${r.service}`)}; ${period}`,
    ],
    [figures, t('figure.answered'), f.answered, '', '', ''],
    [figures, t('figure.unanswered'), f.unanswered, pct(f.shareUnanswered), '', ''],
    [figures, t('figure.abandonedBeforeRinging'), f.abandonedBeforeRinging, '', '', ''],
    [figures, t('figure.within10Seconds'), f.answeredWithin10Seconds, pct(f.shareWithin10Seconds), '', ''],
    [figures, t('figure.within2Minutes'), f.answeredWithin2Minutes, pct(f.shareWithin2Minutes), '', ''],
    [figures, t('figure.within10Minutes'), f.answeredWithin10Minutes, pct(f.shareWithin10Minutes), '', ''],
    [
      figures,
      t('figure.median'),
      '',
      '',
      f.medianAnswer === null
        ? ''
        : sec(
            f.medianAnswer.exact ? f.medianAnswer.minMs : (f.medianAnswer.minMs + f.medianAnswer.maxMs) / 2,
          ),
      f.medianAnswer && !f.medianAnswer.exact
        ? t('figure.median.bounded', { min: sec(f.medianAnswer.minMs), max: sec(f.medianAnswer.maxMs) })
        : '',
    ],
    [figures, t('figure.longest'), '', '', sec(f.longestAnswerMs), ''],
  );
  for (const p of r.series)
    rows.push([
      t('section.series'),
      periodLabel(p.period, lang),
      p.calls,
      pct(p.targetShare),
      '',
      p.partial ? t('chart.series.partial') : '',
    ]);
  for (const d of r.distribution)
    rows.push([t('section.distribution'), t(`class.${d.key}`), d.calls, '', '', '']);
  for (const c of r.hourOfWeek)
    rows.push([
      t('section.hourOfWeek'),
      `${t(`weekday.${c.weekday}` as ReportTextKey)} ${String(c.hour).padStart(2, '0')}`,
      c.calls,
      pct(c.targetShare),
      '',
      formatNumber(c.average, lang, 2),
    ]);
  for (const w of r.lists.longestWaits)
    rows.push([
      t('section.longestWaits'),
      w.callId,
      '',
      '',
      sec(w.waitMs),
      `${osloDateTime(w.at)}; ${centreName(r, w.centreId, lang)}; ${t(`outcome.${w.outcome}`)}`,
    ]);
  for (const m of r.lists.misrouted.calls)
    rows.push([
      t('section.misrouted'),
      m.callId,
      '',
      '',
      '',
      [
        osloDateTime(m.at),
        centreName(r, m.centreId, lang),
        `${t('col.reason')}: ${t(`reason.${m.reason}`)}`,
        `${t('col.correctCentre')}: ${centreName(r, m.correctCentreId, lang)}`,
        `${t('col.correctMunicipality')}: ${municipalityName(r, m.correctMunicipality, lang)}`,
        ...(m.hastegrad ? [t(`hastegrad.${m.hastegrad}`)] : []),
      ].join('; '),
    ]);
  for (const h of r.lists.transfersToAmk.calls)
    rows.push([
      t('section.transfers'),
      h.callId,
      '',
      '',
      '',
      [
        osloDateTime(h.handedOverAt),
        centreName(r, h.centreId, lang),
        t(`handover.${h.kind}`),
        `${t('col.target')}: ${centreName(r, h.target.id, lang)}`,
        t(`handoverOutcome.${h.outcome}`),
        ...(h.hastegrad ? [t(`hastegrad.${h.hastegrad}`)] : []),
      ].join('; '),
    ]);
  return spreadsheetCsv(rows);
}
