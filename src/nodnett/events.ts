/**
 * The Nødnett context's domain events (NN-2, NN-3): an incident talk group was created, had
 * members attached or was released; a conference was started (connected or failed) or ended.
 * Scoped to the AMK that owns it, national when none does. Ids and outcomes only.
 */
import { z } from 'zod';
import { defineEvent, NATIONAL } from '../platform/events/define-event.ts';

const scope = (p: { amkId: string | null }) => (p.amkId ? { kind: 'amk' as const, id: p.amkId } : NATIONAL);

export const talkGroupChanged = defineEvent({
  type: 'nodnett.talk-group.changed',
  scope,
  payload: z.object({
    gssi: z.number().int(),
    amkId: z.string().nullable(),
    change: z.enum(['created', 'members-attached', 'released']),
    attached: z.number().int().optional(),
    refused: z.number().int().optional(),
  }),
});

export const conferenceChanged = defineEvent({
  type: 'nodnett.conference.changed',
  scope,
  payload: z.object({
    conferenceId: z.string(),
    amkId: z.string().nullable(),
    change: z.enum(['connected', 'failed', 'ended']),
    joined: z.number().int().optional(),
  }),
});
