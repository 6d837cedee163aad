/**
 * "The database cannot answer now": the one classification of connection failures and timeouts.
 * The PostgreSQL adapter turns such errors into `DatabaseUnavailableError`; the HTTP platform maps
 * that (and any raw driver error this function recognises) to 503 problem+json with a stable
 * `reason`, never the driver's text. Everything else (constraint violations, syntax errors) is a
 * real error and keeps its type.
 *
 * It is deliberately not an `AppError`: code that collects `AppError`s as per-item validation
 * messages (CSV imports) must not mistake an outage for bad input.
 */

/** Stable reasons, safe to show to clients (problem+json `reason`, `/readyz`). */
export type DatabaseUnavailableReason = 'database-unreachable' | 'database-timeout';

export class DatabaseUnavailableError extends Error {
  constructor(
    public readonly reason: DatabaseUnavailableReason,
    cause?: unknown,
  ) {
    super(
      reason === 'database-timeout'
        ? 'The database did not answer in time'
        : 'The database cannot be reached',
      { cause },
    );
    this.name = 'DatabaseUnavailableError';
  }
}

// Socket-level failures (node:net / dns).
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// SQLSTATEs that mean "not now" rather than "wrong": the server is going away, refuses
// connections, or ran out of resources; 57014 is a statement cancelled by statement_timeout and
// 25P03 a session ended by idle_in_transaction_session_timeout.
const TIMEOUT_SQLSTATES = new Set(['57014', '25P03']);
const UNREACHABLE_SQLSTATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '57P05',
  '53000',
  '53100',
  '53200',
  '53300',
]);

// node-postgres and pg-pool report these without a code; the texts are theirs (pg 8.x), matched
// here and nowhere else.
const DRIVER_TIMEOUTS = [
  'Query read timeout',
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
];
const DRIVER_UNREACHABLE = [
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

/** Why `err` means the database cannot answer now, or null for any other error. */
export function databaseUnavailableReason(err: unknown): DatabaseUnavailableReason | null {
  if (err instanceof DatabaseUnavailableError) return err.reason;
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (TIMEOUT_SQLSTATES.has(code)) return 'database-timeout';
    if (code.startsWith('08') || UNREACHABLE_SQLSTATES.has(code) || SOCKET_CODES.has(code)) {
      return code === 'ETIMEDOUT' ? 'database-timeout' : 'database-unreachable';
    }
  }
  if (DRIVER_TIMEOUTS.includes(err.message)) return 'database-timeout';
  if (DRIVER_UNREACHABLE.includes(err.message)) return 'database-unreachable';
  // AggregateError from a connect attempt to every address of a host name.
  if (err instanceof AggregateError && err.errors.length > 0) {
    const reasons = err.errors.map(databaseUnavailableReason);
    if (reasons.every((r) => r !== null)) return reasons[0]!;
  }
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err ? databaseUnavailableReason(cause) : null;
}

/** `err` as a `DatabaseUnavailableError` when it is one in substance; otherwise `err` itself. */
export function asDatabaseUnavailable(err: unknown): unknown {
  if (err instanceof DatabaseUnavailableError) return err;
  const reason = databaseUnavailableReason(err);
  return reason ? new DatabaseUnavailableError(reason, err) : err;
}
