/**
 * Sign-in through an OpenID provider (issue 11; docs/auth.md), the use case behind
 * `/api/v1/auth/oidc/start` and `/callback`:
 *
 * 1. `start`: a fresh state, nonce and PKCE verifier; the provider's authorization URL (pushed
 *    first when the provider offers PAR); the attempt stored server-side (sign-in-attempts.ts).
 *    The provider is asked before anything is stored: when it is down, nothing is written and the
 *    caller gets 503 `auth.oidc.provider-unavailable` within NODMELD_OIDC_TIMEOUT_MS.
 * 2. `callback`: the state in the URL must equal the browser's state cookie and name an attempt
 *    that is unused and not expired (400 otherwise); the code is exchanged with the signed client
 *    assertion and the verifier, and the ID token validated (401 otherwise); the identity must be
 *    linked to an enabled user (403 otherwise); then a session like a password sign-in's.
 *
 * Every refusal is audited as `auth.login-failed` with `method: 'oidc'` and a reason; the provider's
 * own words go to the log and the audit trail, never to the page (which renders the code).
 */
import { timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import type { Logger } from 'pino';
import type { Db } from '../../db/types.ts';
import { recordAudit } from '../../audit.ts';
import { refusal, type AppError, type ErrorCode } from '../../errors.ts';
import type { Actor } from '../actor.ts';
import { ANONYMOUS, type AuthService } from '../auth-service.ts';
import { signInWithIdentity } from '../identities.ts';
import type { OidcConfig } from './settings.ts';
import { classifyProviderError, type ProviderClient, type ProviderFailure } from './provider-client.ts';
import type { SignInAttempts, StateRefusal } from './sign-in-attempts.ts';

/** What each provider failure answers: status (by error code) and the message code the web renders. */
const FAILURES: Record<ProviderFailure, { status: ErrorCode; code: string; message: string }> = {
  unavailable: {
    status: 'unavailable',
    code: 'auth.oidc.provider-unavailable',
    message: 'The identity provider cannot be reached; try again shortly or sign in with a password',
  },
  'client-rejected': {
    status: 'unavailable',
    code: 'auth.oidc.client-rejected',
    message: 'The identity provider refused this server (its client key or registration)',
  },
  denied: {
    status: 'unauthenticated',
    code: 'auth.oidc.denied',
    message: 'The sign-in at the identity provider was cancelled or refused',
  },
  'code-rejected': {
    status: 'unauthenticated',
    code: 'auth.oidc.code-rejected',
    message: 'The identity provider refused the sign-in code (expired or used); sign in again',
  },
  'nonce-mismatch': {
    status: 'unauthenticated',
    code: 'auth.oidc.invalid-token',
    message: 'The identity token does not belong to this sign-in (nonce)',
  },
  'invalid-token': {
    status: 'unauthenticated',
    code: 'auth.oidc.invalid-token',
    message: 'The identity token could not be verified',
  },
};

const STATE_REFUSALS: Record<StateRefusal | 'missing' | 'mismatch', { code: string; message: string }> = {
  missing: { code: 'auth.oidc.invalid-state', message: 'The sign-in answer has no state' },
  mismatch: {
    code: 'auth.oidc.invalid-state',
    message: 'The sign-in was not started in this browser (state cookie missing or different)',
  },
  unknown: { code: 'auth.oidc.invalid-state', message: 'This sign-in is not known; sign in again' },
  replayed: { code: 'auth.oidc.state-used', message: 'This sign-in answer has been used already' },
  expired: { code: 'auth.oidc.state-expired', message: 'The sign-in took too long; sign in again' },
};

const safeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** A path of the web app to come back to: same origin only, never an API path. */
export function safeReturnTo(value: string | undefined): string {
  if (!value || value.length > 500) return '/';
  if (!/^\/(?!\/)[^\s\\]*$/.test(value) || /^\/api(\/|$)/.test(value)) return '/';
  return value;
}

export class OidcSignIn {
  constructor(
    private readonly deps: {
      db: Db;
      auth: AuthService;
      provider: ProviderClient;
      attempts: SignInAttempts;
      config: OidcConfig;
      logger?: Logger;
    },
  ) {}

  get displayName(): string {
    return this.deps.config.displayName;
  }

  /** The claims a person may be linked by: `sub`, and the configured matching claim. */
  get linkClaims(): string[] {
    return ['sub', ...(this.deps.config.matchClaim ? [this.deps.config.matchClaim] : [])];
  }

  /** Starts a sign-in: the URL to send the browser to and the state for its cookie. */
  async start(returnTo: string | undefined): Promise<{ url: URL; state: string }> {
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    let url: URL;
    try {
      url = await this.deps.provider.authorizationUrl({ state, nonce, codeVerifier });
    } catch (err) {
      throw this.providerFailure(err, 'start').error;
    }
    await this.deps.attempts.create(state, { nonce, codeVerifier, returnTo: safeReturnTo(returnTo) });
    return { url, state };
  }

  /**
   * Finishes a sign-in from the provider's redirect (`query`) and the browser's state cookie.
   * Returns the session and where to send the browser.
   */
  async callback(
    query: URLSearchParams,
    stateCookie: string | null,
    source: string,
  ): Promise<{ token: string; actor: Actor; expiresAt: string; returnTo: string }> {
    const state = query.get('state');
    if (!state) throw await this.stateRefused('missing', source);
    if (!stateCookie || !safeEqual(stateCookie, state)) throw await this.stateRefused('mismatch', source);
    const consumed = await this.deps.attempts.consume(state);
    if ('refused' in consumed) throw await this.stateRefused(consumed.refused, source);
    const { attempt } = consumed;
    let identity;
    try {
      identity = await this.deps.provider.exchange(query, {
        state,
        nonce: attempt.nonce,
        codeVerifier: attempt.codeVerifier,
      });
    } catch (err) {
      const { error, failure, detail } = this.providerFailure(err, 'callback');
      await this.audit(`oidc:${this.deps.config.issuer}`, { source, reason: failure, detail });
      throw error;
    }
    const session = await signInWithIdentity(this.deps.db, this.deps.auth, identity, {
      matchClaim: this.deps.config.matchClaim,
      source,
    });
    return { ...session, returnTo: attempt.returnTo };
  }

  /** The refusal for a provider error, logged; `detail` (the provider's own words) for the audit row. */
  private providerFailure(
    err: unknown,
    during: 'start' | 'callback',
  ): { error: AppError; failure: ProviderFailure; detail: string } {
    const { failure, detail } = classifyProviderError(err);
    const f = FAILURES[failure];
    const level = failure === 'unavailable' || failure === 'client-rejected' ? 'error' : 'warn';
    this.deps.logger?.[level]({ err, during, failure, detail }, 'OpenID sign-in failed');
    return { error: refusal(f.status, f.message, { code: f.code }), failure, detail };
  }

  private async stateRefused(why: keyof typeof STATE_REFUSALS, source: string): Promise<AppError> {
    await this.audit('oidc-state', { source, reason: `state-${why}` });
    const r = STATE_REFUSALS[why];
    return refusal('bad-request', r.message, { code: r.code });
  }

  private audit(entityId: string, details: Record<string, unknown>): Promise<void> {
    return recordAudit(this.deps.db, ANONYMOUS, {
      action: 'auth.login-failed',
      entityType: 'user',
      entityId,
      details: { method: 'oidc', issuer: this.deps.config.issuer, ...details },
    });
  }
}
