/** Ruting: centres and their availability, municipalities, re-routes and the decision tester (RT-*). */
import type { AppSection } from '../../shared/section.ts';
import { CentresPage } from './centres-page.tsx';
import { CentrePage } from './centre-page.tsx';
import { MunicipalitiesPage } from './municipalities-page.tsx';
import { ReroutesPage } from './reroutes-page.tsx';
import { DecidePage } from './decide-page.tsx';

export const routingSection: AppSection = {
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
};
