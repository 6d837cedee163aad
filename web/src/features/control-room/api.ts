/**
 * The control room's API (/api/v1/calls/queue, /service-level, /:id/answer, and the actions on
 * an answered call: /:id/transfer, /:id/misrouted, /:id/end; issue 11). The types come from the
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
import { api } from '../../shared/api/client.ts';

export type { QueueCall, ServiceLevel };
export type CallDetail = z.infer<typeof callDetailSchema>;
export type { CallTarget, Hastegrad, MisroutingReason, TransferOutcome };
export type TransferInput = z.input<typeof transferBody>;
export type MisroutedInput = z.input<typeof misroutedBody>;
export type EndInput = z.input<typeof endBody>;

/** The value lists the panel offers (in the server's order). */
export const HASTEGRADER: readonly Hastegrad[] = ['akutt', 'haster', 'vanlig'];
export const TRANSFER_OUTCOMES: readonly TransferOutcome[] = [
  'connected',
  'no-answer',
  'busy',
  'failed',
  'cancelled',
];
export const MISROUTING_REASONS: readonly MisroutingReason[] = [
  'positioning-failed',
  'base-station-across-border',
  'ported-number',
  'wrong-number-series',
  'caller-elsewhere',
  'menu-choice',
  'other',
];

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
};
