/**
 * OpenID Connect sign-in settings (issue 11; docs/auth.md). The configuration module spreads
 * `oidcSettingsSchema.shape` into the platform's schema and reports `oidcSettingsIssues` with the
 * other bad variables, so a half-configured provider stops start-up with every missing one named. Setting
 * `NODMELD_OIDC_ISSUER` turns OpenID Connect sign-in on; local accounts keep working beside it.
 */
import { z } from 'zod';

/** Where the server answers the provider's redirect (the redirect URL must end in this path). */
export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const oidcSettingsSchema = z.object({
  /** The provider's issuer URL (discovery: `<issuer>/.well-known/openid-configuration`). */
  NODMELD_OIDC_ISSUER: z.url().optional(),
  NODMELD_OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  /** The client's private key, PEM (PKCS#8) or JWK/JWKS JSON: it signs the client assertion. */
  NODMELD_OIDC_CLIENT_KEY_FILE: z.string().min(1).optional(),
  /** The key id sent in the assertion's header; default: the JWK's `kid`. */
  NODMELD_OIDC_CLIENT_KEY_ID: z.string().min(1).max(200).optional(),
  /** The absolute URL of this server's callback as registered at the provider. */
  NODMELD_OIDC_REDIRECT_URL: z.url().optional(),
  NODMELD_OIDC_SCOPES: z.string().min(1).default('openid profile'),
  /**
   * A claim an administrator may link a person by besides `sub` (e.g. HelseID's
   * `helseid://claims/identity/pid`); unset: links by `sub` only.
   */
  NODMELD_OIDC_MATCH_CLAIM: z.string().min(1).max(200).optional(),
  /** The name on the login page's button ("Logg inn med …"). */
  NODMELD_OIDC_DISPLAY_NAME: z.string().min(1).max(60).default('HelseID'),
  /** Longest wait for the provider (discovery, PAR, token, keys, userinfo): then 503. */
  NODMELD_OIDC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** Pushed authorization requests (RFC 9126): `auto` = when the provider offers them (HelseID requires them). */
  NODMELD_OIDC_PAR: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Allow an `http://` issuer (a provider on the same machine in development and tests only). */
  NODMELD_OIDC_ALLOW_HTTP: bool.default(false),
  /**
   * Who may sign in with a password: `all` (default) or `admins` (everyone else signs in through
   * the provider; the administrators keep a way in when the provider is down).
   */
  NODMELD_PASSWORD_LOGIN: z.enum(['all', 'admins']).default('all'),
});

export type OidcSettings = z.infer<typeof oidcSettingsSchema>;

/** The provider's configuration, when OpenID Connect sign-in is on. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  keyFile: string;
  keyId?: string;
  redirectUrl: string;
  scopes: string[];
  matchClaim?: string;
  displayName: string;
  timeoutMs: number;
  par: 'auto' | 'on' | 'off';
  allowHttp: boolean;
}

/** The cross-field rules: every issue as [variable, message]. */
export function oidcSettingsIssues(s: OidcSettings): [keyof OidcSettings, string][] {
  if (!s.NODMELD_OIDC_ISSUER) return [];
  const issues: [keyof OidcSettings, string][] = [];
  for (const name of [
    'NODMELD_OIDC_CLIENT_ID',
    'NODMELD_OIDC_CLIENT_KEY_FILE',
    'NODMELD_OIDC_REDIRECT_URL',
  ] as const) {
    if (!s[name]) issues.push([name, 'required when NODMELD_OIDC_ISSUER is set']);
  }
  const insecure = (u: string) => new URL(u).protocol !== 'https:';
  if (insecure(s.NODMELD_OIDC_ISSUER) && !s.NODMELD_OIDC_ALLOW_HTTP)
    issues.push(['NODMELD_OIDC_ISSUER', 'must be https (NODMELD_OIDC_ALLOW_HTTP=true for development)']);
  if (s.NODMELD_OIDC_REDIRECT_URL) {
    const u = new URL(s.NODMELD_OIDC_REDIRECT_URL);
    if (u.pathname !== OIDC_CALLBACK_PATH || u.search || u.hash)
      issues.push(['NODMELD_OIDC_REDIRECT_URL', `must end in ${OIDC_CALLBACK_PATH} (no query)`]);
  }
  if (!scopesOf(s.NODMELD_OIDC_SCOPES).includes('openid'))
    issues.push(['NODMELD_OIDC_SCOPES', 'must include openid']);
  return issues;
}

const scopesOf = (s: string) => s.split(/\s+/).filter(Boolean);

/** The provider's configuration, or null when NODMELD_OIDC_ISSUER is unset. */
export function oidcConfigOf(s: OidcSettings): OidcConfig | null {
  if (!s.NODMELD_OIDC_ISSUER || oidcSettingsIssues(s).length > 0) return null;
  return {
    issuer: s.NODMELD_OIDC_ISSUER,
    clientId: s.NODMELD_OIDC_CLIENT_ID!,
    keyFile: s.NODMELD_OIDC_CLIENT_KEY_FILE!,
    ...(s.NODMELD_OIDC_CLIENT_KEY_ID ? { keyId: s.NODMELD_OIDC_CLIENT_KEY_ID } : {}),
    redirectUrl: s.NODMELD_OIDC_REDIRECT_URL!,
    scopes: scopesOf(s.NODMELD_OIDC_SCOPES),
    ...(s.NODMELD_OIDC_MATCH_CLAIM ? { matchClaim: s.NODMELD_OIDC_MATCH_CLAIM } : {}),
    displayName: s.NODMELD_OIDC_DISPLAY_NAME,
    timeoutMs: s.NODMELD_OIDC_TIMEOUT_MS,
    par: s.NODMELD_OIDC_PAR,
    allowHttp: s.NODMELD_OIDC_ALLOW_HTTP,
  };
}
