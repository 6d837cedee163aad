/** Beredskap: organisation register, onboarding, training, roster, documentation and CSV imports. */
import type { AppSection } from '../../shared/section.ts';
import { OrganisationPage } from './organisation-page.tsx';
import { OnboardingPage } from './onboarding-page.tsx';
import { TrainingPage } from './training-page.tsx';
import { RosterPage } from './roster-page.tsx';
import { ReportPage } from './report-page.tsx';
import { ImportPage } from './import-page.tsx';

export const readinessSection: AppSection = {
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
};
