/** zod schemas of the routing API (edges only; the domain types live in routing/domain/types.ts). */
import { z } from 'zod';
import { pageQueryShape } from '../../platform/http/paging.ts';
import { rule } from '../../platform/http/field-errors.ts';

const digits = (min: number, max: number, what: string) =>
  z.string().regex(new RegExp(`^\\+?[0-9 ]{${min},${max}}$`), rule('phone-number', `${what}: digits only (optionally +47)`));

export const municipalityNumber = z
  .string()
  .regex(/^\d{4}$/, rule('municipality-number', 'a four-digit municipality number (kommunenummer)'));

export const decisionRequest = z.object({
  calledNumber: digits(3, 16, 'calledNumber'),
  callingNumber: z.string().regex(/^(\+?[0-9 ]{0,20}|anonymous)?$/, rule('phone-number', 'callingNumber: digits, optionally +47')),
  network: z.enum(['fixed', 'mobile', 'ip']),
  presentedNumber: digits(3, 20, 'presentedNumber').optional(),
  position: z.object({ municipality: municipalityNumber }).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});
export type DecisionRequest = z.infer<typeof decisionRequest>;

const trace = z.array(
  z.object({ step: z.string(), detail: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }),
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
});

export const menuSessionCreate = z.object({
  entry: z.enum(['top', 'fallback']).default('fallback'),
  language: z.enum(['nb', 'en', 'se']).optional(),
  callingNumber: z.string().max(24).optional(),
  callId: z.string().max(200).optional(),
});
/** DTMF digits from the IVR; "timeout" when the caller pressed nothing (RT-4, RT-5). */
export const menuSessionInput = z.object({
  digits: z.string().regex(/^[0-9*#]{1,8}$|^timeout$/, rule('dtmf', 'DTMF digits 0-9, * and # (up to 8), or "timeout"')),
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
