/** Missions (AMK-2): pure value lists. */

/** The urgency of a 113 call's response (Norsk indeks for medisinsk nødhjelp: akutt, haster, vanlig). */
export const URGENCIES = ['akutt', 'haster', 'vanlig'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const MISSION_STATES = ['open', 'closed'] as const;
export type MissionState = (typeof MISSION_STATES)[number];

export const TIMELINE_KINDS = ['created', 'dispatched', 'unit-status', 'handover', 'closed'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
