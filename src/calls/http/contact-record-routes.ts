/**
 * The contact record API (issue 11; LV-3, LV-6): read (audited), save a draft, sign, amend — the
 * use cases in contact-records/contact-record-service.ts; access by the calls policy at the call's
 * centre (a call outside it answers 404).
 */
import { z } from 'zod';
import type { Db } from '../../platform/db/types.ts';
import type { Route } from '../../platform/http/route.ts';
import { contactRecordContentSchema } from '../contact-records/contact-record.ts';
import {
  amendContactRecord,
  readContactRecord,
  saveDraft,
  signContactRecord,
} from '../contact-records/contact-record-service.ts';
import { callsPolicy } from '../policy.ts';

const params = z.object({ id: z.string().min(1).max(200) });
const version = z.number().int().min(0);
const versionSchema = z.object({
  version: z.number().int(),
  status: z.enum(['draft', 'signed']),
  change: z.enum(['saved', 'signed', 'amended']),
  reason: z.string().nullable(),
  changedBy: z.string(),
  changedAt: z.string(),
  content: contactRecordContentSchema,
});
export const contactRecordSchema = z.object({
  callId: z.string(),
  centreId: z.string(),
  status: z.enum(['draft', 'signed']),
  version: z.number().int(),
  content: contactRecordContentSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  signedBy: z.string().nullable(),
  signedAt: z.string().nullable(),
  versions: z.array(versionSchema),
});
export const contactRecordResponse = z.object({ record: contactRecordSchema.nullable() });
export const saveDraftBody = z.object({ content: contactRecordContentSchema, version });
export const signBody = z.object({ version });
export const amendBody = z.object({
  content: contactRecordContentSchema,
  reason: z.string().trim().min(1).max(1000),
  version,
});

export function registerContactRecordHttp(route: Route, deps: { db: Db }): void {
  const { db } = deps;
  const base = '/api/v1/calls/:id/contact-record';
  route({
    method: 'GET',
    url: base,
    summary: 'Read a call’s contact record',
    description:
      'The record with every version, newest first; `record: null` when none is started. Every read is audited.',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.contact-record.read' },
    params,
    response: contactRecordResponse,
    errors: [404],
    handler: async ({ params: p, actor }) => ({ record: await readContactRecord(db, actor, p.id) }),
  });
  route({
    method: 'PUT',
    url: base,
    summary: 'Save the contact record’s draft',
    description:
      'Saves the draft as a new version (`version` is the one it was edited on, 0 for a new record). A national identity number that is not a valid fødselsnummer or D-nummer is refused (400 field error `contact.national-id-invalid`); a change made on an older version answers 409 `contact.version-conflict`; a signed record answers 409 `contact.signed` (amend it).',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.contact-record.write' },
    params,
    body: saveDraftBody,
    response: contactRecordSchema,
    errors: [400, 404, 409],
    handler: ({ params: p, body, actor }) => saveDraft(db, actor, p.id, body),
  });
  route({
    method: 'POST',
    url: `${base}/sign`,
    summary: 'Sign the contact record',
    description:
      'Signs the draft stored at `version`. It must name the patient (or that the patient is unknown), the urgency with its reason, and what was advised or done (400 field errors `contact.required-to-sign`).',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.contact-record.write' },
    params,
    body: signBody,
    response: contactRecordSchema,
    errors: [400, 404, 409],
    handler: ({ params: p, body, actor }) => signContactRecord(db, actor, p.id, body),
  });
  route({
    method: 'POST',
    url: `${base}/amend`,
    summary: 'Amend a signed contact record',
    description:
      'A new version of a signed record with the reason for the amendment; every earlier version stays.',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.contact-record.write' },
    params,
    body: amendBody,
    response: contactRecordSchema,
    errors: [400, 404, 409],
    handler: ({ params: p, body, actor }) => amendContactRecord(db, actor, p.id, body),
  });
}
