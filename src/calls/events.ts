/**
 * The calls context's domain events (issue 10). One `calls.centres.changed` per accepted batch —
 * not one per call event, nor one per centre: a burst of a thousand events costs one outbox row.
 * It names the centres whose calls changed (no call ids, no calling numbers) and is national in
 * scope, so every control room hears it and re-reads its own calls and figures when its centre
 * is named (the reads are scoped and audited, the push need not be).
 */
import { z } from 'zod';
import { defineEvent, NATIONAL } from '../platform/events/define-event.ts';

export const centresChanged = defineEvent({
  type: 'calls.centres.changed',
  scope: () => NATIONAL,
  payload: z.object({ centreIds: z.array(z.string()), calls: z.number().int().min(0) }),
});

/**
 * A call's contact record was saved, signed or amended (issue 11). Scoped to the call's centre, so
 * only those who may see the centre hear it; it carries no content (the record's read is audited).
 */
export const contactRecordChanged = defineEvent({
  type: 'calls.contact-record.changed',
  scope: (p) => ({ kind: 'centre', id: p.centreId }),
  payload: z.object({
    callId: z.string(),
    centreId: z.string(),
    version: z.number().int(),
    status: z.enum(['draft', 'signed']),
    change: z.enum(['saved', 'signed', 'amended']),
  }),
});
