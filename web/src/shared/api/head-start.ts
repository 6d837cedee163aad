/**
 * A read started before the component that shows it mounts — a page asks for what it can already
 * name (e.g. the remembered centre's queue) in parallel with the reads it needs first, instead of
 * after them. The component takes the started read once; a read older than `maxAgeMs` or never
 * taken is dropped (its failure too: the component's own read reports errors). What changed in
 * between is covered the same way as any first read: the live stream's reload on connect.
 */
interface Started {
  at: number;
  read: Promise<unknown>;
}

const started = new Map<string, Started>();

/** Starts `read` under `key` unless one was started less than `maxAgeMs` ago. */
export function headStart<T>(key: string, read: () => Promise<T>, maxAgeMs = 3_000): void {
  const now = Date.now();
  const have = started.get(key);
  if (have && now - have.at < maxAgeMs) return;
  const promise = read();
  // Nobody may take it: a failure must not surface as an unhandled rejection.
  promise.catch(() => undefined);
  started.set(key, { at: now, read: promise });
}

/** The read started under `key`, once (then gone), if it is younger than `maxAgeMs`. */
export function takeHeadStart<T>(key: string, maxAgeMs = 3_000): Promise<T> | undefined {
  const have = started.get(key);
  if (!have) return undefined;
  started.delete(key);
  return Date.now() - have.at < maxAgeMs ? (have.read as Promise<T>) : undefined;
}
