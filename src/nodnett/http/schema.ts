/** zod schemas of the Nødnett API under /api/v1/nodnett (requests and responses; OpenAPI). */
import { z } from 'zod';
import { AGENCIES, TALK_GROUP_LEVELS } from '../port.ts';
import { ON_CALL_ROLES } from '../../readiness/roster/on-call.ts';
import { REACH_GAPS } from '../doctors-on-call.ts';

const ssi = z.coerce.number().int().min(1).max(0xffffff);
const amkId = z.string().regex(/^amk-[a-z0-9-]{1,60}$/, 'an AMK id such as amk-oslo');

export const talkGroupSchema = z.object({
  gssi: z.number().int(),
  name: z.string(),
  level: z.enum(TALK_GROUP_LEVELS),
  agencies: z.array(z.enum(AGENCIES)),
  area: z.string().nullable(),
  capacity: z.number().int(),
  members: z.object({ terminals: z.array(z.number().int()), groups: z.array(z.number().int()) }),
});
export const fleetMapSchema = z.object({ groups: z.array(talkGroupSchema) });

export const createGroupBody = z.object({
  name: z.string().trim().min(1).max(80),
  /** The other agencies sharing the group; health is always in it. */
  agencies: z.array(z.enum(AGENCIES)).max(3).default([]),
  amkId,
});
export const gssiParams = z.object({ gssi: ssi });
export const attachBody = z
  .object({
    terminals: z.array(ssi).max(200).default([]),
    groups: z.array(ssi).max(50).default([]),
  })
  .refine((b) => b.terminals.length + b.groups.length > 0, {
    message: 'name at least one terminal or group',
  });

const memberFailure = z.enum([
  'attached',
  'out-of-coverage',
  'unknown-terminal',
  'unknown-group',
  'group-full',
]);
export const attachResultSchema = z.object({
  terminals: z.array(z.object({ issi: z.number().int(), outcome: memberFailure })),
  groups: z.array(z.object({ gssi: z.number().int(), outcome: memberFailure })),
});

const party = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('terminal'), issi: ssi }),
  z.object({ kind: z.literal('phone'), number: z.string().regex(/^\+?[0-9]{3,15}$/, 'a telephone number') }),
]);
export const conferenceBody = z.object({ amkId, parties: z.array(party).min(1).max(10) });
export const conferenceSchema = z.object({
  id: z.string(),
  status: z.enum(['connected', 'failed']),
  parties: z.array(
    z.object({
      party,
      outcome: z.enum([
        'joined',
        'no-answer',
        'out-of-coverage',
        'unknown-terminal',
        'unknown-group',
        'group-full',
      ]),
    }),
  ),
});
export const conferenceParams = z.object({ id: z.string().min(1).max(100) });

export const doctorsOnCallQuery = z.object({
  municipality: z.string().regex(/^\d{4}$/, 'a four-digit municipality number'),
  /** The instant (default now). */
  at: z.iso.datetime({ offset: true }).optional(),
});
export const doctorsOnCallSchema = z.object({
  municipality: z.string(),
  at: z.string(),
  amkId: z.string().nullable(),
  doctors: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      hprNumber: z.string().nullable(),
      email: z.string().nullable(),
      role: z.enum(ON_CALL_ROLES),
      unitId: z.string(),
      unitKind: z.string(),
      start: z.string(),
      end: z.string(),
      terminals: z.array(z.object({ issi: z.string(), label: z.string(), unitId: z.string() })),
    }),
  ),
  gaps: z.array(z.enum(['no-roster', ...REACH_GAPS])),
});

export const openConferenceSchema = z.object({
  id: z.string(),
  amkId: z.string(),
  parties: conferenceSchema.shape.parties,
  startedAt: z.string(),
  startedBy: z.string(),
});
export const conferenceListSchema = z.object({ conferences: z.array(openConferenceSchema) });
