/**
 * The calls API's schemas (issue 10): the integration API for call events, the call record and
 * list, and the official figures. The request body of `POST /api/v1/calls/events` is the fixed
 * contract the centres' telephone systems and the simulator post to.
 */
import { z } from 'zod';
import {
  callEventSchema,
  callTargetSchema,
  hastegradSchema,
  misroutingReasonSchema,
  routingSnapshotSchema,
  transferOutcomeSchema,
} from '../domain/call-event.ts';
import { granularities } from '../statistics/periods.ts';
import { dimensions } from '../statistics/rollup-cells.ts';
import type { OfficialFigures } from '../statistics/official-figures.ts';
import { pageQueryShape, pageSchema } from '../../platform/http/paging.ts';

export const MAX_EVENTS_PER_BATCH = 1000;

export const recordEventsBody = z.object({
  events: z.array(callEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});

export const ingestResultSchema = z.object({
  eventId: z.string(),
  callId: z.string(),
  outcome: z.enum(['accepted', 'duplicate', 'refused']),
  problem: z
    .object({
      code: z.enum(['call.transition-refused', 'call.event-id-reused', 'call.out-of-scope']),
      message: z.string(),
      params: z.record(z.string(), z.string()),
    })
    .optional(),
});

export const recordEventsResponse = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  refused: z.number().int(),
  results: z.array(ingestResultSchema),
});

const instant = z.string();
const counting = z.enum(['counted', 'in-progress', 'not-offered', 'incomplete']);

/** A call as lists show it. The calling number only for readers who may see the centre's callers. */
export const callSummarySchema = z.object({
  id: z.string(),
  state: z.enum(['new', 'routed', 'offered', 'queued', 'ringing', 'answered', 'ended', 'abandoned']),
  calledNumber: z.string().nullable(),
  service: z.enum(['legevakt', 'amk']).nullable(),
  centreId: z.string().nullable(),
  amkArea: z.string().nullable(),
  municipality: z.string().nullable(),
  county: z.string().nullable(),
  callingNumber: z.string().optional(),
  network: z.enum(['fixed', 'mobile', 'ip']).nullable(),
  startedAt: instant.nullable(),
  routedAt: instant.nullable(),
  offeredAt: instant.nullable(),
  queuedAt: instant.nullable(),
  ringingAt: instant.nullable(),
  answeredAt: instant.nullable(),
  endedAt: instant.nullable(),
  hastegrad: hastegradSchema.nullable(),
  misrouted: z.boolean(),
  /**
   * What, where, why of a misrouted call (RT-12; null when not misrouted). `reason` is null only
   * for a call whose row was written before the register had its columns.
   */
  misrouting: z
    .object({
      at: instant.nullable(),
      reason: misroutingReasonSchema.nullable(),
      correctMunicipality: z.string().nullable(),
      correctCentreId: z.string().nullable(),
    })
    .nullable(),
  /** How the call counts in the official figures. */
  counted: counting,
  /** Answer time (ms) of a counted, answered call. */
  answerMs: z.number().int().nullable(),
  abandonedBeforeRinging: z.boolean(),
  eventCount: z.number().int(),
});
export type CallSummary = z.infer<typeof callSummarySchema>;

const handover = z.object({
  eventId: z.string(),
  at: instant,
  target: callTargetSchema,
  outcome: transferOutcomeSchema,
});

export const callDetailSchema = z.object({
  call: callSummarySchema.extend({
    routing: routingSnapshotSchema.nullable(),
    answeredBy: z
      .object({ positionId: z.string(), userId: z.string().optional(), centreId: z.string().optional() })
      .nullable(),
    transfers: z.array(handover),
    conferences: z.array(handover),
    misrouting: z
      .object({
        at: instant,
        reason: misroutingReasonSchema,
        correctMunicipality: z.string().optional(),
        correctCentreId: z.string().optional(),
        detail: z.string().optional(),
      })
      .nullable(),
    callbackRequested: z.object({ at: instant, number: z.string().optional() }).nullable(),
  }),
  /** The call's accepted events in fold order (time order). */
  events: z.array(callEventSchema),
});

const dateOrInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const callListQuery = z.object({
  ...pageQueryShape,
  centre: z.string().min(1).max(200).optional(),
  service: z.enum(['legevakt', 'amk']).optional(),
  /** With `group`: the calls of one rollup group (the drill-down of a figure). */
  dimension: z.enum(dimensions).optional(),
  group: z.string().min(1).max(200).optional(),
  /** The call's period instant (offered) in [from, to): a date (Europe/Oslo midnight) or an instant. */
  from: dateOrInstant.optional(),
  to: dateOrInstant.optional(),
  counted: counting.optional(),
  /** The misrouting register (RT-12): `true` lists the misrouted calls, `false` the others. */
  misrouted: z.enum(['true', 'false']).optional(),
  /** Misrouted calls for this reason. */
  reason: misroutingReasonSchema.optional(),
  /** Misrouted calls that should have gone to this centre. */
  correctCentre: z.string().min(1).max(200).optional(),
  /** Only the calls one figure counted. */
  figure: z
    .enum([
      'answered',
      'unanswered',
      'abandoned-before-ringing',
      'within-10-seconds',
      'within-2-minutes',
      'within-10-minutes',
    ])
    .optional(),
});

export const callListResponse = pageSchema(callSummarySchema);

export const figuresQuery = z.object({
  service: z.enum(['legevakt', 'amk']).default('legevakt'),
  dimension: z.enum(dimensions).default('national'),
  group: z.string().min(1).max(200).optional(),
  granularity: z.enum(granularities).default('day'),
  from: dateOrInstant,
  to: dateOrInstant,
});

export const officialFiguresSchema = z.object({
  calls: z.number().int(),
  answered: z.number().int(),
  unanswered: z.number().int(),
  abandonedBeforeRinging: z.number().int(),
  answeredWithin10Seconds: z.number().int(),
  answeredWithin2Minutes: z.number().int(),
  answeredWithin10Minutes: z.number().int(),
  shareWithin10Seconds: z.number().nullable(),
  shareWithin2Minutes: z.number().nullable(),
  shareWithin10Minutes: z.number().nullable(),
  shareUnanswered: z.number().nullable(),
  medianAnswer: z.object({ minMs: z.number(), maxMs: z.number(), exact: z.boolean() }).nullable(),
  longestAnswerMs: z.number().nullable(),
  target: z.object({
    requirement: z.enum(['LV-4', 'AMK-1']),
    share: z.number().nullable(),
    required: z.number(),
    met: z.boolean().nullable(),
  }),
}) satisfies z.ZodType<OfficialFigures>;

export const figuresResponse = z.object({
  service: z.enum(['legevakt', 'amk']),
  dimension: z.enum(dimensions),
  granularity: z.enum(granularities),
  /** The range widened to whole periods. */
  from: instant,
  to: instant,
  rows: z.array(
    z.object({
      group: z.string(),
      period: z.string(),
      periodStart: instant,
      periodEnd: instant,
      figures: officialFiguresSchema,
      /** Lists the calls this figure counted (GET, paged). */
      calls: z.string(),
    }),
  ),
  totals: z.array(z.object({ group: z.string(), figures: officialFiguresSchema, calls: z.string() })),
});
