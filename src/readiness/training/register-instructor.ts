/**
 * TR-4: registers a person as an area or local instructor for a scope (control room or radio
 * terminal) from a date. The person must lie within the caller's scope (outside it reads like a
 * missing person); refused with 422 unless they completed instructor training for the scope valid
 * on that date, and with 409 when already an instructor for it. One audit row.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Db } from '../../platform/db/types.ts';
import { refusal } from '../../platform/errors.ts';
import {
  insertInstructor,
  isInstructor,
  listCompletions,
  listInstructors,
  personInScope,
  validOn,
} from './store.ts';

export interface InstructorInput {
  personId: string;
  level: 'area' | 'local';
  scope: 'control-room' | 'radio-terminal';
  fromDate: string;
  toDate?: string | null;
}

export async function registerInstructor(db: Db, actor: Actor, b: InstructorInput) {
  return db.transaction(async (tx) => {
    const person = await personInScope(tx, actor, b.personId);
    const done = (await listCompletions(tx, { all: true }, { personId: person.id })).filter(
      (c) => c.courseKind === 'instructor' && c.instructorScope === b.scope && validOn(c, b.fromDate),
    );
    if (done.length === 0)
      throw refusal(
        'unprocessable',
        `TR-4: ${person.name} has not completed ${b.scope} instructor training valid on ${b.fromDate}`,
        {
          code: 'training.no-instructor-training',
          params: { name: person.name, scope: b.scope, date: b.fromDate },
        },
        {
          missing: [`${b.scope} instructor course`],
          missingMessages: [{ code: 'training.gap.instructor-course', params: { scope: b.scope } }],
        },
      );
    if (await isInstructor(tx, person.id, b.scope))
      throw refusal('conflict', `${person.name} is already a ${b.scope} instructor`, {
        code: 'training.already-instructor',
        params: { name: person.name, scope: b.scope },
      });
    const id = await insertInstructor(tx, { ...b, personId: person.id });
    await recordAudit(tx, actor, {
      action: 'readiness.instructor.register',
      entityType: 'readiness-person',
      entityId: person.id,
      details: { id, ...b },
    });
    return (await listInstructors(tx, { all: true }, b.fromDate)).find((i) => i.id === id)!;
  });
}
