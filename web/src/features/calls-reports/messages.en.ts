/** The call-report page's words in English (every key of messages.nb.ts). */
import { CALL_REPORT_TEXT } from '../../../../src/calls/reports/model/report-text.ts';
import { prefixed, type Translation } from '../../shared/i18n/define-messages.ts';
import type { callReportsNb } from './messages.nb.ts';

export const callReportsEn: Translation<typeof callReportsNb> = {
  ...prefixed('callReport', CALL_REPORT_TEXT.en),
  'nav.calls': 'Calls',
  'nav.calls.reports': 'Reports',
  'nav.calls.misrouted': 'Misrouted calls',
  'misrouting.title': 'Misrouted calls',
  'misrouting.intro':
    'Calls the operators marked as misrouted: why, where the caller was and which centre should have had the call. Use the list to find and correct routing faults.',
  'misrouting.search': 'Search misrouted calls',
  'misrouting.from': 'From',
  'misrouting.to': 'To (inclusive)',
  'misrouting.reason': 'Reason',
  'misrouting.centre': 'Centre that got the call',
  'misrouting.correctCentre': 'Centre that should have had it',
  'misrouting.all': 'All',
  'misrouting.show': 'Show',
  'misrouting.list': 'Misrouted calls in the period',
  'misrouting.empty': 'No misrouted calls in the period.',
  'misrouting.when': 'Marked',
  'misrouting.callerWasIn': 'The caller was in',
  'misrouting.hastegrad': 'Urgency',
  'misrouting.call': 'Call',
  'callReports.title': 'Call report',
  'callReports.intro':
    'Calls and answer times for a centre, the callers from a municipality or the whole country over a period, counted as the official statistics count them.',
  'callReports.form': 'Show call report',
  'callReports.subject': 'Report for',
  'callReports.centre': 'Choose centre',
  'callReports.municipality': 'Choose municipality',
  'callReports.county': 'Choose county',
  'callReports.amkArea': 'Choose AMK area',
  'callReports.service': 'Service',
  'callReports.from': 'First day',
  'callReports.to': 'Last day',
  'callReports.granularity': 'Division over time',
  'callReports.granularity.auto': 'Automatic',
  'callReports.show': 'Show report',
  'callReports.choose': 'Choose what the report is about.',
  'callReports.median.bounded': '{min}–{max}',
  'callReports.charts': 'Charts',
  'callReports.byReason': 'Misrouted calls by reason',
  'callReports.byCorrectCentre': 'Misrouted calls by the right centre',
  'callReports.byOutcome': 'Handovers by outcome',
};
