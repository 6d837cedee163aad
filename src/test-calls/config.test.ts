/** The test-call module's configuration slice (RT-8; docs/test-calls.md). */
import { describe, expect, it } from 'vitest';
import { testCallsConfigSchema } from './config.ts';

describe('test-calls configuration', () => {
  it('auto: on with SIP on the embedded database, off on PostgreSQL or without SIP', () => {
    expect(testCallsConfigSchema.parse({}).enabled).toBe(true);
    expect(testCallsConfigSchema.parse({ DATABASE_URL: 'postgres://x/y' }).enabled).toBe(false);
    expect(testCallsConfigSchema.parse({ NODMELD_SIP_ENABLED: 'false' }).enabled).toBe(false);
    expect(
      testCallsConfigSchema.parse({ NODMELD_TEST_CALLS: 'on', DATABASE_URL: 'postgres://x/y' }).enabled,
    ).toBe(true);
  });

  it('the redirect server defaults to this process’s SIP port; centres are simulated unless a trunk is named', () => {
    const c = testCallsConfigSchema.parse({ NODMELD_SIP_HOST: '0.0.0.0', NODMELD_SIP_PORT: '5070' });
    expect(c.redirect).toEqual({ host: '127.0.0.1', port: 5070 });
    expect(c.centres).toEqual({ mode: 'simulated' });
    expect(testCallsConfigSchema.parse({ NODMELD_TEST_CALLS_CENTRES: 'sbc.example:5060' }).centres).toEqual({
      mode: 'trunk',
      target: { host: 'sbc.example', port: 5060 },
    });
  });

  it('refuses what it cannot use, naming the variable', () => {
    for (const bad of [
      { NODMELD_TEST_CALLS_CENTRES: 'nowhere' },
      { NODMELD_TEST_CALLS_SCHEDULE: '25:00' },
      { NODMELD_TEST_CALLS_SIMULATED_FAULTS: '{"lv-bergen":"sleeping"}' },
      { NODMELD_TEST_CALLS_CONCURRENCY: '0' },
    ]) {
      const r = testCallsConfigSchema.safeParse(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error!.issues[0]!.path[0]).toBe(Object.keys(bad)[0]);
    }
  });
});
