/**
 * The in-memory cache of verified bearer tokens (sessions and API tokens), keyed by the raw token
 * so the hot routing API neither hashes nor queries per request.
 *
 * Normal operation: a known token is re-verified against the database in the background once it
 * is `ttlMs / 2` old, so a hot token never waits for the database; a token not seen for `ttlMs`
 * is re-verified before it is accepted (briefly: see below). A revocation therefore takes effect
 * within `ttlMs` on every instance (at once on the instance that revoked it).
 *
 * Database outage (issue 8, RT-1): a token verified before the outage keeps working for as long as
 * the outage lasts, because routing must go on. The trade-off, bounded and logged:
 * - only tokens this instance verified before the database became unavailable are served; a token
 *   it has not seen is refused with 503 (it cannot be checked), never accepted;
 * - a session still ends at its expiry time;
 * - a revocation (or a disabled user) made meanwhile through another instance that still reaches
 *   the database takes effect on this instance at the first re-verification that succeeds once
 *   its database answers again (started by the first use after that; that one use may still be
 *   served from the cache, the ones after it are refused);
 * - every token served from the cache during an outage is logged once (warn, with the token's id
 *   and name, never the token), and the end of the outage is logged with their count.
 * Due re-verifications while the database is unavailable do not make requests wait: the cached
 * answer is used while one re-verification per token runs in the background (at most one every
 * `RETRY_MS`). When the database is believed up, a request waits at most `revalidateWaitMs` for
 * the re-verification before using the cached answer.
 */
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor.ts';
import { databaseUnavailableReason } from '../db/unavailable.ts';

export interface VerifiedToken {
  actor: Actor;
  /** Session expiry (epoch ms); null for API tokens. */
  expiresAt: number | null;
  /** Needs no database (the configured NODMELD_API_TOKEN): never re-verified. */
  permanent?: boolean;
}

export interface TokenCacheOptions {
  /** Looks the token up in the database: null when unknown, revoked or expired; throws when it cannot. */
  lookup: (token: string) => Promise<VerifiedToken | null>;
  ttlMs?: number;
  /** Longest a request waits for a due re-verification while the database is believed up. */
  revalidateWaitMs?: number;
  maxEntries?: number;
  now?: () => number;
  logger?: Logger;
}

interface Entry extends VerifiedToken {
  verifiedAt: number;
  refreshing: Promise<void> | null;
  /** No background re-verification before this time (after a failed one). */
  retryAt: number;
  /** Already logged as served from the cache in the current outage. */
  loggedStale: boolean;
}

const DEFAULT_TTL_MS = 15_000;
const DEFAULT_REVALIDATE_WAIT_MS = 250;
const RETRY_MS = 1_000;

export class TokenCache {
  private readonly known = new Map<string, Entry>();
  private readonly unknown = new Map<string, number>();
  private readonly pending = new Map<string, Promise<Actor | null>>();
  private outageSince: number | null = null;
  private servedStale = 0;
  private readonly ttlMs: number;
  private readonly revalidateWaitMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly opts: TokenCacheOptions) {
    this.ttlMs = opts.ttlMs ?? DEFAULT_TTL_MS;
    this.revalidateWaitMs = opts.revalidateWaitMs ?? DEFAULT_REVALIDATE_WAIT_MS;
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** The actor for `token`, or null when it is not valid. Throws when it cannot be checked. */
  async resolve(token: string): Promise<Actor | null> {
    const now = this.now();
    const e = this.known.get(token);
    if (e) {
      if (e.permanent) return e.actor;
      if (e.expiresAt !== null && e.expiresAt <= now) {
        this.known.delete(token);
        return null;
      }
      const age = now - e.verifiedAt;
      if (age < this.ttlMs / 2) return e.actor;
      if (age < this.ttlMs) {
        void this.refresh(token, e);
        return e.actor;
      }
      return this.due(token, e);
    }
    const until = this.unknown.get(token);
    if (until !== undefined && until > now) return null;
    // Concurrent first requests with the same token share one lookup.
    let p = this.pending.get(token);
    if (!p) {
      p = this.first(token).finally(() => this.pending.delete(token));
      this.pending.set(token, p);
    }
    return p;
  }

  /** Forgets one token (logout). */
  forget(token: string): void {
    this.known.delete(token);
  }

  /** Forgets the token whose SHA-256 is `hash` (a sign-out told by hash, e.g. from another instance). */
  forgetHash(hash: string, sha256: (s: string) => string): void {
    for (const token of this.known.keys()) if (sha256(token) === hash) this.known.delete(token);
  }

  /** Forgets every cached token of an actor (revocation). */
  forgetActor(type: Actor['type'], id: string): void {
    for (const [token, e] of this.known)
      if (e.actor.type === type && e.actor.id === id) this.known.delete(token);
    this.unknown.clear();
  }

  /** Since when lookups fail (epoch ms), or null; and how many tokens were served from the cache meanwhile. */
  outage(): { since: number | null; tokensServedFromCache: number } {
    return { since: this.outageSince, tokensServedFromCache: this.servedStale };
  }

  private async first(token: string): Promise<Actor | null> {
    let v: VerifiedToken | null;
    try {
      v = await this.opts.lookup(token);
    } catch (err) {
      this.failed(err);
      throw err;
    }
    this.answered();
    if (v) this.remember(token, v);
    else this.rememberUnknown(token);
    return v?.actor ?? null;
  }

  /** A known token due for re-verification. */
  private async due(token: string, e: Entry): Promise<Actor | null> {
    if (e.refreshing === null && this.outageSince === null) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.refresh(token, e),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, this.revalidateWaitMs))),
      ]);
      clearTimeout(timer);
    } else {
      void this.refresh(token, e);
    }
    const cur = this.known.get(token);
    if (!cur) return null; // revoked, expired or unknown now
    if (this.now() - cur.verifiedAt < this.ttlMs) return cur.actor;
    this.servedFromCache(cur);
    return cur.actor;
  }

  /** One background re-verification per token at a time; never rejects. */
  private refresh(token: string, e: Entry): Promise<void> {
    if (e.refreshing) return e.refreshing;
    if (this.now() < e.retryAt) return Promise.resolve();
    e.refreshing = this.opts.lookup(token).then(
      (v) => {
        e.refreshing = null;
        this.answered();
        // Forgotten meanwhile (revoked, logged out): the answer may predate that; keep it forgotten.
        if (this.known.get(token) !== e) return;
        this.known.delete(token);
        if (v) this.remember(token, v);
        else this.rememberUnknown(token);
      },
      (err: unknown) => {
        e.refreshing = null;
        e.retryAt = this.now() + RETRY_MS;
        this.failed(err);
      },
    );
    return e.refreshing;
  }

  private remember(token: string, v: VerifiedToken): void {
    if (this.known.size >= this.maxEntries) {
      // Evict the entry verified longest ago (hot tokens are re-inserted at each re-verification).
      const oldest = this.known.keys().next();
      if (!oldest.done) this.known.delete(oldest.value);
    }
    this.known.set(token, { ...v, verifiedAt: this.now(), refreshing: null, retryAt: 0, loggedStale: false });
    this.unknown.delete(token);
  }

  private rememberUnknown(token: string): void {
    // Unknown tokens have their own map, so guessing tokens cannot push known ones out.
    if (this.unknown.size >= this.maxEntries) this.unknown.clear();
    this.unknown.set(token, this.now() + this.ttlMs);
  }

  private failed(err: unknown): void {
    const reason = databaseUnavailableReason(err);
    if (!reason) this.opts.logger?.error({ err }, 'token verification failed');
    if (this.outageSince === null) {
      this.outageSince = this.now();
      this.servedStale = 0;
      this.opts.logger?.warn(
        { reason: reason ?? 'error' },
        'tokens cannot be verified: tokens verified before now keep working until the database answers again; revocations meanwhile take effect then',
      );
    }
  }

  private answered(): void {
    if (this.outageSince === null) return;
    this.opts.logger?.info(
      { outageMs: this.now() - this.outageSince, tokensServedFromCache: this.servedStale },
      'tokens are verified against the database again',
    );
    this.outageSince = null;
    for (const e of this.known.values()) e.loggedStale = false;
  }

  private servedFromCache(e: Entry): void {
    if (e.loggedStale) return;
    e.loggedStale = true;
    this.servedStale++;
    this.opts.logger?.warn(
      {
        actor: { type: e.actor.type, id: e.actor.id, name: e.actor.name, role: e.actor.role },
        lastVerifiedAt: new Date(e.verifiedAt).toISOString(),
      },
      'accepting a token verified before the database became unavailable',
    );
  }
}
