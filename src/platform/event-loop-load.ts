/**
 * How busy this thread's event loop has been: the share of time since the previous question that
 * it spent running code rather than waiting (Node's event-loop utilisation). Background work asks
 * it to yield to the work that matters (routing) when the loop is busy.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** A probe answering "was the loop busy (at least `threshold` of the time) since I last asked?". */
export function eventLoopBusy(threshold = 0.5): () => boolean {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const since = performance.eventLoopUtilization(now, last);
    last = now;
    return since.utilization >= threshold;
  };
}
