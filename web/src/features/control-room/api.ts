/**
 * The control room's API (/api/v1/calls/queue, /service-level, /:id/answer; issue 11). The types
 * come from the server's queue reads and the call detail schema (type-only: nothing is bundled).
 */
import type { z } from 'zod';
import type { QueueCall, ServiceLevel } from '../../../../src/calls/queue/read-queue.ts';
import type { callDetailSchema } from '../../../../src/calls/http/schema.ts';
import { api } from '../../shared/api/client.ts';

export type { QueueCall, ServiceLevel };
export type CallDetail = z.infer<typeof callDetailSchema>;

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
};
