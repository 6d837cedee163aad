/**
 * The legal hold as a property (issue 12; REC-1, §20), on PGlite and PostgreSQL: under any
 * interleaving of uploads, holds, releases, clock jumps and retention runs — also a hold racing a
 * run — no held recording is ever deleted, and nothing is deleted before its 3 years. fast-check
 * generates the interleavings and shrinks a failing one.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { dbKinds } from '../../platform/db/testing.ts';
import { osloDate } from '../../platform/time/calendar.ts';
import { SimClock } from '../../platform/time/clock.ts';
import { deletableFromOf } from '../domain/retention-rule.ts';
import { holdRecording, releaseHold } from '../recordings.ts';
import { createRecordingsTestApp, uniqueId, type RecordingsTestApp } from '../testing/app.ts';
import { runRetention } from './retention.ts';

type Op =
  | { t: 'upload'; daysAgo: number }
  | { t: 'hold'; pick: number }
  | { t: 'release'; pick: number }
  | { t: 'advance'; days: number }
  | { t: 'run' }
  | { t: 'race'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('upload' as const), daysAgo: fc.integer({ min: 0, max: 1500 }) }),
  fc.record({ t: fc.constant('hold' as const), pick: fc.nat() }),
  fc.record({ t: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ t: fc.constant('advance' as const), days: fc.integer({ min: 0, max: 900 }) }),
  fc.constant({ t: 'run' as const }),
  fc.record({ t: fc.constant('race' as const), pick: fc.nat() }),
);

describe.each(dbKinds())('legal hold property on %s (REC-1)', (kind) => {
  let t: RecordingsTestApp;
  const clock = new SimClock({ start: Date.parse('2027-01-01T12:00:00Z') });
  beforeAll(async () => {
    t = await createRecordingsTestApp(kind, {}, clock);
  });
  afterAll(async () => t?.close());

  const job = {
    transaction: <T>(fn: Parameters<RecordingsTestApp['db']['transaction']>[0]) =>
      t.db.transaction(fn) as Promise<T>,
  };
  const run = () => runRetention(job, { db: t.db, blobs: t.lydlogg.deps.blobs, now: clock.now(), batch: 3 });
  const presentIds = async () =>
    (
      await t.db.query<{ id: string }>(`SELECT id FROM recordings WHERE state = 'present' ORDER BY id`)
    ).rows.map((r) => r.id);
  const activeHolds = async () =>
    (
      await t.db.query<{ id: string; recording_id: string }>(
        `SELECT id, recording_id FROM recording_holds WHERE released_at IS NULL ORDER BY id`,
      )
    ).rows;

  async function check(): Promise<void> {
    for (const h of await activeHolds()) {
      const r = await t.db.query<{ state: string; blob_key: string }>(
        'SELECT state, blob_key FROM recordings WHERE id = $1',
        [h.recording_id],
      );
      expect(r.rows[0]?.state, `held recording ${h.recording_id}`).toBe('present');
      expect(await t.lydlogg.deps.blobs.head(r.rows[0]!.blob_key)).not.toBeNull();
    }
    const early = await t.db.query<{
      recording_id: string;
      recording_date: string;
      deleted_at: Date | string;
    }>(`SELECT recording_id, recording_date::text AS recording_date, deleted_at FROM recording_tombstones`);
    for (const tomb of early.rows) {
      expect(
        deletableFromOf(tomb.recording_date) <= osloDate(new Date(tomb.deleted_at)),
        tomb.recording_id,
      ).toBe(true);
    }
  }

  const hold = async (pick: number) => {
    const ids = await presentIds();
    if (ids.length === 0) return;
    const id = ids[pick % ids.length]!;
    await holdRecording(t.db, clock, SYSTEM_ACTOR, id, {
      caseKind: 'complaint',
      caseReference: 'p',
      reason: 'property',
    });
  };

  it('no held recording is ever deleted, under any interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        clock.set(Date.parse('2027-01-01T12:00:00Z'));
        for (const o of ops) {
          switch (o.t) {
            case 'upload': {
              const r = await t.upload({
                recordingId: uniqueId('p'),
                startedAt: new Date(clock.nowMs() - o.daysAgo * 86_400_000).toISOString(),
                token: t.apiToken,
              });
              // Once, under the full suite's load on PostgreSQL, an upload here answered 500: say why if it does again.
              expect(r.statusCode, r.body).toBe(201);
              break;
            }
            case 'hold':
              await hold(o.pick);
              break;
            case 'release': {
              const hs = await activeHolds();
              if (hs.length > 0)
                await releaseHold(t.db, clock, SYSTEM_ACTOR, hs[o.pick % hs.length]!.id, 'released');
              break;
            }
            case 'advance':
              clock.set(clock.nowMs() + o.days * 86_400_000);
              break;
            case 'run':
              await run();
              break;
            case 'race': {
              // A hold and a run at once: either the hold wins (kept) or the run marked first (409).
              const [h] = await Promise.allSettled([hold(o.pick), run()]);
              if (h.status === 'rejected')
                expect(String((h.reason as Error).message)).toMatch(/being deleted/);
              break;
            }
          }
          await check();
        }
      }),
      { numRuns: 12, seed: 20261207 },
    );
  });
});
