/**
 * The signed-in session: token (sessionStorage, so closing the browser signs out) and the actor
 * from `/api/v1/auth/me`. A 401 on any call signs the user out and shows the login page.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, getToken, setToken, setUnauthenticatedHandler } from './api/client.ts';

export interface SessionActor {
  type?: string;
  id?: string | null;
  name: string;
  role: string;
  centreId: string | null;
}

interface LoginResponse {
  token: string;
  expiresAt: string;
  actor: SessionActor;
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
    getToken() ? { status: 'loading' } : { status: 'signed-out', expired: false },
  );

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setToken(null);
      setState({ status: 'signed-out', expired: true });
    });
    if (getToken()) {
      api<SessionActor>('GET', '/api/v1/auth/me')
        .then((actor) => setState({ status: 'signed-in', actor }))
        .catch(() => {
          setToken(null);
          setState({ status: 'signed-out', expired: false });
        });
    }
    return () => setUnauthenticatedHandler(null);
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const r = await api<LoginResponse>('POST', '/api/v1/auth/login', { body: { username, password } });
    setToken(r.token);
    setState({ status: 'signed-in', actor: r.actor });
  }, []);

  const logout = useCallback(async () => {
    try {
      await api('POST', '/api/v1/auth/logout');
    } catch {
      /* the session is dropped locally whatever the server says */
    }
    setToken(null);
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
