/**
 * The calls context's domain events (issue 10). One `calls.call.changed` per centre per accepted
 * batch — not one per call event: the live control room re-reads the centre's calls and figures
 * when told, and a burst of a thousand events costs one outbox row per centre. Scoped to the
 * centre, ids only (no calling numbers in the outbox).
 */
import { z } from 'zod';
import { defineEvent } from '../platform/events/define-event.ts';

export const callsChanged = defineEvent({
  type: 'calls.call.changed',
  scope: (p) => ({ kind: 'centre', id: p.centreId }),
  payload: z.object({ centreId: z.string(), callIds: z.array(z.string()).max(1000) }),
});
