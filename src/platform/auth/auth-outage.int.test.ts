/**
 * Issue 8 (RT-1): bearer tokens stored in the database keep authenticating the routing API
 * through a database outage; tokens that cannot be checked are refused with the database error
 * (503), not as invalid; the configured token never needs the database. The outage is a switch
 * around the real database (every query fails as an unreachable PostgreSQL does).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDb, dbKinds, withFaultSwitch } from '../db/testing.ts';
import type { Db } from '../db/types.ts';
import { DatabaseUnavailableError } from '../db/unavailable.ts';
import { SYSTEM_ACTOR } from '../auth/actor.ts';
import { AuthService } from './auth-service.ts';

const CONFIG_TOKEN = 'auth-outage-config-token-0123456789';

describe.each(dbKinds())('API tokens through a database outage on %s', (kind) => {
  let real: Db;
  beforeAll(async () => {
    real = await createTestDb(kind);
  });
  afterAll(async () => {
    await real.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('RT-1: a database-stored token verified before the outage keeps working for hours; others get 503; the configured token always works', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const sw = withFaultSwitch(real);
    const auth = new AuthService(sw.db, CONFIG_TOKEN);
    const known = await auth.issueToken(SYSTEM_ACTOR, { name: 'telephony', role: 'integration' });
    const unseen = await auth.issueToken(SYSTEM_ACTOR, { name: 'unseen', role: 'integration' });
    expect(await auth.authenticateToken(known.token)).toMatchObject({ id: known.id, role: 'integration' });

    sw.set('down');
    for (let i = 0; i < 12; i++) {
      vi.setSystemTime(Date.now() + 15 * 60_000);
      expect(await auth.authenticateToken(known.token)).toMatchObject({ id: known.id });
      expect(await auth.authenticateToken(CONFIG_TOKEN)).toMatchObject({ id: 'config' });
      await new Promise((r) => setTimeout(r, 5));
    }
    await expect(auth.authenticateToken(unseen.token)).rejects.toBeInstanceOf(DatabaseUnavailableError);

    // Back up: the token is verified again and still valid; a revocation then counts at once.
    sw.set('up');
    vi.setSystemTime(Date.now() + 2_000);
    expect(await auth.authenticateToken(known.token)).toMatchObject({ id: known.id });
    await new Promise((r) => setTimeout(r, 20));
    await auth.revokeToken(SYSTEM_ACTOR, known.id);
    expect(await auth.authenticateToken(known.token)).toBeNull();
  });

  it('a session verified before the outage works until it expires, not beyond', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const sw = withFaultSwitch(real);
    const auth = new AuthService(sw.db, undefined);
    await auth.createUser(SYSTEM_ACTOR, {
      username: `op-${kind}`,
      displayName: 'Operatør',
      password: 'a-long-enough-password',
      role: 'operations',
    });
    const { token, expiresAt } = await auth.login(`op-${kind}`, 'a-long-enough-password');
    expect(await auth.authenticateToken(token)).toMatchObject({ type: 'user', role: 'operations' });
    sw.set('down');
    vi.setSystemTime(new Date(expiresAt).getTime() - 60_000);
    expect(await auth.authenticateToken(token)).toMatchObject({ type: 'user' });
    vi.setSystemTime(new Date(expiresAt).getTime() + 1);
    expect(await auth.authenticateToken(token)).toBeNull();
  });
});
