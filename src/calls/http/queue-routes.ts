/**
 * The control room's API (issue 11): a centre's queue and live service level, read on every push
 * of `calls.centres.changed` (the queue carries no personal data: no audit row per read), and
 * answering a call (audited, with the call's detail). Access by the calls policy at the centre.
 */
import type { Db } from '../../platform/db/types.ts';
import { notFound } from '../../platform/errors.ts';
import type { Route } from '../../platform/http/route.ts';
import { callsPolicy } from '../policy.ts';
import {
  answerCall,
  endCall,
  markMisrouted,
  transferCall,
  type OperatorActionDeps,
} from '../queue/operator-actions.ts';
import type { QueueCall, ServiceLevel } from '../queue/read-queue.ts';
import type { CoalescedReads } from '../queue/coalesced-reads.ts';
import type { NationalServiceLevel } from '../queue/read-national.ts';
import type { ReportDirectory } from '../reports/routes.ts';
import { callDetailSchema } from './schema.ts';
import {
  answerBody,
  centreQuery,
  endBody,
  misroutedBody,
  nationalServiceLevelResponse,
  queueResponse,
  serviceLevelResponse,
  transferBody,
} from './queue-schema.ts';
import { z } from 'zod';

export interface QueueHttpDeps {
  db: Db;
  nowMs: () => number;
  directory: ReportDirectory;
  /** The centres' queues and live service levels, one read for all who ask at once (queue/coalesced-reads.ts). */
  queues: Pick<CoalescedReads<QueueCall[]>, 'get'>;
  serviceLevels: Pick<CoalescedReads<ServiceLevel>, 'get'>;
  /** Every centre's live figures and routing status, one read for all who ask at once (key `national`). */
  national: Pick<CoalescedReads<NationalServiceLevel>, 'get'>;
  ingest: OperatorActionDeps['ingest'];
}

export function registerQueueHttp(route: Route, deps: QueueHttpDeps): void {
  const { db, directory } = deps;
  const actions: OperatorActionDeps = {
    db,
    nowMs: deps.nowMs,
    ingest: deps.ingest,
    nearestAmk: (municipality, centreId) => {
      const serving = municipality === undefined ? undefined : directory.centresServing(municipality)[0];
      return directory.amkOf(serving ?? centreId);
    },
  };
  const callParams = z.object({ id: z.string().min(1).max(200) });
  /** The centre as a resource of the policy; an unknown centre is not found. */
  const centre = (id: string) => {
    if (!directory.knows('centre', id)) throw notFound('The centre');
    return { centreId: id, amkId: directory.amkOf(id) };
  };

  route({
    method: 'GET',
    url: '/api/v1/calls/queue',
    summary: 'A centre’s queue',
    description:
      'The centre’s calls waiting for an operator (offered, in the voice menu or queue, ringing), oldest first, with what routing knew of each. No calling numbers: those come with the call once answered. A console re-reads it when `calls.centres.changed` names the centre.',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.read', scope: ({ query }) => centre(query.centre) },
    query: centreQuery,
    response: queueResponse,
    errors: [404],
    async handler({ query }) {
      const now = deps.nowMs();
      const calls = await deps.queues.get(query.centre);
      return { centreId: query.centre, at: new Date(now).toISOString(), calls };
    },
  });

  route({
    method: 'GET',
    url: '/api/v1/calls/service-level',
    summary: 'A centre’s live service level',
    description:
      'The share of the centre’s calls answered within 2 minutes (AMK: 10 seconds) in the last 60 minutes and today, counted exactly as the official figures count; the queue’s length and its longest wait now.',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.read', scope: ({ query }) => centre(query.centre) },
    query: centreQuery,
    response: serviceLevelResponse,
    errors: [404],
    handler: ({ query }) => deps.serviceLevels.get(query.centre),
  });

  route({
    method: 'GET',
    url: '/api/v1/calls/service-level/national',
    summary: 'Every centre’s live service level',
    description:
      'For every legevaktsentral and AMK centre of the routing data in force: the last 60 minutes and today as the official figures count (answered within 2 minutes, AMK within 10 seconds), calls waiting and the longest wait now, and where its calls go now (normal, closed outside its staffed hours, re-routed, unavailable). Aggregate counts only. The wall-board and the national map re-read it when `calls.centres.changed` or a routing change arrives.',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.live-figures' },
    response: nationalServiceLevelResponse,
    handler: () => deps.national.get('national'),
  });

  route({
    method: 'POST',
    url: '/api/v1/calls/:id/answer',
    summary: 'Answer a call',
    description:
      'Records the call’s `answered` event at the operator’s position and returns the call (its read is audited). A call no longer waiting answers 409 `call.not-waiting` with the state it met; a call outside the operator’s centres answers 404.',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.answer' },
    params: callParams,
    body: answerBody,
    response: callDetailSchema,
    errors: [404, 409],
    handler: ({ params, body, actor }) =>
      answerCall(actions, actor, { callId: params.id, positionId: body.positionId }),
  });

  route({
    method: 'POST',
    url: '/api/v1/calls/:id/transfer',
    summary: 'Transfer a call, or set up a conference',
    description:
      'Records the answered call’s transfer (blind or attended) or three-way conference to AMK, another legevaktsentral, the doctor on call or another service, with its outcome (LV-2, AMK-4, AMK-6). 409 `call.not-answered` before the call is answered.',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.answer' },
    params: callParams,
    body: transferBody,
    response: callDetailSchema,
    errors: [404, 409],
    handler: ({ params, body, actor }) => transferCall(actions, actor, { callId: params.id, ...body }),
  });

  route({
    method: 'POST',
    url: '/api/v1/calls/:id/misrouted',
    summary: 'Mark a call misrouted',
    description:
      'Records that the answered call should have gone elsewhere: why, where the caller is, the right centre (RT-12). With `acute` the call goes in the same action to the nearest AMK as akutt (the caller’s municipality’s AMK, else this centre’s).',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.answer' },
    params: callParams,
    body: misroutedBody,
    response: callDetailSchema,
    errors: [404, 409, 422],
    handler: ({ params, body, actor }) => markMisrouted(actions, actor, { callId: params.id, ...body }),
  });

  route({
    method: 'POST',
    url: '/api/v1/calls/:id/end',
    summary: 'End a call',
    description: 'The operator ends the answered call, with the urgency (hastegrad) it was given.',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.answer' },
    params: callParams,
    body: endBody,
    response: callDetailSchema,
    errors: [404, 409],
    handler: ({ params, body, actor }) => endCall(actions, actor, { callId: params.id, ...body }),
  });
}
