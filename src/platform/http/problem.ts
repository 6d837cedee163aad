/**
 * Every error a request can end in, mapped to problem+json in one place: application errors as
 * they are, an unavailable database as 503, database constraint and data errors through
 * `fromDatabaseError`, Fastify's own client errors (bad JSON, body too large, bad URL encoding)
 * with their 4xx status, anything else a 500 that leaks nothing.
 */
import { AppError, type ProblemDetails } from '../errors.ts';
import { fromDatabaseError } from '../db/database-errors.ts';
import { asDatabaseUnavailable, DatabaseUnavailableError } from '../db/unavailable.ts';

export interface MappedError {
  problem: ProblemDetails;
  /** True for errors the server did not expect: logged with their stack, answered with a 500. */
  unexpected: boolean;
}

/** The problem details for `err`; `requestId` goes into a 500 so the log entry can be found. */
export function problemFor(err: unknown, requestId: string, bodyLimit: number): MappedError {
  if (err instanceof AppError) return { problem: err.toProblem(), unexpected: false };
  // A database that cannot answer (connection refused or reset, a timeout) is 503 with a stable
  // reason, whether the adapter classified it already or a raw driver error got here; its text
  // (host names, driver internals) is never sent.
  const unavailable = asDatabaseUnavailable(err);
  if (unavailable instanceof DatabaseUnavailableError) {
    const problem = new AppError(
      'unavailable',
      'The database is unavailable; this request needs it. Routing decisions are not affected. Try again shortly.',
      { reason: unavailable.reason },
    ).toProblem();
    return { problem, unexpected: false };
  }
  const db = fromDatabaseError(err);
  if (db) return { problem: db.toProblem(), unexpected: false };
  const e = err as { statusCode?: number; code?: string; message?: string };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const problem = new AppError(
      'payload-too-large',
      `The request body is larger than the limit of ${bodyLimit} bytes`,
      { limit: bodyLimit },
    ).toProblem();
    return { problem, unexpected: false };
  }
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    // A body of a type no route takes (no content-type parser for it): its own stable code.
    const problem = new AppError('unsupported-media-type', e.message ?? 'Unsupported media type', {
      fastifyCode: e.code,
    }).toProblem();
    return { problem, unexpected: false };
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    // Fastify's own client errors: malformed JSON, wrong content type, bad URL encoding.
    const problem = new AppError('bad-request', e.message ?? 'Bad request', {
      fastifyCode: e.code,
    }).toProblem();
    problem.status = e.statusCode;
    return { problem, unexpected: false };
  }
  const problem = new AppError('internal', 'An unexpected error occurred; it has been logged', {
    requestId,
  }).toProblem();
  return { problem, unexpected: true };
}
