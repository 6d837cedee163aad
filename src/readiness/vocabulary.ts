/**
 * The value lists of the readiness registers: unit kinds and where they hang, agreement types and
 * statuses, course kinds … One list, used by the zod schemas (schema.ts), the stores and the web.
 * No imports: the web bundles this module as it is (issue 9: contracts are not copied by hand).
 */

// ---------------------------------------------------------------- organisations (ON-1)

export const UNIT_KINDS = [
  'amk-area',
  'health-trust',
  'municipality',
  'lv-sentral',
  'amk-centre',
  'emergency-department',
  'legevakt',
  'ambulance-station',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Which parent kinds a unit kind may hang under (null = top level allowed). */
export const PARENT_KINDS: Record<UnitKind, readonly (UnitKind | null)[]> = {
  'amk-area': [null],
  'health-trust': [null, 'amk-area'],
  municipality: [null, 'health-trust'],
  'lv-sentral': [null, 'municipality', 'amk-area'],
  'amk-centre': ['health-trust', 'amk-area', null],
  'emergency-department': ['health-trust'],
  legevakt: ['municipality', 'lv-sentral'],
  'ambulance-station': ['health-trust'],
};

export const LEADER_ROLES = ['area-leader', 'local-project-leader'] as const;
export const EQUIPMENT_KINDS = ['operator-position', 'radio-terminal'] as const;
export const TERMINAL_FORMS = ['handheld', 'vehicle', 'desk'] as const;

// ---------------------------------------------------------------- onboarding (ON-2, ON-3)

export const AGREEMENT_TYPES = [
  'communication-centre',
  'customer',
  'service-level',
  'cooperation',
  'data-processing',
] as const;
export const AGREEMENT_STATUSES = ['draft', 'sent', 'signed', 'terminated'] as const;

// ---------------------------------------------------------------- training (TR-1 … TR-7)

export const COURSE_KINDS = ['e-learning', 'control-room', 'radio-terminal', 'instructor'] as const;
/** Why a new version of a course was released. */
export const COURSE_VERSION_REASONS = ['initial', 'software', 'terminal', 'regulation', 'other'] as const;
export const ASSIGNMENT_KINDS = ['operator-position', 'terminal-type'] as const;
