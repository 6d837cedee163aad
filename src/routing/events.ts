/**
 * Routing's domain events (issue 9): every change to the operational routing state travels as one
 * of these, written with its audit row by `recordChange`. Other instances apply them at once
 * (runtime.ts `syncNow`); browsers get them over /api/v1/events, filtered by scope.
 */
import { z } from 'zod';
import { defineEvent, NATIONAL } from '../platform/events/define-event.ts';

const centre = (id: string) => ({ kind: 'centre' as const, id });

/**
 * A centre's routing status (re-routed, closed, unavailable) is told to every signed-in subscriber:
 * every role may read routing nationally (`routing.read`, policy.ts) and it holds no personal data,
 * so the wall-board and the map of a reader at one centre learn of another centre's change at once.
 */
const STATUS = 'every-member' as const;

export const rerouteCreated = defineEvent({
  type: 'routing.reroute.created',
  scope: (p) => centre(p.fromCentreId),
  audience: STATUS,
  payload: z.object({
    id: z.string(),
    fromCentreId: z.string(),
    toCentreId: z.string(),
    kind: z.enum(['planned', 'urgent']),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
  }),
});

export const rerouteEnded = defineEvent({
  type: 'routing.reroute.ended',
  scope: (p) => centre(p.fromCentreId),
  audience: STATUS,
  payload: z.object({
    id: z.string(),
    fromCentreId: z.string(),
    toCentreId: z.string(),
    endedAt: z.string(),
  }),
});

export const availabilityChanged = defineEvent({
  type: 'routing.availability.changed',
  scope: (p) => centre(p.centreId),
  audience: STATUS,
  payload: z.object({ centreId: z.string(), unavailable: z.boolean() }),
});

export const dataVersionActivated = defineEvent({
  type: 'routing.data-version.activated',
  scope: () => NATIONAL,
  payload: z.object({ version: z.number().int(), previous: z.number().int().nullable() }),
});

/** The events that change what the routing runtime decides with. */
export const ROUTING_STATE_EVENTS = [
  rerouteCreated,
  rerouteEnded,
  availabilityChanged,
  dataVersionActivated,
].map((d) => d.type);
