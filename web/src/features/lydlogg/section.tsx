/**
 * Lydlogg (issue 12): a call's recordings with the player and the legal holds, the leaders'
 * search of a centre's recordings, the access log for the centre's leader, and the export of a
 * case's recordings.
 */
import type { AppSection } from '../../shared/section.ts';
import { AccessLogPage } from './access-log-page.tsx';
import { CallRecordingsPage } from './call-recordings-page.tsx';
import { ExportCasePage } from './export-page.tsx';
import { RecordingsSearchPage } from './search-page.tsx';

export const lydloggSection: AppSection = {
  id: 'lydlogg',
  labelKey: 'nav.lydlogg',
  pages: [
    {
      path: '/recordings',
      labelKey: 'nav.lydlogg.search',
      capability: 'recordings.search',
      activeFor: ['/recordings/calls/:callId'],
      render: () => <RecordingsSearchPage />,
    },
    {
      path: '/recordings/access-log',
      labelKey: 'nav.lydlogg.accessLog',
      capability: 'recordings.access-log',
      render: () => <AccessLogPage />,
    },
    {
      path: '/recordings/export',
      labelKey: 'nav.lydlogg.export',
      capability: 'recordings.export',
      render: () => <ExportCasePage />,
    },
    { path: '/recordings/calls/:callId', render: (p) => <CallRecordingsPage callId={p.callId!} /> },
  ],
};
