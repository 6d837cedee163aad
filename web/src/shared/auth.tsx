/**
 * The signed-in session: an HttpOnly cookie set by the server (the page never sees the session
 * token) and the actor from `/api/v1/auth/me` with its memberships and capabilities. What the user
 * may do is read from the capabilities the server computed — no access rule is repeated here; the
 * web only matches a capability's scopes against the centre or unit on screen. A 401 on any call
 * shows the login page.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, hasSession, setUnauthenticatedHandler } from './api/client.ts';

export type ScopeRef = { level: 'national' } | { level: 'area' | 'centre' | 'unit'; id: string };

export interface Capability {
  action: string;
  scopes: ScopeRef[];
}

export interface SessionActor {
  type?: string;
  id?: string | null;
  name: string;
  role: string;
  centreId: string | null;
  memberships?: { role: string; scope: ScopeRef }[];
  capabilities?: Capability[];
}

/**
 * May the actor do `action` (a policy action of the server, e.g. `routing.change`) — anywhere, or
 * at one of `where` (the ids that place the thing on screen: its centre, its AMK area, its unit)?
 */
export function can(
  actor: SessionActor | null | undefined,
  action: string,
  where?: (string | null | undefined)[],
): boolean {
  const c = actor?.capabilities?.find((x) => x.action === action);
  if (!c) return false;
  if (!where) return true;
  return c.scopes.some((s) => s.level === 'national' || where.includes(s.id));
}

type AuthState =
  | { status: 'loading' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'signed-in'; actor: SessionActor };

interface Auth {
  state: AuthState;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>(() =>
    hasSession() ? { status: 'loading' } : { status: 'signed-out', expired: false },
  );

  useEffect(() => {
    setUnauthenticatedHandler(() => setState({ status: 'signed-out', expired: true }));
    if (hasSession()) {
      api<SessionActor>('GET', '/api/v1/auth/me')
        .then((actor) => setState({ status: 'signed-in', actor }))
        .catch(() => setState({ status: 'signed-out', expired: false }));
    }
    return () => setUnauthenticatedHandler(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    await api('POST', '/api/v1/auth/login', { body: { username, password } });
    // The session cookie is set; /me carries the memberships and capabilities.
    const actor = await api<SessionActor>('GET', '/api/v1/auth/me');
    setState({ status: 'signed-in', actor });
  }, []);

  const logout = useCallback(async () => {
    try {
      await api('POST', '/api/v1/auth/logout');
    } catch {
      /* the server clears the cookie; whatever it says, the page signs out */
    }
    setState({ status: 'signed-out', expired: false });
  }, []);

  const value = useMemo(() => ({ state, login, logout }), [state, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
