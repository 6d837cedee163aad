/** One read for the consoles that ask at once, never a read that started before the request (issue 11). */
import { describe, expect, it } from 'vitest';
import { CoalescedReads } from './coalesced-reads.ts';

function controlledReads() {
  const started: { centre: string; version: number; finish: (fail?: boolean) => void }[] = [];
  let version = 0;
  const reads = new CoalescedReads<string>(
    (centre) =>
      new Promise<string>((resolve, reject) => {
        const v = version;
        started.push({
          centre,
          version: v,
          finish: (fail) => (fail ? reject(new Error('database down')) : resolve(`${centre}@${v}`)),
        });
      }),
  );
  return { reads, started, change: () => version++ };
}

describe('CoalescedReads (issue 11)', () => {
  it('requests that come while a read runs share the next read, which sees what changed before they asked', async () => {
    const { reads, started, change } = controlledReads();
    const first = reads.get('lv-a');
    change(); // committed after the first read started: the first read may miss it
    const second = reads.get('lv-a');
    const third = reads.get('lv-a');
    expect(started).toHaveLength(1); // one running; the next waits for it
    started[0]!.finish();
    expect(await first).toBe('lv-a@0');
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toHaveLength(2);
    started[1]!.finish();
    expect(await second).toBe('lv-a@1');
    expect(await third).toBe('lv-a@1');
    expect(reads.reads).toBe(2);
  });

  it('50 consoles asking at once cost at most two reads', async () => {
    const { reads, started } = controlledReads();
    const asked = Array.from({ length: 50 }, () => reads.get('lv-a'));
    // The first request starts a read; the 49 that came after it started share the next one.
    expect(started).toHaveLength(1);
    started[0]!.finish();
    await asked[0];
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toHaveLength(2);
    started[1]!.finish();
    await Promise.all(asked);
    expect(reads.reads).toBe(2);
  });

  it('centres are read independently', async () => {
    const { reads, started } = controlledReads();
    const a = reads.get('lv-a');
    const b = reads.get('lv-b');
    expect(started.map((s) => s.centre)).toEqual(['lv-a', 'lv-b']);
    started[1]!.finish();
    started[0]!.finish();
    expect([await a, await b]).toEqual(['lv-a@0', 'lv-b@0']);
  });

  it('a failed read fails its requests; the next request reads again', async () => {
    const { reads, started } = controlledReads();
    const failing = reads.get('lv-a');
    started[0]!.finish(true);
    await expect(failing).rejects.toThrow('database down');
    const again = reads.get('lv-a');
    expect(started).toHaveLength(2);
    started[1]!.finish();
    expect(await again).toBe('lv-a@0');
  });

  it('a read that throws at once fails its requests, and the centre is not left stuck', async () => {
    let calls = 0;
    const reads = new CoalescedReads<number>(() => {
      calls++;
      if (calls === 1) throw new Error('no connection');
      return Promise.resolve(calls);
    });
    await expect(reads.get('lv-a')).rejects.toThrow('no connection');
    expect(await reads.get('lv-a')).toBe(2);
  });
});
