/** zod schemas of the organisation register (units, equipment, leaders; ON-1): the HTTP request and response shapes (OpenAPI). */
import { z } from 'zod';
import { pageQueryShape } from '../../platform/http/paging.ts';
import { patchSchema } from '../../platform/http/patch-schema.ts';
import { rule } from '../../platform/http/field-errors.ts';
import * as V from '../vocabulary.ts';
import { isoDate, text, optText } from '../schema-parts.ts';

export const unitKind = z.enum(V.UNIT_KINDS);
export type UnitKind = z.infer<typeof unitKind>;

export const unitIdParam = z.object({ id: z.string().min(1).max(100) });
export const uuidParam = z.object({ id: z.uuid() });

export const milestonesSchema = z.object({
  /** ON-3: local project established. */
  localProjectStart: isoDate.nullish(),
  plannedGoLive: isoDate.nullish(),
  /** ON-2: equipment installed, tested, test report approved (payment starts). */
  installedAt: isoDate.nullish(),
  testedAt: isoDate.nullish(),
  testReportApprovedAt: isoDate.nullish(),
  goLiveAt: isoDate.nullish(),
});
export type Milestones = z.infer<typeof milestonesSchema>;

export const createUnitBody = z.object({
  /** Optional stable id (slug); generated from kind and name when absent. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,99}$/, rule('slug', 'lower-case letters, digits and -'))
    .optional(),
  kind: unitKind,
  name: text(),
  parentId: z.string().min(1).max(100).nullish(),
  kommunenummer: z
    .string()
    .regex(/^\d{4}$/, rule('digits', '4 digits', { count: 4 }))
    .nullish(),
  /** Routing data: Centre.id for an LV-sentral, AmkCentre.id for an AMK area/centre. */
  centreId: optText(100),
  controlRoomSystem: optText(),
  orgNumber: z
    .string()
    .regex(/^\d{9}$/, rule('digits', '9 digits', { count: 9 }))
    .nullish(),
  /** Municipalities covered (an LV-sentral's district, a trust's catchment area). */
  municipalities: z
    .array(z.string().regex(/^\d{4}$/, rule('digits', '4 digits', { count: 4 })))
    .max(400)
    .optional(),
  notes: optText(2000),
});
export type CreateUnitBody = z.infer<typeof createUnitBody>;
/** PATCH: only the fields sent change (no defaults; see patch-schema.ts). */
export const updateUnitBody = patchSchema(createUnitBody.omit({ id: true, kind: true }));

export const unitSchema = z.object({
  id: z.string(),
  kind: unitKind,
  name: z.string(),
  parentId: z.string().nullable(),
  kommunenummer: z.string().nullable(),
  centreId: z.string().nullable(),
  controlRoomSystem: z.string().nullable(),
  orgNumber: z.string().nullable(),
  municipalities: z.array(z.string()),
  milestones: milestonesSchema,
  notes: z.string().nullable(),
});
export type Unit = z.infer<typeof unitSchema>;

export const listUnitsQuery = z.object({
  kind: unitKind.optional(),
  parentId: z.string().optional(),
  kommunenummer: z.string().optional(),
  q: z.string().max(100).optional(),
  ...pageQueryShape,
});

export const leaderBody = z.object({
  role: z.enum(V.LEADER_ROLES),
  name: text(),
  email: z.email().nullish(),
  phone: optText(30),
  fromDate: isoDate.nullish(),
  toDate: isoDate.nullish(),
});
export const leaderSchema = leaderBody.extend({ id: z.string(), unitId: z.string() });

export const equipmentBody = z
  .object({
    kind: z.enum(V.EQUIPMENT_KINDS),
    form: z.enum(V.TERMINAL_FORMS).nullish(),
    label: text(),
    model: optText(),
    /** Radio terminals: the terminal type a TR-1 course covers; defaults to the model. */
    terminalType: optText(),
    /** Operator positions: the control-room system; defaults to the unit's system. */
    controlRoomSystem: optText(),
    issi: z
      .string()
      .regex(/^\d{1,8}$/, rule('issi', 'ISSI: 1–8 digits'))
      .nullish(),
    serialNumber: optText(100),
    status: z.enum(['active', 'retired']).default('active'),
  })
  .refine((e) => e.kind !== 'radio-terminal' || !!e.form, {
    path: ['form'],
    message: rule('terminal-form', 'a radio terminal needs its form: handheld, vehicle or desk'),
  });
export type EquipmentBody = z.infer<typeof equipmentBody>;
/** PATCH: only the fields sent change (a rename keeps a retired terminal retired). */
export const updateEquipmentBody = patchSchema(z.object(equipmentBody.shape).omit({ kind: true }));
export const equipmentSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  kind: z.enum(V.EQUIPMENT_KINDS),
  form: z.enum(V.TERMINAL_FORMS).nullable(),
  label: z.string(),
  model: z.string().nullable(),
  terminalType: z.string().nullable(),
  controlRoomSystem: z.string().nullable(),
  issi: z.string().nullable(),
  serialNumber: z.string().nullable(),
  status: z.enum(['active', 'retired']),
});
export type Equipment = z.infer<typeof equipmentSchema>;

/** CSV import body: `text/csv`, or JSON `{ "csv": "…" }`. */
export const csvBody = z.union([z.string().min(1, 'the CSV is empty'), z.object({ csv: z.string().min(1) })]);
export const csvImportResult = z.object({ imported: z.number().int(), ids: z.array(z.string()) });
/** 422 problem `errors` of a refused CSV import: every bad row, nothing imported. */
export const csvRowError = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  message: z.string(),
});
