import { describe, expect, it } from 'vitest';
import { traceDetail } from './domain/trace-text.ts';
import { routingPolicyFromConfig } from './config.ts';
import { route } from './domain/engine.ts';
import { buildCall, buildCompiledData, buildState } from './domain/testing.ts';

describe('routing policy from configuration', () => {
  it('RT-6 live routing draws the overflow centre at random: calls without a number reach every overflow centre', () => {
    const policy = routingPolicyFromConfig({});
    expect(policy.random).toBeTypeOf('function');
    const data = buildCompiledData();
    const at = Date.UTC(2026, 0, 7, 9, 0);
    const centres = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const d = route(buildCall({ callingNumber: '' }), data, buildState(), at, policy);
      if (d.outcome === 'connect') centres.add(d.centreId);
      expect(d.trace.some((t) => t.step === 'overflow' && /at random/.test(traceDetail(t)))).toBe(true);
    }
    expect(centres.size).toBe(data.overflowCentres.length);
  });

  it('RT-6 NODMELD_OVERFLOW_CENTRE fixes the overflow centre', () => {
    expect(routingPolicyFromConfig({ NODMELD_OVERFLOW_CENTRE: 'lv-trondheim' }).overflow).toEqual({
      mode: 'fixed',
      centreId: 'lv-trondheim',
    });
  });
});
