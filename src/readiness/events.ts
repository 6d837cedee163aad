/**
 * Readiness's domain events (issue 9): a change to a unit, a person or a training completion,
 * written with its audit row by `recordChange`. Scoped to the unit concerned (a person's and a
 * completion's unit is the person's employer), so push filtering can follow the readiness policy.
 * Payloads carry ids and the kind of change only — no personal data; clients re-read what they show.
 */
import { z } from 'zod';
import { defineEvent } from '../platform/events/define-event.ts';

const unit = (id: string) => ({ kind: 'unit' as const, id });

export const unitChanged = defineEvent({
  type: 'readiness.unit.changed',
  scope: (p) => unit(p.unitId),
  payload: z.object({
    unitId: z.string(),
    change: z.enum([
      'created',
      'updated',
      'milestones-set',
      'leader-added',
      'equipment-added',
      'equipment-updated',
    ]),
  }),
});

export const personChanged = defineEvent({
  type: 'readiness.person.changed',
  scope: (p) => unit(p.unitId),
  payload: z.object({ personId: z.string(), unitId: z.string(), change: z.enum(['created', 'updated']) }),
});

export const completionRecorded = defineEvent({
  type: 'readiness.completion.recorded',
  scope: (p) => unit(p.unitId),
  payload: z.object({ completionId: z.string(), personId: z.string(), unitId: z.string() }),
});
