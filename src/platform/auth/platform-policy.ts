/**
 * The platform's own policy: administering users and API tokens. Like every context's policy it
 * feeds the capabilities of `/api/v1/auth/me`, so the web shows the user administration page only
 * to those who may use it.
 */
import type { ScopeRef } from './actor.ts';
import { definePolicy } from './policy.ts';

export const platformPolicy = definePolicy(
  'platform',
  {
    /** List, create, disable users and edit their memberships. */
    'users.manage': { roles: [], nationalOnly: true },
    /** Issue, list and revoke API tokens. */
    'tokens.manage': { roles: ['operations'], nationalOnly: true },
  },
  (_s: ScopeRef, _r: never) => false,
);

export const USERS = { policy: platformPolicy, action: 'users.manage' } as const;
export const TOKENS = { policy: platformPolicy, action: 'tokens.manage' } as const;
