/** Samtaler: the call reports (RT-13); the call list and the live figures come with the calls store. */
import type { AppSection } from '../../shared/section.ts';
import { CallReportPage } from './call-report-page.tsx';
import { MisroutingPage } from './misrouting-page.tsx';

export const callsReportsSection: AppSection = {
  id: 'calls',
  labelKey: 'nav.calls',
  capability: 'calls.report',
  pages: [
    { path: '/calls/reports', labelKey: 'nav.calls.reports', render: () => <CallReportPage /> },
    { path: '/calls/misrouted', labelKey: 'nav.calls.misrouted', render: () => <MisroutingPage /> },
  ],
};
