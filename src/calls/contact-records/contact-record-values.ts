/**
 * The contact record's value lists, without zod: the content schema (contact-record.ts) is built
 * from them and the web offers them in its choices (importing this file bundles no zod).
 */

/** Where the operator passed the request on (LV-3). */
export const forwardTargets = [
  'doctor-on-call',
  'fastlege',
  'midwife',
  'crisis-team',
  'amk',
  'other',
] as const;

/** The caller's relation to the patient. */
export const callerRelations = ['self', 'relative', 'health-personnel', 'other'] as const;
