/**
 * The test-call regime's domain events (RT-8): a run finished (national: the operations centre's
 * pages refresh), an alarm raised or acknowledged (scoped to the centre, so its leader is told
 * too), a run's results signed off (scoped to the centre or the municipality that signed).
 */
import { z } from 'zod';
import { defineEvent, NATIONAL } from '../platform/events/define-event.ts';
import { RUN_STATUSES, SIGN_OFF_SUBJECTS } from './domain/vocabulary.ts';

export const runFinished = defineEvent({
  type: 'test-calls.run.finished',
  scope: () => NATIONAL,
  payload: z.object({
    runId: z.string(),
    status: z.enum(RUN_STATUSES),
    calls: z.number().int(),
    failures: z.number().int(),
  }),
});

export const alarmRaised = defineEvent({
  type: 'test-calls.alarm.raised',
  scope: (p) => ({ kind: 'centre', id: p.centreId }),
  payload: z.object({
    alarmId: z.string(),
    runId: z.string(),
    centreId: z.string(),
    failures: z.number().int(),
  }),
});

export const alarmAcknowledged = defineEvent({
  type: 'test-calls.alarm.acknowledged',
  scope: (p) => ({ kind: 'centre', id: p.centreId }),
  payload: z.object({ alarmId: z.string(), runId: z.string(), centreId: z.string() }),
});

export const runSignedOff = defineEvent({
  type: 'test-calls.run.signed-off',
  scope: (p) =>
    p.subject === 'centre'
      ? { kind: 'centre', id: p.subjectId }
      : { kind: 'unit', id: `kommune-${p.subjectId}` },
  payload: z.object({ runId: z.string(), subject: z.enum(SIGN_OFF_SUBJECTS), subjectId: z.string() }),
});
