/** Beredskapsplaner (LV-7): the emergency and crisis-alert plans of the municipalities a centre serves. */
import type { AppSection } from '../../shared/section.ts';
import { MunicipalityPage } from './municipality-page.tsx';
import { PlanPage } from './plan-page.tsx';
import { PlansListPage } from './plans-list-page.tsx';

export const emergencyPlansSection: AppSection = {
  id: 'emergency-plans',
  labelKey: 'nav.emergencyPlans',
  capability: 'emergency-plans.read',
  pages: [
    {
      path: '/emergency-plans',
      labelKey: 'nav.emergencyPlans.list',
      activeFor: ['/emergency-plans/municipalities/:number', '/emergency-plans/plans/:id'],
      render: () => <PlansListPage />,
    },
    {
      path: '/emergency-plans/municipalities/:number',
      render: (p) => <MunicipalityPage number={p.number!} />,
    },
    { path: '/emergency-plans/plans/:id', render: (p) => <PlanPage id={p.id!} /> },
  ],
};
