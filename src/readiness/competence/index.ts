/**
 * Competence and staffing rules of akuttmedisinforskriften as pure functions (CMP-1 … CMP-5),
 * Nødnett training (TR-1) and the roster check. No I/O, no clock: callers pass the date.
 * See docs/competence-rules.md.
 */
export type * from './types.ts';
export { doctorOnCall, doctorPairOnCall, qualifiesAsBackupDoctor, SECTION_7 } from './doctor-on-call.ts';
export type { BackupDoctorResult, DoctorPairResult } from './doctor-on-call.ts';
export { otherPersonnel, SECTION_8 } from './other-personnel.ts';
export { ambulanceCrew, SECTION_11, type AmbulanceCrewContext } from './ambulance-crew.ts';
export { lvOperator, amkOperator, amkDoctor, type LvOperatorContext } from './operators.ts';
export {
  transitionalRules,
  inForceOn,
  TRANSITIONAL_ITEMS,
  REGULATION_IN_FORCE,
  type TransitionalItemId,
  type TransitionalRules,
} from './transition.ts';
export { ROSTER_ROLES, UNIT_KINDS } from './types.ts';
export { mayUseEquipment, type TrainingPolicy } from './equipment-training.ts';
export {
  checkRoster,
  ROLES_BY_UNIT_KIND,
  type RosterCheckOptions,
  type RosterRange,
  type RosterReport,
} from './roster.ts';
export { parseRosterCsv, ROSTER_CSV_COLUMNS, type RosterCsvResult, type CsvError } from './roster-csv.ts';
export { ELEMENTS, type ElementCode } from './elements.ts';
export { emptyPersonFacts } from './person-facts.ts';
