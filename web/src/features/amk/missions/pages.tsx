/**
 * The AMK missions' pages (issue 14): the missions list with its create form, one mission, and the
 * triple alerts. The AMK section (features/amk/section.tsx) lists them beside the AMK picture.
 */
import type { AppPage } from '../../../shared/section.ts';
import { MissionPage } from './mission-page.tsx';
import { MissionsPage } from './missions-page.tsx';
import { TripleAlertsPage } from './triple-alerts.tsx';

export const missionPages: AppPage[] = [
  {
    path: '/amk/missions',
    labelKey: 'amkMissions.nav.missions',
    activeFor: ['/amk/missions/:id'],
    render: () => <MissionsPage />,
  },
  { path: '/amk/missions/:id', render: (p) => <MissionPage id={p.id ?? ''} /> },
  {
    path: '/amk/triple-alerts',
    labelKey: 'amkMissions.nav.tripleAlerts',
    render: () => <TripleAlertsPage />,
  },
];
