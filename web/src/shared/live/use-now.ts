/**
 * The local clock, once a second, for what ticks on screen (waits, "stale since"). One timer for
 * the whole page, however many components read it: a queue of 200 calls re-renders its 200 wait
 * cells each second, not its 200 rows.
 */
import { useSyncExternalStore } from 'react';

const TICK_MS = 1_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Stable between ticks (React compares snapshots); fresh on a first render after a quiet while. */
function snapshot(): number {
  if (!timer) {
    const t = Date.now();
    if (t - now >= TICK_MS) now = t;
  }
  return now;
}

/** Date.now(), re-read by the component once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot);
}
