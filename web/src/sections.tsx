/**
 * The application's sections: the menu and the router are both built from this list. A feature
 * is one folder under `features/` (its pages, its API calls, its texts) that exports its section
 * from `section.tsx`; it plugs in with one line here and its texts in `shared/i18n/catalogue.ts`.
 * Nothing else in the shell needs to change.
 */
import type { AppSection } from './shared/section.ts';
import { readinessSection } from './features/readiness/section.tsx';
import { routingSection } from './features/routing/section.tsx';
import { adminSection } from './features/admin/section.tsx';
import { callsReportsSection } from './features/calls-reports/section.tsx';
import { controlRoomSection } from './features/control-room/section.tsx';
import { emergencyPlansSection } from './features/emergency-plans/section.tsx';
import { lydloggSection } from './features/lydlogg/section.tsx';
import { testCallsSection } from './features/test-calls/section.tsx';
import { amkSection } from './features/amk/section.tsx';
import { nodnettSection } from './features/nodnett/section.tsx';

export const SECTIONS: AppSection[] = [
  readinessSection,
  routingSection,
  controlRoomSection,
  amkSection,
  nodnettSection,
  emergencyPlansSection,
  lydloggSection,
  testCallsSection,
  callsReportsSection,
  adminSection,
  // Planned sections (not built yet). Each gets its folder and its menu group once it has pages:
  // Rapporter (reports). Samtaler (calls) has its reports.
];

export const HOME_PATH = '/readiness/organisation';
