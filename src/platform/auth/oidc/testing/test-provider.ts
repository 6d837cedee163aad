/**
 * A real OpenID provider for the tests (oidc-provider 8, in the test process, on a 127.0.0.1 port),
 * set up like HelseID for this client: `private_key_jwt` with the client's public JWKS (no
 * secret), PKCE S256 required, pushed authorization requests required, the HelseID identity
 * claim `helseid://claims/identity/pid` behind its scope. People sign in on the provider's own
 * (development) login page with any password; consent is given without asking, as at HelseID.
 *
 * `expireCodes()` makes every authorization code issued so far expired (the provider then refuses
 * it, as one a user came back with too late) — without waiting for time to pass.
 *
 * `browser()` is a minimal browser over fetch: it follows redirects by hand, keeps cookies per
 * origin and submits the provider's login form — the full sign-in over HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Provider, { type Adapter, type AdapterPayload, type KoaContextWithOIDC } from 'oidc-provider';

export const PID_CLAIM = 'helseid://claims/identity/pid';
export const PID_SCOPE = 'helseid://scopes/identity/pid';

export interface TestProvider {
  issuer: string;
  port: number;
  clientId: string;
  /** The client's private key (a JWKS file, as HelseID Selvbetjening hands it out). */
  keyFile: string;
  /** A person who can sign in: `sub` is the login name; more claims (name, pid) optional. */
  addAccount(sub: string, claims?: Record<string, unknown>): void;
  /** Every authorization code issued so far is expired from now on. */
  expireCodes(): void;
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1 (for a server whose URL must be known before it starts). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const epoch = () => Math.floor(Date.now() / 1000);

/** oidc-provider's storage, in memory, with a switch that expires the authorization codes. */
function memoryAdapter(store: Map<string, AdapterPayload>, expired: Set<string>) {
  return class TestAdapter implements Adapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: AdapterPayload) {
      store.set(this.key(id), payload);
    }
    async find(id: string) {
      const p = store.get(this.key(id));
      if (p && expired.has(this.key(id))) return { ...p, exp: epoch() - 1 };
      return p;
    }
    async findByUid(uid: string) {
      for (const [k, p] of store) if (k.startsWith(`${this.model}:`) && p.uid === uid) return p;
      return undefined;
    }
    async findByUserCode(userCode: string) {
      for (const [k, p] of store) if (k.startsWith(`${this.model}:`) && p.userCode === userCode) return p;
      return undefined;
    }
    async consume(id: string) {
      const p = store.get(this.key(id));
      if (p) p.consumed = epoch();
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [k, p] of store) if (p.grantId === grantId) store.delete(k);
    }
  };
}

/** The client's key pair: the private key in a JWKS file (as HelseID hands it out), the public JWK. */
export interface TestClientKey {
  keyFile: string;
  publicJwk: Record<string, unknown>;
  dispose(): Promise<void>;
}

export async function createClientKey(): Promise<TestClientKey> {
  const kid = randomUUID();
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dir = await mkdtemp(join(tmpdir(), 'nodmeld-oidc-'));
  const keyFile = join(dir, 'client-key.json');
  await writeFile(
    keyFile,
    JSON.stringify({ keys: [{ ...pair.privateKey.export({ format: 'jwk' }), kid, alg: 'RS256' }] }),
  );
  return {
    keyFile,
    publicJwk: { ...pair.publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * Starts the provider with one client (`nodmeld`) whose redirect URL is `redirectUrl`. `port`: a
 * fixed port (to bring a provider up where a server expects one); default a free one. `clientKey`:
 * the client's key (default a new one, removed by `stop`).
 */
export async function startTestProvider(opts: {
  redirectUrl: string;
  port?: number;
  clientKey?: TestClientKey;
}): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((r) => server.listen(opts.port ?? 0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'nodmeld';
  const clientKey = opts.clientKey ?? (await createClientKey());
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const accounts = new Map<string, Record<string, unknown>>();
  const store = new Map<string, AdapterPayload>();
  const expired = new Set<string>();

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'RS256',
        jwks: { keys: [clientKey.publicJwk] },
        redirect_uris: [opts.redirectUrl],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        require_pushed_authorization_requests: true,
      },
    ],
    jwks: {
      keys: [
        { ...signing.privateKey.export({ format: 'jwk' }), kid: 'provider-1', alg: 'RS256', use: 'sig' },
      ],
    },
    cookies: { keys: ['nodmeld-test-provider-cookie-key'] },
    pkce: { required: () => true, methods: ['S256'] },
    features: {
      devInteractions: { enabled: true },
      pushedAuthorizationRequests: { enabled: true },
    },
    scopes: ['openid', 'profile', PID_SCOPE],
    claims: { openid: ['sub'], profile: ['name'], [PID_SCOPE]: [PID_CLAIM] },
    adapter: memoryAdapter(store, expired),
    findAccount: (_ctx, sub) => {
      const claims = accounts.get(sub);
      return claims ? { accountId: sub, claims: () => ({ sub, ...claims }) } : undefined;
    },
    // No consent page (as at HelseID): the grant covers what the client asked for.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { oidc } = ctx;
      const existing = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client!.clientId);
      if (existing) return oidc.provider.Grant.find(existing);
      const grant = new oidc.provider.Grant({
        clientId: oidc.client!.clientId,
        accountId: oidc.session!.accountId,
      });
      const scope = oidc.params?.scope;
      grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
      await grant.save();
      return grant;
    },
  });
  // The dev interactions warn once on stderr; the tests expect them.
  server.on('request', provider.callback());
  return {
    issuer,
    port,
    clientId,
    keyFile: clientKey.keyFile,
    addAccount: (sub, claims = {}) => void accounts.set(sub, claims),
    expireCodes: () => {
      for (const k of store.keys()) if (k.startsWith('AuthorizationCode:')) expired.add(k);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      if (!opts.clientKey) await clientKey.dispose();
    },
  };
}

/** A response as the test browser saw it. */
export interface Hop {
  url: string;
  status: number;
  location: string | null;
  contentType: string;
  body: string;
}

/**
 * A minimal browser over fetch: cookies per origin (every path), redirects followed by hand (each
 * hop kept), `Accept` as a browser navigation sends it unless told otherwise.
 */
export function browser(opts: { accept?: string } = {}) {
  const jar = new Map<string, Map<string, string>>();
  const cookiesFor = (url: URL) => jar.get(url.origin) ?? new Map<string, string>();
  const store = (url: URL, res: Response) => {
    const c = cookiesFor(url);
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (gone) c.delete(name);
      else c.set(name, value);
    }
    jar.set(url.origin, c);
  };
  const request = async (
    url: string,
    init: { method?: string; form?: Record<string, string>; accept?: string } = {},
  ) => {
    const u = new URL(url);
    const cookie = [...cookiesFor(u)].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(u, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        accept: init.accept ?? opts.accept ?? 'text/html,application/xhtml+xml,*/*;q=0.8',
        ...(cookie ? { cookie } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    store(u, res);
    const location = res.headers.get('location');
    return {
      url: u.href,
      status: res.status,
      location: location ? new URL(location, u).href : null,
      contentType: res.headers.get('content-type') ?? '',
      body: await res.text(),
    } satisfies Hop;
  };
  /** GETs `url` and follows redirects while `until` (default: never) does not stop it. */
  const follow = async (url: string, until: (hop: Hop) => boolean = () => false): Promise<Hop[]> => {
    const hops: Hop[] = [];
    let next: string | null = url;
    while (next && hops.length < 20) {
      const hop = await request(next);
      hops.push(hop);
      if (until(hop) || hop.status < 300 || hop.status >= 400) break;
      next = hop.location;
    }
    return hops;
  };
  return {
    request,
    follow,
    cookie: (origin: string, name: string) => jar.get(new URL(origin).origin)?.get(name) ?? null,
    setCookie: (origin: string, name: string, value: string) => {
      const o = new URL(origin).origin;
      jar.set(o, cookiesFor(new URL(o)).set(name, value));
    },
    forget: (origin: string, name: string) => jar.get(new URL(origin).origin)?.delete(name),
    /**
     * From nodmeld's start URL through the provider's login page as `sub`, up to (not into) the
     * redirect back to nodmeld. Returns the callback URL the provider sent the browser to.
     */
    async loginAtProvider(startUrl: string, sub: string, issuer: string): Promise<string> {
      const hops = await follow(startUrl, (h) => h.status === 200);
      const page = hops.at(-1)!;
      if (page.status !== 200 || !page.url.startsWith(issuer))
        throw new Error(
          `expected the provider's login page, got ${page.status} ${page.url}: ${page.body.slice(0, 300)}`,
        );
      const action = /<form[^>]*action="([^"]+)"/.exec(page.body)?.[1];
      if (!action) throw new Error(`no login form on ${page.url}`);
      let hop = await request(new URL(action, page.url).href, {
        method: 'POST',
        form: { prompt: 'login', login: sub, password: 'any' },
      });
      // Back through the provider's resume step(s) until it redirects to the client.
      while (hop.location && hop.location.startsWith(issuer)) hop = await request(hop.location);
      if (!hop.location)
        throw new Error(`the provider did not redirect back: ${hop.status} ${hop.body.slice(0, 300)}`);
      return hop.location;
    },
  };
}
