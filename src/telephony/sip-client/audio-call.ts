/**
 * A call with audio through the one SIP user agent: the INVITE carries the offer of an
 * `RtpEndpoint`, the answered call is kept up as a `ClientDialog`, and the 200's SDP answer tells
 * the endpoint where to send. This is the caller of the voice tests (prompts heard as RTP, keys
 * as RFC 4733 events or SIP INFO, a REFER accepted or refused, re-INVITE, BYE both ways) and of
 * `bench:ivr`; a probe test call (the test-call runner, RT-8) is `SipUserAgent.invite` without it.
 */
import { randomBytes } from 'node:crypto';
import type { G711Codec } from '../media/sdp.ts';
import { RtpEndpoint, type ReceivedRtp } from './rtp-endpoint.ts';
import type { ClientDialog, InviteOutcome, InviteRequest, SipUserAgent } from './user-agent.ts';

export interface AudioCallRequest extends Omit<InviteRequest, 'sdp' | 'keep'> {
  /** Codecs offered, in order (default PCMA, PCMU). */
  codecs?: readonly G711Codec[];
  /** Payload type of telephone-event/8000 offered (default 101); null: none (keys as SIP INFO). */
  telephoneEvent?: number | null;
  /** Send audio every 20 ms once answered: this 160-byte frame, or silence for `true` (default false). */
  sendAudio?: boolean | Uint8Array;
}

/** A call placed with media: its outcome, and while it is up its dialog. */
export class AudioCall {
  constructor(
    readonly outcome: InviteOutcome,
    readonly media: RtpEndpoint,
    readonly callId: string,
  ) {}

  /** The call is up (answered and kept). */
  get dialog(): ClientDialog {
    const d = this.outcome.dialog;
    if (!d) throw new Error(`the call was not answered (status ${this.outcome.status ?? 'none'})`);
    return d;
  }

  /** Every RTP packet heard so far. */
  get heard(): ReceivedRtp[] {
    return this.media.received;
  }

  /** A key: as RFC 4733 events when the answer took them, else as SIP INFO (application/dtmf-relay). */
  async key(key: string): Promise<void> {
    if (this.media.chosen?.telephoneEvent !== undefined) return this.media.key(key);
    const status = await this.dialog.request('INFO', '', {
      type: 'application/dtmf-relay',
      text: `Signal=${key}\r\nDuration=160\r\n`,
    });
    if (status !== 200) throw new Error(`INFO for key ${key} answered ${status ?? 'not at all'}`);
  }

  async keys(keys: string): Promise<void> {
    for (const k of keys) await this.key(k);
  }

  /** Hangs up if the call is up (BYE; resolves with its status) and closes the media. */
  async hangUp(): Promise<number | null> {
    const d = this.outcome.dialog;
    const status = d && !d.ended ? await d.bye() : null;
    this.media.close();
    return status;
  }

  /** Closes everything without BYE (the socket of the user agent stays open). */
  close(): void {
    this.outcome.dialog?.forget();
    this.media.close();
  }
}

/**
 * Places a call with media and resolves once it has a final answer (never rejects on the call's
 * outcome: a 488, a 486 or a timeout is in `outcome`). Answered, the audio starts if asked.
 */
export async function placeAudioCall(ua: SipUserAgent, req: AudioCallRequest): Promise<AudioCall> {
  const media = await RtpEndpoint.open({
    host: ua.address.host,
    ...(req.codecs ? { codecs: req.codecs } : {}),
    ...(req.telephoneEvent !== undefined ? { telephoneEvent: req.telephoneEvent } : {}),
  });
  const callId = req.callId ?? `${randomBytes(8).toString('hex')}@nodmeld-caller`;
  const { sendAudio } = req;
  const outcome = await ua.invite({
    target: req.target,
    uri: req.uri,
    callingNumber: req.callingNumber,
    timeoutMs: req.timeoutMs,
    callId,
    sdp: media.offer(),
    keep: true,
    ...(req.headers ? { headers: req.headers } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
    ...(req.onProvisional ? { onProvisional: req.onProvisional } : {}),
  });
  const call = new AudioCall(outcome, media, callId);
  if (outcome.dialog && outcome.body && media.answered(outcome.body) && sendAudio)
    media.startAudio(sendAudio === true ? undefined : sendAudio);
  outcome.dialog?.onEnded(() => media.stopAudio());
  return call;
}
