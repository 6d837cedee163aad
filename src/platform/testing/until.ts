/**
 * Waits in a test until `pred` holds (checked every 20 ms; it may be async), or fails after
 * `ms` naming what it waited for. For outcomes that arrive asynchronously (an event on another
 * instance, a subscriber catching up); tests assert the outcome, never how long it took.
 */
export function until(pred: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = async (): Promise<void> => {
      try {
        if (await pred()) return resolve();
      } catch (err) {
        return reject(err instanceof Error ? err : new Error(String(err)));
      }
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(() => void tick(), 20);
    };
    void tick();
  });
}
