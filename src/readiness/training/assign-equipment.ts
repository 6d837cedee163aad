/**
 * TR-1: assigns a person to an operator position or a radio-terminal type from a date. The person
 * and an operator position must lie within the caller's scope (outside it reads like a missing
 * record); the assignment is refused with 422 naming the missing training, as message codes, when
 * the person is not trained for that equipment on the date. One audit row.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Db } from '../../platform/db/types.ts';
import { notFound, refusal, type ServerMessage } from '../../platform/errors.ts';
import { canSee, scopeOf } from '../access.ts';
import { getEquipment } from '../organisations/store.ts';
import {
  insertAssignment,
  listCompletions,
  personInScope,
  ruleEquipmentOf,
  trainingGapElements,
  type AssignmentRow,
} from './store.ts';

export interface AssignmentInput {
  kind: 'operator-position' | 'terminal-type';
  equipmentId?: string | null;
  terminalType?: string | null;
  fromDate: string;
  toDate?: string | null;
}

export async function assignEquipment(
  db: Db,
  actor: Actor,
  personId: string,
  b: AssignmentInput,
): Promise<AssignmentRow> {
  return db.transaction(async (tx) => {
    const person = await personInScope(tx, actor, personId);
    // An operator position outside the caller's organisation reads like a missing one.
    const position = b.equipmentId ? await getEquipment(tx, b.equipmentId) : null;
    if (position && !canSee(await scopeOf(tx, actor), position.unitId))
      throw notFound(`The equipment ${b.equipmentId}`);
    let controlRoomSystem: string | null = null;
    let terminalType: string | null = b.terminalType ?? null;
    let what: string;
    let equipmentLabel = '';
    if (b.kind === 'operator-position') {
      const e = position ?? (await getEquipment(tx, b.equipmentId!));
      if (e.kind !== 'operator-position')
        throw refusal('unprocessable', `${e.label} is not an operator position`, {
          code: 'training.not-operator-position',
          params: { label: e.label },
        });
      controlRoomSystem = e.controlRoomSystem;
      equipmentLabel = e.label;
      terminalType = null;
      what = `operator position ${e.label} (${controlRoomSystem ?? 'unknown system'})`;
    } else what = `radio terminal type ${terminalType}`;
    const equipment = ruleEquipmentOf({ kind: b.kind, terminalType, controlRoomSystem });
    const completions = await listCompletions(tx, { all: true }, { personId: person.id });
    const gaps = trainingGapElements(person, equipment, b.fromDate, completions);
    if (gaps.length)
      throw refusal(
        'unprocessable',
        `TR-1: ${person.name} may not use the ${what} from ${b.fromDate}: missing ${gaps.map((g) => g.element).join('; ')}`,
        {
          code:
            b.kind === 'operator-position' ? 'training.untrained-position' : 'training.untrained-terminal',
          params: {
            name: person.name,
            date: b.fromDate,
            equipment: b.kind === 'operator-position' ? equipmentLabel : (terminalType ?? ''),
            ...(controlRoomSystem ? { system: controlRoomSystem } : {}),
          },
        },
        {
          requirementId: 'TR-1',
          missing: gaps.map((g) => g.element),
          missingMessages: gaps.map((g): ServerMessage => ({
            code: `element.${g.code}`,
            params: g.params ?? {},
          })),
        },
      );
    const assignment = await insertAssignment(tx, {
      personId: person.id,
      kind: b.kind,
      equipmentId: b.kind === 'operator-position' ? (b.equipmentId ?? null) : null,
      terminalType,
      controlRoomSystem,
      fromDate: b.fromDate,
      toDate: b.toDate ?? null,
    });
    await recordAudit(tx, actor, {
      action: 'readiness.assignment.create',
      entityType: 'readiness-person',
      entityId: person.id,
      details: { id: assignment.id, ...b },
    });
    return assignment;
  });
}
