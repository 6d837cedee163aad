/**
 * The OpenID provider as this server uses it, through `openid-client`: discovery from the issuer
 * URL, the authorization URL (pushed, PAR, when the provider offers it — HelseID requires it),
 * and the code exchange with a signed client assertion (`private_key_jwt`), PKCE (S256), state
 * and nonce, which validates the ID token (signature by the provider's published keys, issuer,
 * audience, expiry, nonce).
 *
 * Faults: discovery is lazy — the server starts with the provider down, and the first sign-in
 * (or the warm-up after start) discovers it. Concurrent callers share one discovery; a failed one
 * is not remembered, so the next sign-in tries again. Every request to the provider has the
 * deadline NODMELD_OIDC_TIMEOUT_MS: a provider that is down or does not answer is a 503 with
 * `auth.oidc.provider-unavailable` within that time, never a hanging request. Everything the
 * provider refuses or that does not verify is classified by `classifyProviderError`.
 */
import * as client from 'openid-client';
import type { Logger } from 'pino';
import type { OidcConfig } from './settings.ts';
import type { ClientKey } from './client-key.ts';

/** What went wrong with the provider, as the sign-in reports it. */
export type ProviderFailure =
  /** Unreachable, timed out, 5xx or not speaking OpenID Connect: try again later (503). */
  | 'unavailable'
  /** The provider refused this client (its key, its registration): the operator must act (503). */
  | 'client-rejected'
  /** The provider sent an error instead of a code (the user cancelled, no access …). */
  | 'denied'
  /** The token endpoint refused the code: expired, used already, or not issued to us. */
  | 'code-rejected'
  /** The ID token's nonce is not the one this sign-in sent. */
  | 'nonce-mismatch'
  /** The ID token or the answer does not verify: signature, issuer, audience, expiry. */
  | 'invalid-token';

export interface ClassifiedFailure {
  failure: ProviderFailure;
  /** For the audit trail and the log: the OAuth error, or the check that failed. */
  detail: string;
}

const UNAVAILABLE_CODES = new Set([
  'OAUTH_TIMEOUT',
  'OAUTH_ABORT',
  'OAUTH_RESPONSE_IS_NOT_CONFORM',
  'OAUTH_RESPONSE_IS_NOT_JSON',
  'OAUTH_PARSE_ERROR',
  'OAUTH_INVALID_SERVER_METADATA',
  'OAUTH_MISSING_SERVER_METADATA',
]);

/** The failure an error of openid-client (or of fetch) stands for. */
export function classifyProviderError(err: unknown): ClassifiedFailure {
  if (err instanceof client.AuthorizationResponseError) return { failure: 'denied', detail: err.error };
  if (err instanceof client.ResponseBodyError) {
    if (err.status >= 500) return { failure: 'unavailable', detail: `${err.status} ${err.error}` };
    if (err.error === 'invalid_client' || err.error === 'unauthorized_client')
      return { failure: 'client-rejected', detail: err.error };
    return { failure: 'code-rejected', detail: err.error };
  }
  // fetch itself: connection refused or reset, DNS, TLS.
  if (err instanceof TypeError && !(err as { code?: string }).code)
    return { failure: 'unavailable', detail: 'network' };
  if (err instanceof client.ClientError) {
    const code = err.code ?? 'unknown';
    if (UNAVAILABLE_CODES.has(code)) return { failure: 'unavailable', detail: code };
    const claim = (err.cause as { cause?: { claim?: unknown } } | undefined)?.cause?.claim;
    if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim === 'nonce')
      return { failure: 'nonce-mismatch', detail: 'nonce' };
    return { failure: 'invalid-token', detail: typeof claim === 'string' ? `${code}:${claim}` : code };
  }
  return { failure: 'invalid-token', detail: err instanceof Error ? err.name : 'unknown' };
}

/** The claims of a validated sign-in. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  /** The ID token's claims, completed from the userinfo endpoint when the matching claim was not in it. */
  claims: Record<string, unknown>;
}

export class ProviderClient {
  private discovered: client.Configuration | null = null;
  private pending: Promise<client.Configuration> | null = null;

  constructor(
    private readonly config: OidcConfig,
    private readonly key: ClientKey,
    private readonly logger?: Logger,
  ) {}

  /** The discovered configuration: discovered on first use, again after a failure. */
  async configuration(): Promise<client.Configuration> {
    if (this.discovered) return this.discovered;
    this.pending ??= client
      .discovery(
        new URL(this.config.issuer),
        this.config.clientId,
        { token_endpoint_auth_method: 'private_key_jwt', redirect_uris: [this.config.redirectUrl] },
        client.PrivateKeyJwt({ key: this.key.key, ...(this.key.kid ? { kid: this.key.kid } : {}) }),
        {
          timeout: this.config.timeoutMs / 1000,
          ...(this.config.allowHttp ? { execute: [client.allowInsecureRequests] } : {}),
        },
      )
      .then((c) => {
        this.discovered = c;
        this.logger?.info({ issuer: this.config.issuer }, 'OpenID provider discovered');
        return c;
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  /** Discovers in the background after start; a failure is only logged (sign-ins retry). */
  warmUp(): void {
    this.configuration().catch((err: unknown) =>
      this.logger?.warn(
        { issuer: this.config.issuer, failure: classifyProviderError(err) },
        'OpenID provider not reachable yet; sign-in will try again',
      ),
    );
  }

  /** Where to send the browser: the provider's authorization endpoint with this sign-in's checks. */
  async authorizationUrl(p: { state: string; nonce: string; codeVerifier: string }): Promise<URL> {
    const config = await this.configuration();
    const parameters = {
      redirect_uri: this.config.redirectUrl,
      scope: this.config.scopes.join(' '),
      response_type: 'code',
      state: p.state,
      nonce: p.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(p.codeVerifier),
      code_challenge_method: 'S256',
    };
    const par =
      this.config.par === 'on' ||
      (this.config.par === 'auto' && !!config.serverMetadata().pushed_authorization_request_endpoint);
    return par
      ? client.buildAuthorizationUrlWithPAR(config, parameters)
      : client.buildAuthorizationUrl(config, parameters);
  }

  /**
   * Exchanges the code of the provider's redirect (`query`: its parameters) and validates the ID
   * token; asks the userinfo endpoint for the matching claim when the ID token lacks it.
   */
  async exchange(
    query: URLSearchParams,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<VerifiedIdentity> {
    const config = await this.configuration();
    // The redirect URL as registered, with the provider's parameters: openid-client takes the
    // redirect_uri for the token request from it (never from the Host header of this request).
    const current = new URL(this.config.redirectUrl);
    current.search = query.toString();
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    let claims: Record<string, unknown> = { ...idToken };
    const wanted = this.config.matchClaim;
    if (wanted && claims[wanted] === undefined && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      claims = { ...info, ...claims };
    }
    return { issuer: idToken.iss, subject: idToken.sub, claims };
  }
}
