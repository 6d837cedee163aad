/**
 * zod schemas of the routing API (edges only; the domain types live in routing/domain/types.ts).
 * The response schemas mirror the domain types and are checked against them (`satisfies`), so
 * a change of a domain type that the API sends is a type error here.
 */
import { z } from 'zod';
import { pageQueryShape, pageSchema } from '../../platform/http/paging.ts';
import { rule } from '../../platform/http/field-errors.ts';
import { serializeAsJson } from '../../platform/http/serialize-as-json.ts';
import {
  NETWORKS,
  type Centre,
  type Municipality,
  type NumberSeries,
  type PortedNumber,
  type Reroute,
  type TraceStep,
} from '../domain/types.ts';
import type { Prompt } from '../domain/prompts.ts';
import type { RerouteView } from '../reroutes/reroute-service.ts';
import type { DataVersionInfo } from '../data/store.ts';
import type { PhoneListRow, RoutingTableRow } from '../data/exports.ts';

const digits = (min: number, max: number, what: string) =>
  z
    .string()
    .regex(
      new RegExp(`^\\+?[0-9 ]{${min},${max}}$`),
      rule('phone-number', `${what}: digits only (optionally +47)`),
    );

export const municipalityNumber = z
  .string()
  .regex(/^\d{4}$/, rule('municipality-number', 'a four-digit municipality number (kommunenummer)'));

export const decisionRequest = z.object({
  calledNumber: digits(3, 16, 'calledNumber'),
  callingNumber: z
    .string()
    .regex(/^(\+?[0-9 ]{0,20}|anonymous)?$/, rule('phone-number', 'callingNumber: digits, optionally +47')),
  network: z.enum(NETWORKS),
  presentedNumber: digits(3, 20, 'presentedNumber').optional(),
  position: z.object({ municipality: municipalityNumber }).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
  /**
   * The call's id in the asking system (e.g. its SIP Call-ID), under which the call is kept on
   * record; a new id is made when it is left out, and the answer carries it either way.
   */
  callId: z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, rule('call-id', 'callId: 1–200 printable characters without spaces'))
    .optional(),
});
export type DecisionRequest = z.infer<typeof decisionRequest>;

/**
 * The trace as the engine made it: each step's code and values. Clients render the text (the web
 * in bokmål or English from its dictionary, the CLI in English through trace-text.ts); the server
 * sends no prose (and the hot decision answer stays small).
 */
const trace = z.array(
  z.object({
    step: z.string(),
    // Serialised with JSON.stringify on the hot path (a small flat object of strings and numbers).
    params: serializeAsJson(z.record(z.string(), z.union([z.string(), z.number()]))),
  }) satisfies z.ZodType<TraceStep>,
);
export const decisionResponse = z.object({
  outcome: z.enum(['connect', 'menu']),
  centreId: z.string().optional(),
  centreName: z.string().optional(),
  connectTo: z.string().optional(),
  method: z.string().optional(),
  locatedBy: z.string().optional(),
  alternativeSite: z.boolean().optional(),
  reason: z.string().optional(),
  municipality: z.string().optional(),
  municipalityName: z.string().optional(),
  county: z.string().optional(),
  countyName: z.string().optional(),
  trace,
  dataVersion: z.number(),
  /**
   * On the decision API's answer: the call's id, the one asked with or a new one (the call's
   * record is kept under it).
   */
  callId: z.string().optional(),
});

export const menuSessionCreate = z.object({
  entry: z.enum(['top', 'fallback']).default('fallback'),
  language: z.enum(['nb', 'en', 'se']).optional(),
  callingNumber: z.string().max(24).optional(),
  callId: z.string().max(200).optional(),
});
/** DTMF digits from the IVR; "timeout" when the caller pressed nothing (RT-4, RT-5). */
export const menuSessionInput = z.object({
  digits: z
    .string()
    .regex(/^[0-9*#]{1,8}$|^timeout$/, rule('dtmf', 'DTMF digits 0-9, * and # (up to 8), or "timeout"')),
});

export const rerouteCreate = z.object({
  fromCentreId: z.string().min(1).max(100),
  toCentreId: z.string().min(1).max(100),
  kind: z.enum(['planned', 'urgent']),
  reason: z.string().min(3, 'say why (at least 3 characters)').max(1000),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  endsAt: z.iso.datetime({ offset: true }).nullable().optional(),
});
export const rerouteEnd = z.object({ reason: z.string().min(3).max(1000) });
export const availabilityUpdate = z.object({
  unavailable: z.boolean(),
  reason: z.string().min(3).max(1000),
});
export const idParam = z.object({ id: z.string().min(1).max(100) });
export const exportQuery = z.object({ format: z.enum(['csv', 'json']).default('json') });
export const seriesQuery = z.object({
  number: z
    .string()
    .regex(/^\+?\d{1,12}$/)
    .optional(),
  prefix: z
    .string()
    .regex(/^\d{1,8}$/)
    .optional(),
  ...pageQueryShape,
});
export const atQuery = z.object({ at: z.iso.datetime({ offset: true }).optional() });

// ---------------------------------------------------------------- responses

const isoInstant = z.string().describe('ISO 8601 instant');
const dataVersion = z.number().int().describe('the routing data version the answer was read from');

export const centreSchema = z.object({
  id: z.string(),
  name: z.string(),
  underlyingNumber: z.string(),
  publicNumber: z.string(),
  internalNumber: z.string(),
  alternativeSite: z.object({ name: z.string(), number: z.string() }),
  municipalities: z.array(z.string()),
  amkId: z.string(),
  hostMunicipality: z.string(),
  overflow: z.boolean(),
  schedule: z
    .object({
      staffed: z.array(z.object({ days: z.array(z.number().int()), from: z.string(), to: z.string() })),
      partnerCentreId: z.string(),
    })
    .optional(),
  fictional: z.boolean(),
}) satisfies z.ZodType<Centre>;

/** The latest availability change of a centre (RT-11); null when it was never changed. */
export const availabilitySchema = z
  .object({ unavailable: z.boolean(), reason: z.string(), changedAt: isoInstant, changedBy: z.string() })
  .nullable();

export const activeRerouteSchema = z.object({
  id: z.string(),
  fromCentreId: z.string(),
  toCentreId: z.string(),
  startsAt: isoInstant,
  endsAt: isoInstant.nullable(),
  kind: z.enum(['planned', 'urgent']),
  reason: z.string(),
}) satisfies z.ZodType<Reroute>;

export const rerouteViewSchema = activeRerouteSchema.extend({
  status: z.enum(['scheduled', 'active', 'ended']),
  requestedBy: z.string(),
  createdAt: isoInstant,
  endedAt: isoInstant.nullable(),
  endedBy: z.string().nullable(),
}) satisfies z.ZodType<RerouteView>;

export const centreListItem = centreSchema.extend({
  unavailable: z.boolean(),
  availability: availabilitySchema,
});
export const centreList = pageSchema(centreListItem).extend({ dataVersion });
export const countyList = pageSchema(z.object({ number: z.string(), name: z.string() })).extend({
  dataVersion,
});
export const amkCentreList = pageSchema(
  z.object({ id: z.string(), name: z.string(), healthTrust: z.string() }),
).extend({ dataVersion });
export const centreDetail = centreListItem.extend({
  dataVersion,
  /** Re-routes in the live state that move calls from or to this centre. */
  reroutes: z.array(activeRerouteSchema),
});

/** Who serves a municipality at a moment (the home centre, or schedule partner / re-route target). */
export const servedNowSchema = z
  .object({
    centreId: z.string(),
    centreName: z.string(),
    connectTo: z.string(),
    method: z.string(),
    alternativeSite: z.boolean(),
  })
  .nullable();
export const municipalitySchema = z.object({
  number: z.string(),
  name: z.string(),
  countyNumber: z.string(),
  population: z.number(),
}) satisfies z.ZodType<Municipality>;
export const municipalityItem = municipalitySchema.extend({
  countyName: z.string().optional(),
  homeCentreId: z.string().optional(),
  servedNow: servedNowSchema,
});
export const municipalityList = pageSchema(municipalityItem).extend({ dataVersion, at: isoInstant });
export const municipalityDetail = municipalityItem.extend({ dataVersion, postcodes: z.array(z.string()) });

export const numberSeriesSchema = z.object({
  prefix: z.string(),
  operator: z.string(),
  kind: z.enum(['incumbent-fixed', 'other-fixed', 'mobile', 'ip']),
  municipality: z.string().optional(),
  county: z.string().optional(),
}) satisfies z.ZodType<NumberSeries>;
const portedNumberSchema = z.object({
  number: z.string(),
  originalPrefix: z.string(),
  currentOperator: z.string(),
  geo: z.boolean(),
}) satisfies z.ZodType<PortedNumber>;
/** `?number=`: how that number routes; otherwise a page of the series (under `?prefix=`). */
export const numberSeriesAnswer = z.union([
  z.object({
    dataVersion,
    number: z.string(),
    ported: portedNumberSchema.nullable(),
    longestPrefixMatch: numberSeriesSchema.nullable(),
    decision: decisionResponse,
  }),
  pageSchema(numberSeriesSchema).extend({ dataVersion }),
]);

export const rerouteList = pageSchema(rerouteViewSchema);

const promptSchema = z.object({
  key: z.string(),
  language: z.enum(['nb', 'en', 'se']),
  text: z.string(),
  options: z.array(z.object({ digit: z.string(), label: z.string() })),
  parts: z
    .array(z.object({ id: z.string(), language: z.enum(['nb', 'en', 'se']), text: z.string() }))
    .describe(
      'The sentences in the order spoken, each with the id of its audio (`<language>/<sentence>`): ' +
        'a platform that plays recordings plays these; their texts joined are `text`.',
    ),
}) satisfies z.ZodType<Prompt>;
/** A menu session step: play `prompt`, then wait for input, connect per `decision` or route by area. */
export const menuSessionView = z.object({
  id: z.string(),
  ended: z.boolean(),
  outcome: z.enum(['prompt', 'connect', 'area-routing']),
  prompt: promptSchema,
  decision: decisionResponse.nullable(),
});

export const routingTableRow = z.object({
  municipalityNumber: z.string(),
  municipalityName: z.string(),
  countyNumber: z.string(),
  countyName: z.string(),
  centreId: z.string(),
  centreName: z.string(),
  underlyingNumber: z.string(),
  publicNumber: z.string(),
}) satisfies z.ZodType<RoutingTableRow>;
export const phoneListRow = z.object({
  centreId: z.string(),
  centreName: z.string(),
  publicNumber: z.string(),
  internalNumber: z.string(),
  underlyingNumber: z.string(),
  alternativeSiteName: z.string(),
  alternativeSiteNumber: z.string(),
  amkId: z.string(),
  amkName: z.string(),
}) satisfies z.ZodType<PhoneListRow>;

export const dataVersionSchema = z.object({
  id: z.number().int(),
  createdAt: isoInstant,
  createdBy: z.string().nullable(),
  source: z.string(),
  checksum: z.string(),
  stats: z.record(z.string(), z.number()),
  active: z.boolean(),
  activatedAt: isoInstant.nullable(),
  activatedBy: z.string().nullable(),
}) satisfies z.ZodType<DataVersionInfo>;
export const dataVersionList = pageSchema(dataVersionSchema).extend({ active: z.number().int().nullable() });
export const dataVersionActivated = z.object({ active: z.number().int() });

/** One row of the audit log (snake_case as stored; `id` a bigint as text). */
export const auditEventSchema = z.object({
  id: z.string(),
  at: isoInstant,
  actor_type: z.enum(['user', 'token', 'system']),
  actor_id: z.string().nullable(),
  actor_name: z.string(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string(),
  centre_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const auditPage = pageSchema(auditEventSchema);
