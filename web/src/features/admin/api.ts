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

export const usersApi = {
  list: (signal?: AbortSignal) => apiAll<Page<UserListItem>>('/api/v1/users', { signal }),
  setDisabled: (id: string, disabled: boolean) =>
    api<UserListItem>('PATCH', `/api/v1/users/${id}`, { body: { disabled } }),
  setMemberships: (id: string, memberships: Membership[]) =>
    api<{ memberships: Membership[] }>('PUT', `/api/v1/users/${id}/memberships`, { body: { memberships } }),
};
