/**
 * TR-7: adds a procedure. Level 1 (common regulations) and level 2 (the national guide) are
 * national: only a national readiness administrator adds them, and they belong to no unit. A
 * level 3 (local) procedure of a unit needs that unit in the caller's scope and must be anchored
 * in a level 1 and a level 2 procedure. Refusals carry message codes; one audit row.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Db } from '../../platform/db/types.ts';
import { refusal } from '../../platform/errors.ts';
import { assertUnitInScope, mayEditNationalCatalogue } from '../access.ts';
import { getUnit } from '../organisations/store.ts';
import { insertProcedure, listProcedures, procedureLevels, type ProcedureInput } from './store.ts';

export async function addProcedure(db: Db, actor: Actor, b: ProcedureInput) {
  return db.transaction(async (tx) => {
    if (b.level === 3 && b.unitId) await assertUnitInScope(tx, actor, b.unitId);
    else if (b.level < 3 && !mayEditNationalCatalogue(actor))
      throw refusal(
        'forbidden',
        'Level 1 and 2 procedures are national: only a national readiness-admin adds them',
        { code: 'training.procedure-national-only' },
      );
    if (b.level < 3 && b.unitId)
      throw refusal(
        'unprocessable',
        'Level 1 and 2 procedures are national; only level 3 belongs to a unit',
        { code: 'training.procedure-national-no-unit' },
        { field: 'unitId' },
      );
    if (b.unitId) await getUnit(tx, b.unitId);
    if (b.level === 3) {
      const levels = await procedureLevels(tx, b.anchoredIn);
      const unknown = b.anchoredIn.filter((id) => !levels.has(id));
      if (unknown.length)
        throw refusal(
          'unprocessable',
          `Unknown procedures: ${unknown.join(', ')}`,
          { code: 'training.procedure-unknown-anchor', params: { count: unknown.length } },
          { field: 'anchoredIn' },
        );
      const anchored = new Set(levels.values());
      if (!anchored.has(1) || !anchored.has(2))
        throw refusal(
          'unprocessable',
          'TR-7: a local (level 3) procedure must be anchored in a level 1 and a level 2 procedure',
          { code: 'training.procedure-not-anchored' },
          { field: 'anchoredIn' },
        );
    } else if (b.anchoredIn.length)
      throw refusal(
        'unprocessable',
        'Only local (level 3) procedures are anchored in others',
        { code: 'training.procedure-anchor-only-local' },
        { field: 'anchoredIn' },
      );
    const id = await insertProcedure(tx, b);
    await recordAudit(tx, actor, {
      action: 'readiness.procedure.create',
      entityType: 'readiness-procedure',
      entityId: id,
      details: b,
    });
    return (await listProcedures(tx, { all: true })).find((p) => p.id === id)!;
  });
}
