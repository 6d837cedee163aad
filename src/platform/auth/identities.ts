/**
 * External identities linked to nodmeld users (`user_identities`, migration 0030): how a person
 * who signed in at an OpenID provider (HelseID) becomes a nodmeld user. An administrator links an
 * identity — the provider's `sub`, or the one claim the server is configured to match on (e.g.
 * HelseID's `helseid://claims/identity/pid`) — to an existing user; the user's roles and scopes
 * stay in their memberships. A sign-in never creates a user or grants a role: an identity nobody
 * linked is refused (`auth.oidc.unknown-identity`) and audited.
 *
 * Links and unlinks are audited (`user.identity-link`, `user.identity-unlink`); the value of a
 * claim other than `sub` (a national identity number) is kept in the link only, never written to
 * the append-only audit trail.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/types.ts';
import { recordAudit } from '../audit.ts';
import { AppError, refusal, type ServerMessage } from '../errors.ts';
import type { Actor } from './actor.ts';
import { ANONYMOUS, type AuthService, type UserRow } from './auth-service.ts';

export interface IdentityLink {
  id: string;
  user_id: string;
  issuer: string;
  /** `sub`, or the configured matching claim. */
  claim: string;
  value: string;
  created_at: string;
  last_used_at: string | null;
}

interface IdentityRow extends Omit<IdentityLink, 'created_at' | 'last_used_at'> {
  created_at: string | Date;
  last_used_at: string | Date | null;
}

const toLink = (r: IdentityRow): IdentityLink => ({
  id: r.id,
  user_id: r.user_id,
  issuer: r.issuer,
  claim: r.claim,
  value: r.value,
  created_at: new Date(r.created_at).toISOString(),
  last_used_at: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
});

const COLUMNS = 'id, user_id, issuer, claim, value, created_at, last_used_at';

/** What the audit trail may say about a link: the `sub` itself, never another claim's value. */
const auditable = (l: { issuer: string; claim: string; value: string; user_id: string }) => ({
  userId: l.user_id,
  issuer: l.issuer,
  claim: l.claim,
  ...(l.claim === 'sub' ? { value: l.value } : {}),
});

async function requireUser(q: Queryable, userId: string, lock = false): Promise<void> {
  const r = await q.query(`SELECT 1 FROM users WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [userId]);
  if (!r.rows[0]) throw new AppError('not-found', 'No user with that id');
}

/** The identities linked to a user. */
export async function listIdentities(db: Db, userId: string): Promise<IdentityLink[]> {
  await requireUser(db, userId);
  const r = await db.query<IdentityRow>(
    `SELECT ${COLUMNS} FROM user_identities WHERE user_id = $1 ORDER BY created_at, id`,
    [userId],
  );
  return r.rows.map(toLink);
}

/**
 * Links an identity to a user (audited). `allowedClaims`: `sub` and the configured matching claim;
 * an identity already linked (to anyone) is a 409 `auth.identity.taken`.
 */
export async function linkIdentity(
  db: Db,
  actor: Actor,
  userId: string,
  link: { issuer: string; claim: string; value: string },
  allowedClaims: readonly string[],
): Promise<IdentityLink> {
  if (!allowedClaims.includes(link.claim))
    throw refusal(
      'validation',
      `Link by ${allowedClaims.join(' or ')}; ${link.claim} is not the configured matching claim`,
      { code: 'auth.identity.claim-not-configured', params: { claim: link.claim } },
    );
  return db.transaction(async (tx) => {
    await requireUser(tx, userId, true);
    const taken = await tx.query(
      'SELECT 1 FROM user_identities WHERE issuer = $1 AND claim = $2 AND value = $3',
      [link.issuer, link.claim, link.value],
    );
    if (taken.rows[0])
      throw refusal('conflict', 'This identity is already linked to a user', {
        code: 'auth.identity.taken',
      });
    const r = await tx.query<IdentityRow>(
      `INSERT INTO user_identities (id, user_id, issuer, claim, value, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [randomUUID(), userId, link.issuer, link.claim, link.value, actor.name],
    );
    const row = r.rows[0]!;
    await recordAudit(tx, actor, {
      action: 'user.identity-link',
      entityType: 'user-identity',
      entityId: row.id,
      details: auditable(row),
    });
    return toLink(row);
  });
}

/** Removes a link (audited). Sessions already open stay until they end or the user is disabled. */
export async function unlinkIdentity(
  db: Db,
  actor: Actor,
  userId: string,
  identityId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const r = await tx.query<IdentityRow>(
      `DELETE FROM user_identities WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [identityId, userId],
    );
    const row = r.rows[0];
    if (!row) throw new AppError('not-found', 'No such identity on this user');
    await recordAudit(tx, actor, {
      action: 'user.identity-unlink',
      entityType: 'user-identity',
      entityId: row.id,
      details: auditable(row),
    });
  });
}

/** A person the provider vouched for: issuer, `sub`, and the claims of the ID token (and userinfo). */
export interface ExternalIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
}

/**
 * Signs in the user linked to `identity`: by `sub`, or by the configured `matchClaim`'s value.
 * Refused and audited (`auth.login-failed`) when no user is linked (403
 * `auth.oidc.unknown-identity`), when the links name two different users (403
 * `auth.oidc.ambiguous-identity`), or when the user is disabled (403 `auth.oidc.user-disabled`).
 */
export async function signInWithIdentity(
  db: Db,
  auth: AuthService,
  identity: ExternalIdentity,
  opts: { matchClaim?: string; source: string },
): Promise<{ token: string; actor: Actor; expiresAt: string }> {
  const claimValue = opts.matchClaim ? identity.claims[opts.matchClaim] : undefined;
  const byClaim =
    typeof claimValue === 'string' || typeof claimValue === 'number' ? String(claimValue) : null;
  const r = await db.query<UserRow & { link_id: string; link_claim: string }>(
    `SELECT u.id, u.username, u.display_name, u.role, u.centre_id, u.disabled,
            i.id AS link_id, i.claim AS link_claim
       FROM user_identities i JOIN users u ON u.id = i.user_id
      WHERE i.issuer = $1
        AND ((i.claim = 'sub' AND i.value = $2) OR (i.claim = $3 AND i.value = $4))
      ORDER BY i.claim = 'sub' DESC`,
    [identity.issuer, identity.subject, opts.matchClaim ?? null, byClaim],
  );
  const entityId = `oidc:${identity.issuer}#${identity.subject}`;
  const base = {
    method: 'oidc',
    source: opts.source,
    issuer: identity.issuer,
    subject: identity.subject,
    ...(opts.matchClaim ? { matchClaim: opts.matchClaim, matchClaimPresent: byClaim !== null } : {}),
  };
  const refuse = async (reason: string, detail: ServerMessage, message: string, userId?: string) => {
    await recordAudit(db, ANONYMOUS, {
      action: 'auth.login-failed',
      entityType: 'user',
      entityId: userId ?? entityId,
      details: { ...base, reason },
    });
    return refusal('forbidden', message, detail);
  };
  const users = new Set(r.rows.map((row) => row.id));
  if (users.size === 0)
    throw await refuse(
      'unknown-identity',
      { code: 'auth.oidc.unknown-identity' },
      'No nodmeld user is linked to this identity; an administrator must link it first',
    );
  if (users.size > 1)
    throw await refuse(
      'ambiguous-identity',
      { code: 'auth.oidc.ambiguous-identity' },
      'This identity is linked to more than one user; an administrator must remove one link',
    );
  const user = r.rows[0]!;
  if (user.disabled)
    throw await refuse(
      'disabled',
      { code: 'auth.oidc.user-disabled' },
      'The linked user is disabled',
      user.id,
    );
  const { link_id: linkId, link_claim: claim, ...row } = user;
  const session = await auth.openSession(row, { ...base, claim }, undefined, async (tx) => {
    await tx.query('UPDATE user_identities SET last_used_at = now() WHERE id = $1', [linkId]);
  });
  return session;
}
