/**
 * The value lists of the emergency-plan register (LV-7), without zod: the API schemas
 * (http/schema.ts) are built from them, and the web offers them in its choices (importing this
 * file bundles no zod), so a new value is added in one place.
 */

/**
 * What kind of plan a municipality has given the centre: its overall emergency plan (overordnet
 * beredskapsplan), its health emergency plan (helseberedskapsplan), its crisis alert plan
 * (kriseplan / varslingsplan: whom to alert, in which order) or another plan (psychosocial crisis
 * team, evacuation, …).
 */
export const planKinds = [
  'health-emergency-plan',
  'crisis-alert-plan',
  'overall-emergency-plan',
  'other',
] as const;

/** When a contact of a plan can be reached. */
export const contactAvailabilities = ['around-the-clock', 'office-hours', 'on-call', 'other'] as const;

/**
 * The documents a plan may carry: the allow-list of media types with the file-name endings the
 * web accepts for each. Anything else is refused with 415 (`plan.document-type`).
 */
export const documentTypes = [
  { mediaType: 'application/pdf', extensions: ['.pdf'] },
  {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['.docx'],
  },
  { mediaType: 'application/vnd.oasis.opendocument.text', extensions: ['.odt'] },
  { mediaType: 'text/plain', extensions: ['.txt'] },
  { mediaType: 'image/png', extensions: ['.png'] },
  { mediaType: 'image/jpeg', extensions: ['.jpg', '.jpeg'] },
] as const;

export type PlanKind = (typeof planKinds)[number];
export type ContactAvailability = (typeof contactAvailabilities)[number];
export type DocumentMediaType = (typeof documentTypes)[number]['mediaType'];

export const documentMediaTypes: readonly DocumentMediaType[] = documentTypes.map((d) => d.mediaType);

/** A plan's review is "due soon" this many days before its review date (then "overdue" after it). */
export const REVIEW_DUE_SOON_DAYS = 30;

/** Most contacts in one plan, most phone numbers per contact. */
export const MAX_CONTACTS = 50;
export const MAX_PHONES = 4;

/** The largest document by default (NODMELD_EMERGENCY_PLANS_MAX_DOCUMENT_MB). */
export const DEFAULT_MAX_DOCUMENT_MB = 20;
