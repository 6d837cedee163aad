/**
 * The sign-ins between `/auth/oidc/start` and `/auth/oidc/callback`, kept in the database
 * (`oidc_sign_in_attempts`, migration 0030) rather than in a signed cookie:
 *
 * - the PKCE verifier and the nonce never leave the server (the browser carries only the state);
 * - every instance of a cluster can finish a sign-in another one started;
 * - a state is used once, checked atomically in the database, so a replayed callback is refused
 *   on every instance — and told apart (audited as a replay) from a state never issued;
 * - no signing key to configure and rotate.
 *
 * The browser holds the state in a short-lived HttpOnly cookie as well, which the callback
 * compares with the state in the URL: that binds the answer to the browser that started the
 * sign-in (a callback URL sent to someone else fails — login CSRF). Rows live TTL_MS (10 minutes:
 * time for BankID on a phone); each start deletes those past their expiry.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../db/types.ts';

export const ATTEMPT_TTL_MS = 10 * 60_000;

const hashOf = (state: string) => createHash('sha256').update(state).digest('hex');

export interface Attempt {
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

/** Why a callback's state was refused. */
export type StateRefusal = 'unknown' | 'replayed' | 'expired';

export class SignInAttempts {
  constructor(
    private readonly db: Db,
    private readonly nowMs: () => number,
  ) {}

  /** Records a started sign-in (and forgets the expired ones). */
  async create(state: string, a: Attempt): Promise<void> {
    const now = this.nowMs();
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM oidc_sign_in_attempts WHERE expires_at < $1', [
        new Date(now).toISOString(),
      ]);
      await tx.query(
        `INSERT INTO oidc_sign_in_attempts (state_hash, nonce, code_verifier, return_to, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          hashOf(state),
          a.nonce,
          a.codeVerifier,
          a.returnTo,
          new Date(now).toISOString(),
          new Date(now + ATTEMPT_TTL_MS).toISOString(),
        ],
      );
    });
  }

  /** Uses the sign-in of `state` up: its checks, or why not (at most one caller ever gets them). */
  async consume(state: string): Promise<{ attempt: Attempt } | { refused: StateRefusal }> {
    const h = hashOf(state);
    const now = new Date(this.nowMs());
    const r = await this.db.query<{
      nonce: string;
      code_verifier: string;
      return_to: string;
      expires_at: string | Date;
    }>(
      `UPDATE oidc_sign_in_attempts SET consumed_at = $2
        WHERE state_hash = $1 AND consumed_at IS NULL
        RETURNING nonce, code_verifier, return_to, expires_at`,
      [h, now.toISOString()],
    );
    const row = r.rows[0];
    if (!row) {
      const known = await this.db.query('SELECT 1 FROM oidc_sign_in_attempts WHERE state_hash = $1', [h]);
      return { refused: known.rows.length ? 'replayed' : 'unknown' };
    }
    if (new Date(row.expires_at).getTime() <= now.getTime()) return { refused: 'expired' };
    return { attempt: { nonce: row.nonce, codeVerifier: row.code_verifier, returnTo: row.return_to } };
  }
}
