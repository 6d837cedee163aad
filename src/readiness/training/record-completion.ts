/**
 * Records one course completion (TR-2: an attended course needs a valid e-learning pre-course
 * first; TR-4: its instructor must be qualified on the date; TR-6: the material version defaults
 * to the one current on the date). The person, and the unit it took place at, must lie within the
 * caller's scope (outside it reads like a missing record). The completion, its audit row and its
 * event are written together.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/types.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import { assertUnitInScope } from '../access.ts';
import { completionRecorded } from '../events.ts';
import {
  getCompletion,
  insertCompletion,
  personInScope,
  publicCompletion,
  type CompletionInput,
} from './store.ts';

export async function recordCompletion(db: Db, actor: Actor, b: CompletionInput) {
  return db.transaction(async (tx) => {
    const person = await personInScope(tx, actor, b.personId);
    if (b.unitId) await assertUnitInScope(tx, actor, b.unitId);
    const id = await insertCompletion(tx, b);
    const c = await getCompletion(tx, id);
    await recordChange(tx, actor, {
      audit: {
        action: 'readiness.completion.record',
        entityType: 'readiness-completion',
        entityId: id,
        details: { ...b, certificateNumber: c.certificateNumber },
      },
      event: completionRecorded.of({ completionId: id, personId: c.personId, unitId: person.employerUnitId }),
    });
    return publicCompletion(c);
  });
}
