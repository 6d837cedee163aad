/**
 * Call events: what the network (the 116117 redirect server, the decision API) and the centres'
 * telephone systems (ACD/CTI) report about one call, from the moment it is routed until it ends
 * (issue 10, part 1). PURE: zod schemas and their inferred types, no I/O, no clock.
 *
 * Every event carries
 * - `eventId`: chosen by the sender and stable across retries; the fold is idempotent by it
 *   (call-state.ts);
 * - `callId`: the call it belongs to (the SIP Call-ID, or the id the decision API handed out);
 * - `occurredAt`: when it happened at the source (ISO 8601 with offset, millisecond precision).
 *   Events are ordered per call by this instant, not by arrival: a late event is placed;
 * - `source`: who reported it;
 * - `type` and a per-type payload.
 *
 * Called numbers: 116117 (the national number, routed by nodmeld), a centre's public 8-digit
 * number (RT-1, RT-8: reaches the centre directly, no routing decision) and 113 (AMK).
 *
 * The routing decision is recorded *as it was made* (method, municipality, county, positioning
 * outcome, data version, re-route): a report a year later must show why a call went where it
 * went, not what today's data would say. `routingMethods` mirrors `RoutingMethod` of
 * src/routing/domain/types.ts (this folder is pure and imports nothing outside itself; the test
 * checks the two lists agree).
 */
import { z } from 'zod';
import {
  callTargetKinds,
  hastegrader,
  misroutingReasons,
  systemEndReasons,
  transferOutcomes,
} from './call-values.ts';

/** Event types in lifecycle order. */
export const callEventTypes = [
  'routed',
  'offered',
  'queued',
  'ringing',
  'answered',
  'transferred',
  'conferenced',
  'ended',
  'abandoned',
  'callback-requested',
  'misrouted',
] as const;
export type CallEventType = (typeof callEventTypes)[number];

/** 116117, a centre's public 8-digit number, or 113. */
export const calledNumberSchema = z
  .string()
  .regex(/^(116117|113|\d{8})$/, 'expected 116117, 113 or an 8-digit number');
export type CalledNumber = z.infer<typeof calledNumberSchema>;

/** Which official figure a call belongs to: LV (116117 and the centres' numbers, LV-4) or AMK (113, AMK-1). */
export type CallService = 'legevakt' | 'amk';

/** The service of a called number: 113 is AMK's, 116117 and the 8-digit numbers are the legevakt's. */
export function serviceOfCalledNumber(calledNumber: string): CallService {
  return calledNumber === '113' ? 'amk' : 'legevakt';
}

/** Who reported the event. */
export const callEventSources = [
  'sip-redirect',
  'decision-api',
  'centre-telephony',
  'operator',
  'simulator',
] as const;
export const callEventSourceSchema = z.enum(callEventSources);
export type CallEventSource = z.infer<typeof callEventSourceSchema>;

/** Same values as `RoutingMethod` in src/routing/domain/types.ts. */
export const routingMethods = [
  'number-series',
  'mobile-position',
  'menu-postcode',
  'menu-region',
  'overflow',
  'schedule',
  'reroute',
] as const;
export const routingMethodSchema = z.enum(routingMethods);

/** Urgency (hastegrad): akutt (red), haster (yellow), vanlig (green). */
export const hastegradSchema = z.enum(hastegrader);
export type Hastegrad = z.infer<typeof hastegradSchema>;

const id = z.string().min(1).max(200);
const municipalityNumber = z.string().regex(/^\d{4}$/);
const countyNumber = z.string().regex(/^\d{2}$/);
const phoneNumber = z.string().regex(/^\+?\d{3,15}$/);

/** How a mobile call's position came out (RT-3); `not-applicable` for fixed and IP calls. */
export const positioningOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('positioned'), elapsedMs: z.number().int().min(0).optional() }),
  z.object({
    status: z.literal('failed'),
    reason: z.enum(['timeout', 'no-answer', 'unknown-municipality', 'circuit-open']),
    elapsedMs: z.number().int().min(0).optional(),
  }),
  z.object({ status: z.literal('not-applicable') }),
]);
export type PositioningOutcome = z.infer<typeof positioningOutcomeSchema>;

/** The routing decision as it was made (RT-2 … RT-7). */
export const routingSnapshotSchema = z.object({
  /** `connect`: to a centre; `menu`: the caller was sent to the fallback menu (RT-5). */
  outcome: z.enum(['connect', 'menu']),
  /** How the destination was decided; absent only while the call is in the fallback menu. */
  method: routingMethodSchema.optional(),
  /** How the call was first placed, when a schedule or re-route then decided the destination. */
  locatedBy: routingMethodSchema.optional(),
  centreId: id.optional(),
  municipality: municipalityNumber.optional(),
  county: countyNumber.optional(),
  positioning: positioningOutcomeSchema,
  dataVersion: z.number().int().min(0),
  /** The re-route (RT-7) that decided the destination, if one did. */
  rerouteId: id.optional(),
  /** True when the centre was unavailable and the call went to its alternative site (RT-11). */
  alternativeSite: z.boolean().optional(),
});
export type RoutingSnapshot = z.infer<typeof routingSnapshotSchema>;

/** Where a call was transferred or conferenced to (LV-2, RT-12). */
export const callTargetSchema = z.object({
  kind: z.enum(callTargetKinds),
  /** Centre id or another stable id of the target, when known. */
  id: id.optional(),
  number: phoneNumber.optional(),
});
export type CallTarget = z.infer<typeof callTargetSchema>;

export const transferOutcomeSchema = z.enum(transferOutcomes);
export type TransferOutcome = z.infer<typeof transferOutcomeSchema>;

/** Why a call was misrouted (RT-12: "what, where, why"). */
export const misroutingReasonSchema = z.enum(misroutingReasons);
export type MisroutingReason = z.infer<typeof misroutingReasonSchema>;

const base = {
  eventId: id,
  callId: id,
  occurredAt: z.iso.datetime({ offset: true }),
  source: callEventSourceSchema,
};

/** Identity of the call, carried by the first event a source sends (routed or offered). */
const callIdentity = {
  calledNumber: calledNumberSchema,
  callingNumber: phoneNumber.optional(),
  network: z.enum(['fixed', 'mobile', 'ip']).optional(),
};

export const routedEventSchema = z.object({
  ...base,
  type: z.literal('routed'),
  ...callIdentity,
  decision: routingSnapshotSchema,
});

/** The network delivered the call to the centre's telephone system. */
export const offeredEventSchema = z.object({
  ...base,
  type: z.literal('offered'),
  ...callIdentity,
  centreId: id,
});

/** The call is held by the centre's system before it rings at an operator: voice menu, announcement. */
export const queuedEventSchema = z.object({ ...base, type: z.literal('queued'), centreId: id.optional() });

/** The call rings at the operators of the centre: the official answer time starts here. */
export const ringingEventSchema = z.object({
  ...base,
  type: z.literal('ringing'),
  centreId: id.optional(),
  positionId: id.optional(),
});

export const answeredEventSchema = z.object({
  ...base,
  type: z.literal('answered'),
  centreId: id.optional(),
  positionId: id,
  userId: id.optional(),
});

export const transferredEventSchema = z.object({
  ...base,
  type: z.literal('transferred'),
  target: callTargetSchema,
  outcome: transferOutcomeSchema,
  /** Blind: handed over at once; attended: the operator spoke to the target first. */
  mode: z.enum(['blind', 'attended']).optional(),
  hastegrad: hastegradSchema.optional(),
});

export const conferencedEventSchema = z.object({
  ...base,
  type: z.literal('conferenced'),
  target: callTargetSchema,
  outcome: transferOutcomeSchema,
  hastegrad: hastegradSchema.optional(),
});

export const endedEventSchema = z.object({
  ...base,
  type: z.literal('ended'),
  by: z.enum(['caller', 'operator', 'system']).optional(),
  /** Ended by the system before a centre took the call: why (call-values.ts `systemEndReasons`). */
  reason: z.enum(systemEndReasons).optional(),
  hastegrad: hastegradSchema.optional(),
});

/** The caller hung up before an operator answered (in the voice menu, the queue or while ringing). */
export const abandonedEventSchema = z.object({ ...base, type: z.literal('abandoned') });

export const callbackRequestedEventSchema = z.object({
  ...base,
  type: z.literal('callback-requested'),
  number: phoneNumber.optional(),
  hastegrad: hastegradSchema.optional(),
});

export const misroutedEventSchema = z.object({
  ...base,
  type: z.literal('misrouted'),
  reason: misroutingReasonSchema,
  /** Where the caller actually was. */
  correctMunicipality: municipalityNumber.optional(),
  /** The centre that should have had the call. */
  correctCentreId: id.optional(),
  detail: z.string().max(500).optional(),
  hastegrad: hastegradSchema.optional(),
});

export const callEventSchema = z.discriminatedUnion('type', [
  routedEventSchema,
  offeredEventSchema,
  queuedEventSchema,
  ringingEventSchema,
  answeredEventSchema,
  transferredEventSchema,
  conferencedEventSchema,
  endedEventSchema,
  abandonedEventSchema,
  callbackRequestedEventSchema,
  misroutedEventSchema,
]);
export type CallEvent = z.infer<typeof callEventSchema>;
export type CallEventOf<T extends CallEventType> = Extract<CallEvent, { type: T }>;
