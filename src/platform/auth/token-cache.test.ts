import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor.ts';
import { DatabaseUnavailableError } from '../db/unavailable.ts';
import { TokenCache, type VerifiedToken } from './token-cache.ts';

const TTL = 15_000;
const actor = (id: string): Actor => ({
  type: 'token',
  id,
  name: `token ${id}`,
  role: 'integration',
  centreId: null,
});

/**
 * The token store as the cache sees it: tokens in a map, a switch that makes lookups fail like an
 * unreachable database (or hang like a partitioned one), a lookup counter and a settable clock.
 */
function setup() {
  const store = new Map<string, VerifiedToken>([
    ['tok-a', { actor: actor('a'), expiresAt: null }],
    ['tok-b', { actor: actor('b'), expiresAt: null }],
  ]);
  const state = { mode: 'up' as 'up' | 'down' | 'hang', lookups: 0, now: 1_000_000 };
  const cache = new TokenCache({
    ttlMs: TTL,
    revalidateWaitMs: 20,
    now: () => state.now,
    lookup: async (token) => {
      state.lookups++;
      if (state.mode === 'down') throw new DatabaseUnavailableError('database-unreachable');
      if (state.mode === 'hang') return new Promise<never>(() => undefined);
      return store.get(token) ?? null;
    },
  });
  /** Lets background re-verifications settle. */
  const settle = () => new Promise((r) => setTimeout(r, 5));
  return { store, state, cache, settle };
}

describe('token cache (issue 8: tokens through a database outage)', () => {
  it('RT-1: a token verified before the outage keeps working through an outage of any length', async () => {
    const { state, cache, settle } = setup();
    expect(await cache.resolve('tok-a')).toMatchObject({ id: 'a' });
    state.mode = 'down';
    for (const later of [TTL, 10 * TTL, 24 * 3600_000, 30 * 24 * 3600_000]) {
      state.now += later;
      expect(await cache.resolve('tok-a')).toMatchObject({ id: 'a' });
      await settle();
    }
    expect(cache.outage().since).not.toBeNull();
    expect(cache.outage().tokensServedFromCache).toBe(1);
  });

  it('refuses a token it never verified with the database error (503), not as invalid (401)', async () => {
    const { state, cache } = setup();
    state.mode = 'down';
    await expect(cache.resolve('tok-b')).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });

  it('does not make requests wait for a partitioned database: due tokens are served at once', async () => {
    const { state, cache } = setup();
    await cache.resolve('tok-a');
    state.mode = 'hang';
    state.now += TTL + 1;
    // First due request: waits at most revalidateWaitMs, then the cached answer.
    expect(await cache.resolve('tok-a')).toMatchObject({ id: 'a' });
    const lookups = state.lookups;
    // Later requests while that re-verification hangs: served without a new lookup.
    for (let i = 0; i < 100; i++) expect(await cache.resolve('tok-a')).toMatchObject({ id: 'a' });
    expect(state.lookups).toBe(lookups);
  });

  it('takes a revocation into account at the first re-verification after the database answers again', async () => {
    const { store, state, cache, settle } = setup();
    await cache.resolve('tok-a');
    state.mode = 'down';
    state.now += 2 * TTL;
    expect(await cache.resolve('tok-a')).toMatchObject({ id: 'a' });
    await settle();
    // Revoked on another instance during the outage.
    store.delete('tok-a');
    state.mode = 'up';
    state.now += 2_000; // past the retry pause after the failed re-verification
    // This use starts the re-verification (without waiting: the cache still believes the
    // database down) …
    await cache.resolve('tok-a');
    await settle();
    // … which finds the revocation: refused from then on.
    expect(cache.outage().since).toBeNull();
    expect(await cache.resolve('tok-a')).toBeNull();
  });

  it('re-verifies hot tokens in the background before they are due, so a revocation counts within the TTL', async () => {
    const { store, state, cache, settle } = setup();
    await cache.resolve('tok-a');
    const lookups = state.lookups;
    state.now += TTL / 2 + 1;
    expect(await cache.resolve('tok-a')).toMatchObject({ id: 'a' }); // served, refresh started
    await settle();
    expect(state.lookups).toBe(lookups + 1);
    store.delete('tok-a');
    state.now += TTL / 2 + 1;
    await cache.resolve('tok-a');
    await settle();
    expect(await cache.resolve('tok-a')).toBeNull();
  });

  it('still ends a session at its expiry during an outage', async () => {
    const { store, state, cache } = setup();
    store.set('sess', { actor: { ...actor('u'), type: 'user' }, expiresAt: state.now + 3 * TTL });
    await cache.resolve('sess');
    state.mode = 'down';
    state.now += 2 * TTL;
    expect(await cache.resolve('sess')).toMatchObject({ id: 'u' });
    state.now += 2 * TTL;
    expect(await cache.resolve('sess')).toBeNull();
  });

  it('serves a permanent token (NODMELD_API_TOKEN) without ever asking the database again', async () => {
    const { store, state, cache } = setup();
    store.set('cfg', { actor: actor('config'), expiresAt: null, permanent: true });
    await cache.resolve('cfg');
    const lookups = state.lookups;
    state.mode = 'down';
    state.now += 100 * TTL;
    expect(await cache.resolve('cfg')).toMatchObject({ id: 'config' });
    expect(state.lookups).toBe(lookups);
  });

  it('forgets revoked and logged-out tokens at once on this instance', async () => {
    const { state, cache } = setup();
    await cache.resolve('tok-a');
    await cache.resolve('tok-b');
    state.mode = 'down';
    cache.forgetActor('token', 'a');
    cache.forget('tok-b');
    await expect(cache.resolve('tok-a')).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(cache.resolve('tok-b')).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });

  it('cannot be emptied of known tokens by a flood of unknown ones', async () => {
    const { state, cache } = setup();
    await cache.resolve('tok-a');
    for (let i = 0; i < 20_500; i++) expect(await cache.resolve(`guess-${i}`)).toBeNull();
    state.mode = 'down';
    state.now += 2 * TTL;
    expect(await cache.resolve('tok-a')).toMatchObject({ id: 'a' });
  });

  it('shares one lookup between concurrent first requests with the same token', async () => {
    const { state, cache } = setup();
    const all = await Promise.all(Array.from({ length: 50 }, () => cache.resolve('tok-a')));
    expect(all.every((a) => a?.id === 'a')).toBe(true);
    expect(state.lookups).toBe(1);
  });
});
