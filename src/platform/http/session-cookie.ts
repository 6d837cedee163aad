/**
 * The web's session (issue 9 part 3): the session token in an HttpOnly cookie (no script can read
 * it), SameSite=Strict, Secure when the request came over TLS (`auto`: the request's protocol,
 * X-Forwarded-Proto behind a trusted proxy) or always/never by configuration. Cross-site request
 * forgery is refused by a double-submit token: a second, readable cookie whose value the web sends
 * back in the `X-CSRF-Token` header on every change; a forged cross-site request can send the
 * cookies but cannot read the value. Bearer tokens (integrations) need no CSRF token: a browser
 * never adds them by itself.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'nodmeld_session';
export const CSRF_COOKIE = 'nodmeld_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type CookieSecureMode = 'auto' | 'always' | 'never';

/** The request's cookies (the last of a repeated name wins). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    const raw = part.slice(i + 1).trim();
    try {
      out[name] = decodeURIComponent(raw);
    } catch {
      out[name] = raw;
    }
  }
  return out;
}

const secureFor = (req: FastifyRequest, mode: CookieSecureMode) =>
  mode === 'always' || (mode === 'auto' && req.protocol === 'https');

function cookie(
  name: string,
  value: string,
  opts: { httpOnly: boolean; secure: boolean; maxAge: number; path?: string; sameSite?: 'Strict' | 'Lax' },
) {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${opts.path ?? '/'}`,
    `Max-Age=${opts.maxAge}`,
    `SameSite=${opts.sameSite ?? 'Strict'}`,
    ...(opts.httpOnly ? ['HttpOnly'] : []),
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

/** Sets the session and CSRF cookies; returns the CSRF token (also sent in the login answer). */
export function setSessionCookies(
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: string,
  mode: CookieSecureMode,
): string {
  const csrf = randomBytes(24).toString('base64url');
  const maxAge = Math.max(0, Math.floor((new Date(expiresAt).getTime() - Date.now()) / 1000));
  const secure = secureFor(req, mode);
  void reply.header('set-cookie', [
    cookie(SESSION_COOKIE, token, { httpOnly: true, secure, maxAge }),
    cookie(CSRF_COOKIE, csrf, { httpOnly: false, secure, maxAge }),
  ]);
  return csrf;
}

export function clearSessionCookies(req: FastifyRequest, reply: FastifyReply, mode: CookieSecureMode): void {
  const secure = secureFor(req, mode);
  void reply.header('set-cookie', [
    cookie(SESSION_COOKIE, '', { httpOnly: true, secure, maxAge: 0 }),
    cookie(CSRF_COOKIE, '', { httpOnly: false, secure, maxAge: 0 }),
  ]);
}

/** The session token from the cookie, or null. */
export function sessionCookie(req: FastifyRequest): string | null {
  return parseCookies(req.headers.cookie)[SESSION_COOKIE] || null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a cookie-authenticated request may proceed: safe methods, or the CSRF header matches. */
export function csrfOk(req: FastifyRequest): boolean {
  if (SAFE_METHODS.has(req.method)) return true;
  const expected = parseCookies(req.headers.cookie)[CSRF_COOKIE];
  const given = req.headers[CSRF_HEADER];
  if (!expected || typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The state of an OpenID Connect sign-in in progress (auth/oidc/sign-in-attempts.ts): HttpOnly,
 * sent only to the callback path, and SameSite=Lax — the provider's redirect back is a top-level
 * navigation from another site, on which a Strict cookie would not be sent.
 */
export const OIDC_STATE_COOKIE = 'nodmeld_oidc_state';

export function setOidcStateCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  state: string,
  opts: { path: string; maxAgeS: number; mode: CookieSecureMode },
): void {
  void reply.header(
    'set-cookie',
    cookie(OIDC_STATE_COOKIE, state, {
      httpOnly: true,
      secure: secureFor(req, opts.mode),
      maxAge: opts.maxAgeS,
      path: opts.path,
      sameSite: 'Lax',
    }),
  );
}

export function clearOidcStateCookie(
  req: FastifyRequest,
  reply: FastifyReply,
  opts: { path: string; mode: CookieSecureMode },
): void {
  void reply.header(
    'set-cookie',
    cookie(OIDC_STATE_COOKIE, '', {
      httpOnly: true,
      secure: secureFor(req, opts.mode),
      maxAge: 0,
      path: opts.path,
      sameSite: 'Lax',
    }),
  );
}

/** The state cookie of a sign-in in progress, or null. */
export function oidcStateCookie(req: FastifyRequest): string | null {
  return parseCookies(req.headers.cookie)[OIDC_STATE_COOKIE] || null;
}
