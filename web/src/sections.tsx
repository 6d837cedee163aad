/**
 * The application's sections and pages: the menu and the router are both built from this list.
 * A later feature plugs in by adding its section here (or filling in one of the planned ones)
 * with its pages; nothing else in the shell needs to change.
 */
import type { ReactNode } from 'react';
import type { MessageKey } from './shared/i18n/i18n.tsx';
import { OrganisationPage } from './features/readiness/organisation-page.tsx';
import { OnboardingPage } from './features/readiness/onboarding-page.tsx';
import { TrainingPage } from './features/readiness/training-page.tsx';
import { RosterPage } from './features/readiness/roster-page.tsx';
import { ReportPage } from './features/readiness/report-page.tsx';
import { ImportPage } from './features/readiness/import-page.tsx';
import { CentresPage } from './features/routing/centres-page.tsx';
import { CentrePage } from './features/routing/centre-page.tsx';
import { MunicipalitiesPage } from './features/routing/municipalities-page.tsx';
import { ReroutesPage } from './features/routing/reroutes-page.tsx';
import { DecidePage } from './features/routing/decide-page.tsx';
import { UsersPage } from './features/admin/users-page.tsx';

export interface AppPage {
  /** Path pattern, e.g. `/readiness/onboarding/:unitId`. */
  path: string;
  /** Menu label; pages without one (detail pages) are routed but not listed. */
  labelKey?: MessageKey;
  /** Highlight this menu entry for these other paths (detail pages). */
  activeFor?: string[];
  render: (params: Record<string, string>) => ReactNode;
}

export interface AppSection {
  id: string;
  labelKey: MessageKey;
  /** The server capability (a policy action) the menu needs to show the section. */
  capability?: string;
  pages: AppPage[];
}

export const SECTIONS: AppSection[] = [
  {
    id: 'readiness',
    labelKey: 'nav.readiness',
    capability: 'readiness.read',
    pages: [
      {
        path: '/readiness/organisation',
        labelKey: 'nav.readiness.organisation',
        render: () => <OrganisationPage />,
      },
      {
        path: '/readiness/onboarding',
        labelKey: 'nav.readiness.onboarding',
        activeFor: ['/readiness/onboarding/:unitId'],
        render: () => <OnboardingPage />,
      },
      { path: '/readiness/onboarding/:unitId', render: (p) => <OnboardingPage unitId={p.unitId} /> },
      { path: '/readiness/training', labelKey: 'nav.readiness.training', render: () => <TrainingPage /> },
      { path: '/readiness/roster', labelKey: 'nav.readiness.roster', render: () => <RosterPage /> },
      { path: '/readiness/report', labelKey: 'nav.readiness.report', render: () => <ReportPage /> },
      { path: '/readiness/import', labelKey: 'nav.readiness.imports', render: () => <ImportPage /> },
    ],
  },
  {
    // Ruting: centres, municipalities, re-routes and the decision tester (RT-*).
    id: 'routing',
    labelKey: 'nav.routing',
    capability: 'routing.read',
    pages: [
      {
        path: '/routing/centres',
        labelKey: 'nav.routing.centres',
        activeFor: ['/routing/centres/:id'],
        render: () => <CentresPage />,
      },
      { path: '/routing/centres/:id', render: (p) => <CentrePage id={p.id!} /> },
      {
        path: '/routing/municipalities',
        labelKey: 'nav.routing.municipalities',
        render: () => <MunicipalitiesPage />,
      },
      { path: '/routing/reroutes', labelKey: 'nav.routing.reroutes', render: () => <ReroutesPage /> },
      { path: '/routing/decide', labelKey: 'nav.routing.decide', render: () => <DecidePage /> },
    ],
  },
  {
    // Administrasjon: users and their roles (issue 9 part 3).
    id: 'admin',
    labelKey: 'nav.admin',
    capability: 'users.manage',
    pages: [
      {
        path: '/admin/users',
        labelKey: 'nav.admin.users',
        render: () => <UsersPage />,
      },
    ],
  },
  // Planned sections (not built yet). Each gets its menu group once it has pages:
  // { id: 'calls', labelKey: 'nav.calls', pages: [] },            // Samtaler
  // { id: 'recordings', labelKey: 'nav.recordings', pages: [] },  // Lydlogg
  // { id: 'nodnett', labelKey: 'nav.nodnett', pages: [] },        // Nødnett
  // { id: 'reports', labelKey: 'nav.reports', pages: [] },        // Rapporter
];

export const HOME_PATH = '/readiness/organisation';
