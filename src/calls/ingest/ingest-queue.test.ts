/**
 * The ingest's group commit (issue 10, ingest-queue.ts): one transaction at a time, the batches
 * that arrive meanwhile written together in arrival order, each sender answered with its own
 * results, and a group the database refuses written again part by part.
 */
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { IngestQueue } from './ingest-queue.ts';
import type { IngestPart, IngestResult } from './record-call-events.ts';

const part = (name: string, events: number): IngestPart => ({
  actor: { ...SYSTEM_ACTOR, name },
  events: Array.from({ length: events }, (_, i) => ({
    eventId: `${name}-${i}`,
    callId: name,
    occurredAt: '2026-03-02T08:00:00.000Z',
    source: 'centre-telephony',
    type: 'ended',
  })),
  mayRecord: () => true,
});
const accepted = (p: IngestPart): IngestResult[] =>
  p.events.map((e) => ({ eventId: e.eventId, callId: e.callId, outcome: 'accepted' }));

/** A write that waits to be released, and remembers each group it was given. */
function gatedWrite(fails: (parts: readonly IngestPart[]) => boolean = () => false) {
  const groups: string[][] = [];
  const gates: (() => void)[] = [];
  const write = async (parts: readonly IngestPart[]) => {
    groups.push(parts.map((p) => p.actor.name));
    await new Promise<void>((release) => gates.push(release));
    if (fails(parts)) throw new Error(`refused: ${parts.map((p) => p.actor.name).join('+')}`);
    return parts.map(accepted);
  };
  const releaseAll = async () => {
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setImmediate(r));
      gates.splice(0).forEach((g) => g());
    }
  };
  return { groups, write, releaseAll };
}

describe('the ingest queue (group commit)', () => {
  it('writes one group at a time: the batches that arrive meanwhile go together, in arrival order', async () => {
    const w = gatedWrite();
    const q = new IngestQueue(w.write);
    const a = q.submit(part('a', 3));
    const b = q.submit(part('b', 2));
    const c = q.submit(part('c', 1));
    expect(w.groups).toEqual([['a']]);
    await w.releaseAll();
    expect(w.groups).toEqual([['a'], ['b', 'c']]);
    expect((await a).map((r) => r.eventId)).toEqual(['a-0', 'a-1', 'a-2']);
    expect((await b).map((r) => r.eventId)).toEqual(['b-0', 'b-1']);
    expect((await c).map((r) => r.eventId)).toEqual(['c-0']);
    expect(q.stats()).toEqual({ groups: 2, grouped: 2, waiting: 0, planned: 0, held: 0 });
  });

  it('a group holds at most the limit of events, and a batch above the limit goes alone', async () => {
    const w = gatedWrite();
    const q = new IngestQueue(w.write, 5);
    const all = [q.submit(part('first', 1)), q.submit(part('a', 3)), q.submit(part('b', 2))];
    all.push(q.submit(part('c', 3)), q.submit(part('huge', 9)), q.submit(part('d', 1)));
    await w.releaseAll();
    await Promise.all(all);
    expect(w.groups).toEqual([['first'], ['a', 'b'], ['c'], ['huge'], ['d']]);
  });

  it('a group the database refuses is written again part by part: only the refused batch fails', async () => {
    const w = gatedWrite((parts) => parts.some((p) => p.actor.name === 'bad'));
    const q = new IngestQueue(w.write);
    const settled = Promise.allSettled(
      [part('first', 1), part('good', 2), part('bad', 1), part('late', 1)].map((p) => q.submit(p)),
    );
    await w.releaseAll();
    const [first, good, bad, late] = await settled;
    expect(first).toMatchObject({ status: 'fulfilled', value: { length: 1 } });
    expect(good).toMatchObject({ status: 'fulfilled', value: { length: 2 } });
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'refused: bad' } });
    expect(late).toMatchObject({ status: 'fulfilled', value: { length: 1 } });
    expect(w.groups).toEqual([['first'], ['good', 'bad', 'late'], ['good'], ['bad'], ['late']]);
  });

  it('when the database is down every batch fails with its error and the queue goes on afterwards', async () => {
    let down = true;
    const w = gatedWrite(() => down);
    const q = new IngestQueue(w.write);
    const during = [q.submit(part('a', 1)), q.submit(part('b', 1))];
    const settled = Promise.allSettled(during);
    await w.releaseAll();
    expect((await settled).map((s) => s.status)).toEqual(['rejected', 'rejected']);
    down = false;
    const after = q.submit(part('c', 1));
    await w.releaseAll();
    await expect(after).resolves.toHaveLength(1);
    expect(q.stats().waiting).toBe(0);
  });

  it('plans the next group while the current one is written, and hands that plan to its transaction', async () => {
    // The write tells the queue its plan (here: the names it holds); the queue plans the next
    // group from it at once, and gives that plan to the next write. A plan that cannot be made
    // (the speculation fails) is left to the transaction.
    const seen: { group: string[]; speculation?: string }[] = [];
    const gates: (() => void)[] = [];
    const write = async (
      parts: readonly IngestPart[],
      pipeline?: { speculation?: string; onPlanned?(plan: string, ahead: boolean): void },
    ) => {
      const group = parts.map((p) => p.actor.name);
      seen.push({ group, ...(pipeline?.speculation !== undefined && { speculation: pipeline.speculation }) });
      await new Promise((r) => setImmediate(r)); // the transaction's reads
      pipeline?.onPlanned?.(group.join('+'), pipeline.speculation !== undefined);
      await new Promise<void>((release) => gates.push(release));
      return parts.map(accepted);
    };
    const speculate = async (parts: readonly IngestPart[], basis: string) => {
      const names = parts.map((p) => p.actor.name).join('+');
      if (names.includes('unplannable')) throw new Error('cannot plan ahead');
      return `${names} after ${basis}`;
    };
    const q = new IngestQueue<string, string>(write, 4_000, speculate);
    const all = [q.submit(part('a', 1)), q.submit(part('b', 1)), q.submit(part('c', 1))];
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    all.push(q.submit(part('unplannable', 1)), q.submit(part('d', 1)));
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setImmediate(r));
      gates.splice(0).forEach((g) => g());
    }
    await Promise.all(all);
    expect(seen).toEqual([
      { group: ['a'] },
      // b and c arrived while a was written: planned from a's plan.
      { group: ['b', 'c'], speculation: 'b+c after a' },
      { group: ['unplannable', 'd'] },
    ]);
    expect(q.stats()).toMatchObject({ groups: 3, planned: 2, held: 1 });
  });
});
