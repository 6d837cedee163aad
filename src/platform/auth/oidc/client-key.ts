/**
 * The client's private key, which signs the client assertion (`private_key_jwt`: HelseID takes no
 * client secret). Read once at start-up from NODMELD_OIDC_CLIENT_KEY_FILE — a PEM private key
 * (PKCS#8 or PKCS#1/SEC1), a private JWK, or a JWKS whose first private key is used (what HelseID
 * Selvbetjening hands out) — and imported as a non-extractable WebCrypto key. A file that cannot
 * be read or holds no private key stops start-up with a ConfigError naming the variable.
 */
import { readFile } from 'node:fs/promises';
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { ConfigError } from '../../config.ts';

export interface ClientKey {
  key: CryptoKey;
  /** Sent as the assertion's `kid` (HelseID picks the registered key by it). */
  kid?: string;
  /** The JWS algorithm of the assertion (RS256, PS256, ES256 …). */
  alg: string;
}

const VAR = 'NODMELD_OIDC_CLIENT_KEY_FILE';

type Algorithm = RsaHashedImportParams | EcKeyImportParams | { name: 'Ed25519' };

function importParams(alg: string): Algorithm | null {
  const hash = `SHA-${alg.slice(2)}`;
  if (/^RS(256|384|512)$/.test(alg)) return { name: 'RSASSA-PKCS1-v1_5', hash };
  if (/^PS(256|384|512)$/.test(alg)) return { name: 'RSA-PSS', hash };
  if (alg === 'ES256') return { name: 'ECDSA', namedCurve: 'P-256' };
  if (alg === 'ES384') return { name: 'ECDSA', namedCurve: 'P-384' };
  if (alg === 'ES512') return { name: 'ECDSA', namedCurve: 'P-521' };
  if (alg === 'EdDSA' || alg === 'Ed25519') return { name: 'Ed25519' };
  return null;
}

/** The algorithm a key of this type signs with unless its JWK names one. */
function defaultAlg(jwk: JsonWebKey): string | null {
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'EC')
    return (
      ({ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' } as Record<string, string>)[jwk.crv!] ?? null
    );
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  return null;
}

/** The private JWK in a file's JSON: the JWK itself, or the first private key of a JWKS. */
function privateJwkOf(json: unknown): (JsonWebKey & { kid?: string; alg?: string }) | null {
  const candidates = (
    json && typeof json === 'object' && Array.isArray((json as { keys?: unknown }).keys)
      ? (json as { keys: unknown[] }).keys
      : [json]
  ) as (JsonWebKey & { kid?: string })[];
  return candidates.find((k) => k && typeof k === 'object' && typeof k.d === 'string') ?? null;
}

/** Reads and imports the client key; throws a ConfigError naming NODMELD_OIDC_CLIENT_KEY_FILE. */
export async function loadClientKey(file: string, keyId?: string): Promise<ClientKey> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError([`${VAR}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  let keyObject: KeyObject;
  let given: { kid?: string; alg?: string } = {};
  try {
    if (text.trimStart().startsWith('{')) {
      const jwk = privateJwkOf(JSON.parse(text));
      if (!jwk) throw new Error('the JSON holds no private key (no "d")');
      given = { kid: jwk.kid, alg: jwk.alg };
      keyObject = createPrivateKey({ key: jwk, format: 'jwk' });
    } else {
      keyObject = createPrivateKey(text);
    }
  } catch (e) {
    throw new ConfigError([
      `${VAR}: ${file} is not a private key in PEM or JWK form (${(e as Error).message})`,
    ]);
  }
  const jwk = keyObject.export({ format: 'jwk' });
  const alg = given.alg ?? defaultAlg(jwk);
  const params = alg ? importParams(alg) : null;
  if (!alg || !params)
    throw new ConfigError([`${VAR}: unsupported key type or algorithm (${alg ?? jwk.kty})`]);
  try {
    const key = await crypto.subtle.importKey('jwk', jwk, params, false, ['sign']);
    const kid = keyId ?? given.kid;
    return { key, alg, ...(kid ? { kid } : {}) };
  } catch (e) {
    throw new ConfigError([`${VAR}: the key does not fit ${alg} (${(e as Error).message})`]);
  }
}
