/** Administrasjon: users and their roles (issue 9 part 3). */
import type { AppSection } from '../../shared/section.ts';
import { UsersPage } from './users-page.tsx';

export const adminSection: AppSection = {
  id: 'admin',
  labelKey: 'nav.admin',
  capability: 'users.manage',
  pages: [{ path: '/admin/users', labelKey: 'nav.admin.users', render: () => <UsersPage /> }],
};
