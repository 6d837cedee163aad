/**
 * The sign-in methods and the OpenID Connect sign-in routes (issue 11; docs/auth.md). Registered
 * whether or not a provider is configured, so the route table (and the OpenAPI document) is the
 * same on every installation: without one, `/methods` says so and `start`/`callback` answer 404
 * `auth.oidc.not-configured`.
 *
 * `start` and `callback` are browser navigations, not fetches: their answers are redirects. A
 * failure answers problem+json with its status to API clients and tests; a browser (Accept:
 * text/html) is sent back to the login page with `?signInError=<code>`, which it renders in the
 * reader's language.
 */
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Route } from '../../http/route.ts';
import { AppError, refusal } from '../../errors.ts';
import {
  clearOidcStateCookie,
  oidcStateCookie,
  setOidcStateCookie,
  setSessionCookies,
  type CookieSecureMode,
} from '../../http/session-cookie.ts';
import type { OidcSignIn } from './oidc-sign-in.ts';
import { OIDC_CALLBACK_PATH } from './settings.ts';
import { ATTEMPT_TTL_MS } from './sign-in-attempts.ts';

/** The login page the browser is sent back to with a refusal's code. */
export const LOGIN_PAGE = '/login';

export const authMethodsSchema = z.object({
  /** Who may sign in with a password: everyone, or administrators only. */
  password: z.enum(['all', 'admins']),
  /**
   * The OpenID provider, when configured: the name on the login page's button, where sign-in
   * starts, and the claims an administrator may link a person by (`sub`, the matching claim).
   */
  oidc: z.object({ name: z.string(), startUrl: z.string(), linkClaims: z.array(z.string()) }).nullable(),
});

const START_PATH = '/api/v1/auth/oidc/start';

const notConfigured = () =>
  refusal('not-found', 'OpenID Connect sign-in is not configured on this server', {
    code: 'auth.oidc.not-configured',
  });

/** A browser navigation (a page load), rather than fetch or an API client. */
const wantsPage = (req: FastifyRequest) => (req.headers.accept ?? '').includes('text/html');

/**
 * Answers a failure: rethrown (problem+json) to API clients; a browser goes to the login page
 * with the refusal's code (an unexpected error is logged and shown as `auth.oidc.failed`).
 */
function failed(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  if (!wantsPage(req)) throw err;
  const code =
    err instanceof AppError && typeof err.extra.detailCode === 'string' ? err.extra.detailCode : null;
  if (!code) req.log.error({ err }, 'OpenID sign-in failed unexpectedly');
  return reply.redirect(`${LOGIN_PAGE}?signInError=${encodeURIComponent(code ?? 'auth.oidc.failed')}`, 303);
}

export function registerOidcRoutes(
  route: Route,
  opts: { signIn: OidcSignIn | null; passwordLogin: 'all' | 'admins'; cookieSecure: CookieSecureMode },
): void {
  const { signIn, cookieSecure } = opts;
  route({
    method: 'GET',
    url: '/api/v1/auth/methods',
    summary: 'How one can sign in here',
    description:
      'Public: the login page asks which methods to offer — the password form (for everyone, or administrators only) and the OpenID provider (HelseID) with the name for its button.',
    tags: ['auth'],
    auth: 'public',
    response: authMethodsSchema,
    handler: async () => ({
      password: opts.passwordLogin,
      oidc: signIn ? { name: signIn.displayName, startUrl: START_PATH, linkClaims: signIn.linkClaims } : null,
    }),
  });
  route({
    method: 'GET',
    url: START_PATH,
    summary: 'Start signing in at the OpenID provider',
    description:
      'Redirects (303) the browser to the provider (authorization code flow with PKCE S256, state and nonce; pushed authorization request when the provider offers it) and sets a short-lived HttpOnly state cookie. `returnTo`: a path of the web app to come back to. 503 `auth.oidc.provider-unavailable` when the provider cannot be reached within NODMELD_OIDC_TIMEOUT_MS.',
    tags: ['auth'],
    auth: 'public',
    query: z.object({ returnTo: z.string().max(500).optional() }),
    successStatus: 303,
    errors: [404, 503],
    handler: async ({ query, req, reply }) => {
      try {
        if (!signIn) throw notConfigured();
        const { url, state } = await signIn.start(query.returnTo);
        setOidcStateCookie(req, reply, state, {
          path: OIDC_CALLBACK_PATH,
          maxAgeS: ATTEMPT_TTL_MS / 1000,
          mode: cookieSecure,
        });
        return reply.redirect(url.href, 303);
      } catch (err) {
        return failed(req, reply, err);
      }
    },
  });
  route({
    method: 'GET',
    url: OIDC_CALLBACK_PATH,
    summary: 'Finish signing in: the OpenID provider sends the browser back here',
    description:
      'Checks the state (against the browser’s state cookie; used once, within 10 minutes), exchanges the code with a signed client assertion (private_key_jwt) and the PKCE verifier, validates the ID token (signature, issuer, audience, expiry, nonce) and signs in the nodmeld user an administrator linked to the identity. Sets the same session and CSRF cookies as the password sign-in and redirects (303) to the web app. Refusals: 400 (state), 401 (code or token), 403 (`auth.oidc.unknown-identity`: no user linked), 503 (provider) — all audited.',
    tags: ['auth'],
    auth: 'public',
    query: z.object({
      code: z.string().max(4000).optional(),
      state: z.string().max(500).optional(),
      iss: z.string().max(500).optional(),
      error: z.string().max(200).optional(),
      error_description: z.string().max(2000).optional(),
    }),
    successStatus: 303,
    errors: [400, 401, 403, 404, 503],
    handler: async ({ req, reply }) => {
      clearOidcStateCookie(req, reply, { path: OIDC_CALLBACK_PATH, mode: cookieSecure });
      try {
        if (!signIn) throw notConfigured();
        // The provider's parameters exactly as sent (repeated or unknown ones included).
        const params = new URL(req.url, 'http://callback.invalid').searchParams;
        const session = await signIn.callback(params, oidcStateCookie(req), req.ip);
        setSessionCookies(req, reply, session.token, session.expiresAt, cookieSecure);
        return reply.redirect(session.returnTo, 303);
      } catch (err) {
        return failed(req, reply, err);
      }
    },
  });
}
