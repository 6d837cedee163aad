import { describe, expect, it } from 'vitest';
import { buildCompiledData } from '../src/routing/domain/testing.ts';
import { comparePrefixLookups, runEngineBench } from './routing-engine.ts';

describe('routing engine benchmark', () => {
  it('runs the realistic mix and reports its figures (behaviour only, no timing targets)', async () => {
    const result = await runEngineBench(buildCompiledData(), { seconds: 0.2 });
    expect(Object.keys(result.mix)).toEqual([
      'mobile-positioned',
      'fixed-incumbent',
      'ported',
      'county-only',
      'unlocated-overflow',
      'unlocated-menu',
    ]);
    for (const count of Object.values(result.mix)) expect(count).toBeGreaterThan(0);
    expect(result.decisionsPerSecond).toBeGreaterThan(0);
    expect(result.p99us).toBeGreaterThanOrEqual(result.p50us);
    expect(result.cpuUsPerDecision).toBeGreaterThan(0);
  });

  it('compares the two prefix lookups', () => {
    const { trie, maps } = comparePrefixLookups(buildCompiledData(), 0.05);
    expect(trie).toBeGreaterThan(0);
    expect(maps).toBeGreaterThan(0);
  });
});
