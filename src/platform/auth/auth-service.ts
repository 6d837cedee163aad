/**
 * Local accounts (argon2id-hashed passwords), sessions and API tokens; sign-in through an OpenID
 * provider (HelseID, `oidc/`) opens the same sessions through `openSession`. Tokens are random 32-byte values; only their
 * SHA-256 is stored. Verified tokens are cached in memory (token-cache.ts) so the hot routing API
 * does not hit the database on every request and keeps working through a database outage;
 * revocation and logout clear them from this instance's cache at once.
 */
import { hash, verify } from '@node-rs/argon2';
import type { Logger } from 'pino';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db, Queryable } from '../db/types.ts';
import { changedFields, recordAudit } from '../audit.ts';
import { type Actor, type Role } from '../auth/actor.ts';
import { membershipsOf, scopeForBinding, type Membership, type ScopeRef } from './actor.ts';
import { AppError, refusal } from '../errors.ts';
import { TokenCache, type VerifiedToken } from './token-cache.ts';
import { AuthInvalidation } from './auth-invalidation.ts';
import { DEFAULT_THROTTLE, SignInThrottle, throttleKeys, type ThrottleSettings } from './sign-in-throttle.ts';

/** Password hashing (argon2id with the library's defaults); replaceable in tests to observe calls. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}
const ARGON2: PasswordHasher = { hash: (p) => hash(p), verify: (h, p) => verify(h, p) };

/** Who is trying to sign in, before we know: recorded on failed attempts. */
export const ANONYMOUS: Actor = {
  type: 'system',
  id: null,
  name: 'anonymous',
  role: 'auditor',
  centreId: null,
};

const SESSION_HOURS = 12;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newToken = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;

/** Roles bound to one centre (LV-sentral or AMK): they must name it. */
export const CENTRE_BOUND_ROLES: readonly Role[] = ['centre-leader', 'operator', 'amk-operator'];

/** A municipality reader holds the role at its municipality: the readiness unit `kommune-<nr>`. */
const MUNICIPALITY_UNIT = /^kommune-\d{4}$/;

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  centre_id: string | null;
  disabled: boolean;
}

export class AuthService {
  private readonly tokens: TokenCache;
  private readonly configTokenHash: Buffer | null;
  private readonly passwords: PasswordHasher;
  private readonly throttle: SignInThrottle;
  private readonly now: () => number;
  /** Who may sign in with a password. */
  readonly passwordLogin: 'all' | 'admins';
  /**
   * A hash of a random password with the same argon2 parameters as every stored one: an unknown or
   * disabled username is verified against it, so the answer takes as long as for a known user.
   */
  private readonly dummyHash: Promise<string>;
  /** Sign-outs, revocations, disabled users: the token cache forgets them at once (and a bus may carry them). */
  readonly invalidation: AuthInvalidation;

  constructor(
    private readonly db: Db,
    configToken: string | undefined,
    opts: {
      logger?: Logger;
      now?: () => number;
      passwords?: PasswordHasher;
      throttle?: Partial<ThrottleSettings>;
      invalidation?: AuthInvalidation;
      /** How long a verified token is trusted before it is checked again (token-cache.ts). */
      tokenCacheTtlMs?: number;
      /** Who may sign in with a password (NODMELD_PASSWORD_LOGIN): everyone, or administrators only. */
      passwordLogin?: 'all' | 'admins';
    } = {},
  ) {
    this.configTokenHash = configToken ? Buffer.from(sha256(configToken), 'hex') : null;
    this.passwordLogin = opts.passwordLogin ?? 'all';
    this.passwords = opts.passwords ?? ARGON2;
    this.now = opts.now ?? Date.now;
    this.throttle = new SignInThrottle({ ...DEFAULT_THROTTLE, ...opts.throttle }, this.now);
    this.dummyHash = this.passwords.hash(randomBytes(24).toString('base64url'));
    this.dummyHash.catch(() => undefined);
    this.invalidation = opts.invalidation ?? new AuthInvalidation();
    this.invalidation.subscribe((e) => {
      if (e.kind === 'session') this.tokens.forgetHash(e.tokenHash, sha256);
      else this.tokens.forgetActor(e.kind, e.id);
    });
    this.tokens = new TokenCache({
      lookup: (token) => this.lookupToken(token),
      logger: opts.logger,
      now: opts.now,
      ttlMs: opts.tokenCacheTtlMs,
    });
  }

  /** Creates the first administrator when there is no user yet. Returns the generated password, if any. */
  async bootstrapAdmin(
    password: string | undefined,
  ): Promise<{ created: boolean; generatedPassword?: string }> {
    const existing = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    if ((existing.rows[0]?.n ?? 0) > 0) return { created: false };
    const generated = password ? undefined : randomBytes(18).toString('base64url');
    await this.createUser(
      { type: 'system', id: null, name: 'bootstrap', role: 'admin', centreId: null },
      { username: 'admin', displayName: 'Administrator', password: password ?? generated!, role: 'admin' },
    );
    return { created: true, generatedPassword: generated };
  }

  async createUser(
    actor: Actor,
    u: {
      username: string;
      displayName: string;
      password: string;
      role: Role;
      centreId?: string | null;
      /** Defaults to the one membership `role` at `centreId` (or national). */
      memberships?: readonly Membership[];
    },
  ): Promise<UserRow> {
    const memberships: readonly Membership[] = u.memberships?.length
      ? u.memberships
      : [{ role: u.role, scope: scopeForBinding(u.centreId) }];
    checkMemberships(memberships);
    const primary = memberships[0]!;
    u = {
      ...u,
      role: primary.role,
      centreId: primary.scope.level === 'national' ? null : primary.scope.id,
    };
    const id = randomUUID();
    const passwordHash = await this.passwords.hash(u.password);
    return this.db.transaction(async (tx) => {
      const dup = await tx.query('SELECT 1 FROM users WHERE username = $1', [u.username]);
      if (dup.rows.length) throw new AppError('conflict', `The username ${u.username} is taken`);
      const r = await tx.query<UserRow>(
        `INSERT INTO users (id, username, display_name, password_hash, role, centre_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, username, display_name, role, centre_id, disabled`,
        [id, u.username, u.displayName, passwordHash, u.role, u.centreId ?? null],
      );
      await insertMemberships(tx, id, memberships);
      await recordAudit(tx, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        centreId: u.centreId ?? null,
        details: { username: u.username, role: u.role },
      });
      return r.rows[0]!;
    });
  }

  async listUsers(): Promise<(UserRow & { memberships: Membership[] })[]> {
    const r = await this.db.query<UserRow>(
      'SELECT id, username, display_name, role, centre_id, disabled FROM users ORDER BY username',
    );
    const m = await this.db.query<MembershipRow & { user_id: string }>(
      'SELECT user_id, role, scope_level, scope_id FROM memberships ORDER BY created_at, role, scope_level, scope_id',
    );
    const byUser = new Map<string, Membership[]>();
    for (const row of m.rows)
      byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), toMembership(row)]);
    return r.rows.map((u) => ({ ...u, memberships: byUser.get(u.id) ?? [] }));
  }

  /**
   * Disables or enables a user (audited with the value before and after). Disabling ends every
   * session of the user, here and — through the invalidation event — on every instance, at once.
   */
  async setDisabled(
    actor: Actor,
    userId: string,
    disabled: boolean,
  ): Promise<UserRow & { memberships: Membership[] }> {
    if (disabled && actor.type === 'user' && actor.id === userId)
      throw new AppError('conflict', 'You cannot disable yourself');
    const row = await this.db.transaction(async (tx) => {
      const before = await tx.query<UserRow>(
        'SELECT id, username, display_name, role, centre_id, disabled FROM users WHERE id = $1 FOR UPDATE',
        [userId],
      );
      if (!before.rows[0]) throw new AppError('not-found', 'No user with that id');
      const r = await tx.query<UserRow>(
        `UPDATE users SET disabled = $2 WHERE id = $1
         RETURNING id, username, display_name, role, centre_id, disabled`,
        [userId, disabled],
      );
      if (disabled) await tx.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
      await recordAudit(tx, actor, {
        action: 'user.update',
        entityType: 'user',
        entityId: userId,
        details: { changes: changedFields({ disabled: before.rows[0].disabled }, { disabled }) },
      });
      return r.rows[0]!;
    });
    this.invalidation.publish({ kind: 'user', id: userId });
    return { ...row, memberships: await loadMemberships(this.db, userId) };
  }

  /**
   * Replaces a user's memberships (audited before/after). The first is the primary one (users.role
   * and centre_id). Cached sessions of the user are dropped so the next request sees the change.
   */
  async setMemberships(
    actor: Actor,
    userId: string,
    memberships: readonly Membership[],
  ): Promise<Membership[]> {
    checkMemberships(memberships);
    await this.db.transaction(async (tx) => {
      const user = await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [userId]);
      if (!user.rows[0]) throw new AppError('not-found', 'No user with that id');
      const before = await loadMemberships(tx, userId);
      await tx.query('DELETE FROM memberships WHERE user_id = $1', [userId]);
      await insertMemberships(tx, userId, memberships);
      const primary = memberships[0]!;
      await tx.query('UPDATE users SET role = $2, centre_id = $3 WHERE id = $1', [
        userId,
        primary.role,
        primary.scope.level === 'national' ? null : primary.scope.id,
      ]);
      await recordAudit(tx, actor, {
        action: 'user.memberships',
        entityType: 'user',
        entityId: userId,
        details: { changes: changedFields({ memberships: before }, { memberships: [...memberships] }) },
      });
    });
    this.invalidation.publish({ kind: 'user', id: userId });
    return loadMemberships(this.db, userId);
  }

  /**
   * Verifies a password and opens a session. The same error, and the same work (one argon2
   * verification), for an unknown user, a disabled one and a wrong password. Throttled per account
   * and per source address (sign-in-throttle.ts): 429 with `retryAfter` while locked. Every failed
   * attempt is audited (`auth.login-failed`, the username and source, never the password).
   */
  async login(
    username: string,
    password: string,
    source = 'local',
  ): Promise<{ token: string; actor: Actor; expiresAt: string }> {
    const keys = throttleKeys(username, source);
    await this.throttle.check(this.db, keys);
    const r = await this.db.query<UserRow & { password_hash: string }>(
      'SELECT id, username, display_name, role, centre_id, disabled, password_hash FROM users WHERE username = $1',
      [username],
    );
    const user = r.rows[0];
    const usable = user && !user.disabled;
    const verified = await this.passwords.verify(
      usable ? user.password_hash : await this.dummyHash,
      password,
    );
    if (!usable || !verified) {
      await this.db.transaction(async (tx) => {
        const failures = await this.throttle.recordFailure(tx, keys);
        await recordAudit(tx, ANONYMOUS, {
          action: 'auth.login-failed',
          entityType: 'user',
          entityId: user?.id ?? `username:${username}`,
          details: {
            username,
            source,
            reason: !user ? 'unknown-user' : user.disabled ? 'disabled' : 'wrong-password',
            failures,
          },
        });
      });
      throw new AppError('unauthenticated', 'Wrong username or password');
    }
    const memberships = await loadMemberships(this.db, user.id);
    if (
      this.passwordLogin === 'admins' &&
      !membershipsOf(userActor(user, memberships)).some((m) => m.role === 'admin')
    ) {
      // The password was right: saying so is no help to a guesser, and the person learns where to go.
      await recordAudit(this.db, ANONYMOUS, {
        action: 'auth.login-failed',
        entityType: 'user',
        entityId: user.id,
        details: { username, source, reason: 'password-login-admins-only' },
      });
      throw refusal(
        'forbidden',
        'Password sign-in is for administrators only; sign in through the identity provider',
        { code: 'auth.password-admins-only' },
      );
    }
    return this.openSession(user, { source }, memberships, (tx) => this.throttle.recordSuccess(tx, keys));
  }

  /**
   * Opens a session for a user whose identity has been verified — by password (`login`) or by an
   * OpenID provider (`oidc/`): a new token (only its SHA-256 stored) and the `auth.login` audit row
   * with `details`, in one transaction with `also`.
   */
  async openSession(
    user: UserRow,
    details: Record<string, unknown>,
    memberships?: readonly Membership[],
    also?: (tx: Queryable) => Promise<void>,
  ): Promise<{ token: string; actor: Actor; expiresAt: string }> {
    const token = newToken('nms');
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
    const actor = userActor(user, memberships ?? (await loadMemberships(this.db, user.id)));
    await this.db.transaction(async (tx) => {
      await also?.(tx);
      await tx.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
        sha256(token),
        user.id,
        expiresAt.toISOString(),
      ]);
      await recordAudit(tx, actor, {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        details,
      });
    });
    return { token, actor, expiresAt: expiresAt.toISOString() };
  }

  async logout(token: string): Promise<void> {
    const h = sha256(token);
    this.tokens.forget(token);
    try {
      await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [h]);
    } finally {
      // After the delete, so no concurrent lookup can cache the session again.
      this.invalidation.publish({ kind: 'session', tokenHash: h });
    }
  }

  async issueToken(
    actor: Actor,
    t: { name: string; role: Role; centreId?: string | null },
  ): Promise<{ id: string; token: string }> {
    if (actor.role !== 'admin' && t.role !== 'integration') {
      throw new AppError(
        'forbidden',
        'Only an administrator may issue tokens with a role other than integration',
      );
    }
    const id = randomUUID();
    const token = newToken('nmt');
    await this.db.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO api_tokens (id, name, token_hash, role, centre_id, created_by) VALUES ($1, $2, $3, $4, $5, $6)',
        [id, t.name, sha256(token), t.role, t.centreId ?? null, actor.type === 'user' ? actor.id : null],
      );
      await recordAudit(tx, actor, {
        action: 'token.issue',
        entityType: 'api-token',
        entityId: id,
        details: { name: t.name, role: t.role },
      });
    });
    return { id, token };
  }

  async listTokens(): Promise<
    {
      id: string;
      name: string;
      role: Role;
      centre_id: string | null;
      created_at: string;
      revoked_at: string | null;
    }[]
  > {
    const r = await this.db.query<{
      id: string;
      name: string;
      role: Role;
      centre_id: string | null;
      created_at: string | Date;
      revoked_at: string | Date | null;
    }>('SELECT id, name, role, centre_id, created_at, revoked_at FROM api_tokens ORDER BY created_at');
    return r.rows.map((row) => ({
      ...row,
      created_at: new Date(row.created_at).toISOString(),
      revoked_at: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
    }));
  }

  async revokeToken(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const r = await tx.query<{ token_hash: string }>(
        'UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING token_hash',
        [id],
      );
      if (!r.rows.length) throw new AppError('not-found', 'No active token with that id');
      await recordAudit(tx, actor, { action: 'token.revoke', entityType: 'api-token', entityId: id });
    });
    this.invalidation.publish({ kind: 'token', id });
  }

  /**
   * Resolves a bearer token (session or API token) to an actor, or null. Answers from the token
   * cache; throws `DatabaseUnavailableError` only for a token this instance has not verified
   * before and cannot verify now (see token-cache.ts for the outage trade-off).
   */
  async authenticateToken(token: string): Promise<Actor | null> {
    return this.tokens.resolve(token);
  }

  /** Whether token checks currently fail, and how many tokens were served from the cache since. */
  tokenOutage(): { since: number | null; tokensServedFromCache: number } {
    return this.tokens.outage();
  }

  private async lookupToken(token: string): Promise<VerifiedToken | null> {
    const h = sha256(token);
    if (this.configTokenHash) {
      const hb = Buffer.from(h, 'hex');
      if (hb.length === this.configTokenHash.length && timingSafeEqual(hb, this.configTokenHash)) {
        // The configured integration token needs no database: it always works.
        return {
          actor: {
            type: 'token',
            id: 'config',
            name: 'NODMELD_API_TOKEN',
            role: 'integration',
            centreId: null,
          },
          expiresAt: null,
          permanent: true,
        };
      }
    }
    const s = await this.db.query<UserRow & { expires_at: string | Date }>(
      `SELECT u.id, u.username, u.display_name, u.role, u.centre_id, u.disabled, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
      [h],
    );
    if (s.rows[0]) {
      const memberships = await loadMemberships(this.db, s.rows[0].id);
      return {
        actor: userActor(s.rows[0], memberships),
        expiresAt: new Date(s.rows[0].expires_at).getTime(),
      };
    }
    const t = await this.db.query<{ id: string; name: string; role: Role; centre_id: string | null }>(
      'SELECT id, name, role, centre_id FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
      [h],
    );
    const row = t.rows[0];
    if (!row) return null;
    return {
      actor: { type: 'token', id: row.id, name: row.name, role: row.role, centreId: row.centre_id },
      expiresAt: null,
    };
  }
}

function userActor(u: UserRow, memberships: readonly Membership[]): Actor {
  return {
    type: 'user',
    id: u.id,
    name: u.username,
    role: u.role,
    centreId: u.centre_id,
    // A user without rows (created before memberships existed and not migrated) keeps the old binding.
    ...(memberships.length ? { memberships } : {}),
  };
}

/** Centre-bound roles must name where they belong: no national operator. */
export function checkMemberships(ms: readonly Membership[]): void {
  if (ms.length === 0) throw new AppError('validation', 'A user needs at least one membership');
  for (const m of ms) {
    if (CENTRE_BOUND_ROLES.includes(m.role) && m.scope.level === 'national') {
      throw new AppError('validation', `The role ${m.role} must name the centre it belongs to (centreId)`);
    }
    if (
      m.role === 'municipality-reader' &&
      !(m.scope.level === 'unit' && MUNICIPALITY_UNIT.test(m.scope.id))
    ) {
      throw new AppError(
        'validation',
        'The role municipality-reader is held at a municipality: scope unit kommune-<4-digit number>',
      );
    }
  }
}

interface MembershipRow {
  role: Role;
  scope_level: ScopeRef['level'];
  scope_id: string;
}

const toMembership = (r: MembershipRow): Membership => ({
  role: r.role,
  scope: r.scope_level === 'national' ? { level: 'national' } : { level: r.scope_level, id: r.scope_id },
});

/** A user's memberships, in a stable order. */
export async function loadMemberships(q: Queryable, userId: string): Promise<Membership[]> {
  const r = await q.query<MembershipRow>(
    'SELECT role, scope_level, scope_id FROM memberships WHERE user_id = $1 ORDER BY created_at, role, scope_level, scope_id',
    [userId],
  );
  return r.rows.map(toMembership);
}

/**
 * The centres (scope ids) where at least one enabled user holds `role` at centre level, sorted:
 * e.g. the centres with operators at a console (the simulator leaves their calls to people).
 */
export async function centresWithRole(q: Queryable, role: Role): Promise<string[]> {
  const r = await q.query<{ scope_id: string }>(
    `SELECT DISTINCT m.scope_id FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.role = $1 AND m.scope_level = 'centre' AND NOT u.disabled ORDER BY m.scope_id`,
    [role],
  );
  return r.rows.map((row) => row.scope_id);
}

async function insertMemberships(q: Queryable, userId: string, ms: readonly Membership[]): Promise<void> {
  for (const m of ms) {
    await q.query(
      `INSERT INTO memberships (user_id, role, scope_level, scope_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [userId, m.role, m.scope.level, m.scope.level === 'national' ? '' : m.scope.id],
    );
  }
}
