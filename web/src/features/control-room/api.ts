/**
 * The control room's API (/api/v1/calls/queue, /service-level, /:id/answer, and the actions on
 * an answered call: /:id/transfer, /:id/misrouted, /:id/end; the call's contact record:
 * /:id/contact-record, /sign, /amend; issue 11). The types come from the
 * server's queue reads and schemas (type-only: nothing is bundled).
 */
import type { z } from 'zod';
import type { QueueCall, ServiceLevel } from '../../../../src/calls/queue/read-queue.ts';
import type { callDetailSchema } from '../../../../src/calls/http/schema.ts';
import type { endBody, misroutedBody, transferBody } from '../../../../src/calls/http/queue-schema.ts';
import type {
  CallTarget,
  Hastegrad,
  MisroutingReason,
  TransferOutcome,
} from '../../../../src/calls/domain/call-event.ts';
import type { ContactRecordContent } from '../../../../src/calls/contact-records/contact-record.ts';
import type {
  ContactRecord,
  ContactRecordVersion,
} from '../../../../src/calls/contact-records/contact-record-service.ts';
import {
  hastegrader,
  misroutingReasons,
  transferOutcomes,
} from '../../../../src/calls/domain/call-values.ts';
import {
  callerRelations,
  forwardTargets,
} from '../../../../src/calls/contact-records/contact-record-values.ts';
import { api } from '../../shared/api/client.ts';

export type { QueueCall, ServiceLevel };
export type CallDetail = z.infer<typeof callDetailSchema>;
export type { CallTarget, Hastegrad, MisroutingReason, TransferOutcome };
export type TransferInput = z.input<typeof transferBody>;
export type MisroutedInput = z.input<typeof misroutedBody>;
export type EndInput = z.input<typeof endBody>;
export type { ContactRecord, ContactRecordContent, ContactRecordVersion };
export type ForwardTarget = ContactRecordContent['forwardedTo'][number]['target'];
export type CallerRelation = NonNullable<ContactRecordContent['caller']['relation']>;

/** The value lists the panel offers: the server's own (zod-free modules), in its order. */
export const HASTEGRADER: readonly Hastegrad[] = hastegrader;
export const TRANSFER_OUTCOMES: readonly TransferOutcome[] = transferOutcomes;
export const MISROUTING_REASONS: readonly MisroutingReason[] = misroutingReasons;
export const FORWARD_TARGETS: readonly ForwardTarget[] = forwardTargets;
export const CALLER_RELATIONS: readonly CallerRelation[] = callerRelations;

export interface Queue {
  centreId: string;
  /** The server's clock when it was read (ISO). */
  at: string;
  calls: QueueCall[];
}

/** The push that says which centres' calls changed (src/calls/events.ts). */
export const CENTRES_CHANGED = 'calls.centres.changed';
export interface CentresChanged {
  centreIds: string[];
  calls: number;
}

const base = '/api/v1/calls';
const record = (callId: string) => `${base}/${encodeURIComponent(callId)}/contact-record`;

export const controlRoomApi = {
  queue: (centre: string, signal?: AbortSignal) =>
    api<Queue>('GET', `${base}/queue`, { query: { centre }, signal }),
  serviceLevel: (centre: string, signal?: AbortSignal) =>
    api<ServiceLevel>('GET', `${base}/service-level`, { query: { centre }, signal }),
  answer: (callId: string, positionId: string) =>
    api<CallDetail>('POST', `${base}/${encodeURIComponent(callId)}/answer`, { body: { positionId } }),
  transfer: (callId: string, body: TransferInput) =>
    api<CallDetail>('POST', `${base}/${encodeURIComponent(callId)}/transfer`, { body }),
  misrouted: (callId: string, body: MisroutedInput) =>
    api<CallDetail>('POST', `${base}/${encodeURIComponent(callId)}/misrouted`, { body }),
  end: (callId: string, body: EndInput) =>
    api<CallDetail>('POST', `${base}/${encodeURIComponent(callId)}/end`, { body }),
  call: (callId: string, signal?: AbortSignal) =>
    api<CallDetail>('GET', `${base}/${encodeURIComponent(callId)}`, { signal }),
  contactRecord: (callId: string, signal?: AbortSignal) =>
    api<{ record: ContactRecord | null }>('GET', record(callId), { signal }),
  saveContactRecord: (callId: string, body: { content: ContactRecordContent; version: number }) =>
    api<ContactRecord>('PUT', record(callId), { body }),
  signContactRecord: (callId: string, version: number) =>
    api<ContactRecord>('POST', `${record(callId)}/sign`, { body: { version } }),
  amendContactRecord: (
    callId: string,
    body: { content: ContactRecordContent; reason: string; version: number },
  ) => api<ContactRecord>('POST', `${record(callId)}/amend`, { body }),
};
