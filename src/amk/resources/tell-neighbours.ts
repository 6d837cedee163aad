/**
 * Tells the neighbouring AMKs of a unit's AMK that their picture of it changed (NN-5): the list
 * a neighbour reads shows this AMK's available units, so a unit that becomes available or leaves
 * it, is registered, changed while available or moved to another AMK is announced to each neighbour — in the
 * change's own transaction, through the outbox (the change itself is audited by its use case).
 * Without it a neighbour's list was only as fresh as its 30-second re-read.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { appendEvent } from '../../platform/events/outbox.ts';
import type { AmkDeps } from '../deps.ts';
import { neighbourUnitChanged } from '../events.ts';

/**
 * Announces the unit to the neighbours of each of `amkIds` — its AMK, and on a move the one it
 * left, which is told as well (the unit's own `amk.resource.changed` goes to its new AMK only).
 */
export async function tellNeighbours(
  tx: Queryable,
  deps: Pick<AmkDeps, 'areas'>,
  actor: Actor,
  unit: { resourceId: string; amkId: string; available: boolean },
  amkIds: readonly string[] = [unit.amkId],
): Promise<void> {
  const told = new Set<string>([unit.amkId]);
  const recipients = [...amkIds, ...amkIds.flatMap((a) => deps.areas.neighboursOf(a))];
  for (const toAmkId of recipients) {
    if (told.has(toAmkId)) continue;
    told.add(toAmkId);
    await appendEvent(tx, actor, neighbourUnitChanged.of({ ...unit, toAmkId }));
  }
}
