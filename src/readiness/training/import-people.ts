/**
 * Imports people from a CSV (columns name, hpr_number, employee_number, employer_unit_id, email):
 * every row's employer is checked against the caller's scope before anything else, duplicates in
 * the file are refused, and all rows are stored or none (one transaction, one audit row).
 */
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/types.ts';
import { AppError } from '../../platform/errors.ts';
import { rule } from '../../platform/http/field-errors.ts';
import { canSee, scopeOf } from '../access.ts';
import { CsvErrors, finishImport, readCsvRows, refuseRowsOutsideScope } from '../csv/csv-import.ts';
import { insertPerson } from './store.ts';

export const peopleCsvRow = z.object({
  name: z.string().min(1).max(200),
  hpr_number: z
    .string()
    .regex(/^\d{4,9}$/, rule('hpr-number', 'HPR number: 4–9 digits'))
    .optional(),
  employee_number: z.string().max(50).optional(),
  employer_unit_id: z.string().min(1).max(100),
  email: z.email().optional(),
});

export async function importPeople(
  db: Db,
  actor: Actor,
  csv: string,
): Promise<{ imported: number; ids: string[] }> {
  return db.transaction(async (tx) => {
    const scope = await scopeOf(tx, actor);
    const errors = new CsvErrors();
    const rows = readCsvRows(csv, peopleCsvRow, ['name', 'employer_unit_id'], errors);
    await refuseRowsOutsideScope(
      rows,
      (v) => [
        {
          column: 'employer_unit_id',
          unitId: v.employer_unit_id,
          message: `The employer unit ${v.employer_unit_id} does not exist`,
          detail: { code: 'csv.unit-not-found', params: { value: v.employer_unit_id } },
        },
      ],
      (unitId) => canSee(scope, unitId),
      'The people CSV was refused',
    );
    const hprSeen = new Map<string, number>();
    for (const { line, value } of rows) {
      if (value.hpr_number) {
        const prev = hprSeen.get(value.hpr_number);
        if (prev)
          errors.add(line, 'hpr_number', `the HPR number ${value.hpr_number} is also on line ${prev}`, {
            code: 'csv.duplicate-in-file',
            params: { value: value.hpr_number, otherLine: prev },
          });
        hprSeen.set(value.hpr_number, line);
      }
    }
    errors.throwIfAny('The people CSV was refused');
    const ids: string[] = [];
    for (const { line, value } of rows) {
      try {
        ids.push(
          await insertPerson(tx, {
            name: value.name,
            hprNumber: value.hpr_number ?? null,
            employeeNumber: value.employee_number ?? null,
            employerUnitId: value.employer_unit_id,
            email: value.email ?? null,
          }),
        );
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        errors.addRefusal(line, e, 'employer_unit_id');
      }
    }
    return finishImport(
      tx,
      actor,
      errors,
      'The people CSV was refused',
      { action: 'readiness.person.import', entityType: 'readiness-person' },
      ids,
    );
  });
}
