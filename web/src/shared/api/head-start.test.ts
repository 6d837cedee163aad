import { afterEach, describe, expect, it, vi } from 'vitest';
import { headStart, takeHeadStart } from './head-start.ts';

describe('headStart (a read started before its component mounts)', () => {
  afterEach(() => vi.useRealTimers());

  it('gives the started read once, then nothing: a reload reads afresh', async () => {
    let reads = 0;
    headStart('q:once', async () => ++reads);
    headStart('q:once', async () => ++reads); // already started: not twice
    expect(reads).toBe(1);
    await expect(takeHeadStart<number>('q:once')).resolves.toBe(1);
    expect(takeHeadStart('q:once')).toBeUndefined();
  });

  it('drops a read older than its age limit', () => {
    vi.useFakeTimers();
    headStart('q:old', async () => 1);
    vi.advanceTimersByTime(3_001);
    expect(takeHeadStart('q:old')).toBeUndefined();
  });

  it('a failed read nobody takes is no unhandled rejection; taken, it fails for the taker', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      headStart('q:fails', () => Promise.reject(new Error('403')));
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).not.toHaveBeenCalled();
      await expect(takeHeadStart('q:fails')).rejects.toThrow('403');
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
