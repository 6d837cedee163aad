/** User administration: users with their memberships; disable/enable; replace memberships. */
import { api, apiAll, type Page } from '../../shared/api/client.ts';
import type { ScopeRef } from '../../shared/auth.tsx';

export interface Membership {
  role: string;
  scope: ScopeRef;
}

export interface UserListItem {
  id: string;
  username: string;
  display_name: string;
  role: string;
  centre_id: string | null;
  disabled: boolean;
  memberships: Membership[];
}

/** An OpenID identity linked to a user (the provider's `sub`, or the configured claim): the server's type. */
import type { IdentityLink } from '../../../../src/platform/auth/identities.ts';
export type { IdentityLink };

/** The OpenID provider as the login page sees it (null: none configured). */
export interface ProviderInfo {
  name: string;
  linkClaims: string[];
}

export const usersApi = {
  list: (signal?: AbortSignal) => apiAll<Page<UserListItem>>('/api/v1/users', { signal }),
  setDisabled: (id: string, disabled: boolean) =>
    api<UserListItem>('PATCH', `/api/v1/users/${id}`, { body: { disabled } }),
  setMemberships: (id: string, memberships: Membership[]) =>
    api<{ memberships: Membership[] }>('PUT', `/api/v1/users/${id}/memberships`, { body: { memberships } }),
  provider: async (signal?: AbortSignal) =>
    (await api<{ oidc: ProviderInfo | null }>('GET', '/api/v1/auth/methods', { signal })).oidc,
  identities: (id: string, signal?: AbortSignal) =>
    apiAll<Page<IdentityLink>>(`/api/v1/users/${id}/identities`, { signal }),
  link: (id: string, claim: string, value: string) =>
    api<IdentityLink>('POST', `/api/v1/users/${id}/identities`, { body: { claim, value } }),
  unlink: (id: string, identityId: string) =>
    api<void>('DELETE', `/api/v1/users/${id}/identities/${identityId}`),
};
