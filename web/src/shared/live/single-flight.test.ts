import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight.ts';

describe('one read at a time (live pages)', () => {
  it('a burst of calls during a read costs one more read, not one each', async () => {
    let reads = 0;
    let release: () => void = () => {};
    const f = singleFlight(async () => {
      reads++;
      await new Promise<void>((r) => (release = r));
    });
    const first = f.run();
    void f.run();
    void f.run();
    void f.run();
    expect(reads).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(reads).toBe(2);
    release();
    await first;
    expect(reads).toBe(2);
  });

  it('stops repeating once stopped', async () => {
    let reads = 0;
    const f = singleFlight(async () => {
      reads++;
    });
    f.stop();
    await f.run();
    expect(reads).toBe(0);
  });
});
