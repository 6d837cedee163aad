/**
 * Imports a unit's operator positions and radio terminals from a CSV (columns kind, form, label,
 * model, terminal_type, control_room_system, issi, serial_number): the unit must be in the
 * caller's scope, a radio terminal needs its form, an ISSI may appear once in the file and must
 * not be registered already, and all rows are stored or none (one transaction, one audit row).
 */
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { rule } from '../../platform/http/field-errors.ts';
import { assertUnitInScope } from '../access.ts';
import { CsvErrors, finishImport, readCsvRows } from '../csv/csv-import.ts';
import { EQUIPMENT_KINDS, TERMINAL_FORMS } from '../schema.ts';
import { getUnit, insertEquipment } from './store.ts';

export const equipmentCsvRow = z.object({
  kind: z.enum(EQUIPMENT_KINDS).default('radio-terminal'),
  form: z.enum(TERMINAL_FORMS).optional(),
  label: z.string().min(1).max(200),
  model: z.string().max(200).optional(),
  terminal_type: z.string().max(200).optional(),
  control_room_system: z.string().max(200).optional(),
  issi: z
    .string()
    .regex(/^\d{1,8}$/, rule('issi', 'ISSI: 1–8 digits'))
    .optional(),
  serial_number: z.string().max(100).optional(),
});

const REFUSED = 'The equipment CSV was refused';

export async function importEquipment(
  db: Db,
  actor: Actor,
  unitId: string,
  csv: string,
): Promise<{ imported: number; ids: string[] }> {
  return db.transaction(async (tx) => {
    await assertUnitInScope(tx, actor, unitId);
    const unit = await getUnit(tx, unitId);
    const errors = new CsvErrors();
    const rows = readCsvRows(csv, equipmentCsvRow, ['label'], errors);
    const seen = new Map<string, number>();
    for (const { line, value } of rows) {
      if (value.kind === 'radio-terminal' && !value.form)
        errors.add(
          line,
          'form',
          rule('terminal-form', 'a radio terminal needs its form: handheld, vehicle or desk'),
          { code: 'csv.terminal-form-missing' },
        );
      if (value.issi) {
        const prev = seen.get(value.issi);
        if (prev)
          errors.add(line, 'issi', `the ISSI ${value.issi} is also on line ${prev}`, {
            code: 'csv.duplicate-in-file',
            params: { value: value.issi, otherLine: prev },
          });
        seen.set(value.issi, line);
        const dup = await tx.query('SELECT 1 FROM readiness_equipment WHERE issi = $1', [value.issi]);
        if (dup.rows.length)
          errors.add(line, 'issi', `the ISSI ${value.issi} is already registered`, {
            code: 'csv.already-registered',
            params: { value: value.issi },
          });
      }
    }
    errors.throwIfAny(REFUSED);
    const ids: string[] = [];
    for (const { line, value } of rows) {
      try {
        ids.push(
          await insertEquipment(tx, unit, {
            kind: value.kind,
            form: value.form ?? null,
            label: value.label,
            model: value.model ?? null,
            terminalType: value.terminal_type ?? null,
            controlRoomSystem: value.control_room_system ?? null,
            issi: value.issi ?? null,
            serialNumber: value.serial_number ?? null,
            status: 'active',
          }),
        );
      } catch (e) {
        if (e instanceof AppError) errors.addRefusal(line, e);
        else throw e;
      }
    }
    return finishImport(
      tx,
      actor,
      errors,
      REFUSED,
      { action: 'readiness.equipment.import', entityType: 'readiness-unit', entityId: unit.id },
      ids,
    );
  });
}
