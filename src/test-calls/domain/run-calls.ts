/**
 * The runner's core (RT-8): places the calls of a run with bounded concurrency and a timeout per
 * call, skipping calls already done (a resumed run), and hands each result over as it ends. Pure
 * of I/O: the SIP calls, the store and the clock are ports, so the logic runs on a fake clock in
 * unit tests.
 */
import type { Timers } from '../../platform/time/clock.ts';
import type { PlannedCall } from './plan.ts';

export interface RunCallsPorts<R> {
  /** Places one call; must settle soon after `signal` aborts (the call's timeout or a stop). */
  place(call: PlannedCall, signal: AbortSignal): Promise<R>;
  /** The result of a call that could not be placed or settled in time (a programming or I/O failure). */
  failed(call: PlannedCall, reason: 'timeout' | 'error', err?: unknown): R;
  /** Stores one result; awaited before the call's slot is freed. A failure stops the run. */
  record(call: PlannedCall, result: R): Promise<void>;
  timers: Timers;
}

export interface RunCallsOptions {
  /** Calls at once (≥ 1). */
  concurrency: number;
  /** A call's time to a final answer (ms); it is then aborted (CANCEL). */
  callTimeoutMs: number;
  /** Extra time after the abort for the call to settle before it counts as failed (ms). */
  settleMs?: number;
  /** Keys of calls already recorded (a resumed run): not placed again. */
  done?: ReadonlySet<string>;
  /** Stops the run: no new call starts; calls in progress are aborted. */
  signal?: AbortSignal;
}

export interface RunCallsOutcome {
  /** Calls placed and recorded now. */
  placed: number;
  /** Calls skipped as already recorded. */
  skipped: number;
  /** True when the run was stopped before every call was placed. */
  stopped: boolean;
}

/** Places `calls` (in order, `concurrency` at a time) and records each result. */
export async function runCalls<R>(
  calls: readonly PlannedCall[],
  ports: RunCallsPorts<R>,
  opts: RunCallsOptions,
): Promise<RunCallsOutcome> {
  const todo = calls.filter((c) => !opts.done?.has(c.key));
  const skipped = calls.length - todo.length;
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const settleMs = opts.settleMs ?? 5_000;
  let next = 0;
  let placed = 0;
  const state: { failure: Error | null } = { failure: null };

  const one = async (call: PlannedCall): Promise<R> => {
    const abort = new AbortController();
    const stop = () => abort.abort();
    opts.signal?.addEventListener('abort', stop, { once: true });
    const timeout = ports.timers.setTimeout(stop, opts.callTimeoutMs);
    let hard: { cancel(): void } | undefined;
    try {
      // A call that does not settle after its abort is given up: it must never hold the run.
      const settled = new Promise<R>((resolve) => {
        hard = ports.timers.setTimeout(
          () => resolve(ports.failed(call, 'timeout')),
          opts.callTimeoutMs + settleMs,
        );
      });
      return await Promise.race([
        ports.place(call, abort.signal).catch((err: unknown) => ports.failed(call, 'error', err)),
        settled,
      ]);
    } finally {
      timeout.cancel();
      hard?.cancel();
      opts.signal?.removeEventListener('abort', stop);
    }
  };

  const worker = async (): Promise<void> => {
    while (state.failure === null && !opts.signal?.aborted && next < todo.length) {
      const call = todo[next++]!;
      const result = await one(call);
      // A call cut short by a stop is not recorded: a resume places it again.
      if (opts.signal?.aborted) return;
      try {
        await ports.record(call, result);
        placed++;
      } catch (err) {
        state.failure ??= err instanceof Error ? err : new Error(String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, worker));
  if (state.failure !== null) throw state.failure;
  return { placed, skipped, stopped: placed + skipped < calls.length };
}
