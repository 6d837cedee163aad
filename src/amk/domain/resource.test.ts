import { describe, expect, it } from 'vitest';
import { mayTransition, ON_MISSION, RESOURCE_STATUSES, TRANSITIONS } from './resource.ts';

describe('resource status transition table (NN-5, AMK-2)', () => {
  it('follows a mission from dispatch to hospital and back to available', () => {
    const path = [
      'available',
      'dispatched',
      'en-route',
      'at-scene',
      'transporting',
      'at-hospital',
      'available',
    ] as const;
    for (let i = 1; i < path.length; i++) expect(mayTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('refuses illegal transitions', () => {
    expect(mayTransition('available', 'at-scene')).toBe(false);
    expect(mayTransition('transporting', 'available')).toBe(false);
    expect(mayTransition('out-of-service', 'dispatched')).toBe(false);
    expect(mayTransition('dispatched', 'out-of-service')).toBe(false);
    for (const s of RESOURCE_STATUSES) expect(mayTransition(s, s)).toBe(false);
  });

  it('every status can reach available again, and every target is a known status', () => {
    const reaches = (from: string, seen = new Set<string>()): boolean => {
      if (from === 'available') return true;
      seen.add(from);
      return TRANSITIONS[from as keyof typeof TRANSITIONS].some((t) => !seen.has(t) && reaches(t, seen));
    };
    for (const s of RESOURCE_STATUSES) {
      expect(reaches(s)).toBe(true);
      for (const t of TRANSITIONS[s]) expect(RESOURCE_STATUSES).toContain(t);
    }
    expect(ON_MISSION).not.toContain('available');
  });
});
