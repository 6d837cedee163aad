/** How one can sign in here (GET /api/v1/auth/methods): the password form and the OpenID provider. */
import { api } from '../../shared/api/client.ts';

export interface AuthMethods {
  /** Who may sign in with a password: everyone, or administrators only. */
  password: 'all' | 'admins';
  /** The OpenID provider (HelseID), when configured: the button's name, where it starts, link claims. */
  oidc: { name: string; startUrl: string; linkClaims: string[] } | null;
}

export const authMethods = (signal?: AbortSignal) =>
  api<AuthMethods>('GET', '/api/v1/auth/methods', { signal });
