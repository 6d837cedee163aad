/**
 * The alert channel: the narrow port through which the AMK context delivers an alert to a
 * recipient outside nodmeld (AMK-3, NN-6). The Nødnett module implements it (an SDS with a
 * "consumed" report requested, to the recipient's terminal: nodnett/alert-channel.ts); a
 * production integration toward the police's and the fire service's systems would implement the
 * same interface. `deliver` never throws: every failure is an outcome.
 */
import type { DeliveryOutcome } from '../domain/alert-delivery.ts';
import type { TripleAlertAgency } from '../domain/triple-alert.ts';
import type { Urgency } from '../domain/mission.ts';

export interface OutboundAlert {
  /** The delivery's id (one per alert and recipient). */
  deliveryId: string;
  /** `dispatch`: a unit dispatched to a mission (utalarmering), to its crew's terminal. */
  kind: 'triple-alert' | 'first-responder' | 'dispatch';
  /** Whom it is for: an agency, looked up in the channel's directory for the place; or a group's terminal. */
  to: { kind: 'agency'; agency: TripleAlertAgency } | { kind: 'terminal'; issi: string; callSign: string };
  /** The AMK that raised it (its name and telephone number go into the message). */
  amkId: string;
  location: { lat: number; lon: number; municipality: string };
  urgency: Urgency | null;
  /** The alert's id: the short reference in the message. */
  alertId: string;
}

export interface ChannelResult {
  outcome: Exclude<DeliveryOutcome, 'no-channel' | 'no-terminal'>;
  /** The terminal it went (or would have gone) to, and its name in the directory. */
  addressIssi: string | null;
  addressName: string | null;
  /** The network's reference for the message, which the recipient's "consumed" report carries. */
  messageRef: number | null;
}

export interface AlertChannel {
  deliver(alert: OutboundAlert): Promise<ChannelResult>;
}
