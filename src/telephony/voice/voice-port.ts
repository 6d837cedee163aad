/**
 * The narrow ports of the voice menu (issue 13 part 1): routing's one decide-call use case, the
 * menu state machine's context on the live routing state, the calls record, and the prompts'
 * audio. `voiceMenuPortOf` is the production implementation on routing's API; tests use fakes.
 */
import type { CallDecider, DecisionNotice } from '../../routing/decide-call.ts';
import type { MenuContext } from '../../routing/domain/menu.ts';
import type { CallInput } from '../../routing/domain/types.ts';
import type { RoutingRuntime } from '../../routing/runtime.ts';
import type { G711Law } from '../media/g711.ts';
import type { CallRoutingResult } from '../sip/call-router.ts';

export interface VoiceMenuPort {
  /**
   * Decides the call by area (RT-1 … RT-3): the decide-call use case, positioning under its
   * deadline, run while the greeting plays. Not recorded: the call's decision is recorded when it
   * is handed over (`handedOver`), whichever way the menu went.
   */
  decide(call: CallInput, signal: AbortSignal): CallRoutingResult | Promise<CallRoutingResult>;
  /** The menu state machine's context on the live routing state now (data, re-routes, policy). */
  menuContext(callingNumber: string): MenuContext;
  /** The call is handed to a centre: its routed event (the calls record, batched off the call's path). */
  handedOver(notice: DecisionNotice): void;
  /**
   * How the hand-over went (B2BUA: nodmeld called the centre itself): the centre's system
   * answered — the call's `offered` event; the caller hung up while it rang — `abandoned`; it
   * failed (busy, no answer, refused, unreachable) — `ended` by the system. Off the call's path;
   * optional (tests, a deployment without the calls record).
   */
  handoffOutcome?(notice: HandoffNotice): void;
}

/** The outcome of handing a call to its centre. */
export interface HandoffNotice {
  callId: string;
  centreId: string;
  /** How it was handed over. */
  how: 'refer' | 'b2bua';
  outcome: 'answered' | 'busy' | 'no-answer' | 'refused' | 'unreachable' | 'abandoned';
  /** The centre's final SIP status, when one came. */
  status?: number;
  atMs: number;
}

/** The prompts' audio in the call's codec (PromptLibrary). */
export interface PromptAudio {
  g711(id: string, law: G711Law): Uint8Array;
}

/** A listener of hand-over outcomes (`TelephonyApi.onHandoffOutcome`): on the call's path, so it only takes note. */
export type HandoffListener = (notice: HandoffNotice) => void;

/**
 * The voice menu on routing's decider and runtime; the hand-overs' outcomes go to `handoffOutcome`
 * (the telephony module's listeners: the calls record, which starts after telephony).
 */
export function voiceMenuPortOf(
  decider: CallDecider,
  runtime: RoutingRuntime,
  handoffOutcome?: HandoffListener,
): VoiceMenuPort {
  return {
    ...(handoffOutcome ? { handoffOutcome } : {}),
    decide: (call, signal) => decider.decide(call, 'sip', { signal }),
    menuContext: (callingNumber) => ({
      data: runtime.current().compiled,
      state: runtime.state(),
      at: Date.now(),
      policy: runtime.policy,
      callingNumber,
    }),
    handedOver: (notice) => decider.announce(notice),
  };
}
