/**
 * zod schemas of the AMK API (edges only), built from the pure value lists in domain/. Response
 * schemas are written against the use cases' types (`satisfies`), so the web can infer its types.
 */
import { DELIVERY_OUTCOMES, DELIVERY_STATES } from '../domain/alert-delivery.ts';
import type { AlertDeliveryView } from '../alert-delivery/delivery-store.ts';
import { z } from 'zod';
import { rule } from '../../platform/http/field-errors.ts';
import { pageQueryShape, pageSchema } from '../../platform/http/paging.ts';
import { ALARM_LEVELS } from '../domain/escalation.ts';
import { MISSION_STATES, TIMELINE_KINDS, URGENCIES } from '../domain/mission.ts';
import { ALARM_SOURCES, POSITION_SOURCES, type PositionReport } from '../domain/position.ts';
import { FIRST_RESPONDER_AGENCIES, RESOURCE_KINDS, RESOURCE_STATUSES } from '../domain/resource.ts';
import type { SafetyAlarm } from '../alarms/alarm-store.ts';
import type { AlarmList } from '../alarms/read-alarms.ts';
import type { SafetyAlarmInput } from '../alarms/raise-safety-alarm.ts';
import type { Mission, MissionDetail } from '../missions/mission-store.ts';
import type { MissionList } from '../missions/read-missions.ts';
import type { Suggestion } from '../missions/suggest-units.ts';
import type { RecordPositionsResult } from '../positions/record-positions.ts';
import type { ResourceInput } from '../resources/maintain-resources.ts';
import type { ResourceDetail, ResourceList, ResourceView } from '../resources/read-resources.ts';
import { TRIPLE_ALERT_AGENCIES } from '../domain/triple-alert.ts';
import { FIRST_RESPONDER_ANSWERS } from '../domain/resource.ts';
import type { FirstResponderAlert } from '../first-responders/first-responder-alerts.ts';
import type { TripleAlertInput } from '../triple-alerts/raise-triple-alert.ts';
import type { TripleAlert } from '../triple-alerts/triple-alert-store.ts';
import type { TripleAlertList } from '../triple-alerts/read-triple-alerts.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
const lat = z.number().min(-90).max(90);
const lon = z.number().min(-180).max(180);
const instant = z.string().datetime({ offset: true });
/** A delivery over Nødnett to a recipient outside nodmeld (AMK-3, NN-6). */
export const alertDeliverySchema = z
  .object({
    state: z.enum(DELIVERY_STATES),
    outcome: z.enum(DELIVERY_OUTCOMES).nullable(),
    attempts: z.number().int(),
    lastAttemptAt: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    addressName: z.string().nullable(),
    addressIssi: z.string().nullable(),
    consumedAt: z.string().nullable(),
  })
  .nullable() satisfies z.ZodType<AlertDeliveryView | null>;

export const issi = z.string().regex(/^[0-9]{1,10}$/, rule('issi', 'a TETRA ISSI: 1–10 digits'));
const municipalityNumber = z
  .string()
  .regex(/^\d{4}$/, rule('municipality-number', 'a four-digit municipality number (kommunenummer)'));
/** An AMK centre id of the routing data (checked against the data in force by the use cases). */
const amkId = z.string().trim().min(1).max(100);

export const idParams = z.object({ id: z.string().uuid() });

export const resourceBody = z.object({
  callSign: text(40),
  kind: z.enum(RESOURCE_KINDS),
  agency: z.enum(FIRST_RESPONDER_AGENCIES).nullish(),
  amkId,
  station: z.object({ name: text(200), lat, lon }),
  issi: issi.nullish(),
  rosterUnitId: text(100).nullish(),
}) satisfies z.ZodType<ResourceInput>;

export const updateResourceBody = resourceBody.extend({ revision: z.number().int().min(1) });

export const statusBody = z.object({
  status: z.enum(RESOURCE_STATUSES),
  revision: z.number().int().min(1).optional(),
});

export const resourceListQuery = z.object({ amk: amkId.optional() });

const trackPoint = z.object({
  observedAt: z.string(),
  lat: z.number(),
  lon: z.number(),
  errorMetres: z.number().nullable(),
  speedKmh: z.number().nullable(),
  headingDeg: z.number().nullable(),
});

const crewSchema = z
  .object({
    unitId: z.string(),
    shift: z.object({ start: z.string(), end: z.string() }),
    crew: z.array(z.object({ personId: z.string(), name: z.string(), role: z.string() })),
    ok: z.boolean(),
    violations: z.array(
      z.object({
        kind: z.string(),
        paragraph: z.string(),
        requirementId: z.string(),
        missing: z.array(z.string()),
        personIds: z.array(z.string()),
      }),
    ),
  })
  .nullable();

export const resourceSchema = z.object({
  id: z.string(),
  callSign: z.string(),
  kind: z.enum(RESOURCE_KINDS),
  agency: z.enum(FIRST_RESPONDER_AGENCIES).nullable(),
  amkId: z.string(),
  station: z.object({ name: z.string(), lat: z.number(), lon: z.number() }),
  issi: z.string().nullable(),
  rosterUnitId: z.string().nullable(),
  status: z.enum(RESOURCE_STATUSES),
  statusChangedAt: z.string(),
  missionId: z.string().nullable(),
  revision: z.number().int(),
  position: trackPoint.extend({ stale: z.boolean() }).nullable(),
  crew: crewSchema,
  crewFlagged: z.boolean(),
}) satisfies z.ZodType<ResourceView>;

const statusCounts = z.object(
  Object.fromEntries(RESOURCE_STATUSES.map((s) => [s, z.number().int()])) as Record<
    (typeof RESOURCE_STATUSES)[number],
    z.ZodNumber
  >,
);

export const resourceListSchema = z.object({
  amkIds: z.array(z.string()),
  neighbourAmkIds: z.array(z.string()),
  own: z.array(resourceSchema),
  neighbours: z.array(resourceSchema),
  counts: z.object({
    own: statusCounts,
    neighboursAvailable: z.number().int(),
    crewFlagged: z.number().int(),
  }),
  tracks: z.record(z.string(), z.array(trackPoint)),
  trackLimits: z.object({ points: z.number().int(), minutes: z.number().int() }),
  staleAfterMs: z.number().int(),
}) satisfies z.ZodType<ResourceList>;

export const resourceDetailSchema = resourceSchema.extend({
  timeline: z.array(
    z.object({
      from: z.enum(RESOURCE_STATUSES).nullable(),
      to: z.enum(RESOURCE_STATUSES),
      missionId: z.string().nullable(),
      at: z.string(),
      by: z.string(),
    }),
  ),
  track: z.array(trackPoint),
}) satisfies z.ZodType<ResourceDetail>;

export const positionReport = z.object({
  issi,
  observedAt: instant,
  lat,
  lon,
  errorMetres: z.number().min(0).max(1_000_000).nullable().default(null),
  speedKmh: z.number().min(0).max(2000).nullable().default(null),
  headingDeg: z.number().min(0).max(360).nullable().default(null),
  source: z.enum(POSITION_SOURCES).default('json'),
}) satisfies z.ZodType<PositionReport, unknown>;

export const positionsBody = z.object({ positions: z.array(positionReport).min(1).max(10_000) });

export const positionsResultSchema = z.object({
  recorded: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  latestChanged: z.number().int(),
}) satisfies z.ZodType<RecordPositionsResult>;

export const alarmBody = z.object({
  issi,
  observedAt: instant,
  source: z.enum(ALARM_SOURCES).default('json'),
}) satisfies z.ZodType<SafetyAlarmInput, unknown>;

export const alarmSchema = z.object({
  id: z.string(),
  issi: z.string(),
  observedAt: z.string(),
  source: z.enum(ALARM_SOURCES),
  resourceId: z.string().nullable(),
  callSign: z.string().nullable(),
  amkId: z.string().nullable(),
  level: z.enum(ALARM_LEVELS),
  audience: z.array(z.string()),
  raisedAt: z.string(),
  escalateAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  position: trackPoint.nullable(),
  track: z.array(trackPoint),
  crew: z.array(z.object({ personId: z.string(), name: z.string(), role: z.string() })),
  steps: z.array(
    z.object({
      kind: z.enum(['raised', 'escalated', 'acknowledged']),
      level: z.enum(ALARM_LEVELS),
      amkIds: z.array(z.string()),
      at: z.string(),
      by: z.string(),
    }),
  ),
}) satisfies z.ZodType<SafetyAlarm>;

export const alarmListQuery = z.object(pageQueryShape);
export const alarmListSchema = pageSchema(alarmSchema).extend({
  counts: z.object({ unacknowledged: z.number().int(), acknowledged: z.number().int() }),
}) satisfies z.ZodType<AlarmList>;

export const missionBody = z.object({
  callId: text(200).nullish(),
  urgency: z.enum(URGENCIES),
  lat,
  lon,
  municipality: municipalityNumber.nullish(),
});

export const missionSchema = z.object({
  id: z.string(),
  callId: z.string().nullable(),
  urgency: z.enum(URGENCIES),
  location: z.object({ lat: z.number(), lon: z.number(), municipality: z.string() }),
  amkId: z.string(),
  amkIds: z.array(z.string()),
  state: z.enum(MISSION_STATES),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  revision: z.number().int(),
  units: z.array(
    z.object({
      resourceId: z.string(),
      callSign: z.string(),
      kind: z.enum(RESOURCE_KINDS),
      amkId: z.string(),
      status: z.enum(RESOURCE_STATUSES),
      onMission: z.boolean(),
      dispatchedAt: z.string(),
      delivery: alertDeliverySchema,
    }),
  ),
}) satisfies z.ZodType<Mission>;

export const missionDetailSchema = missionSchema.extend({
  timeline: z.array(
    z.object({
      kind: z.enum(TIMELINE_KINDS),
      resourceId: z.string().nullable(),
      status: z.enum(RESOURCE_STATUSES).nullable(),
      hospital: z.string().nullable(),
      at: z.string(),
      by: z.string(),
    }),
  ),
}) satisfies z.ZodType<MissionDetail>;

export const missionListQuery = z.object({ state: z.enum(MISSION_STATES).optional(), ...pageQueryShape });
export const missionListSchema = pageSchema(missionSchema).extend({
  counts: z.object({ open: z.number().int(), closed: z.number().int(), crossBorder: z.number().int() }),
}) satisfies z.ZodType<MissionList>;

export const suggestionQuery = z.object({ limit: z.coerce.number().int().min(1).max(50).default(5) });
export const suggestionsSchema = z.object({
  suggestions: z.array(
    z.object({
      resourceId: z.string(),
      callSign: z.string(),
      kind: z.enum(RESOURCE_KINDS),
      amkId: z.string(),
      neighbour: z.boolean(),
      from: z.enum(['position', 'station']),
      distanceKm: z.number(),
      estimatedMinutes: z.number().int(),
      delivery: alertDeliverySchema,
    }) satisfies z.ZodType<Suggestion>,
  ),
});

export const dispatchBody = z.object({ resourceId: z.string().uuid() });
export const handoverBody = z.object({ resourceId: z.string().uuid(), hospital: text(200) });

export const tripleAlertBody = z.object({
  missionId: z.string().uuid().nullish(),
  lat: lat.nullish(),
  lon: lon.nullish(),
  municipality: municipalityNumber.nullish(),
  affectedAmkIds: z.array(amkId).max(20).optional(),
  rescueCoordination: z.boolean().optional(),
}) satisfies z.ZodType<TripleAlertInput, unknown>;

export const tripleAlertAckBody = z.object({ recipient: text(120) });

export const tripleAlertSchema = z.object({
  id: z.string(),
  missionId: z.string().nullable(),
  amkId: z.string(),
  location: z.object({ lat: z.number(), lon: z.number(), municipality: z.string() }),
  raisedAt: z.string(),
  raisedBy: z.string(),
  recipients: z.array(
    z.object({
      recipient: z.string(),
      kind: z.enum([...TRIPLE_ALERT_AGENCIES, 'amk']),
      amkId: z.string().nullable(),
      acknowledgedAt: z.string().nullable(),
      acknowledgedBy: z.string().nullable(),
      delivery: alertDeliverySchema,
    }),
  ),
  missing: z.array(z.string()),
}) satisfies z.ZodType<TripleAlert>;

export const tripleAlertListQuery = z.object({
  ...pageQueryShape,
  /** Only this mission's alerts. */
  missionId: z.string().uuid().optional(),
});
export const tripleAlertListSchema = pageSchema(tripleAlertSchema).extend({
  counts: z.object({ incomplete: z.number().int() }),
}) satisfies z.ZodType<TripleAlertList>;

export const firstResponderAlertBody = z.object({ radiusKm: z.number().min(0.1).max(200).default(20) });
export const firstResponderAnswerBody = z.object({ answer: z.enum(FIRST_RESPONDER_ANSWERS) });
export const firstResponderAlertsSchema = z.object({
  alerts: z.array(
    z.object({
      id: z.string(),
      missionId: z.string(),
      resourceId: z.string(),
      callSign: z.string(),
      agency: z.enum(FIRST_RESPONDER_AGENCIES).nullable(),
      amkId: z.string(),
      alertedAt: z.string(),
      answer: z.enum(['accepted', 'declined']).nullable(),
      answeredAt: z.string().nullable(),
      arrivedAt: z.string().nullable(),
      status: z.enum(RESOURCE_STATUSES),
      position: trackPoint.extend({ stale: z.boolean() }).nullable(),
      estimatedMinutes: z.number().int(),
      delivery: alertDeliverySchema,
    }) satisfies z.ZodType<FirstResponderAlert>,
  ),
  counts: z.object({
    alerted: z.number().int(),
    accepted: z.number().int(),
    declined: z.number().int(),
    arrived: z.number().int(),
  }),
});
