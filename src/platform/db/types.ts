/**
 * The database port. PGlite (embedded) and node-postgres implement it with identical semantics:
 * the same SQL, the same migrations. Results are normalised: int8/numeric come back as strings on
 * node-postgres and as numbers/bigint on PGlite, so callers cast in SQL (`::int`) or convert
 * explicitly; never rely on the raw type of a bigint column.
 */
export interface Queryable {
  /** Parameterised query ($1, $2, …). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
  /** Runs one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A LISTEN subscription. */
export interface Listening {
  /**
   * Runs a query on the listening connection while it is up (else through the pool): the reader
   * of what was notified does not queue behind the writers for a pooled connection.
   */
  query: Queryable['query'];
  close(): Promise<void>;
}

/** Callbacks of a LISTEN subscription (`Db.listen`). */
export interface NotificationHandlers {
  /** A NOTIFY on the channel arrived (payload as sent). */
  notify(payload: string): void;
  /**
   * The subscription is (again) listening: notifications sent while it was not were lost, so the
   * caller catches up from its own records (the outbox).
   */
  connected?(): void;
  /** The listening connection was lost; it reconnects by itself. */
  disconnected?(err: unknown): void;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; rolls back when it throws. Nested calls reuse the transaction. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /**
   * LISTEN on `channel` (PGlite: in-process; PostgreSQL: one dedicated connection that reconnects
   * after an outage and reports it through `connected`). Resolves once the first attempt is done.
   */
  listen?(channel: string, handlers: NotificationHandlers): Promise<Listening>;
  /**
   * A consistent copy of the whole embedded database as a gzipped tar of its folder (PGlite only;
   * PostgreSQL is backed up with its own tools, docs/operations.md).
   */
  backup?(): Promise<Uint8Array>;
}
