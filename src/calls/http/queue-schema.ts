/** The control room's API schemas (issue 11): a centre's queue, its live service level, answering. */
import { z } from 'zod';
import {
  callTargetSchema,
  hastegradSchema,
  misroutingReasonSchema,
  routingMethods,
  transferOutcomeSchema,
} from '../domain/call-event.ts';
import type { QueueCall, ServiceLevel } from '../queue/read-queue.ts';
import type { LiveWindow, NationalCentre, NationalServiceLevel } from '../queue/read-national.ts';
import type { CentreRouting } from '../../routing/domain/centre-status.ts';
import { officialFiguresSchema } from './schema.ts';

const id = z.string().min(1).max(200);
const instant = z.string();

export const centreQuery = z.object({ centre: id });

export const queueCallSchema = z.object({
  id: z.string(),
  state: z.enum(['offered', 'queued', 'ringing']),
  service: z.enum(['legevakt', 'amk']).nullable(),
  calledNumber: z.string().nullable(),
  startedAt: instant,
  ringingAt: instant.nullable(),
  network: z.string().nullable(),
  routing: z
    .object({
      method: z.enum(routingMethods).nullable(),
      locatedBy: z.enum(routingMethods).nullable(),
      municipality: z.string().nullable(),
      municipalityName: z.string().nullable(),
      positioning: z.enum(['positioned', 'failed', 'not-applicable']).nullable(),
      positioningFailure: z.string().nullable(),
      alternativeSite: z.boolean(),
      rerouted: z.boolean(),
    })
    .nullable(),
}) satisfies z.ZodType<QueueCall>;

export const queueResponse = z.object({
  centreId: z.string(),
  /** The server's clock when read: a console times the waits against it, not its own. */
  at: instant,
  calls: z.array(queueCallSchema),
});

const window = z.object({ from: instant, to: instant, figures: officialFiguresSchema });

export const serviceLevelResponse = z.object({
  centreId: z.string(),
  service: z.enum(['legevakt', 'amk']),
  requiredShare: z.number(),
  thresholdMs: z.number().int(),
  at: instant,
  lastHour: window,
  today: window,
  waiting: z.number().int(),
  longestWaitMs: z.number().nullable(),
}) satisfies z.ZodType<ServiceLevel>;

const liveWindowSchema = z.object({
  from: instant,
  calls: z.number().int(),
  answered: z.number().int(),
  unanswered: z.number().int(),
  withinLimit: z.number().int(),
  share: z.number().nullable(),
  met: z.boolean().nullable(),
}) satisfies z.ZodType<LiveWindow>;

const centreRoutingSchema = z.object({
  status: z.enum(['normal', 'closed', 'rerouted', 'unavailable']),
  answeredBy: z.string(),
  alternativeSite: z.boolean(),
  reroute: z
    .object({
      id: z.string(),
      kind: z.enum(['planned', 'urgent']),
      toCentreId: z.string(),
      startsAt: instant,
      endsAt: instant.nullable(),
    })
    .nullable(),
}) satisfies z.ZodType<CentreRouting>;

const nationalCentreSchema = z.object({
  centreId: z.string(),
  name: z.string(),
  service: z.enum(['legevakt', 'amk']),
  amkId: z.string().nullable(),
  requiredShare: z.number(),
  thresholdMs: z.number().int(),
  lastHour: liveWindowSchema,
  today: liveWindowSchema,
  waiting: z.number().int(),
  longestWaitMs: z.number().nullable(),
  routing: centreRoutingSchema.nullable(),
}) satisfies z.ZodType<NationalCentre>;

export const nationalServiceLevelResponse = z.object({
  at: instant,
  dataVersion: z.number().int().nullable(),
  centres: z.array(nationalCentreSchema),
}) satisfies z.ZodType<NationalServiceLevel>;

export const answerBody = z.object({
  /** The operator position (workstation) the call is answered at. */
  positionId: id,
});

export const transferBody = z.object({
  target: callTargetSchema,
  /** `transfer` hands the call over; `conference` keeps the operator on a three-way call. */
  kind: z.enum(['transfer', 'conference']).default('transfer'),
  mode: z.enum(['blind', 'attended']).optional(),
  outcome: transferOutcomeSchema.default('connected'),
  hastegrad: hastegradSchema.optional(),
});

export const misroutedBody = z.object({
  reason: misroutingReasonSchema,
  correctMunicipality: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  correctCentreId: id.optional(),
  detail: z.string().max(500).optional(),
  acute: z.boolean().optional(),
});

export const endBody = z.object({ hastegrad: hastegradSchema.optional() });
