/**
 * The AMK context's domain events (docs/amk.md), scoped to an AMK area so its consoles are told at
 * once (the default push filter: a membership at the AMK centre or area). They carry codes, ids,
 * positions and counts — no text for a screen.
 */
import { z } from 'zod';
import { defineEvent, NATIONAL, type EventScope } from '../platform/events/define-event.ts';
import { RESOURCE_STATUSES } from './domain/resource.ts';
import { ALARM_LEVELS } from './domain/escalation.ts';

const amkScope = (amkId: string | null): EventScope => (amkId ? { kind: 'amk', id: amkId } : NATIONAL);

/** A resource was registered or changed, or its status changed (NN-5). */
export const resourceChanged = defineEvent({
  type: 'amk.resource.changed',
  scope: (p) => amkScope(p.amkId),
  payload: z.object({
    resourceId: z.string(),
    amkId: z.string(),
    change: z.enum(['created', 'updated', 'status']),
    status: z.enum(RESOURCE_STATUSES),
    fromStatus: z.enum(RESOURCE_STATUSES).nullable(),
    missionId: z.string().nullable(),
    revision: z.number().int(),
  }),
});

/**
 * A neighbouring AMK's unit became available or unavailable to this AMK, or was registered,
 * changed or moved (NN-5): one event per neighbour told, scoped to it. It carries no status, crew
 * or place — what the neighbour may see is read from the list, which shows only available units.
 */
export const neighbourUnitChanged = defineEvent({
  type: 'amk.neighbour-unit.changed',
  scope: (p) => amkScope(p.toAmkId),
  payload: z.object({
    resourceId: z.string(),
    amkId: z.string(),
    toAmkId: z.string(),
    available: z.boolean(),
  }),
});

const point = z.object({
  lat: z.number(),
  lon: z.number(),
  observedAt: z.string(),
  errorMetres: z.number().nullable(),
  speedKmh: z.number().nullable(),
  headingDeg: z.number().nullable(),
});

/** New latest positions of an AMK's units, one event per AMK per recorded batch (NN-4). */
export const positionsRecorded = defineEvent({
  type: 'amk.positions.recorded',
  scope: (p) => amkScope(p.amkId),
  payload: z.object({
    amkId: z.string(),
    units: z.array(point.extend({ resourceId: z.string(), issi: z.string() })),
  }),
});

/** A safety alarm was raised, escalated or acknowledged (NN-4); one event per AMK told. */
export const safetyAlarmChanged = defineEvent({
  type: 'amk.safety-alarm.changed',
  scope: (p) => amkScope(p.audienceAmkId),
  payload: z.object({
    alarmId: z.string(),
    change: z.enum(['raised', 'escalated', 'acknowledged']),
    level: z.enum(ALARM_LEVELS),
    /** The AMK this event tells (null: the operations centre). */
    audienceAmkId: z.string().nullable(),
    /** The AMK responsible for the unit. */
    amkId: z.string().nullable(),
    issi: z.string(),
    resourceId: z.string().nullable(),
    callSign: z.string().nullable(),
    position: point.nullable(),
    track: z.array(point),
    crew: z.array(z.object({ personId: z.string(), name: z.string(), role: z.string() })),
  }),
});

/** A mission was created, a unit dispatched, handed over or the mission closed (AMK-2). */
export const missionChanged = defineEvent({
  type: 'amk.mission.changed',
  scope: (p) => amkScope(p.audienceAmkId),
  payload: z.object({
    missionId: z.string(),
    audienceAmkId: z.string(),
    /** `dispatch-delivery`, `dispatch-read`: the dispatch's delivery to the unit's terminal over Nødnett. */
    change: z.enum([
      'created',
      'dispatched',
      'unit-status',
      'handover',
      'closed',
      'dispatch-delivery',
      'dispatch-read',
    ]),
    resourceId: z.string().nullable(),
    revision: z.number().int(),
  }),
});

/** A triple alert was raised, or one of its recipients acknowledged it (AMK-3); one event per AMK concerned. */
export const tripleAlertChanged = defineEvent({
  type: 'amk.triple-alert.changed',
  scope: (p) => amkScope(p.audienceAmkId),
  payload: z.object({
    alertId: z.string(),
    audienceAmkId: z.string(),
    /** `delivery`: an attempt to deliver it to a recipient outside nodmeld; `consumed`: the recipient read it. */
    change: z.enum(['raised', 'acknowledged', 'delivery', 'consumed']),
    recipient: z.string().nullable(),
  }),
});

/** First-responder groups were alerted to a mission, one answered or arrived (NN-6); one event per AMK concerned. */
export const firstResponderChanged = defineEvent({
  type: 'amk.first-responder.changed',
  scope: (p) => amkScope(p.audienceAmkId),
  payload: z.object({
    missionId: z.string(),
    audienceAmkId: z.string(),
    change: z.enum(['alerted', 'accepted', 'declined', 'arrived', 'delivery', 'consumed']),
    alertIds: z.array(z.string()),
  }),
});
