/**
 * What an operator does with a call from the control room (issue 11; LV-1, LV-2, AMK-1, AMK-4,
 * AMK-6, RT-12): answer it, transfer it or set up a three-way conference (to AMK, another
 * legevaktsentral, the doctor on call), mark it misrouted — with the one-action shortcut that
 * sends an acute call straight to the nearest AMK — and end it. Each is the call's event, recorded
 * through the same ingest every event takes (one transaction, the fold's transition rules, the
 * rollup cells, the `calls.centres.changed` push), and each is audited.
 *
 * Who: an operator (`calls.answer`) of the call's centre or its AMK area. A call outside them is
 * answered like one that does not exist (404).
 *
 * When: only a call that rings at the operators is answered (409 `call.not-ringing` before: the
 * official answer time runs from ringing). Transfer, conference, misrouting and the end need an
 * answered call (409 `call.not-answered`). States only move on, so a check passed here holds at
 * the ingest or the ingest refuses the event (409 `call.not-waiting` with the state it met). Two
 * operators who press answer at once: the per-call lock of the ingest orders them; the first is
 * answered, the second is told the call no longer waits.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/types.ts';
import { recordAudit } from '../../platform/audit.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { CallEvent, CallEventOf, CallTarget, Hastegrad } from '../domain/call-event.ts';
import type { IngestResult } from '../ingest/record-call-events.ts';
import { callsPolicy } from '../policy.ts';
import { callOwner, readCall } from '../read-calls.ts';

export interface OperatorActionDeps {
  db: Db;
  nowMs(): number;
  /** The ingest, with the check of whether the actor may report for a call's centre. */
  ingest(
    events: readonly CallEvent[],
    actor: Actor,
    mayRecord: (centreId: string | undefined) => boolean,
  ): Promise<IngestResult[]>;
  /** The AMK nearest a caller: of the municipality's centre, else of the given centre. */
  nearestAmk(municipality: string | undefined, centreId: string): string | null;
}

type Owner = NonNullable<Awaited<ReturnType<typeof callOwner>>>;

const resourceOf = (o: { centreId: string | null; amkArea: string | null }) => ({
  centreId: o.centreId ?? '',
  amkId: o.amkArea,
});

/** The call, if the operator may act on it (else 404, whether or not it exists). */
async function ownedCall(deps: OperatorActionDeps, actor: Actor, callId: string): Promise<Owner> {
  const owner = await callOwner(deps.db, callId);
  if (!owner?.centreId || !callsPolicy.can(actor, 'calls.answer', resourceOf(owner)))
    throw notFound('The call');
  return owner;
}

function refuseUnless(callId: string, owner: Owner, states: readonly string[], code: string): void {
  if (states.includes(owner.state)) return;
  throw new AppError('conflict', `Call ${callId} is ${owner.state}: ${code}`, {
    detailCode: code,
    detailParams: { state: owner.state },
  });
}

/** An event without what `record` adds (distributed over the event types). */
type EventBody = CallEvent extends infer E
  ? E extends CallEvent
    ? Omit<E, 'eventId' | 'callId' | 'occurredAt' | 'source'>
    : never
  : never;

/** Records the operator's events of one call; a refusal of the fold is a 409 with the state it met. */
async function record(
  deps: OperatorActionDeps,
  actor: Actor,
  callId: string,
  owner: Owner,
  bodies: EventBody[],
): Promise<void> {
  const at = deps.nowMs();
  const events = bodies.map((b, i) => ({
    ...b,
    eventId: `${b.type}:${randomUUID()}`,
    callId,
    // Events of one action are a millisecond apart, so their order is kept.
    occurredAt: new Date(at + i).toISOString(),
    source: 'operator' as const,
  }));
  const results = await deps.ingest(events, actor, (centreId) =>
    callsPolicy.can(actor, 'calls.answer', { centreId: centreId ?? '', amkId: owner.amkArea }),
  );
  const refused = results.find((r) => r.outcome !== 'accepted');
  if (!refused) return;
  if (refused.problem?.code === 'call.out-of-scope') throw notFound('The call');
  const state = refused.problem?.params.state ?? 'unknown';
  throw new AppError('conflict', `Call ${callId} is no longer waiting (${state})`, {
    detailCode: 'call.not-waiting',
    detailParams: { state },
  });
}

/** The call as the operator now sees it (with the caller's number where allowed); the read is audited. */
async function detailAfter(
  deps: OperatorActionDeps,
  actor: Actor,
  callId: string,
  owner: Owner,
  action: string,
  details: Record<string, unknown>,
) {
  const detail = await readCall(
    deps.db,
    callId,
    callsPolicy.can(actor, 'calls.read-caller', resourceOf(owner)),
  );
  if (!detail) throw notFound('The call');
  await recordAudit(deps.db, actor, {
    action,
    entityType: 'call',
    entityId: callId,
    centreId: owner.centreId,
    details: { ...details, callingNumberShown: detail.call.callingNumber !== undefined },
  });
  return detail;
}

export interface AnswerCommand {
  callId: string;
  /** The operator position (workstation) the call is answered at. */
  positionId: string;
}

export async function answerCall(deps: OperatorActionDeps, actor: Actor, cmd: AnswerCommand) {
  const owner = await ownedCall(deps, actor, cmd.callId);
  refuseUnless(cmd.callId, owner, ['ringing', 'answered', 'ended', 'abandoned'], 'call.not-ringing');
  await record(deps, actor, cmd.callId, owner, [
    {
      type: 'answered',
      centreId: owner.centreId!,
      positionId: cmd.positionId,
      ...(actor.id !== null && { userId: actor.id }),
    },
  ]);
  return detailAfter(deps, actor, cmd.callId, owner, 'call.answered', { positionId: cmd.positionId });
}

export interface TransferCommand {
  callId: string;
  target: CallTarget;
  /** Transfer hands the call over; conference keeps the operator on a three-way call. */
  kind: 'transfer' | 'conference';
  mode?: 'blind' | 'attended';
  outcome: CallEventOf<'transferred'>['outcome'];
  hastegrad?: Hastegrad;
}

/** A transfer or three-way conference of an answered call, with its outcome (LV-2, AMK-4, AMK-6). */
export async function transferCall(deps: OperatorActionDeps, actor: Actor, cmd: TransferCommand) {
  const owner = await ownedCall(deps, actor, cmd.callId);
  refuseUnless(cmd.callId, owner, ['answered'], 'call.not-answered');
  const common = {
    target: cmd.target,
    outcome: cmd.outcome,
    ...(cmd.hastegrad !== undefined && { hastegrad: cmd.hastegrad }),
  };
  await record(deps, actor, cmd.callId, owner, [
    cmd.kind === 'conference'
      ? { type: 'conferenced', ...common }
      : { type: 'transferred', ...common, ...(cmd.mode !== undefined && { mode: cmd.mode }) },
  ]);
  return detailAfter(
    deps,
    actor,
    cmd.callId,
    owner,
    `call.${cmd.kind === 'conference' ? 'conferenced' : 'transferred'}`,
    {
      target: cmd.target,
      outcome: cmd.outcome,
    },
  );
}

export interface MisroutedCommand {
  callId: string;
  reason: CallEventOf<'misrouted'>['reason'];
  correctMunicipality?: string;
  correctCentreId?: string;
  detail?: string;
  /**
   * Acute and life-threatening: in the same action the call goes to the nearest AMK (of the
   * caller's municipality, else of this centre) as `akutt`, blind, without waiting for the right
   * legevaktsentral (RT-12).
   */
  acute?: boolean;
}

/** Marks an answered call misrouted (RT-12); with `acute`, hands it to the nearest AMK at once. */
export async function markMisrouted(deps: OperatorActionDeps, actor: Actor, cmd: MisroutedCommand) {
  const owner = await ownedCall(deps, actor, cmd.callId);
  refuseUnless(cmd.callId, owner, ['answered'], 'call.not-answered');
  const bodies: EventBody[] = [
    {
      type: 'misrouted',
      reason: cmd.reason,
      ...(cmd.correctMunicipality !== undefined && { correctMunicipality: cmd.correctMunicipality }),
      ...(cmd.correctCentreId !== undefined && { correctCentreId: cmd.correctCentreId }),
      ...(cmd.detail !== undefined && { detail: cmd.detail }),
    },
  ];
  let amk: string | null = null;
  if (cmd.acute) {
    amk = deps.nearestAmk(cmd.correctMunicipality, owner.centreId!);
    if (amk === null) {
      throw new AppError('unprocessable', `No AMK centre is known for call ${cmd.callId}`, {
        detailCode: 'call.no-amk',
      });
    }
    bodies.push({
      type: 'transferred',
      target: { kind: 'amk', id: amk },
      outcome: 'connected',
      mode: 'blind',
      hastegrad: 'akutt',
    });
  }
  await record(deps, actor, cmd.callId, owner, bodies);
  return detailAfter(deps, actor, cmd.callId, owner, 'call.misrouted', {
    reason: cmd.reason,
    correctCentreId: cmd.correctCentreId ?? null,
    acuteToAmk: amk,
  });
}

export interface EndCommand {
  callId: string;
  hastegrad?: Hastegrad;
}

/** The operator ends an answered call, with the urgency it was given (hastegrad). */
export async function endCall(deps: OperatorActionDeps, actor: Actor, cmd: EndCommand) {
  const owner = await ownedCall(deps, actor, cmd.callId);
  refuseUnless(cmd.callId, owner, ['answered'], 'call.not-answered');
  await record(deps, actor, cmd.callId, owner, [
    { type: 'ended', by: 'operator', ...(cmd.hastegrad !== undefined && { hastegrad: cmd.hastegrad }) },
  ]);
  return detailAfter(deps, actor, cmd.callId, owner, 'call.ended', { hastegrad: cmd.hastegrad ?? null });
}
