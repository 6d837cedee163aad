/**
 * The words of the call report in bokmål (default) and English: the same catalogue for the PDF
 * and CSV the server writes, the chart labels (charts/) and the web page (composed under the
 * `callReport.` prefix). Plain data and small formatters, PURE; no requirement ids as words.
 */

export type ReportLang = 'nb' | 'en';

const nb = {
  title: 'Anrop og svartid',
  'title.centre': 'Anrop og svartid – {name}',
  'title.municipality': 'Anrop og svartid – innringere fra {name}',
  'title.national': 'Anrop og svartid – hele landet',
  'title.county': 'Anrop og svartid – innringere fra {name}',
  'title.amk-area': 'Anrop og svartid – AMK-området til {name}',
  'subject.centre': 'Sentral',
  'subject.municipality': 'Kommune',
  'subject.county': 'Fylke',
  'subject.amk-area': 'AMK-område',
  'subject.national': 'Hele landet',
  'service.legevakt': 'Legevakt (116117 og sentralenes egne numre)',
  'service.amk': 'AMK (113)',
  period: 'Periode: {from}–{to}',
  generated: 'Laget {time}',
  'granularity.hour': 'Per time',
  'granularity.day': 'Per dag',
  'granularity.week': 'Per uke',
  'granularity.month': 'Per måned',
  'section.figures': 'Nøkkeltall',
  'section.series': 'Over tid',
  'section.distribution': 'Svartider',
  'section.hourOfWeek': 'Anrop per time i uka',
  'section.longestWaits': 'Lengste ventetider',
  'section.misrouted': 'Feilrutede anrop',
  'section.transfers': 'Overført til AMK',
  'figure.calls': 'Anrop',
  'figure.answered': 'Besvart',
  'figure.unanswered': 'Ubesvart',
  'figure.abandonedBeforeRinging': 'Lagt på i talemenyen',
  'figure.within10Seconds': 'Besvart innen 10 sekunder',
  'figure.within2Minutes': 'Besvart innen 2 minutter',
  'figure.within10Minutes': 'Besvart innen 10 minutter',
  'figure.median': 'Median svartid',
  'figure.longest': 'Lengste svartid',
  'figure.target': 'Krav: {share} innen {limit}',
  'figure.target.met': 'Kravet er nådd',
  'figure.target.notMet': 'Kravet er ikke nådd',
  'figure.target.none': 'Ingen anrop i perioden',
  'figure.median.bounded': 'mellom {min} og {max}',
  'limit.2min': '2 minutter',
  'limit.10s': '10 sekunder',
  'chart.distribution.title': 'Fordeling av svartider',
  'chart.distribution.desc': 'Antall anrop per svartid, og ubesvarte anrop.',
  'chart.series.title.legevakt': 'Andel besvart innen 2 minutter',
  'chart.series.title.amk': 'Andel besvart innen 10 sekunder',
  'chart.series.desc': 'Andel per periode mot kravet på {share}.',
  'chart.series.target': 'Krav {share}',
  'chart.series.partial': 'delvis',
  'chart.heatmap.title': 'Anrop per time i uka',
  'chart.heatmap.desc': 'Gjennomsnittlig antall anrop per time, mandag til søndag.',
  'chart.axis.calls': 'Anrop',
  'chart.empty': 'Ingen anrop i perioden',
  'class.le10s': '0–10 s',
  'class.le30s': '10–30 s',
  'class.le60s': '30–60 s',
  'class.le2min': '1–2 min',
  'class.le5min': '2–5 min',
  'class.le10min': '5–10 min',
  'class.gt10min': 'over 10 min',
  'class.unanswered': 'Ubesvart',
  'weekday.1': 'Man',
  'weekday.2': 'Tir',
  'weekday.3': 'Ons',
  'weekday.4': 'Tor',
  'weekday.5': 'Fre',
  'weekday.6': 'Lør',
  'weekday.7': 'Søn',
  'col.call': 'Anrop',
  'col.time': 'Tidspunkt',
  'col.centre': 'Sentral',
  'col.municipality': 'Kommune',
  'col.wait': 'Ventetid',
  'col.outcome': 'Utfall',
  'col.reason': 'Årsak',
  'col.correctCentre': 'Skulle til',
  'col.correctMunicipality': 'Innringer var i',
  'col.hastegrad': 'Hastegrad',
  'col.target': 'Til',
  'col.kind': 'Hvordan',
  'col.count': 'Antall',
  'col.period': 'Periode',
  'col.share': 'Andel',
  'outcome.answered': 'Besvart',
  'outcome.abandoned': 'Lagt på',
  'reason.positioning-failed': 'Posisjonering feilet',
  'reason.base-station-across-border': 'Basestasjon over kommunegrensen',
  'reason.ported-number': 'Portert nummer',
  'reason.wrong-number-series': 'Feil i nummerserie',
  'reason.caller-elsewhere': 'Innringer var et annet sted',
  'reason.menu-choice': 'Valg i talemenyen',
  'reason.other': 'Annet',
  'hastegrad.akutt': 'Akutt (rød)',
  'hastegrad.haster': 'Haster (gul)',
  'hastegrad.vanlig': 'Vanlig (grønn)',
  'handover.transfer': 'Satt over',
  'handover.conference': 'Konferanse',
  'handoverOutcome.connected': 'Koblet',
  'handoverOutcome.no-answer': 'Ikke svar',
  'handoverOutcome.busy': 'Opptatt',
  'handoverOutcome.failed': 'Feilet',
  'handoverOutcome.cancelled': 'Avbrutt',
  unknown: 'ukjent',
  'list.none': 'Ingen i perioden.',
  'list.shown': 'Viser {shown} av {total}.',
  'list.total': '{total} i alt',
  'csv.section': 'del',
  'csv.item': 'punkt',
  'csv.calls': 'anrop',
  'csv.share': 'andel_prosent',
  'csv.seconds': 'sekunder',
  'csv.detail': 'detaljer',
};

export type ReportTextKey = keyof typeof nb;

const en: Record<ReportTextKey, string> = {
  title: 'Calls and answer times',
  'title.centre': 'Calls and answer times – {name}',
  'title.municipality': 'Calls and answer times – callers from {name}',
  'title.national': 'Calls and answer times – the whole country',
  'title.county': 'Calls and answer times – callers from {name}',
  'title.amk-area': 'Calls and answer times – the AMK area of {name}',
  'subject.centre': 'Centre',
  'subject.municipality': 'Municipality',
  'subject.county': 'County',
  'subject.amk-area': 'AMK area',
  'subject.national': 'Whole country',
  'service.legevakt': 'Out-of-hours (116117 and the centres’ own numbers)',
  'service.amk': 'Emergency (113)',
  period: 'Period: {from}–{to}',
  generated: 'Made {time}',
  'granularity.hour': 'Per hour',
  'granularity.day': 'Per day',
  'granularity.week': 'Per week',
  'granularity.month': 'Per month',
  'section.figures': 'Key figures',
  'section.series': 'Over time',
  'section.distribution': 'Answer times',
  'section.hourOfWeek': 'Calls per hour of the week',
  'section.longestWaits': 'Longest waits',
  'section.misrouted': 'Misrouted calls',
  'section.transfers': 'Handed over to AMK',
  'figure.calls': 'Calls',
  'figure.answered': 'Answered',
  'figure.unanswered': 'Unanswered',
  'figure.abandonedBeforeRinging': 'Hung up in the voice menu',
  'figure.within10Seconds': 'Answered within 10 seconds',
  'figure.within2Minutes': 'Answered within 2 minutes',
  'figure.within10Minutes': 'Answered within 10 minutes',
  'figure.median': 'Median answer time',
  'figure.longest': 'Longest answer time',
  'figure.target': 'Requirement: {share} within {limit}',
  'figure.target.met': 'The requirement is met',
  'figure.target.notMet': 'The requirement is not met',
  'figure.target.none': 'No calls in the period',
  'figure.median.bounded': 'between {min} and {max}',
  'limit.2min': '2 minutes',
  'limit.10s': '10 seconds',
  'chart.distribution.title': 'Distribution of answer times',
  'chart.distribution.desc': 'Number of calls per answer time, and unanswered calls.',
  'chart.series.title.legevakt': 'Share answered within 2 minutes',
  'chart.series.title.amk': 'Share answered within 10 seconds',
  'chart.series.desc': 'Share per period against the requirement of {share}.',
  'chart.series.target': 'Requirement {share}',
  'chart.series.partial': 'partial',
  'chart.heatmap.title': 'Calls per hour of the week',
  'chart.heatmap.desc': 'Average number of calls per hour, Monday to Sunday.',
  'chart.axis.calls': 'Calls',
  'chart.empty': 'No calls in the period',
  'class.le10s': '0–10 s',
  'class.le30s': '10–30 s',
  'class.le60s': '30–60 s',
  'class.le2min': '1–2 min',
  'class.le5min': '2–5 min',
  'class.le10min': '5–10 min',
  'class.gt10min': 'over 10 min',
  'class.unanswered': 'Unanswered',
  'weekday.1': 'Mon',
  'weekday.2': 'Tue',
  'weekday.3': 'Wed',
  'weekday.4': 'Thu',
  'weekday.5': 'Fri',
  'weekday.6': 'Sat',
  'weekday.7': 'Sun',
  'col.call': 'Call',
  'col.time': 'Time',
  'col.centre': 'Centre',
  'col.municipality': 'Municipality',
  'col.wait': 'Wait',
  'col.outcome': 'Outcome',
  'col.reason': 'Reason',
  'col.correctCentre': 'Should have gone to',
  'col.correctMunicipality': 'Caller was in',
  'col.hastegrad': 'Urgency',
  'col.target': 'To',
  'col.kind': 'How',
  'col.count': 'Count',
  'col.period': 'Period',
  'col.share': 'Share',
  'outcome.answered': 'Answered',
  'outcome.abandoned': 'Hung up',
  'reason.positioning-failed': 'Positioning failed',
  'reason.base-station-across-border': 'Base station across the municipal border',
  'reason.ported-number': 'Ported number',
  'reason.wrong-number-series': 'Error in a number series',
  'reason.caller-elsewhere': 'Caller was elsewhere',
  'reason.menu-choice': 'Choice in the voice menu',
  'reason.other': 'Other',
  'hastegrad.akutt': 'Acute (red)',
  'hastegrad.haster': 'Urgent (yellow)',
  'hastegrad.vanlig': 'Normal (green)',
  'handover.transfer': 'Transferred',
  'handover.conference': 'Conference',
  'handoverOutcome.connected': 'Connected',
  'handoverOutcome.no-answer': 'No answer',
  'handoverOutcome.busy': 'Busy',
  'handoverOutcome.failed': 'Failed',
  'handoverOutcome.cancelled': 'Cancelled',
  unknown: 'unknown',
  'list.none': 'None in the period.',
  'list.shown': 'Showing {shown} of {total}.',
  'list.total': '{total} in all',
  'csv.section': 'section',
  'csv.item': 'item',
  'csv.calls': 'calls',
  'csv.share': 'share_percent',
  'csv.seconds': 'seconds',
  'csv.detail': 'detail',
};

export const CALL_REPORT_TEXT: Readonly<Record<ReportLang, Record<ReportTextKey, string>>> = { nb, en };

/** The text of a key in a language, placeholders filled. */
export function reportText(
  lang: ReportLang,
  key: ReportTextKey,
  vars?: Record<string, string | number>,
): string {
  const t = CALL_REPORT_TEXT[lang][key];
  return vars ? t.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : t;
}

/** A number with the language's decimal mark and at most `digits` decimals: 82,5 (nb), 82.5 (en). */
export function formatNumber(value: number, lang: ReportLang, digits = 1): string {
  const f = Number(value.toFixed(digits)).toString();
  return lang === 'nb' ? f.replace('.', ',') : f;
}

/** A share 0–1 as a percentage: `82,5 %` (nb), `82.5%` (en); `–` for none. */
export function formatShare(share: number | null, lang: ReportLang): string {
  if (share === null) return '–';
  const n = formatNumber(share * 100, lang);
  return lang === 'nb' ? `${n} %` : `${n}%`;
}

/** A duration: `45 s`, `1 min 05 s`, `12 min`, `1 t 02 min` (nb) / `1 h 02 min` (en). */
export function formatDuration(ms: number, lang: ReportLang): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const two = (n: number) => String(n).padStart(2, '0');
  const min = Math.floor(s / 60);
  if (min < 60) return s % 60 === 0 ? `${min} min` : `${min} min ${two(s % 60)} s`;
  return `${Math.floor(min / 60)} ${lang === 'nb' ? 't' : 'h'} ${two(min % 60)} min`;
}

/**
 * A period key (periods.ts) as a reader writes it: `2026-03-02T14+01:00` → `02.03.2026 14:00`,
 * `2026-03-02` → `02.03.2026`, `2026-W10` → `uke 10 2026` / `week 10 2026`, `2026-03` → `03.2026`.
 * `short` leaves out the year (axis labels).
 */
export function periodLabel(key: string, lang: ReportLang, short = false): string {
  let m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})/.exec(key);
  if (m) return short ? `${m[4]}` : `${m[3]}.${m[2]}.${m[1]} ${m[4]}:00`;
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (m) return short ? `${m[3]}.${m[2]}` : `${m[3]}.${m[2]}.${m[1]}`;
  m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m)
    return short
      ? `${lang === 'nb' ? 'U' : 'W'}${Number(m[2])}`
      : `${lang === 'nb' ? 'uke' : 'week'} ${Number(m[2])} ${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return `${m[2]}.${m[1]}`;
  return key;
}
