/**
 * A crew's status message from its Nødnett terminal (NN-5): the crew presses "en route", "at
 * scene", "transporting", "at hospital", "available" or "out of service" on the radio, and the
 * unit's status follows — through the same transition table, timeline, audit row and event as an
 * operator's change, with the terminal as the source. A dispatch is the AMK's decision and comes
 * from a mission, so `dispatched` from a terminal is refused, as is any step the table does not
 * allow (a crew that presses "at scene" before it was dispatched changes nothing; the operator
 * sees the unit as it was). Never throws for a refusal: the outcome says what happened; only a
 * database that does not answer throws, and the caller logs it (the crew's next status carries on).
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { mayTransition, type ResourceStatus } from '../domain/resource.ts';
import { readOptions, type AmkDeps } from '../deps.ts';
import { applyStatus } from './change-status.ts';
import { loadResource } from './resource-store.ts';

export type TerminalStatusOutcome = 'changed' | 'unchanged' | 'refused' | 'unknown-terminal';

export async function statusFromTerminal(
  deps: AmkDeps,
  actor: Actor,
  input: { issi: string; status: ResourceStatus },
): Promise<TerminalStatusOutcome> {
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      'SELECT id::text AS id FROM amk_resources WHERE issi = $1',
      [input.issi],
    );
    const id = rows[0]?.id;
    if (!id) return 'unknown-terminal';
    const before = await loadResource(tx, id, readOptions(deps), true);
    if (before.status === input.status) return 'unchanged';
    if (input.status === 'dispatched' || !mayTransition(before.status, input.status)) return 'refused';
    await applyStatus(tx, deps, actor, before, input.status);
    return 'changed';
  });
}
