/** English texts of the administration section: users and their memberships: every key of the bokmål texts, checked by the type. */
import type { Translation } from '../../shared/i18n/define-messages.ts';
import type { adminNb } from './messages.nb.ts';

export const adminEn: Translation<typeof adminNb> = {
  'nav.admin': 'Administration',
  'nav.admin.users': 'Users',
  'users.title': 'Users and access',
  'users.intro':
    'Each user holds one or more roles, each at a scope: national, AMK area, centre or unit. Changes apply at once and are audited.',
  'users.list': 'Users',
  'users.username': 'Username',
  'users.name': 'Name',
  'users.memberships': 'Roles',
  'users.status': 'Status',
  'users.active': 'active',
  'users.disabled': 'disabled',
  'users.disable': 'Disable {name}',
  'users.enable': 'Enable {name}',
  'users.edit': 'Edit roles of {name}',
  'users.editTitle': 'Roles of {name}',
  'users.role': 'Role',
  'users.level': 'Scope',
  'users.scopeId': 'Id (centre, AMK or unit)',
  'users.addMembership': 'Add role',
  'users.removeMembership': 'Remove role {n}',
  'scope.national': 'national',
  'scope.area': 'AMK area',
  'scope.centre': 'centre',
  'scope.unit': 'unit',
};
