/** The call-report page's words in bokmål: the report catalogue (shared with the PDF and CSV) and the page's own. */
import { CALL_REPORT_TEXT } from '../../../../src/calls/reports/model/report-text.ts';
import { prefixed } from '../../shared/i18n/define-messages.ts';

export const callReportsNb = {
  ...prefixed('callReport', CALL_REPORT_TEXT.nb),
  'nav.calls': 'Samtaler',
  'nav.calls.reports': 'Rapporter',
  'callReports.title': 'Anropsrapport',
  'callReports.intro':
    'Anrop og svartider for en sentral, innringerne fra en kommune eller hele landet i en periode, talt som i den offisielle statistikken.',
  'callReports.form': 'Vis anropsrapport',
  'callReports.subject': 'Rapport for',
  'callReports.centre': 'Velg sentral',
  'callReports.municipality': 'Velg kommune',
  'callReports.county': 'Velg fylke',
  'callReports.amkArea': 'Velg AMK-område',
  'callReports.service': 'Tjeneste',
  'callReports.from': 'Første dag',
  'callReports.to': 'Siste dag',
  'callReports.granularity': 'Inndeling over tid',
  'callReports.granularity.auto': 'Automatisk',
  'callReports.show': 'Vis rapport',
  'callReports.choose': 'Velg hva rapporten skal gjelde.',
  'callReports.median.bounded': '{min}–{max}',
  'callReports.charts': 'Diagrammer',
  'callReports.byReason': 'Feilrutede anrop etter årsak',
  'callReports.byCorrectCentre': 'Feilrutede anrop etter riktig sentral',
  'callReports.byOutcome': 'Overføringer etter utfall',
} as const;
