/**
 * An operator answers a waiting call from the control room (issue 11; LV-1, AMK-1): the call's
 * `answered` event, recorded through the same ingest every event takes (one transaction, the
 * fold's transition rules, the rollup cells, the `calls.centres.changed` push), then the call's
 * detail for the one who answered — a read that is audited.
 *
 * Only a call that rings at the operators is answered (409 `call.not-ringing` before that: the
 * official answer time runs from ringing). Two operators who press answer at once: the per-call lock of the ingest orders them; the first
 * is answered, the second meets a call no longer waiting and is told so (409
 * `call.not-waiting`, with the state it met), never a second answer.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/types.ts';
import { recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { CallEventOf } from '../domain/call-event.ts';
import type { IngestResult } from '../ingest/record-call-events.ts';
import { callsPolicy } from '../policy.ts';
import { callOwner, readCall } from '../read-calls.ts';

export interface AnswerCallDeps {
  db: Db;
  nowMs(): number;
  /** The ingest, with the check of whether the actor may report for a call's centre. */
  ingest(
    events: readonly CallEventOf<'answered'>[],
    actor: Actor,
    mayRecord: (centreId: string | undefined) => boolean,
  ): Promise<IngestResult[]>;
}

export interface AnswerCommand {
  callId: string;
  /** The operator position (workstation) the call is answered at. */
  positionId: string;
}

const resourceOf = (o: { centreId: string | null; amkArea: string | null }) => ({
  centreId: o.centreId ?? '',
  amkId: o.amkArea,
});

export async function answerCall(deps: AnswerCallDeps, actor: Actor, cmd: AnswerCommand) {
  const owner = await callOwner(deps.db, cmd.callId);
  // A call outside the operator's centres is answered like one that does not exist.
  if (!owner?.centreId || !callsPolicy.can(actor, 'calls.answer', resourceOf(owner))) {
    throw notFound('The call');
  }
  // Answered at an operator only once it rings there: the official answer time runs from ringing
  // (LV-4, AMK-1). A call still in the voice menu answered from the queue would have none and count
  // in no figure. States only move on, so a call ringing now is ringing or past it at the ingest
  // (which refuses the answer then).
  if (owner.state === 'offered' || owner.state === 'queued' || owner.state === 'routed') {
    throw new AppError('conflict', `Call ${cmd.callId} does not ring at the operators yet (${owner.state})`, {
      detailCode: 'call.not-ringing',
      detailParams: { state: owner.state },
    });
  }
  const event: CallEventOf<'answered'> = {
    eventId: `answered:${randomUUID()}`,
    callId: cmd.callId,
    occurredAt: new Date(deps.nowMs()).toISOString(),
    source: 'operator',
    type: 'answered',
    centreId: owner.centreId,
    positionId: cmd.positionId,
    ...(actor.id !== null && { userId: actor.id }),
  };
  const [result] = await deps.ingest([event], actor, (centreId) =>
    callsPolicy.can(actor, 'calls.answer', { centreId: centreId ?? '', amkId: owner.amkArea }),
  );
  if (result?.outcome !== 'accepted') {
    const state = result?.problem?.params.state ?? 'unknown';
    if (result?.problem?.code === 'call.out-of-scope') throw notFound('The call');
    throw new AppError('conflict', `Call ${cmd.callId} is no longer waiting (${state})`, {
      detailCode: 'call.not-waiting',
      detailParams: { state },
    });
  }
  const detail = await readCall(
    deps.db,
    cmd.callId,
    callsPolicy.can(actor, 'calls.read-caller', resourceOf(owner)),
  );
  if (!detail) throw notFound('The call');
  await recordAudit(deps.db, actor, {
    action: 'call.answered',
    entityType: 'call',
    entityId: cmd.callId,
    centreId: owner.centreId,
    details: { positionId: cmd.positionId, callingNumberShown: detail.call.callingNumber !== undefined },
  });
  return detail;
}
