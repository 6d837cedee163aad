/**
 * The push's one rule (`defaultCanSee`): by the scopes of the memberships — and an event declared
 * for every member (a centre's routing status) reaches every signed-in subscriber (issue 11: the
 * wall-board and the map of a reader at one centre learn of another centre's re-route at once).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memberAt } from '../testing/actors.ts';
import { defaultCanSee } from './can-see.ts';
import { audienceOf, defineEvent, type PendingEvent, type StoredEvent } from './define-event.ts';

const secret = defineEvent({
  type: 'test.can-see.secret',
  scope: (p: { centreId: string }) => ({ kind: 'centre', id: p.centreId }),
  payload: z.object({ centreId: z.string() }),
});
const status = defineEvent({
  type: 'test.can-see.status',
  scope: (p: { centreId: string }) => ({ kind: 'centre', id: p.centreId }),
  payload: z.object({ centreId: z.string() }),
  audience: 'every-member',
});

const stored = <P>(e: PendingEvent<P>): StoredEvent<P> => ({
  ...e,
  position: 1,
  actor: { type: 'system', id: null, name: 'system' },
  at: new Date(0).toISOString(),
});

describe('defaultCanSee', () => {
  it('tells a member of its own centre’s events and not of another centre’s', () => {
    expect(defaultCanSee(memberAt('lv-a'), stored(secret.of({ centreId: 'lv-a' })))).toBe(true);
    expect(defaultCanSee(memberAt('lv-a'), stored(secret.of({ centreId: 'lv-b' })))).toBe(false);
  });

  it('tells every member of an event declared for every member, whatever its scope', () => {
    expect(defaultCanSee(memberAt('lv-a'), stored(status.of({ centreId: 'lv-b' })))).toBe(true);
    expect(audienceOf(secret.type)).toBe('scope');
    expect(audienceOf('test.can-see.undeclared')).toBe('scope');
  });
});
