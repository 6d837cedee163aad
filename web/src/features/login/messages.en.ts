/** English texts of the sign-in page: every key of the bokmål texts, checked by the type. */
import type { Translation } from '../../shared/i18n/define-messages.ts';
import type { loginNb } from './messages.nb.ts';

export const loginEn: Translation<typeof loginNb> = {
  'login.title': 'Sign in to nodmeld',
  'login.intro': 'Sign in with your username and password.',
  'login.introOidc': 'Sign in with {name}, as you do elsewhere in the health service.',
  'login.withProvider': 'Sign in with {name}',
  'login.passwordHeading': 'Or sign in with username and password',
  'login.passwordAdminsOnly': 'Password sign-in is for administrators only.',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.failed': 'Sign-in failed',
  'login.sessionExpired': 'Your session has expired. Please sign in again.',
};
