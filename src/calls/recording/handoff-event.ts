/**
 * The outcome of the voice menu's B2BUA hand-over (docs/voice.md: nodmeld calls the centre
 * itself) as the call's event in the calls record. Pure. The second leg's outcome is what the
 * record of the caller's call needs: the centre's telephone system answered — `offered` (the call
 * was delivered to the centre, at the answer); the caller hung up while it rang — `abandoned`; it
 * was busy, did not answer in time, refused or could not be reached — `ended` by the system with
 * the reason (`centre-busy`, `centre-no-answer`, `centre-refused`, `centre-unreachable`). The
 * instant is when the outcome came. The event id is made from the call id (one hand-over per
 * call), so a batch sent again is a duplicate, never a second outcome.
 */
import { createHash } from 'node:crypto';
import type { HandoffNotice } from '../../telephony/voice/voice-port.ts';
import type { CallEvent } from '../domain/call-event.ts';
import { isoOf, recordedCallId } from './routed-event.ts';

const MAX_ID = 200;

/** `handoff:<callId>`, or `handoff:sha256:<hex>` when the call id is too long to carry whole. */
export function handoffEventId(callId: string): string {
  if (callId.length <= MAX_ID - 'handoff:'.length) return 'handoff:' + callId;
  return `handoff:sha256:${createHash('sha256').update(callId).digest('hex')}`;
}

/** The call event of a hand-over's outcome. */
export function handoffEventOf(n: HandoffNotice): CallEvent {
  const base = {
    eventId: handoffEventId(n.callId),
    callId: recordedCallId(n.callId),
    occurredAt: isoOf(Math.round(n.atMs)),
    // The voice menu is nodmeld's SIP front for 116117, the door the call's routed event names.
    source: 'sip-redirect' as const,
  };
  switch (n.outcome) {
    case 'answered':
      return { ...base, type: 'offered', calledNumber: '116117', centreId: n.centreId };
    case 'abandoned':
      return { ...base, type: 'abandoned' };
    case 'busy':
    case 'no-answer':
    case 'refused':
    case 'unreachable':
      return { ...base, type: 'ended', by: 'system', reason: `centre-${n.outcome}` };
    default: {
      const never: never = n.outcome;
      throw new Error(`unknown hand-over outcome ${String(never)}`);
    }
  }
}
