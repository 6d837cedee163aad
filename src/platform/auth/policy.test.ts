import { describe, expect, it } from 'vitest';
import type { Actor, ScopeRef } from './actor.ts';
import { definePolicy } from './policy.ts';

const policy = definePolicy(
  'policy-test',
  {
    'thing.read': { roles: ['operator', 'centre-leader'] },
    'thing.change': { roles: ['centre-leader'] },
    'thing.national': { roles: ['operations'], nationalOnly: true },
  },
  (scope: ScopeRef, centreId: string) => scope.level === 'centre' && scope.id === centreId,
);

const user = (memberships: Actor['memberships']): Actor => ({
  type: 'user',
  id: 'u1',
  name: 'Kari',
  role: memberships?.[0]?.role ?? 'operator',
  centreId: null,
  memberships,
});

describe('policy.narrow: the actor a handler of one action sees', () => {
  const kari = user([
    { role: 'operator', scope: { level: 'centre', id: 'lv-bergen' } },
    { role: 'centre-leader', scope: { level: 'centre', id: 'lv-voss' } },
  ]);

  it('keeps only the memberships that grant the action', () => {
    expect(policy.narrow(kari, 'thing.read')?.memberships).toHaveLength(2);
    expect(policy.narrow(kari, 'thing.change')?.memberships).toEqual([
      { role: 'centre-leader', scope: { level: 'centre', id: 'lv-voss' } },
    ]);
  });

  it('is null when no membership grants it (the router refuses with 403)', () => {
    expect(policy.narrow(kari, 'thing.national')).toBeNull();
    const nationalOperator = user([{ role: 'operations', scope: { level: 'centre', id: 'lv-bergen' } }]);
    expect(policy.narrow(nationalOperator, 'thing.national')).toBeNull();
  });

  it('answers the same as can(actor, action) and grants(actor, action)', () => {
    for (const action of policy.actions) {
      expect(policy.narrow(kari, action) !== null).toBe(policy.can(kari, action));
      expect(policy.narrow(kari, action)?.memberships ?? []).toEqual(policy.grants(kari, action));
    }
  });

  it('is remembered per actor object, and a new actor object (changed memberships) is asked anew', () => {
    expect(policy.narrow(kari, 'thing.change')).toBe(policy.narrow(kari, 'thing.change'));
    const demoted = user([{ role: 'operator', scope: { level: 'centre', id: 'lv-voss' } }]);
    expect(policy.narrow(demoted, 'thing.change')).toBeNull();
  });

  it('leaves the actor itself untouched', () => {
    policy.narrow(kari, 'thing.change');
    expect(kari.memberships).toHaveLength(2);
  });
});
