/**
 * A centre's routing status is told to every signed-in subscriber (issue 11): every role may read
 * routing nationally, and the wall-board and the map of a reader at one centre must learn of
 * another centre's re-route or unavailability at once, not at their next read.
 */
import { describe, expect, it } from 'vitest';
import { memberAt } from '../platform/testing/actors.ts';
import { defaultCanSee } from '../platform/events/can-see.ts';
import { eventTypes, type StoredEvent } from '../platform/events/define-event.ts';
import { availabilityChanged, rerouteCreated, rerouteEnded, dataVersionActivated } from './events.ts';

describe('routing events over the push', () => {
  it('a centre’s routing status is for every member: re-routes and availability (routing/events.ts)', () => {
    for (const d of [rerouteCreated, rerouteEnded, availabilityChanged])
      expect(d.audience).toBe('every-member');
    const e: StoredEvent = {
      ...availabilityChanged.of({ centreId: 'lv-b', unavailable: true }),
      position: 1,
      actor: { type: 'user', id: 'u2', name: 'leader' },
      at: new Date(0).toISOString(),
    };
    expect(defaultCanSee(memberAt('lv-a'), e)).toBe(true);
  });

  it('the data version is national: every subscriber hears of it', () => {
    expect(eventTypes()).toContain(dataVersionActivated.type);
    expect(dataVersionActivated.of({ version: 2, previous: 1 }).scope.kind).toBe('national');
  });
});
