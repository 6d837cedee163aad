/**
 * Sign-in throttling per account and per source address (issue 8, "Sign-in"). The counts live in
 * the database (`auth_throttle`, migration 0021), so every instance — PGlite or PostgreSQL, one
 * process or several — sees the same failures and the same lock.
 *
 * Each key (`account:<username>`, `source:<address>`) has a number of free failures; every failure
 * beyond them locks the key for an exponentially growing window (1 s, 2 s, 4 s … capped), during
 * which sign-in with that key is refused with 429 and `Retry-After` before any password is checked.
 * A source gets more free failures than an account: a whole control room may sign in from one
 * address. A successful sign-in clears the account's key (not the source's). Failures older than
 * the reset window no longer count.
 */
import type { Queryable } from '../db/types.ts';
import { refusal } from '../errors.ts';

export interface ThrottleSettings {
  /** Failures an account may have before it is locked. */
  accountFreeFailures: number;
  /** Failures a source address may have before it is locked. */
  sourceFreeFailures: number;
  /** The first lock window; each further failure doubles it. */
  baseLockMs: number;
  /** The longest lock window. */
  maxLockMs: number;
  /** Failures older than this are forgotten. */
  resetAfterMs: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = {
  accountFreeFailures: 5,
  sourceFreeFailures: 20,
  baseLockMs: 1_000,
  maxLockMs: 15 * 60_000,
  resetAfterMs: 60 * 60_000,
};

export interface ThrottleKeys {
  account: string;
  source: string;
}

export const throttleKeys = (username: string, source: string): ThrottleKeys => ({
  account: `account:${username.trim().toLowerCase()}`,
  source: `source:${source}`,
});

/** The lock window after `failures` failures with `free` free ones (0 while within them). */
export function lockWindowMs(failures: number, free: number, s: ThrottleSettings): number {
  if (failures <= free) return 0;
  const exp = Math.min(failures - free - 1, 30);
  return Math.min(s.baseLockMs * 2 ** exp, s.maxLockMs);
}

export class SignInThrottle {
  constructor(
    private readonly settings: ThrottleSettings = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws 429 (`too-many-requests`, `retryAfter` in seconds) while either key is locked. */
  async check(q: Queryable, keys: ThrottleKeys): Promise<void> {
    const r = await q.query<{ locked_until: string | Date | null }>(
      'SELECT locked_until FROM auth_throttle WHERE key = ANY($1::text[]) AND locked_until IS NOT NULL',
      [[keys.account, keys.source]],
    );
    const now = this.now();
    const until = Math.max(0, ...r.rows.map((row) => new Date(row.locked_until!).getTime()));
    if (until > now) {
      const retryAfter = Math.max(1, Math.ceil((until - now) / 1000));
      throw refusal(
        'too-many-requests',
        'Too many failed sign-ins; wait before trying again',
        { code: 'auth.too-many-attempts', params: { seconds: retryAfter } },
        { retryAfter },
      );
    }
  }

  /** Counts one failure on both keys and sets their lock windows. Returns the account's count. */
  async recordFailure(q: Queryable, keys: ThrottleKeys): Promise<number> {
    const now = this.now();
    const s = this.settings;
    let accountFailures = 0;
    for (const [key, free] of [
      [keys.account, s.accountFreeFailures],
      [keys.source, s.sourceFreeFailures],
    ] as const) {
      const r = await q.query<{ failures: number }>(
        `INSERT INTO auth_throttle (key, failures, last_failure) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN auth_throttle.last_failure < $3 THEN 1 ELSE auth_throttle.failures + 1 END,
           last_failure = EXCLUDED.last_failure
         RETURNING failures`,
        [key, new Date(now).toISOString(), new Date(now - s.resetAfterMs).toISOString()],
      );
      const failures = Number(r.rows[0]!.failures);
      const lockMs = lockWindowMs(failures, free, s);
      await q.query('UPDATE auth_throttle SET locked_until = $2 WHERE key = $1', [
        key,
        lockMs > 0 ? new Date(now + lockMs).toISOString() : null,
      ]);
      if (key === keys.account) accountFailures = failures;
    }
    return accountFailures;
  }

  /** A successful sign-in: the account starts afresh. */
  async recordSuccess(q: Queryable, keys: ThrottleKeys): Promise<void> {
    await q.query('DELETE FROM auth_throttle WHERE key = $1', [keys.account]);
  }
}
