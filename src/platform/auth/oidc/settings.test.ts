/**
 * Issue 11: OpenID Connect sign-in is configured by environment variables, checked at start-up —
 * a half-configured provider or an unusable client key stops the start with every problem named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseConfig } from '../../config.ts';
import { oidcConfigOf } from './settings.ts';
import { loadClientKey } from './client-key.ts';

const issuesOf = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env, []);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
};

describe('OpenID Connect settings (issue 11)', () => {
  it('is off without an issuer, and the password sign-in is for everyone', () => {
    const { platform } = parseConfig({}, []);
    expect(oidcConfigOf(platform)).toBeNull();
    expect(platform.NODMELD_PASSWORD_LOGIN).toBe('all');
  });

  it('names every variable a half-configured provider lacks, at once', () => {
    expect(issuesOf({ NODMELD_OIDC_ISSUER: 'https://helseid-sts.test.nhn.no' })).toEqual([
      'NODMELD_OIDC_CLIENT_ID: required when NODMELD_OIDC_ISSUER is set',
      'NODMELD_OIDC_CLIENT_KEY_FILE: required when NODMELD_OIDC_ISSUER is set',
      'NODMELD_OIDC_REDIRECT_URL: required when NODMELD_OIDC_ISSUER is set',
    ]);
  });

  it('refuses an http issuer (unless allowed), a redirect URL that is not the callback, scopes without openid', () => {
    const issues = issuesOf({
      NODMELD_OIDC_ISSUER: 'http://idp.example.no',
      NODMELD_OIDC_CLIENT_ID: 'nodmeld',
      NODMELD_OIDC_CLIENT_KEY_FILE: '/etc/nodmeld/helseid.json',
      NODMELD_OIDC_REDIRECT_URL: 'https://nodmeld.example.no/callback',
      NODMELD_OIDC_SCOPES: 'profile',
    });
    expect(issues).toEqual([
      expect.stringMatching(/^NODMELD_OIDC_ISSUER: must be https/),
      expect.stringMatching(/^NODMELD_OIDC_REDIRECT_URL: must end in \/api\/v1\/auth\/oidc\/callback/),
      'NODMELD_OIDC_SCOPES: must include openid',
    ]);
  });

  it('reads a complete configuration (HelseID test environment)', () => {
    const { platform } = parseConfig(
      {
        NODMELD_OIDC_ISSUER: 'https://helseid-sts.test.nhn.no',
        NODMELD_OIDC_CLIENT_ID: 'c0ffee',
        NODMELD_OIDC_CLIENT_KEY_FILE: '/etc/nodmeld/helseid.json',
        NODMELD_OIDC_REDIRECT_URL: 'https://nodmeld.example.no/api/v1/auth/oidc/callback',
        NODMELD_OIDC_SCOPES: 'openid profile helseid://scopes/identity/pid',
        NODMELD_OIDC_MATCH_CLAIM: 'helseid://claims/identity/pid',
        NODMELD_PASSWORD_LOGIN: 'admins',
      },
      [],
    );
    expect(oidcConfigOf(platform)).toEqual({
      issuer: 'https://helseid-sts.test.nhn.no',
      clientId: 'c0ffee',
      keyFile: '/etc/nodmeld/helseid.json',
      redirectUrl: 'https://nodmeld.example.no/api/v1/auth/oidc/callback',
      scopes: ['openid', 'profile', 'helseid://scopes/identity/pid'],
      matchClaim: 'helseid://claims/identity/pid',
      displayName: 'HelseID',
      timeoutMs: 5000,
      par: 'auto',
      allowHttp: false,
    });
    expect(platform.NODMELD_PASSWORD_LOGIN).toBe('admins');
  });
});

describe('the client key file (private_key_jwt)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nodmeld-key-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));
  const write = async (name: string, text: string) => {
    const f = join(dir, name);
    await writeFile(f, text);
    return f;
  };

  it('reads a PEM RSA key (RS256), a JWKS with its kid, an EC JWK (ES256)', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = await loadClientKey(
      await write('rsa.pem', rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()),
    );
    expect(pem).toMatchObject({ alg: 'RS256' });
    expect(pem.kid).toBeUndefined();
    expect(pem.key.extractable).toBe(false);
    const jwks = await loadClientKey(
      await write(
        'helseid.json',
        JSON.stringify({ keys: [{ ...rsa.privateKey.export({ format: 'jwk' }), kid: 'k-1', alg: 'PS256' }] }),
      ),
    );
    expect(jwks).toMatchObject({ alg: 'PS256', kid: 'k-1' });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecKey = await loadClientKey(
      await write('ec.json', JSON.stringify(ec.privateKey.export({ format: 'jwk' }))),
      'configured-kid',
    );
    expect(ecKey).toMatchObject({ alg: 'ES256', kid: 'configured-kid' });
  });

  it('stops the start with a readable ConfigError for a missing file, a public key, garbage', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const cases = [
      join(dir, 'missing.pem'),
      await write('public.json', JSON.stringify(rsa.publicKey.export({ format: 'jwk' }))),
      await write('garbage.pem', 'not a key'),
    ];
    for (const file of cases) {
      const err = await loadClientKey(file).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues[0]).toMatch(/^NODMELD_OIDC_CLIENT_KEY_FILE: /);
    }
  });
});
