/**
 * Signing off a run's results (RT-8: "municipality and centre must check that the number is
 * right, terminated and answered"): a centre leader for the centre, a municipality's reader for
 * the municipality — who, when and a comment, once per subject and run, audited with its event in
 * one transaction. Only a completed run with results for the subject can be signed.
 */
import type { Actor } from '../platform/auth/actor.ts';
import { notFound, refusal } from '../platform/errors.ts';
import type { Db } from '../platform/db/types.ts';
import { recordChange } from '../platform/events/record-change.ts';
import type { Clock } from '../platform/time/clock.ts';
import type { SignOffSubject } from './domain/vocabulary.ts';
import { runSignedOff } from './events.ts';
import { insertSignOff, readRun, type SignOffRow } from './store.ts';

export async function signOffRun(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  runId: string,
  subject: { kind: SignOffSubject; id: string },
  comment: string | null,
): Promise<SignOffRow> {
  return deps.db.transaction(async (tx) => {
    const run = await readRun(tx, runId);
    if (!run) throw notFound('The test run');
    const column = subject.kind === 'centre' ? 'centre_id' : 'municipality';
    const { rows } = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM test_call_results WHERE run_id = $1 AND ${column} = $2`,
      [runId, subject.id],
    );
    if (Number(rows[0]?.n ?? 0) === 0) throw notFound('The test run');
    if (run.status !== 'completed') {
      throw refusal('conflict', 'Only a completed run can be signed off', {
        code: 'test-calls.run-not-completed',
      });
    }
    const row: SignOffRow = {
      runId,
      subject: subject.kind,
      subjectId: subject.id,
      signedBy: actor.name,
      signedAt: deps.clock.now().toISOString(),
      comment,
    };
    if (!(await insertSignOff(tx, row))) {
      throw refusal('conflict', 'The run is already signed off for this subject', {
        code: 'test-calls.already-signed-off',
      });
    }
    await recordChange(tx, actor, {
      audit: {
        action: 'test-calls.run.signed-off',
        entityType: 'test-call-run',
        entityId: runId,
        centreId: subject.kind === 'centre' ? subject.id : null,
        details: { subject: subject.kind, subjectId: subject.id, comment },
      },
      event: runSignedOff.of({ runId, subject: subject.kind, subjectId: subject.id }),
    });
    return row;
  });
}
