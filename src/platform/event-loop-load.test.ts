import { describe, expect, it } from 'vitest';
import { eventLoopBusy } from './event-loop-load.ts';

describe('eventLoopBusy', () => {
  it('says busy after the loop ran code most of the time, not after it waited', async () => {
    const busy = eventLoopBusy(0.5);
    busy();
    await new Promise((r) => setTimeout(r, 100)); // waiting
    expect(busy()).toBe(false);
    const until = performance.now() + 100;
    while (performance.now() < until) {
      // running code without returning to the loop
    }
    await new Promise((r) => setImmediate(r));
    expect(busy()).toBe(true);
  });
});
