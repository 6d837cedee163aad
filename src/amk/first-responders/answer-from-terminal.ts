/**
 * A first-responder group's answer from its Nødnett terminal (NN-6): the group got the alert as a
 * text on its terminal (alert-delivery/) and presses "accept", "decline" or "arrived" — a pre-coded
 * status the status plan names (src/nodnett/status-plan.ts). The answer goes to the group's latest
 * alert on an open mission that can take it (an "arrived" to the one it accepted), through the same
 * writer as an answer from the group's integration or an operator (`applyAnswer`): the alert, the
 * unit's status and the mission, audited with the terminal as the source. Never throws for an
 * answer that fits nothing: the outcome says what happened; only a database that does not answer
 * throws, and the caller logs it (the operator records the answer as it comes by radio).
 */
import type { Actor } from '../../platform/auth/actor.ts';
import type { FirstResponderAnswer } from '../domain/resource.ts';
import type { AmkDeps } from '../deps.ts';
import { alertPlace, applyAnswer, mayAnswer } from './first-responder-alerts.ts';

export type TerminalAnswerOutcome = 'answered' | 'no-open-alert' | 'unknown-terminal';

export async function answerFromTerminal(
  deps: AmkDeps,
  actor: Actor,
  input: { issi: string; answer: FirstResponderAnswer },
): Promise<TerminalAnswerOutcome> {
  return deps.db.transaction(async (tx) => {
    const unit = await tx.query<{ id: string }>(
      `SELECT id::text AS id FROM amk_resources WHERE issi = $1 AND kind = 'first-responder'`,
      [input.issi],
    );
    const resourceId = unit.rows[0]?.id;
    if (!resourceId) return 'unknown-terminal';
    const alerts = await tx.query<{ id: string; answer: string | null; arrived: boolean }>(
      `SELECT a.id::text AS id, a.answer, a.arrived_at IS NOT NULL AS arrived
         FROM amk_first_responder_alerts a JOIN amk_missions m ON m.id = a.mission_id
        WHERE a.resource_id = $1 AND m.closed_at IS NULL
        ORDER BY a.alerted_at DESC`,
      [resourceId],
    );
    const alert = alerts.rows.find((a) => mayAnswer(a, input.answer));
    if (!alert) return 'no-open-alert';
    const place = (await alertPlace(tx, alert.id))!; // the AMKs concerned, as for any answer
    await applyAnswer(tx, deps, actor, { id: alert.id, ...place }, input.answer);
    return 'answered';
  });
}
