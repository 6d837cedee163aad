/** Testanrop (RT-8): the test-call runs, their results and sign-offs, and the alarms. */
import type { AppSection } from '../../shared/section.ts';
import { RunPage } from './run-page.tsx';
import { TestCallsPage } from './test-calls-page.tsx';

export const testCallsSection: AppSection = {
  id: 'test-calls',
  labelKey: 'nav.testCalls',
  capability: 'test-calls.read',
  pages: [
    {
      path: '/test-calls',
      labelKey: 'nav.testCalls.list',
      activeFor: ['/test-calls/runs/:id'],
      render: () => <TestCallsPage />,
    },
    { path: '/test-calls/runs/:id', render: (p) => <RunPage id={p.id!} /> },
  ],
};
