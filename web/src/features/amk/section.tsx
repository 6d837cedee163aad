/**
 * AMK (issue 14): the AMK centre's pages, for whoever may read the AMK picture (`amk.read`: the
 * AMK's operators and leaders, the operations centre). AMK-bilde — the live map and list of units
 * and the safety alarms — and one unit's page; then missions, first responders and triple alert
 * (missions/pages.tsx).
 */
import type { AppSection } from '../../shared/section.ts';
import { missionPages } from './missions/pages.tsx';
import { AmkPicturePage } from './picture-page.tsx';
import { ResourcePage } from './resource-page.tsx';

export const amkSection: AppSection = {
  id: 'amk',
  labelKey: 'amkMissions.nav.section',
  capability: 'amk.read',
  pages: [
    {
      path: '/amk',
      labelKey: 'nav.amk.picture',
      activeFor: ['/amk/resources/:id'],
      render: () => <AmkPicturePage />,
    },
    {
      path: '/amk/resources/:id',
      render: ({ id }) => <ResourcePage id={id!} />,
    },
    ...missionPages,
  ],
};
