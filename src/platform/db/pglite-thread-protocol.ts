/** Messages between the main thread and the embedded database's thread (pglite-thread.ts). */

/** `workerData` of the thread: the folder, or none for an in-memory database. */
export interface ThreadStart {
  dataDir?: string;
}

/** A request; `id` pairs it with its reply. `tx` names an open transaction (its `begin` id). */
export type ThreadRequest =
  | { id: number; op: 'query'; sql: string; params?: readonly unknown[]; tx?: number }
  | { id: number; op: 'exec'; sql: string; tx?: number }
  | { id: number; op: 'begin' }
  | { id: number; op: 'commit' | 'rollback'; tx: number }
  | { id: number; op: 'listen'; channel: string }
  | { id: number; op: 'unlisten'; listener: number }
  | { id: number; op: 'backup' }
  | { id: number; op: 'close' };

/** An error as it crosses the thread: its text and the PostgreSQL fields the application reads. */
export interface WireError {
  name: string;
  message: string;
  fields?: Record<string, string>;
}

export type ThreadReply =
  | { ready: true }
  | { ready: false; error: WireError }
  | { id: number; ok: true; rows?: unknown[]; tx?: number; bytes?: ArrayBuffer }
  | { id: number; ok: false; error: WireError }
  /** A NOTIFY on a channel listened to by request `notify`. */
  | { notify: number; payload: string };
