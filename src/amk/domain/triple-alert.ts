/**
 * Triple alert (trippelvarsling, AMK-3; akuttmedisinforskriften §15 d–e): pure. One action
 * alerts the police and fire operations centres and the affected AMKs, and the rescue
 * coordination centre (hovedredningssentralen) when chosen. Each recipient acknowledges; the
 * missing ones are what the console shows.
 */

export const TRIPLE_ALERT_AGENCIES = ['police', 'fire', 'rescue-coordination'] as const;
export type TripleAlertAgency = (typeof TRIPLE_ALERT_AGENCIES)[number];

export interface Recipient {
  /** `police`, `fire`, `rescue-coordination` or `amk:<AMK centre id>`. */
  recipient: string;
  kind: TripleAlertAgency | 'amk';
  amkId: string | null;
}

/**
 * The recipients of a triple alert raised by the AMK `amkId`: police, fire, every other affected
 * AMK once, and the rescue coordination centre when chosen (the raising AMK is not its own
 * recipient).
 */
export function recipientsOf(input: {
  amkId: string;
  affectedAmkIds: readonly string[];
  rescueCoordination: boolean;
}): Recipient[] {
  const amks = input.affectedAmkIds.filter((a) => a !== input.amkId);
  return [
    { recipient: 'police', kind: 'police', amkId: null },
    { recipient: 'fire', kind: 'fire', amkId: null },
    ...[...new Set(amks)].map((a) => ({ recipient: `amk:${a}`, kind: 'amk' as const, amkId: a })),
    ...(input.rescueCoordination
      ? [{ recipient: 'rescue-coordination', kind: 'rescue-coordination' as const, amkId: null }]
      : []),
  ];
}

/** The recipients that have not acknowledged. */
export const missingAcknowledgements = <R extends { recipient: string; acknowledgedAt: string | null }>(
  recipients: readonly R[],
): string[] => recipients.filter((r) => r.acknowledgedAt === null).map((r) => r.recipient);
