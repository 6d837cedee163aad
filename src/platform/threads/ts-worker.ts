/**
 * A worker thread running a TypeScript entry. Node 20 does not apply the parent's `--import tsx`
 * to a worker's own entry, so the worker registers tsx itself (as `node --import tsx` does) and
 * then loads the entry. The one way this code base starts a thread on a `.ts` file.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startTsWorker(entry: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
