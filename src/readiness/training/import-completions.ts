/**
 * Imports course completions from a CSV (person by id, HPR or employee number; course_code;
 * completed_at; version; instructor; unit_id; location). Rows are checked in order, so an
 * e-learning row counts for a later attended row; every person and unit is checked against the
 * caller's scope first; all rows are stored or none (one transaction, one audit row).
 */
import { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/types.ts';
import { AppError, nullIfNotFound } from '../../platform/errors.ts';
import { canSee, scopeOf } from '../access.ts';
import { CsvErrors, finishImport, readCsvRows, refuseRowsOutsideScope } from '../csv/csv-import.ts';
import { isoDate } from '../schema-parts.ts';
import { findPersonByRef, getCourse, insertCompletion } from './store.ts';

export const completionsCsvRow = z.object({
  person: z.string().min(1).max(100),
  course_code: z.string().min(1).max(50),
  completed_at: isoDate,
  version: z.string().max(50).optional(),
  instructor: z.string().max(100).optional(),
  unit_id: z.string().max(100).optional(),
  location: z.string().max(200).optional(),
});

export async function importCompletions(
  db: Db,
  actor: Actor,
  csv: string,
): Promise<{ imported: number; ids: string[] }> {
  return db.transaction(async (tx) => {
    const scope = await scopeOf(tx, actor);
    const errors = new CsvErrors();
    const rows = readCsvRows(csv, completionsCsvRow, ['person', 'course_code', 'completed_at'], errors);
    // Someone employed outside the caller's organisation reads like nobody (no name, no leak);
    // a unit outside it like a unit that does not exist.
    await refuseRowsOutsideScope(
      rows,
      async (v) => [
        {
          column: 'person',
          unitId: (await findPersonByRef(tx, v.person))?.employerUnitId,
          message: `no single person has the id, HPR or employee number ${v.person}`,
          detail: { code: 'csv.person-not-found', params: { value: v.person } },
        },
        {
          column: 'unit_id',
          unitId: v.unit_id,
          message: `The unit ${v.unit_id} does not exist`,
          detail: { code: 'csv.unit-not-found', params: { value: v.unit_id ?? '' } },
        },
      ],
      (unitId) => canSee(scope, unitId),
      'The completions CSV was refused',
    );
    const ids: string[] = [];
    for (const { line, value } of rows) {
      const person = await findPersonByRef(tx, value.person);
      if (!person) {
        errors.add(line, 'person', `no single person has the id, HPR or employee number ${value.person}`, {
          code: 'csv.person-not-found',
          params: { value: value.person },
        });
        continue;
      }
      const course = await nullIfNotFound(getCourse(tx, value.course_code));
      if (!course) {
        errors.add(line, 'course_code', `no course has the code ${value.course_code}`, {
          code: 'csv.course-not-found',
          params: { value: value.course_code },
        });
        continue;
      }
      let instructorPersonId: string | null = null;
      if (value.instructor) {
        const i = await findPersonByRef(tx, value.instructor);
        if (!i) {
          errors.add(
            line,
            'instructor',
            `no single person has the id, HPR or employee number ${value.instructor}`,
            { code: 'csv.person-not-found', params: { value: value.instructor } },
          );
          continue;
        }
        instructorPersonId = i.id;
      }
      try {
        ids.push(
          await insertCompletion(tx, {
            personId: person.id,
            courseId: course.id,
            completedAt: value.completed_at,
            ...(value.version ? { version: value.version } : {}),
            instructorPersonId,
            unitId: value.unit_id ?? null,
            location: value.location ?? null,
          }),
        );
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        errors.addRefusal(line, e, 'completed_at');
      }
    }
    return finishImport(
      tx,
      actor,
      errors,
      'The completions CSV was refused',
      { action: 'readiness.completion.import', entityType: 'readiness-completion' },
      ids,
    );
  });
}
