/**
 * AMK (issue 14): the AMK centre's pages. Missions, first responders and triple alert
 * (missions/pages.tsx); the AMK picture's pages join this list.
 */
import type { AppSection } from '../../shared/section.ts';
import { missionPages } from './missions/pages.tsx';

export const amkSection: AppSection = {
  id: 'amk',
  labelKey: 'amkMissions.nav.section',
  capability: 'amk.read',
  pages: [...missionPages],
};
