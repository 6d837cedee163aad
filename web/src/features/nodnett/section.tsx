/** Nødnett (NN-1, NN-2, NN-3, NN-7): talk groups, conferences and the doctor on call. */
import type { AppSection } from '../../shared/section.ts';
import { ConferencePage } from './conference-page.tsx';
import { DoctorOnCallPage } from './doctor-on-call-page.tsx';
import { TalkGroupsPage } from './talk-groups-page.tsx';

export const nodnettSection: AppSection = {
  id: 'nodnett',
  labelKey: 'nav.nodnett',
  capability: 'nodnett.read',
  pages: [
    { path: '/nodnett/talk-groups', labelKey: 'nav.nodnett.talkGroups', render: () => <TalkGroupsPage /> },
    {
      path: '/nodnett/conference',
      labelKey: 'nav.nodnett.conference',
      capability: 'nodnett.operate',
      render: () => <ConferencePage />,
    },
    {
      path: '/nodnett/doctor-on-call',
      labelKey: 'nav.nodnett.doctorOnCall',
      render: () => <DoctorOnCallPage />,
    },
  ],
};
