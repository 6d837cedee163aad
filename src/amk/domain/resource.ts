/**
 * The AMK's resources and their status (NN-5, AMK-2; docs/amk.md). Pure: value lists and the one
 * transition table every status change goes through.
 */

/** What a resource is: the four ambulance kinds, a doctor on call, a first-responder group. */
export const RESOURCE_KINDS = [
  'ambulance-car',
  'ambulance-boat',
  'ambulance-plane',
  'ambulance-helicopter',
  'doctor-on-call',
  'first-responder',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Who runs a first-responder group (akutthjelpere). */
export const FIRST_RESPONDER_AGENCIES = ['fire', 'police', 'volunteer'] as const;
export type FirstResponderAgency = (typeof FIRST_RESPONDER_AGENCIES)[number];

/**
 * A first-responder group's answer to an alert (NN-6): it `accepted` (and joins the mission),
 * `declined`, or has `arrived` at the scene after accepting.
 */
export const FIRST_RESPONDER_ANSWERS = ['accepted', 'declined', 'arrived'] as const;
export type FirstResponderAnswer = (typeof FIRST_RESPONDER_ANSWERS)[number];

export const RESOURCE_STATUSES = [
  'available',
  'dispatched',
  'en-route',
  'at-scene',
  'transporting',
  'at-hospital',
  'out-of-service',
] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

/**
 * The transition table: from each status, where a resource may go next. A dispatch is cancelled
 * back to `available` until the unit reaches the scene; a unit that leaves the scene without a
 * patient goes back to `available`; `out-of-service` only from and to `available` (a unit on a
 * mission finishes it first).
 */
export const TRANSITIONS: Readonly<Record<ResourceStatus, readonly ResourceStatus[]>> = {
  available: ['dispatched', 'out-of-service'],
  dispatched: ['en-route', 'available'],
  'en-route': ['at-scene', 'available'],
  'at-scene': ['transporting', 'available'],
  transporting: ['at-hospital'],
  'at-hospital': ['available'],
  'out-of-service': ['available'],
};

/** Whether the table allows `from` → `to` (the same status is not a change). */
export const mayTransition = (from: ResourceStatus, to: ResourceStatus): boolean =>
  TRANSITIONS[from].includes(to);

/** Statuses in which a resource belongs to a mission. */
export const ON_MISSION: readonly ResourceStatus[] = [
  'dispatched',
  'en-route',
  'at-scene',
  'transporting',
  'at-hospital',
];

/** Ambulance kinds, whose crew the §11 rules govern (the readiness roster's unit kinds). */
export const AMBULANCE_KINDS: readonly ResourceKind[] = [
  'ambulance-car',
  'ambulance-boat',
  'ambulance-plane',
  'ambulance-helicopter',
];

/** Kinds a mission is suggested (AMK-2); first responders are alerted separately (NN-6). */
export const MISSION_KINDS: readonly ResourceKind[] = [...AMBULANCE_KINDS, 'doctor-on-call'];
